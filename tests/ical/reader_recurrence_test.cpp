// Recurring events: expansion in the window, EXDATE, overrides, and the limits that keep hostile
// rules cheap.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "read_helpers.hpp"

namespace followup::ical {
namespace {

using testing::calendar;
using testing::read_text;
using testing::utc_time;

ReadOptions window(SysSeconds first, SysSeconds last) {
  ReadOptions options;
  options.local_zone = *Zone::find("Europe/Berlin");
  options.window_start = first;
  options.window_end = last;
  return options;
}

// The items' starts in Berlin time, sorted (masters are emitted before their overrides).
std::vector<std::string> starts(const testing::Collected& read) {
  std::vector<SysSeconds> instants;
  for (const Item& item : read.items) instants.push_back(*item.start);
  std::sort(instants.begin(), instants.end());
  std::vector<std::string> out;
  for (const SysSeconds instant : instants) out.push_back(format_iso(instant, *Zone::find("Europe/Berlin")));
  return out;
}

const Item& with_summary(const testing::Collected& read, std::string_view summary) {
  for (const Item& item : read.items)
    if (item.summary == summary) return item;
  throw std::runtime_error("no item with summary " + std::string{summary});
}

double seconds_to_read(const std::string& text, const ReadOptions& options, testing::Collected& out) {
  const auto begin = std::chrono::steady_clock::now();
  out = read_text(text, options);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

// Weekly on Mondays at 10:00 Berlin from 2026-01-05. In February: the 9th is excluded, the 16th moved
// out of the window, and January 26th's instance moved into it (Wednesday the 4th).
const std::string kWeekly =
    "BEGIN:VEVENT\nUID:weekly\nSUMMARY:Interview loop\nDTSTART;TZID=Europe/Berlin:20260105T100000\n"
    "DTEND;TZID=Europe/Berlin:20260105T110000\nRRULE:FREQ=WEEKLY;BYDAY=MO\n"
    "EXDATE;TZID=Europe/Berlin:20260209T100000\nEND:VEVENT\n";
const std::string kMovedIn =
    "BEGIN:VEVENT\nUID:weekly\nSUMMARY:Interview loop (moved)\nRECURRENCE-ID;TZID=Europe/Berlin:20260126T100000\n"
    "DTSTART;TZID=Europe/Berlin:20260204T150000\nDTEND;TZID=Europe/Berlin:20260204T160000\nEND:VEVENT\n";
const std::string kMovedOut =
    "BEGIN:VEVENT\nUID:weekly\nSUMMARY:Interview loop (moved)\nRECURRENCE-ID:20260216T090000Z\n"
    "DTSTART;TZID=Europe/Berlin:20260310T100000\nEND:VEVENT\n";

TEST(ReaderRecurrence, WeeklyWithExdateAndOverrides) {
  const auto read = read_text(calendar(kWeekly + kMovedIn + kMovedOut),
                              window(utc_time(2026, 2, 1), utc_time(2026, 3, 1)));
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
  ASSERT_EQ(starts(read), (std::vector<std::string>{"2026-02-02T10:00:00+01:00", "2026-02-04T15:00:00+01:00",
                                                    "2026-02-23T10:00:00+01:00"}));
  const auto first = std::min_element(read.items.begin(), read.items.end(),
                                      [](const Item& a, const Item& b) { return a.start < b.start; });
  const Item& regular = *first;
  EXPECT_EQ(regular.summary, "Interview loop");
  EXPECT_EQ(regular.recurrence_id, utc_time(2026, 2, 2, 9));
  EXPECT_EQ(regular.recurrence_id_text, "20260202T100000");
  EXPECT_EQ(*regular.end - *regular.start, std::chrono::hours{1});
  EXPECT_EQ(regular.tzid, "Europe/Berlin");
  const Item& moved = with_summary(read, "Interview loop (moved)");
  EXPECT_EQ(moved.recurrence_id, utc_time(2026, 1, 26, 9));
  EXPECT_EQ(moved.recurrence_id_text, "20260126T100000");
}

TEST(ReaderRecurrence, OverridesBeforeTheMasterWorkToo) {
  const auto read = read_text(calendar(kMovedOut + kMovedIn + kWeekly),
                              window(utc_time(2026, 2, 1), utc_time(2026, 3, 1)));
  EXPECT_EQ(starts(read), (std::vector<std::string>{"2026-02-02T10:00:00+01:00", "2026-02-04T15:00:00+01:00",
                                           "2026-02-23T10:00:00+01:00"}));
}

TEST(ReaderRecurrence, OverrideWithoutMasterIsAnItemOfItsOwn) {
  const auto read = read_text(calendar(kMovedIn), window(utc_time(2026, 2, 1), utc_time(2026, 3, 1)));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].recurrence_id_text, "20260126T100000");
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
}

TEST(ReaderRecurrence, AnOverrideTheFilterRejectsStillReplacesItsOccurrence) {
  ReadOptions options = window(utc_time(2026, 2, 1), utc_time(2026, 3, 1));
  options.keep = [](std::string_view, std::string_view text) { return text.find("(moved)") == std::string_view::npos; };
  const auto read = read_text(calendar(kWeekly + kMovedIn + kMovedOut), options);
  EXPECT_EQ(starts(read), (std::vector<std::string>{"2026-02-02T10:00:00+01:00", "2026-02-23T10:00:00+01:00"}));
}

TEST(ReaderRecurrence, NonRecurringEventsHaveNoRecurrenceId) {
  const auto read = read_text(calendar("BEGIN:VEVENT\nUID:once\nDTSTART:20260113T100000Z\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 1u);
  EXPECT_FALSE(read.items[0].recurrence_id);
  EXPECT_TRUE(read.items[0].recurrence_id_text.empty());
}

TEST(ReaderRecurrence, UtcUntilIncludesTheLastInstance) {
  // Outlook writes UNTIL as the last instance's start in UTC.
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:u\nDTSTART;TZID=Europe/Berlin:20260105T100000\n"
      "RRULE:FREQ=DAILY;UNTIL=20260107T090000Z\nEND:VEVENT\n"), window(utc_time(2026, 1, 1), utc_time(2026, 2, 1)));
  EXPECT_EQ(starts(read), (std::vector<std::string>{"2026-01-05T10:00:00+01:00", "2026-01-06T10:00:00+01:00",
                                                    "2026-01-07T10:00:00+01:00"}));
}

TEST(ReaderRecurrence, RecurrenceKeepsWallTimeAcrossDst) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:d\nDTSTART;TZID=Europe/Berlin:20260327T100000\nRRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT\n"),
      window(utc_time(2026, 1, 1), utc_time(2026, 5, 1)));
  EXPECT_EQ(starts(read), (std::vector<std::string>{"2026-03-27T10:00:00+01:00", "2026-03-28T10:00:00+01:00",
                                                    "2026-03-29T10:00:00+02:00"}));
}

TEST(ReaderRecurrence, AllDayRecurrenceAndRdate) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:ad\nDTSTART;VALUE=DATE:20260105\nRRULE:FREQ=WEEKLY;COUNT=2\n"
      "RDATE;VALUE=DATE:20260120\nEND:VEVENT\n"), window(utc_time(2026, 1, 1), utc_time(2026, 2, 1)));
  ASSERT_EQ(read.items.size(), 3u) << read.problem_text();
  EXPECT_EQ(read.items[2].start_date, Date{std::chrono::year{2026} / 1 / 20});
  EXPECT_EQ(read.items[2].end_date, Date{std::chrono::year{2026} / 1 / 21});
  EXPECT_EQ(read.items[2].recurrence_id_text, "20260120");
  EXPECT_TRUE(read.items[2].all_day);
}

TEST(ReaderRecurrence, RuleWithoutEndIsExpandedOnlyInTheWindowQuickly) {
  // Daily since 1990: the iterator starts near the window instead of walking 36 years.
  testing::Collected read;
  const double took = seconds_to_read(calendar(
      "BEGIN:VEVENT\nUID:forever\nDTSTART:19900101T090000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n"),
      window(utc_time(2026, 1, 1), utc_time(2026, 1, 8)), read);
  EXPECT_EQ(read.items.size(), 7u) << read.problem_text();
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
  EXPECT_LT(took, testing::hang_limit(1.0));
}

TEST(ReaderRecurrence, RuleWithoutEndAndWithoutWindowStopsAtMaxOccurrences) {
  testing::Collected read;
  const double took = seconds_to_read(calendar(
      "BEGIN:VEVENT\nUID:forever\nDTSTART:20260101T090000Z\nRRULE:FREQ=WEEKLY\nEND:VEVENT\n"), ReadOptions{}, read);
  EXPECT_EQ(read.items.size(), 1000u);
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_NE(read.problems[0].reason.find("max_occurrences"), std::string::npos) << read.problems[0].reason;
  EXPECT_LT(took, testing::hang_limit(2.0));
}

TEST(ReaderRecurrence, HugeCountSecondlyFinishesAndIsReported) {
  for (const char* rule : {"FREQ=SECONDLY;COUNT=4000000000", "FREQ=SECONDLY;COUNT=2000000000"}) {
    testing::Collected read;
    const double took = seconds_to_read(calendar(
        "BEGIN:VEVENT\nUID:s\nDTSTART:20260101T090000Z\nRRULE:" + std::string{rule} + "\nEND:VEVENT\n"),
        window(utc_time(1990, 1, 1), utc_time(2040, 1, 1)), read);
    EXPECT_LT(took, testing::hang_limit(1.0)) << rule;
    EXPECT_FALSE(read.problems.empty()) << rule;
    EXPECT_LE(read.items.size(), 1000u) << rule;
  }
}

TEST(ReaderRecurrence, CountFromFarBackStopsAfterMaxSteps) {
  testing::Collected read;
  const double took = seconds_to_read(calendar(
      "BEGIN:VEVENT\nUID:m\nDTSTART:19900101T000000Z\nRRULE:FREQ=MINUTELY;COUNT=100000000\nEND:VEVENT\n"),
      window(utc_time(2026, 1, 1), utc_time(2026, 2, 1)), read);
  EXPECT_LT(took, testing::hang_limit(2.0));
  EXPECT_TRUE(read.items.empty());
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_NE(read.problems[0].reason.find("max_recurrence_steps"), std::string::npos) << read.problems[0].reason;
}

TEST(ReaderRecurrence, RulesThatNeverMatchDoNotSpin) {
  // Unchecked, libical 3.0.16 walks each of these step by step to the year 2582.
  for (const char* rule : {"FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30", "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
                           "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=31", "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31",
                           "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=SECONDLY;INTERVAL=2;BYSECOND=1",
                           "FREQ=SECONDLY;BYSECOND=60", "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=29",
                           "FREQ=SECONDLY;BYWEEKNO=20", "FREQ=DAILY;BYMONTHDAY=-1"}) {
    testing::Collected read;
    const double took = seconds_to_read(calendar(
        "BEGIN:VEVENT\nUID:n\nDTSTART:20260101T090000Z\nRRULE:" + std::string{rule} + "\nEND:VEVENT\n"),
        window(utc_time(1990, 1, 1), utc_time(2040, 1, 1)), read);
    EXPECT_LT(took, testing::hang_limit(1.0)) << rule;
    EXPECT_EQ(read.items.size(), 1u) << rule;  // DTSTART is always an instance (RFC 5545 §3.8.5.3)
    EXPECT_EQ(read.problems.size(), 1u) << rule << "\n" << read.problem_text();
  }
}

TEST(ReaderRecurrence, SparseButPossibleRulesAreExpanded) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:leap\nDTSTART:20240229T090000Z\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:hourly\nDTSTART:20260105T090000Z\nRRULE:FREQ=HOURLY;BYDAY=MO;BYHOUR=9,10;COUNT=4\nEND:VEVENT\n"),
      window(utc_time(2024, 1, 1), utc_time(2033, 1, 1)));
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
  ASSERT_EQ(read.items.size(), 7u);
  EXPECT_EQ(read.items[2].start, utc_time(2032, 2, 29, 9));
  EXPECT_EQ(read.items[6].start, utc_time(2026, 1, 12, 10));
}

TEST(ReaderRecurrence, SubDailyRulesKeepTheirIntervalWhenStartedNearTheWindow) {
  // libical's icalrecur_iterator_set_start loses the alignment of sub-daily rules.
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:m\nDTSTART:20260101T100000Z\nRRULE:FREQ=MINUTELY;INTERVAL=7\nEND:VEVENT\n"),
      window(utc_time(2026, 2, 25), utc_time(2026, 2, 25, 0, 20)));
  // 2026-02-25T00:00Z is 78,600 minutes after DTSTART, 4 more than a multiple of 7: 00:03 is on the grid.
  ASSERT_EQ(read.items.size(), 3u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2026, 2, 25, 0, 3));
  EXPECT_EQ(read.items[2].start, utc_time(2026, 2, 25, 0, 17));
}

}  // namespace
}  // namespace followup::ical
