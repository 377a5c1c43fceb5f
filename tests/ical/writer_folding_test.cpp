// Folding of what the writer emits (ical/content_lines.hpp): libical 3.0.16 folds inside the CRLF when a
// continuation comes out at 74 octets, and writes an empty continuation at 75.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "ical/content_lines.hpp"
#include "ical/reader.hpp"
#include "ical/writer.hpp"
#include "ical/zone.hpp"

namespace followup::ical {
namespace {

// Every physical line: at most 75 octets, ended by CRLF, no CR or LF inside, a continuation starting
// with one space and never empty after it.
void expect_well_folded(const std::string& text) {
  ASSERT_FALSE(text.empty());
  ASSERT_EQ(text.substr(text.size() - 2), "\r\n");
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    const std::string line = text.substr(start, end - start);
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << "bare CR or LF in: " << line;
    if (!line.empty() && line.front() == ' ') {
      EXPECT_GT(line.size(), 1u) << "empty continuation line";
    }
    // No UTF-8 sequence split: a line never starts (after its space) with a continuation byte.
    const std::size_t first = !line.empty() && line.front() == ' ' ? 1 : 0;
    if (line.size() > first) {
      EXPECT_NE(static_cast<unsigned char>(line[first]) & 0xC0, 0x80) << line;
    }
    start = end + 2;
  }
}

std::string unfolded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

TEST(ContentLines, FoldsAtSeventyFiveOctetsWithContinuationsOfSeventyFour) {
  const std::string value(200, 'x');
  const std::string folded = refold("DESCRIPTION:" + value + "\r\n");
  expect_well_folded(folded);
  EXPECT_EQ(folded.substr(0, 77), "DESCRIPTION:" + std::string(63, 'x') + "\r\n");
  EXPECT_EQ(unfolded(folded), "DESCRIPTION:" + value + "\r\n");
}

TEST(ContentLines, RepairsLibicalsFoldInsideTheLineBreak) {
  // What libical 3.0.16 writes for a 73-octet RELATED-TO value, and for a 74-octet one.
  const std::string uid73(73, 'u'), uid74(74, 'u');
  EXPECT_EQ(refold("RELATED-TO:\r\n " + uid73 + "\r\r\n \nEND:VTODO\r\n"), "RELATED-TO:" + uid73.substr(0, 64) + "\r\n " +
                                                                              uid73.substr(64) + "\r\nEND:VTODO\r\n");
  EXPECT_EQ(refold("RELATED-TO:\r\n " + uid74 + "\r\n \r\nEND:VTODO\r\n"), "RELATED-TO:" + uid74.substr(0, 64) + "\r\n " +
                                                                             uid74.substr(64) + "\r\nEND:VTODO\r\n");
}

TEST(ContentLines, NeverSplitsAUtf8Sequence) {
  std::string value;
  for (int i = 0; i < 60; ++i) value += "\xC3\xA9\xE2\x82\xAC";  // é€
  const std::string folded = refold("SUMMARY:" + value + "\r\n");
  expect_well_folded(folded);
  EXPECT_EQ(unfolded(folded), "SUMMARY:" + value + "\r\n");
}

TEST(ContentLines, ShortLinesAndLfInputComeOutAsCrlfLines) {
  EXPECT_EQ(refold("BEGIN:VCALENDAR\nVERSION:2.0\n"), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
  EXPECT_EQ(refold(""), "");
}

// The writer end to end, for every length around the fold, with values read back intact.
TEST(WriterFolding, EveryUidLengthAroundTheFoldIsWrittenWellAndReadBack) {
  const Zone zone = *Zone::find("Europe/Berlin");
  for (std::size_t length = 50; length <= 160; ++length) {
    NewItem item;
    item.kind = ComponentKind::Todo;
    item.uid = std::string(length, 'a');
    item.related_to = std::string(length, 'r');
    item.summary = "Thank-you note to Zoë Müller – " + std::string(length % 7 + 1, 'z');
    item.description = std::string(length, 'd') + "\nsecond line with a comma, and a semicolon;";
    item.start = SysSeconds{std::chrono::seconds{1768294800}};
    item.due = *item.start + std::chrono::hours{24};
    item.stamp = *item.start;
    const std::string text = write_object(item, zone);
    SCOPED_TRACE("length " + std::to_string(length));
    expect_well_folded(text);
    std::istringstream in(text);
    struct Sink : ItemSink {
      std::vector<Item> items;
      std::vector<ReadProblem> problems;
      void item(Item&& i) override { items.push_back(std::move(i)); }
      void problem(ReadProblem&& p) override { problems.push_back(std::move(p)); }
    } sink;
    ReadOptions options;
    options.local_zone = zone;
    read_calendar(in, "written.ics", options, sink);
    ASSERT_EQ(sink.items.size(), 1u);
    EXPECT_TRUE(sink.problems.empty());
    EXPECT_EQ(sink.items[0].uid, item.uid);
    ASSERT_EQ(sink.items[0].related_to.size(), 1u);
    EXPECT_EQ(sink.items[0].related_to[0], item.related_to);
    EXPECT_EQ(sink.items[0].summary, item.summary);
    EXPECT_EQ(sink.items[0].description, item.description);
  }
}

}  // namespace
}  // namespace followup::ical
