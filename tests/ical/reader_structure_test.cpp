// The reader's handling of the text itself: line ends, folding, several calendars, broken structure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ical/errors.hpp"
#include "read_helpers.hpp"

namespace followup::ical {
namespace {

using testing::calendar;
using testing::read_text;
using testing::utc_time;

std::string event(std::string_view uid, std::string_view start = "20260113T100000Z", std::string_view extra = "") {
  return "BEGIN:VEVENT\nUID:" + std::string{uid} + "\nDTSTART:" + std::string{start} + "\nSUMMARY:Event " +
         std::string{uid} + "\n" + std::string{extra} + "END:VEVENT\n";
}

std::string with_crlf(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(ReaderStructure, CrlfAndLfReadTheSame) {
  const std::string text = calendar(event("a") + event("b", "20260114T100000Z", "DESCRIPTION:one\n  two\n"));
  const auto lf = read_text(text);
  const auto crlf = read_text(with_crlf(text));
  ASSERT_EQ(lf.items.size(), 2u) << lf.problem_text();
  ASSERT_EQ(crlf.items.size(), 2u) << crlf.problem_text();
  EXPECT_TRUE(crlf.problems.empty()) << crlf.problem_text();
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(lf.items[i].uid, crlf.items[i].uid);
    EXPECT_EQ(lf.items[i].start, crlf.items[i].start);
    EXPECT_EQ(lf.items[i].description, crlf.items[i].description);
    EXPECT_EQ(lf.items[i].where, crlf.items[i].where);
  }
  EXPECT_EQ(crlf.items[1].description, "one two");
}

TEST(ReaderStructure, FoldedLinesAreJoinedEvenInsideAUtf8Character) {
  // "Vorstellungsgespräch": the fold splits the two bytes of 'ä' (C3 A4), as RFC 5545 §3.1 allows.
  const std::string text = calendar(
      "BEGIN:VEVENT\r\nUID:fold\r\nDTSTART:20260113T100000Z\r\nSUMMARY:Vorstellungsgespr\xC3\r\n \xA4"
      "ch mit der\r\n\t Firma\r\nLOCATION:Raum\r\n  12\r\nEND:VEVENT\r\n");
  const auto read = read_text(text);
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].summary, "Vorstellungsgespr\xC3\xA4" "ch mit der Firma");  // the tab goes, the space stays
  EXPECT_EQ(read.items[0].location, "Raum 12");
}

TEST(ReaderStructure, ByteOrderMarkIsTolerated) {
  const auto read = read_text("\xEF\xBB\xBF" + calendar(event("bom")));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
}

TEST(ReaderStructure, SeveralCalendarsInOneStream) {
  const std::string text = calendar(event("first")) + "\n" + calendar(event("second")) + calendar(event("third"));
  const auto read = read_text(text);
  ASSERT_EQ(read.items.size(), 3u) << read.problem_text();
  EXPECT_EQ(read.items[0].uid, "first");
  EXPECT_EQ(read.items[2].uid, "third");
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
}

TEST(ReaderStructure, WhereNamesSourceAndTheLineOfBegin) {
  const auto read = read_text(calendar(event("a") + "BEGIN:VALARM\nEND:VALARM\n" + event("b")), {}, "interviews.ics");
  ASSERT_EQ(read.items.size(), 2u) << read.problem_text();
  EXPECT_EQ(read.items[0].where, "interviews.ics:4");
  EXPECT_EQ(read.items[1].where, "interviews.ics:11");
}

TEST(ReaderStructure, ComponentWithoutEndIsReportedAndTheRestIsRead) {
  const std::string text = calendar(event("before") +
                                    "BEGIN:VEVENT\nUID:broken\nDTSTART:20260113T100000Z\n" +  // no END:VEVENT
                                    event("after"));
  const auto read = read_text(text);
  ASSERT_EQ(read.items.size(), 2u) << read.problem_text();
  EXPECT_EQ(read.items[0].uid, "before");
  EXPECT_EQ(read.items[1].uid, "after");
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.problems[0].where, "test.ics:9");
  EXPECT_NE(read.problems[0].reason.find("END:VEVENT"), std::string::npos) << read.problems[0].reason;
}

TEST(ReaderStructure, UnclosedAlarmSkipsOnlyItsEvent) {
  const std::string text = calendar(event("before") +
                                    "BEGIN:VEVENT\nUID:broken\nDTSTART:20260113T100000Z\nBEGIN:VALARM\n"
                                    "TRIGGER:-PT5M\nEND:VEVENT\n" + event("after"));
  const auto read = read_text(text);
  ASSERT_EQ(read.items.size(), 2u) << read.problem_text();
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.problems[0].where, "test.ics:9");
  EXPECT_NE(read.problems[0].reason.find("BEGIN:VALARM at line 12"), std::string::npos) << read.problems[0].reason;
}

TEST(ReaderStructure, StrayEndSkipsOnlyItsEvent) {
  const auto read = read_text(calendar("BEGIN:VEVENT\nUID:x\nDTSTART:20260113T100000Z\nEND:VALARM\nEND:VEVENT\n" + event("ok")));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].uid, "ok");
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.problems[0].where, "test.ics:4");
}

TEST(ReaderStructure, MissingEndVcalendarStillReadsItsComponents) {
  const auto read = read_text("BEGIN:VCALENDAR\nVERSION:2.0\n" + event("a"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.problems[0].where, "test.ics:1");
}

TEST(ReaderStructure, BrokenDtstartInTheMiddleIsReportedWithItsLine) {
  const std::string text = calendar(event("a") + event("bad", "2026-01-13 10:00") + event("c"));
  const auto read = read_text(text);
  ASSERT_EQ(read.items.size(), 2u) << read.problem_text();
  EXPECT_EQ(read.items[1].uid, "c");
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.problems[0].where, "test.ics:9");
  EXPECT_NE(read.problems[0].reason.find("DTSTART"), std::string::npos) << read.problems[0].reason;
}

TEST(ReaderStructure, BrokenTimePropertiesSkipTheComponent) {
  for (const char* bad : {"DTEND:tomorrow\n", "RRULE:FREQ=WEEKLY;BYDAY=XX\n", "DTEND;VALUE=FOO:20260113T110000Z\n",
                          "EXDATE:garbage\n", "RECURRENCE-ID:yesterday\n"}) {
    const auto read = read_text(calendar(event("bad", "20260113T100000Z", bad) + event("good")));
    ASSERT_EQ(read.items.size(), 1u) << bad << read.problem_text();
    EXPECT_EQ(read.items[0].uid, "good");
    ASSERT_EQ(read.problems.size(), 1u) << bad << read.problem_text();
    EXPECT_EQ(read.problems[0].where, "test.ics:4");
    EXPECT_EQ(read.problems[0].reason.find('\n'), std::string::npos);
  }
}

TEST(ReaderStructure, ImpossibleDatesAreReported) {
  // libical accepts 20260231 without complaint.
  const auto read = read_text(calendar(event("feb31", "20260231T100000Z") + event("end", "20260113T100000Z", "DTEND:20261301T100000Z\n")));
  EXPECT_TRUE(read.items.empty());
  EXPECT_EQ(read.problems.size(), 2u) << read.problem_text();
}

TEST(ReaderStructure, ComponentsWithoutUidOrDtstartAreReported) {
  const auto read = read_text(calendar("BEGIN:VEVENT\nDTSTART:20260113T100000Z\nSUMMARY:no uid\nEND:VEVENT\n"
                                       "BEGIN:VEVENT\nUID:no-start\nSUMMARY:x\nEND:VEVENT\n"
                                       "BEGIN:VTODO\nSUMMARY:no uid either\nEND:VTODO\n" + event("ok")));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  ASSERT_EQ(read.problems.size(), 3u) << read.problem_text();
  EXPECT_EQ(read.problems[0].where, "test.ics:4");
  EXPECT_NE(read.problems[0].reason.find("UID"), std::string::npos);
  EXPECT_EQ(read.problems[1].where, "test.ics:8");
  EXPECT_NE(read.problems[1].reason.find("DTSTART"), std::string::npos);
  EXPECT_EQ(read.problems[2].where, "test.ics:12");
}

TEST(ReaderStructure, TextThatIsNotICalendarIsOneProblem) {
  for (const std::string& text : {std::string{"<html><body>404 Not Found</body></html>\n"}, std::string{},
                                 std::string{"\x00\x01\x02\xFF garbage\n\n\r\n", 16},
                                 std::string{"BEGIN:VEVENT\nUID:x\nDTSTART:20260113T100000Z\nEND:VEVENT\n"}}) {
    const auto read = read_text(text);
    EXPECT_TRUE(read.items.empty());
    ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
    EXPECT_NE(read.problems[0].reason.find("BEGIN:VCALENDAR"), std::string::npos);
  }
}

TEST(ReaderStructure, LowerCasePropertyNamesAreRead) {
  // RFC 5545 §3.1: names are case-insensitive; libical 3.0.16 rejects a lower-case X- name.
  const auto read = read_text(calendar("begin:vevent\nuid:lower\ndtstart:20260113T100000Z\nsummary:Hi\n"
                                       "x-followup-kind:check-in\nend:vevent\n"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].summary, "Hi");
  EXPECT_EQ(read.items[0].x_props.at("X-FOLLOWUP-KIND"), "check-in");
}

TEST(ReaderFile, MissingFileThrowsIoError) {
  testing::Collected sink;
  try {
    read_calendar_file("/nonexistent/dir/calendar.ics", {}, sink);
    ADD_FAILURE() << "no exception";
  } catch (const IoError& error) {
    EXPECT_NE(std::string{error.what()}.find("cannot read /nonexistent/dir/calendar.ics"), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(read_calendar_file(std::filesystem::temp_directory_path(), {}, sink), IoError);
}

TEST(ReaderFile, ReadsAFileNamingItInWhere) {
  const auto path = std::filesystem::temp_directory_path() / "followup_ical_reader_test.ics";
  {
    std::ofstream out{path, std::ios::binary};
    out << with_crlf(calendar(event("from-file")));
  }
  testing::Collected sink;
  read_calendar_file(path, {}, sink);
  std::filesystem::remove(path);
  ASSERT_EQ(sink.items.size(), 1u) << sink.problem_text();
  EXPECT_EQ(sink.items[0].where, path.string() + ":4");
  EXPECT_EQ(sink.items[0].start, utc_time(2026, 1, 13, 10));
}

}  // namespace
}  // namespace followup::ical
