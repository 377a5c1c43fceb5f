// The writer writes an object in parts (issue 7): the VCALENDAR's lines, the VTIMEZONE remembered per
// zone, the item; and refold() unfolds line by line instead of byte by byte. These tests hold both to
// what they replaced: the same folding as the plain algorithm on every small input, and every object
// carrying the VTIMEZONE of its own zone, whatever was written before.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "ical/content_lines.hpp"
#include "ical/reader.hpp"
#include "ical/writer.hpp"
#include "ical/zone.hpp"

namespace followup::ical {
namespace {

// The algorithm refold() had before issue 7, kept here as the oracle: remove every fold (CRLF or a
// lone LF, then a space or tab), then fold each non-empty line between line breaks.
std::string refold_oracle(std::string_view text) {
  std::string unfolded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 2 < text.size() && text[i + 1] == '\n' && (text[i + 2] == ' ' || text[i + 2] == '\t')) {
      i += 2;
      continue;
    }
    if (text[i] == '\n' && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t') &&
        (i == 0 || text[i - 1] != '\r')) {
      ++i;
      continue;
    }
    unfolded += text[i];
  }
  std::string out;
  std::size_t start = 0;
  while (start < unfolded.size()) {
    std::size_t end = unfolded.find_first_of("\r\n", start);
    if (end == std::string::npos) end = unfolded.size();
    if (end > start) out += refold(unfolded.substr(start, end - start));  // one line: no break inside
    start = end;
    while (start < unfolded.size() && (unfolded[start] == '\r' || unfolded[start] == '\n')) ++start;
  }
  return out;
}

// Every string of up to 7 characters over the bytes that matter to unfolding (line breaks, the fold's
// space and tab, text), and long lines with breaks and folds around the 75-octet limit.
TEST(ContentLines, RefoldAgreesWithThePlainAlgorithmOnEverySmallInput) {
  const std::string alphabet = "a\r\n \t";
  std::size_t compared = 0;
  std::vector<std::size_t> digits;
  for (std::size_t length = 0; length <= 7; ++length) {
    digits.assign(length, 0);
    for (;;) {
      std::string text;
      for (const std::size_t d : digits) text += alphabet[d];
      ASSERT_EQ(refold(text), refold_oracle(text)) << "input bytes: " << ::testing::PrintToString(text);
      ++compared;
      std::size_t i = 0;
      while (i < length && ++digits[i] == alphabet.size()) digits[i++] = 0;
      if (i == length) break;
    }
  }
  EXPECT_GT(compared, 97000u);
  for (const std::string piece : {"\r\n ", "\n\t", "\r\r\n \n", "\r\n", "\n"})
    for (std::size_t at = 60; at <= 160; at += 7) {
      const std::string text = "DESCRIPTION:" + std::string(at, 'x') + piece + std::string(90, 'y') + "\r\nEND:VTODO\r\n";
      EXPECT_EQ(refold(text), refold_oracle(text)) << at << ::testing::PrintToString(piece);
    }
}

struct Collected : ItemSink {
  std::vector<Item> items;
  std::vector<ReadProblem> problems;
  void item(Item&& i) override { items.push_back(std::move(i)); }
  void problem(ReadProblem&& p) override { problems.push_back(std::move(p)); }
};

Collected read_back(const std::string& text) {
  std::istringstream in(text);
  Collected sink;
  read_calendar(in, "written.ics", ReadOptions{}, sink);
  return sink;
}

// The text from BEGIN:VTIMEZONE to END:VTIMEZONE (with its line break), empty when there is none.
std::string vtimezone_of(const std::string& text) {
  const auto begin = text.find("BEGIN:VTIMEZONE\r\n");
  if (begin == std::string::npos) return {};
  const std::string end = "END:VTIMEZONE\r\n";
  return text.substr(begin, text.find(end, begin) + end.size() - begin);
}

NewItem event_at(SysSeconds start, std::string uid) {
  NewItem item;
  item.kind = ComponentKind::Event;
  item.uid = std::move(uid);
  item.stamp = start;
  item.summary = "Check in with Acme";
  item.start = start;
  item.end = start + std::chrono::minutes{15};
  item.alarm = Alarm{std::chrono::minutes{15}, "Check in with Acme"};
  return item;
}

// Objects in different zones, written alternately (the remembered VTIMEZONE is per zone): each carries
// its own zone's VTIMEZONE, the same text every time, and reads back at the very instants written.
TEST(WriterParts, EachObjectCarriesTheVtimezoneOfItsOwnZone) {
  const SysSeconds start{std::chrono::seconds{1768294800}};  // 2026-01-13T09:00:00Z
  const std::vector<std::string> zones{"Europe/Berlin", "America/New_York", "Asia/Tokyo"};
  std::vector<std::string> first_vtimezone(zones.size());
  for (int round = 0; round < 3; ++round)
    for (std::size_t z = 0; z < zones.size(); ++z) {
      SCOPED_TRACE(zones[z] + ", round " + std::to_string(round));
      const Zone zone = *Zone::find(zones[z]);
      const std::string text = write_object(event_at(start, "uid-" + std::to_string(z)), zone);
      EXPECT_EQ(text.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup//followup 0.1//EN\r\nBEGIN:VTIMEZONE\r\n"
                           "TZID:" + zones[z] + "\r\n",
                           0),
                0u)
          << text;
      EXPECT_NE(text.find("DTSTART;TZID=" + zones[z] + ":"), std::string::npos) << text;
      EXPECT_TRUE(text.ends_with("\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")) << text;
      const std::string vtimezone = vtimezone_of(text);
      if (round == 0) first_vtimezone[z] = vtimezone;
      EXPECT_EQ(vtimezone, first_vtimezone[z]);
      const Collected back = read_back(text);
      EXPECT_TRUE(back.problems.empty());
      ASSERT_EQ(back.items.size(), 1u);
      EXPECT_EQ(back.items[0].start, start);
      EXPECT_EQ(back.items[0].end, start + std::chrono::minutes{15});
    }
  EXPECT_NE(first_vtimezone[0], first_vtimezone[1]);
}

// UTC and all-day items name no zone: no VTIMEZONE, however many zones were written before.
TEST(WriterParts, UtcAndAllDayObjectsHaveNoVtimezone) {
  const SysSeconds start{std::chrono::seconds{1768294800}};
  (void)write_object(event_at(start, "before"), *Zone::find("Europe/Berlin"));
  const std::string utc = write_object(event_at(start, "utc"), Zone::utc());
  EXPECT_EQ(vtimezone_of(utc), "");
  EXPECT_NE(utc.find("DTSTART:20260113T090000Z\r\n"), std::string::npos) << utc;

  NewItem all_day;
  all_day.uid = "all-day";
  all_day.stamp = start;
  all_day.summary = "Move on";
  all_day.date = Date{std::chrono::year{2026} / 2 / 2};
  const std::string text = write_object(all_day, *Zone::find("Europe/Berlin"));
  EXPECT_EQ(vtimezone_of(text), "");
  EXPECT_NE(text.find("DTSTART;VALUE=DATE:20260202\r\n"), std::string::npos) << text;
  EXPECT_EQ(read_back(text).items.size(), 1u);
}

}  // namespace
}  // namespace followup::ical
