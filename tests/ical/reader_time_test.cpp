// How the reader turns DTSTART/DTEND/DURATION into instants: TZIDs, floating times, DATE values.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

#include "read_helpers.hpp"

namespace followup::ical {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::calendar;
using testing::read_text;
using testing::utc_time;

ReadOptions in_zone(std::string_view zone) {
  ReadOptions options;
  options.local_zone = *Zone::find(zone);
  return options;
}

// Items come in no promised order: a component that waits for END:VCALENDAR comes after later ones.
const Item& by_uid(const testing::Collected& read, std::string_view uid) {
  for (const Item& item : read.items)
    if (item.uid == uid) return item;
  throw std::runtime_error("no item " + std::string{uid});
}

const char* const kBerlinVtimezone =
    "BEGIN:VTIMEZONE\nTZID:Customized Time Zone\n"
    "BEGIN:STANDARD\nDTSTART:16010101T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\n"
    "BEGIN:DAYLIGHT\nDTSTART:16010101T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\n";

TEST(ReaderTime, UtcAndIanaTzid) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:a\nDTSTART:20260113T100000Z\nDTEND:20260113T110000Z\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:b\nDTSTART;TZID=Europe/Berlin:20260713T100000\n"
      "DTEND;TZID=America/New_York:20260713T050000\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 2u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2026, 1, 13, 10));
  EXPECT_EQ(read.items[0].end, utc_time(2026, 1, 13, 11));
  EXPECT_TRUE(read.items[0].has_end);
  EXPECT_FALSE(read.items[0].floating);
  EXPECT_EQ(read.items[1].start, utc_time(2026, 7, 13, 8));
  EXPECT_EQ(read.items[1].end, utc_time(2026, 7, 13, 9));
  EXPECT_EQ(read.items[1].tzid, "Europe/Berlin");
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
}

TEST(ReaderTime, VtimezoneAfterTheEventIsUsed) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Customized Time Zone:20260713T100000\nEND:VEVENT\n" +
      std::string{kBerlinVtimezone}));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2026, 7, 13, 8));
  EXPECT_EQ(read.items[0].tzid, "Customized Time Zone");
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
}

TEST(ReaderTime, CustomVtimezoneFollowsItsOwnDstRules) {
  const auto read = read_text(calendar(std::string{kBerlinVtimezone} +
      "BEGIN:VEVENT\nUID:winter\nDTSTART;TZID=Customized Time Zone:20260113T100000\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:gap\nDTSTART;TZID=Customized Time Zone:20260329T023000\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:fold\nDTSTART;TZID=\"Customized Time Zone\":20261025T023000\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 3u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2026, 1, 13, 9));
  EXPECT_EQ(read.items[1].start, utc_time(2026, 3, 29, 1, 30));
  EXPECT_EQ(read.items[2].start, utc_time(2026, 10, 25, 0, 30));
}

TEST(ReaderTime, VtimezoneTzidIsTextWithEscapes) {
  // As Exchange writes it: the property escapes the commas, the parameter quotes them.
  const auto read = read_text(calendar(
      "BEGIN:VTIMEZONE\nTZID:(UTC+07:00) Bangkok\\, Hanoi\\, Jakarta\nBEGIN:STANDARD\nDTSTART:16010101T000000\n"
      "TZOFFSETFROM:+0700\nTZOFFSETTO:+0700\nEND:STANDARD\nEND:VTIMEZONE\n"
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=\"(UTC+07:00) Bangkok, Hanoi, Jakarta\":20190430T090000\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2019, 4, 30, 2));
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
}

TEST(ReaderTime, ACalendarsVtimezoneWinsOverTheBuiltInZoneOfTheSameName) {
  const auto read = read_text(calendar(
      "BEGIN:VTIMEZONE\nTZID:Europe/Berlin\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0500\n"
      "TZOFFSETTO:+0500\nEND:STANDARD\nEND:VTIMEZONE\n"
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260713T100000\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2026, 7, 13, 5));
}

TEST(ReaderTime, VtimezonesBelongToTheirOwnCalendar) {
  const std::string second = "BEGIN:VEVENT\nUID:b\nDTSTART;TZID=Customized Time Zone:20260713T100000\nEND:VEVENT\n";
  const auto read = read_text(calendar(kBerlinVtimezone) + calendar(second));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_NE(read.problems[0].reason.find("unknown time zone 'Customized Time Zone'"), std::string::npos);
}

TEST(ReaderTime, UnusableVtimezoneFallsBackToTheName) {
  const auto read = read_text(calendar(
      "BEGIN:VTIMEZONE\nTZID:Europe/Berlin\nEND:VTIMEZONE\n"
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260713T100000\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2026, 7, 13, 8));
  EXPECT_EQ(read.problems.size(), 1u) << read.problem_text();
}

TEST(ReaderTime, VtimezoneWithARuleLibicalWouldSpinOnIsNotUsed) {
  // libical expands observance rules with its recurrence iterator; this one never matches and would
  // keep it busy until the year 2582.
  const auto begin = std::chrono::steady_clock::now();
  const auto read = read_text(calendar(
      "BEGIN:VTIMEZONE\nTZID:Europe/London\nBEGIN:STANDARD\nDTSTART:19701025T020000\nTZOFFSETFROM:+0100\n"
      "TZOFFSETTO:+0000\nRRULE:FREQ=MINUTELY;BYDAY=1MO\nEND:STANDARD\nEND:VTIMEZONE\n"
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/London:20260713T100000\nEND:VEVENT\n"));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count(), testing::hang_limit(1.0));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2026, 7, 13, 9));  // the built-in Europe/London
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_NE(read.problems[0].reason.find("VTIMEZONE 'Europe/London' is not used"), std::string::npos);
}

TEST(ReaderTime, MicrosoftAndPrefixedTzidsWithoutVtimezone) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:ms\nDTSTART;TZID=W. Europe Standard Time:20260113T100000\n"
      "DTEND;TZID=\"Eastern Standard Time\":20260113T050000\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:prefixed\nDTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260713T100000\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 2u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2026, 1, 13, 9));
  EXPECT_EQ(read.items[0].end, utc_time(2026, 1, 13, 10));
  EXPECT_EQ(read.items[0].tzid, "W. Europe Standard Time");
  EXPECT_EQ(read.items[1].start, utc_time(2026, 7, 13, 8));
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
}

TEST(ReaderTime, UnknownTzidIsReadInTheLocalZoneAndReported) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Mars Standard Time:20260113T100000\n"
      "DTEND;TZID=Mars Standard Time:20260113T110000\nEND:VEVENT\n"),
      in_zone("America/New_York"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].start, utc_time(2026, 1, 13, 15));
  EXPECT_FALSE(read.items[0].floating);
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();  // once per component, not per property
  EXPECT_EQ(read.problems[0].where, "test.ics:4");
  EXPECT_EQ(read.problems[0].reason, "unknown time zone 'Mars Standard Time', read as America/New_York");
}

TEST(ReaderTime, HostileTzidIsJustUnknown) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=../../../../../dev/stdin:20260113T100000\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.problems.size(), 1u) << read.problem_text();
}

TEST(ReaderTime, FloatingTimeIsReadInTheLocalZone) {
  const auto read = read_text(calendar("BEGIN:VEVENT\nUID:a\nDTSTART:20260713T100000\nDTEND:20260713T113000\nEND:VEVENT\n"),
                              in_zone("Europe/Berlin"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_TRUE(read.items[0].floating);
  EXPECT_EQ(read.items[0].start, utc_time(2026, 7, 13, 8));
  EXPECT_EQ(read.items[0].end, utc_time(2026, 7, 13, 9, 30));
  EXPECT_TRUE(read.items[0].tzid.empty());
}

TEST(ReaderTime, AllDayEvents) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:two-days\nDTSTART;VALUE=DATE:20260113\nDTEND;VALUE=DATE:20260115\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:no-end\nDTSTART;VALUE=DATE:20260113\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:duration\nDTSTART;VALUE=DATE:20260113\nDURATION:P3D\nEND:VEVENT\n"),
      in_zone("Europe/Berlin"));
  ASSERT_EQ(read.items.size(), 3u) << read.problem_text();
  const Item& two = read.items[0];
  EXPECT_TRUE(two.all_day);
  EXPECT_EQ(two.start_date, Date{std::chrono::year{2026} / 1 / 13});
  EXPECT_EQ(two.end_date, Date{std::chrono::year{2026} / 1 / 15});
  EXPECT_EQ(two.start, utc_time(2026, 1, 12, 23));  // midnight in Berlin
  EXPECT_EQ(two.end, utc_time(2026, 1, 14, 23));
  EXPECT_TRUE(two.has_end);
  const Item& one = read.items[1];
  EXPECT_EQ(one.end_date, Date{std::chrono::year{2026} / 1 / 14});
  EXPECT_EQ(one.end, utc_time(2026, 1, 13, 23));
  EXPECT_FALSE(one.has_end);
  EXPECT_EQ(read.items[2].end_date, Date{std::chrono::year{2026} / 1 / 16});
  EXPECT_TRUE(read.items[2].has_end);
}

TEST(ReaderTime, TimedEventWithoutEndEndsAtItsStart) {
  const auto read = read_text(calendar("BEGIN:VEVENT\nUID:a\nDTSTART:20260113T100000Z\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].end, read.items[0].start);
  EXPECT_FALSE(read.items[0].has_end);
  EXPECT_FALSE(read.items[0].all_day);
}

TEST(ReaderTime, DurationDaysAreNominalAcrossDst) {
  // RFC 5545 §3.3.6: P1D is the same wall time the next day; over the spring change that is 23 h.
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260328T100000\nDURATION:P1D\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:b\nDTSTART;TZID=Europe/Berlin:20260328T100000\nDURATION:PT1H30M\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 2u) << read.problem_text();
  EXPECT_EQ(*read.items[0].end - *read.items[0].start, hours{23});
  EXPECT_EQ(*read.items[1].end - *read.items[1].start, hours{1} + minutes{30});
  EXPECT_TRUE(read.items[1].has_end);
}

TEST(ReaderTime, EndBeforeStartIsReportedAndIgnored) {
  const auto read = read_text(calendar("BEGIN:VEVENT\nUID:a\nDTSTART:20260113T100000Z\nDTEND:20260113T090000Z\nEND:VEVENT\n"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].end, read.items[0].start);
  EXPECT_FALSE(read.items[0].has_end);
  EXPECT_EQ(read.problems.size(), 1u) << read.problem_text();
}

TEST(ReaderTime, EventsOutsideTheWindowAreDroppedSilently) {
  ReadOptions options;
  options.window_start = utc_time(2026, 1, 1);
  options.window_end = utc_time(2026, 2, 1);
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:before\nDTSTART:20251231T100000Z\nDTEND:20251231T110000Z\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:overlapping\nDTSTART:20251231T230000Z\nDTEND:20260101T010000Z\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:inside\nDTSTART:20260113T100000Z\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:at-end\nDTSTART:20260201T000000Z\nEND:VEVENT\n"
      "BEGIN:VTODO\nUID:todo\nDUE:20300101T000000Z\nEND:VTODO\n"), options);
  ASSERT_EQ(read.items.size(), 3u) << read.problem_text();
  EXPECT_EQ(read.items[0].uid, "overlapping");
  EXPECT_EQ(read.items[1].uid, "inside");
  EXPECT_EQ(read.items[2].uid, "todo");  // VTODOs are not filtered by time
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
}

TEST(ReaderTime, TodoTimes) {
  const auto read = read_text(calendar(
      "BEGIN:VTODO\nUID:t1\nDTSTART:20260113T100000Z\nDUE;TZID=Europe/Berlin:20260114T120000\n"
      "COMPLETED:20260114T090000Z\nSTATUS:completed\nEND:VTODO\n"
      "BEGIN:VTODO\nUID:t2\nDTSTART:20260113T100000Z\nDURATION:PT2H\nEND:VTODO\n"
      "BEGIN:VTODO\nUID:t3\nDUE;VALUE=DATE:20260120\nCOMPLETED;VALUE=DATE:20260119\nEND:VTODO\n"),
      in_zone("Europe/Berlin"));
  ASSERT_EQ(read.items.size(), 3u) << read.problem_text();
  const Item& t1 = by_uid(read, "t1");
  EXPECT_EQ(t1.kind, ComponentKind::Todo);
  EXPECT_EQ(t1.start, utc_time(2026, 1, 13, 10));
  EXPECT_EQ(t1.due, utc_time(2026, 1, 14, 11));
  EXPECT_EQ(t1.completed, utc_time(2026, 1, 14, 9));
  EXPECT_EQ(t1.status, "COMPLETED");
  EXPECT_EQ(by_uid(read, "t2").due, utc_time(2026, 1, 13, 12));
  const Item& t3 = by_uid(read, "t3");
  EXPECT_FALSE(t3.start);
  EXPECT_EQ(t3.due, utc_time(2026, 1, 19, 23));
  EXPECT_EQ(t3.completed, utc_time(2026, 1, 18, 23));
}

}  // namespace
}  // namespace followup::ical
