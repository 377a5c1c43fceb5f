// The raw splitter behind IcsFileStorage: byte ranges of top-level components, UIDs through folding
// and any case, and refusal of what is not iCalendar; and the edit list that splices a file.
#include "sync/ics_file_layout.hpp"

#include <gtest/gtest.h>

#include "ical/errors.hpp"
#include "storage_test_support.hpp"
#include "sync/ics_file_edits.hpp"

namespace followup::sync {
namespace {

using testing::crlf;

const std::string kCalendar = crlf(
    "BEGIN:VCALENDAR\n"
    "VERSION:2.0\n"
    "PRODID:-//Example//Calendar 1.0//EN\n"
    "X-WR-CALNAME:Jobs\n"
    "BEGIN:VTIMEZONE\n"
    "TZID:Europe/Berlin\n"
    "BEGIN:STANDARD\n"
    "DTSTART:19961027T030000\n"
    "TZOFFSETFROM:+0200\n"
    "TZOFFSETTO:+0100\n"
    "END:STANDARD\n"
    "END:VTIMEZONE\n"
    "BEGIN:VEVENT\n"
    "UID:event-with-a-long-uid-that-a-calendar-app-folded-at-seventy-five-oc\n"
    " tets@example.com\n"
    "DTSTART;TZID=\"Europe/Berlin\":20260113T100000\n"
    "SUMMARY:Interview\n"
    "BEGIN:VALARM\n"
    "UID:alarm-uid\n"
    "TRIGGER:-PT15M\n"
    "END:VALARM\n"
    "END:VEVENT\n"
    "begin:vtodo\n"
    "uid:lower-case-todo\n"
    "due;tzid=America/New_York;x-param=\"a:b;c\":20260116T090000\n"
    "end:vtodo\n"
    "END:VCALENDAR\n");

std::string_view range(std::string_view text, const RawComponent& c) { return text.substr(c.begin, c.end - c.begin); }

TEST(IcsFileStorageLayout, FindsTopLevelComponentsByteForByte) {
  const IcsLayout layout = scan_ics_text(kCalendar, "cal.ics");
  ASSERT_EQ(layout.components.size(), 3U);
  EXPECT_EQ(layout.line_ending, LineEnding::Crlf);
  EXPECT_EQ(layout.size, kCalendar.size());
  EXPECT_EQ(layout.version_line, "VERSION:2.0\r\n");
  EXPECT_EQ(layout.prodid_line, "PRODID:-//Example//Calendar 1.0//EN\r\n");
  ASSERT_EQ(layout.calendars.size(), 1U);
  EXPECT_EQ(layout.calendars[0].begin, 0U);
  EXPECT_EQ(kCalendar.substr(layout.calendars[0].end_line), "END:VCALENDAR\r\n");

  const RawComponent& zone = layout.components[0];
  EXPECT_EQ(zone.kind, RawKind::Timezone);
  EXPECT_EQ(zone.tzid, "Europe/Berlin");
  EXPECT_TRUE(range(kCalendar, zone).starts_with("BEGIN:VTIMEZONE\r\n"));
  EXPECT_TRUE(range(kCalendar, zone).ends_with("END:VTIMEZONE\r\n"));

  const RawComponent& event = layout.components[1];
  EXPECT_EQ(event.kind, RawKind::Event);
  EXPECT_EQ(event.uid, "event-with-a-long-uid-that-a-calendar-app-folded-at-seventy-five-octets@example.com");
  EXPECT_EQ(event.tzids_used, std::vector<std::string>{"Europe/Berlin"});
  EXPECT_EQ(event.line, 13U);
  EXPECT_TRUE(range(kCalendar, event).starts_with("BEGIN:VEVENT\r\n"));
  EXPECT_TRUE(range(kCalendar, event).ends_with("END:VEVENT\r\n"));

  const RawComponent& todo = layout.components[2];
  EXPECT_EQ(todo.kind, RawKind::Todo);
  EXPECT_EQ(todo.uid, "lower-case-todo");
  EXPECT_EQ(todo.tzids_used, std::vector<std::string>{"America/New_York"});
  EXPECT_EQ(range(kCalendar, todo).substr(0, 13), "begin:vtodo\r\n");
  EXPECT_EQ(todo.end, layout.calendars[0].end_line);
}

TEST(IcsFileStorageLayout, PiecesOfAnySizeGiveTheSameLayout) {
  const IcsLayout whole = scan_ics_text(kCalendar, "cal.ics");
  for (const std::size_t piece : {1U, 2U, 3U, 7U, 64U}) {
    IcsLayoutScanner scanner("cal.ics");
    for (std::size_t at = 0; at < kCalendar.size(); at += piece)
      scanner.feed(std::string_view(kCalendar).substr(at, piece));
    const IcsLayout pieces = scanner.finish();
    ASSERT_EQ(pieces.components.size(), whole.components.size()) << piece;
    for (std::size_t i = 0; i < whole.components.size(); ++i) {
      EXPECT_EQ(pieces.components[i].begin, whole.components[i].begin) << piece;
      EXPECT_EQ(pieces.components[i].end, whole.components[i].end) << piece;
      EXPECT_EQ(pieces.components[i].hash, whole.components[i].hash) << piece;
      EXPECT_EQ(pieces.components[i].uid, whole.components[i].uid) << piece;
    }
  }
}

TEST(IcsFileStorageLayout, HashIsOfTheComponentsBytes) {
  const IcsLayout layout = scan_ics_text(kCalendar, "cal.ics");
  for (const auto& c : layout.components) {
    Fnv1a64 hash;
    hash.add_bytes(range(kCalendar, c));
    EXPECT_EQ(c.hash, hash.value());
  }
}

TEST(IcsFileStorageLayout, LfFilesAndByteOrderMarkAndBlankLines) {
  const std::string text = "\xEF\xBB\xBF\nBEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\n\nEND:VEVENT\nEND:VCALENDAR";
  const IcsLayout layout = scan_ics_text(text, "lf.ics");
  EXPECT_EQ(layout.line_ending, LineEnding::Lf);
  ASSERT_EQ(layout.components.size(), 1U);
  EXPECT_EQ(range(text, layout.components[0]), "BEGIN:VEVENT\nUID:a\n\nEND:VEVENT\n");
  EXPECT_EQ(text.substr(layout.calendars[0].end_line), "END:VCALENDAR");  // no line break at the very end
}

TEST(IcsFileStorageLayout, SeveralCalendarsInOneFile) {
  const std::string text = crlf(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nEND:VEVENT\nEND:VCALENDAR\n"
      "BEGIN:VCALENDAR\nBEGIN:VTODO\nUID:b\nEND:VTODO\nEND:VCALENDAR\n");
  const IcsLayout layout = scan_ics_text(text, "two.ics");
  ASSERT_EQ(layout.calendars.size(), 2U);
  ASSERT_EQ(layout.components.size(), 2U);
  EXPECT_EQ(layout.components[0].calendar, 0U);
  EXPECT_EQ(layout.components[1].calendar, 1U);
}

void expect_bad_input(const std::string& text, const std::string& message_part) {
  try {
    scan_ics_text(text, "/home/me/cal.ics");
    ADD_FAILURE() << "no BadInput for: " << text;
  } catch (const BadInput& e) {
    EXPECT_NE(std::string(e.what()).find("/home/me/cal.ics"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
  }
}

TEST(IcsFileStorageLayout, WhatIsNotICalendarIsBadInput) {
  expect_bad_input("", "not an iCalendar file");
  expect_bad_input("hello world\n", "not an iCalendar file");
  expect_bad_input("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n", "not an iCalendar file");
  expect_bad_input("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VCALENDAR\r\n", "END:VCALENDAR where END:VEVENT");
  expect_bad_input("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n", "ends inside VEVENT");
  // Bare CR line breaks: one endless line, refused rather than misread.
  expect_bad_input("BEGIN:VCALENDAR\rBEGIN:VEVENT\rEND:VEVENT\rEND:VCALENDAR\r", "not an iCalendar file");
}

TEST(IcsFileStorageLayout, BinaryDataIsRefusedWithoutReadingItAll) {
  IcsLayoutScanner scanner("junk.bin");
  const std::string junk(8192, '\x01');
  EXPECT_THROW(scanner.feed(junk), BadInput);
}

TEST(IcsFileStorageLayout, LineEndingsAreConverted) {
  EXPECT_EQ(with_line_ending("a\r\nb\nc", LineEnding::Crlf), "a\r\nb\r\nc\r\n");
  EXPECT_EQ(with_line_ending("a\r\nb\nc\r\n", LineEnding::Lf), "a\nb\nc\n");
  EXPECT_EQ(with_line_ending("", LineEnding::Lf), "");
}

TEST(IcsFileStorageEdits, InsertionsComeBeforeTheGapAtTheirOffsetInTheOrderMade) {
  const std::string original = "0123456789";
  IcsFileEdits edits;
  edits.drop(2, 4);
  edits.insert(2, "a");
  edits.insert(10, "z");
  edits.insert(2, "b");
  edits.drop(6, 7);
  const std::size_t gone = edits.insert(8, "gone");
  edits.replace(gone, "");
  std::string out;
  edits.render(
      original.size(), [&](std::uint64_t b, std::uint64_t e) { out += original.substr(b, e - b); },
      [&](std::string_view text) { out += text; });
  EXPECT_EQ(out,
            "01ab4578"
            "9z");
}

TEST(IcsFileStorageEdits, NothingToWriteWhenOnlyEmptyTextsWereInserted) {
  IcsFileEdits edits;
  EXPECT_TRUE(edits.empty());
  const std::size_t id = edits.insert(3, "x");
  EXPECT_FALSE(edits.empty());
  edits.replace(id, "");
  EXPECT_TRUE(edits.empty());
}

}  // namespace
}  // namespace followup::sync
