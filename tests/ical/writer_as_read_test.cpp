// write_object_as_read() (issue 7) gives the Item a reader makes of the written text without parsing
// the text. These tests hold it to a real read of that text, field by field, across zones, the days
// clocks change, all-day and timed events and tasks, and text libical escapes; and check that it
// declines (leaving the caller to read the text) where the text would not read back as written.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "ical/reader.hpp"
#include "ical/writer.hpp"
#include "ical/zone.hpp"

namespace followup::ical {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

struct Collected : ItemSink {
  std::vector<Item> items;
  std::vector<ReadProblem> problems;
  void item(Item&& i) override { items.push_back(std::move(i)); }
  void problem(ReadProblem&& p) override { problems.push_back(std::move(p)); }
};

Item read_text(const std::string& text, const Zone& reading_zone) {
  std::istringstream in(text);
  Collected sink;
  ReadOptions options;
  options.local_zone = reading_zone;
  read_calendar(in, "written.ics", options, sink);
  EXPECT_TRUE(sink.problems.empty()) << sink.problems.front().reason;
  EXPECT_EQ(sink.items.size(), 1u) << text;
  return sink.items.empty() ? Item{} : sink.items.front();
}

// Every field a reader fills, except `where` (a line number in a file the shortcut never had).
void expect_same_item(const Item& shortcut, const Item& read) {
  EXPECT_EQ(shortcut.kind, read.kind);
  EXPECT_EQ(shortcut.uid, read.uid);
  EXPECT_EQ(shortcut.recurrence_id, read.recurrence_id);
  EXPECT_EQ(shortcut.summary, read.summary);
  EXPECT_EQ(shortcut.description, read.description);
  EXPECT_EQ(shortcut.location, read.location);
  EXPECT_EQ(shortcut.categories, read.categories);
  EXPECT_EQ(shortcut.status, read.status);
  EXPECT_EQ(shortcut.start, read.start);
  EXPECT_EQ(shortcut.end, read.end);
  EXPECT_EQ(shortcut.due, read.due);
  EXPECT_EQ(shortcut.completed, read.completed);
  EXPECT_EQ(shortcut.has_end, read.has_end);
  EXPECT_EQ(shortcut.all_day, read.all_day);
  EXPECT_EQ(shortcut.start_date, read.start_date);
  EXPECT_EQ(shortcut.end_date, read.end_date);
  EXPECT_EQ(shortcut.floating, read.floating);
  EXPECT_EQ(shortcut.tzid, read.tzid);
  EXPECT_EQ(shortcut.priority, read.priority);
  EXPECT_EQ(shortcut.transparency, read.transparency);
  EXPECT_EQ(shortcut.url, read.url);
  EXPECT_EQ(shortcut.alarms, read.alarms);
  EXPECT_EQ(shortcut.attendees.size(), read.attendees.size());
  EXPECT_EQ(shortcut.related_to, read.related_to);
  EXPECT_EQ(shortcut.x_props, read.x_props);
}

NewItem follow_up(ComponentKind kind, SysSeconds at, std::string text) {
  NewItem item;
  item.kind = kind;
  item.uid = "followup-" + std::to_string(at.time_since_epoch().count());
  item.stamp = at;
  item.summary = "Thank " + text;
  item.description = "Interview with " + text + "\nSay thanks.";
  if (kind == ComponentKind::Todo) {
    item.due = at;
    item.status = "NEEDS-ACTION";
  } else {
    item.start = at;
    item.end = at + minutes{15};
  }
  item.alarm = Alarm{kind == ComponentKind::Todo ? hours{3} : minutes{15}, item.summary};
  item.categories = {"Follow-up"};
  item.related_to = "interview-1@example.com";
  item.x_props = {{"X-FOLLOWUP-KIND", "thank-you"}, {"X-FOLLOWUP-FINGERPRINT", "0000000000000000"}};
  return item;
}

// Instants around the 2026 changes of Berlin (29 March, 25 October), New York (8 March, 1 November),
// Lord Howe (half-hour shift) and a zone without DST, each hour of the change day and the day around.
std::vector<SysSeconds> instants_around_changes() {
  std::vector<SysSeconds> out;
  for (const long long day : {1774742400LL, 1777161600LL, 1772928000LL, 1793491200LL, 1775318400LL, 1791561600LL})
    for (int hour = -24; hour <= 30; hour += 1) out.push_back(SysSeconds{std::chrono::seconds{day + 3600LL * hour + 1800}});
  return out;
}

TEST(WriterAsRead, MatchesARealReadOfTheTextAcrossZonesAndClockChanges) {
  std::size_t compared = 0;
  for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"}) {
    const Zone zone = *Zone::find(name);
    for (const ComponentKind kind : {ComponentKind::Event, ComponentKind::Todo})
      for (const SysSeconds at : instants_around_changes()) {
        SCOPED_TRACE(std::string(name) + " " + format_iso(at, zone) + (kind == ComponentKind::Todo ? " task" : " event"));
        const WrittenObject written = write_object_as_read(follow_up(kind, at, "Ana, Acme; Berlin"), zone, zone);
        EXPECT_EQ(written.text, write_object(follow_up(kind, at, "Ana, Acme; Berlin"), zone));
        ASSERT_TRUE(written.as_read.has_value()) << written.text;
        expect_same_item(*written.as_read, read_text(written.text, zone));
        ++compared;
      }
  }
  EXPECT_EQ(compared, 5u * 2u * 6u * 55u);
}

TEST(WriterAsRead, MatchesForAllDayEventsReadInAnotherZone) {
  const Zone berlin = *Zone::find("Europe/Berlin");
  for (const char* reading : {"Europe/Berlin", "Pacific/Kiritimati", "Pacific/Pago_Pago"}) {
    SCOPED_TRACE(reading);
    const Zone reading_zone = *Zone::find(reading);
    NewItem item = follow_up(ComponentKind::Event, SysSeconds{}, "Bo");
    item.start.reset();
    item.end.reset();
    item.alarm.reset();
    item.transparent = true;
    item.date = Date{std::chrono::year{2026} / 3 / 29};  // Berlin's spring change
    const WrittenObject written = write_object_as_read(item, berlin, reading_zone);
    ASSERT_TRUE(written.as_read.has_value());
    expect_same_item(*written.as_read, read_text(written.text, reading_zone));
  }
}

TEST(WriterAsRead, UnicodeAndEscapedPunctuationAreTakenAsBuilt) {
  const Zone zone = *Zone::find("Asia/Tokyo");
  const SysSeconds at{std::chrono::seconds{1768294800}};
  for (const std::string& text : std::vector<std::string>{"Zoë Müller, 株式会社; \"quoted\"", std::string(200, 'x') + " ü long enough to fold", "a\nb\n\nc"}) {
    const WrittenObject written = write_object_as_read(follow_up(ComponentKind::Todo, at, text), zone, zone);
    ASSERT_TRUE(written.as_read.has_value()) << text;
    expect_same_item(*written.as_read, read_text(written.text, zone));
  }
}

// What libical may not read back byte for byte is left to a real read of the text.
TEST(WriterAsRead, DeclinesTextThatMightNotReadBackAsWritten) {
  const Zone zone = *Zone::find("Europe/Berlin");
  const SysSeconds at{std::chrono::seconds{1768294800}};
  for (const std::string& text : std::vector<std::string>{"back\\slash", "tab\there", "carriage\rreturn", "trailing ", std::string("nul\x01")}) {
    SCOPED_TRACE(::testing::PrintToString(text));
    NewItem item = follow_up(ComponentKind::Event, at, "x");
    item.summary = text;
    EXPECT_FALSE(write_object_as_read(item, zone, zone).as_read.has_value());
  }
  NewItem comma_category = follow_up(ComponentKind::Event, at, "x");
  comma_category.categories = {"Follow-up,Jobs"};
  EXPECT_FALSE(write_object_as_read(comma_category, zone, zone).as_read.has_value());
  NewItem x_with_separator = follow_up(ComponentKind::Event, at, "x");
  x_with_separator.x_props.emplace_back("X-FOLLOWUP-RECURRENCE-ID", "a;b");
  EXPECT_FALSE(write_object_as_read(x_with_separator, zone, zone).as_read.has_value());
  NewItem unrelated_uid = follow_up(ComponentKind::Todo, at, "x");
  unrelated_uid.related_to = "uid with \\ backslash";
  EXPECT_FALSE(write_object_as_read(unrelated_uid, zone, zone).as_read.has_value());
  // An event with no start is skipped by a reader: nothing to take as built either.
  NewItem no_start = follow_up(ComponentKind::Event, at, "x");
  no_start.start.reset();
  no_start.end.reset();
  EXPECT_FALSE(write_object_as_read(no_start, zone, zone).as_read.has_value());
}

}  // namespace
}  // namespace followup::ical
