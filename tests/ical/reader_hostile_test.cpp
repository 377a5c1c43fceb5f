// Input built to hurt: it must be read quickly and without a crash, whatever it holds.
#include <gtest/gtest.h>

#include <chrono>

#include "read_helpers.hpp"

namespace followup::ical {
namespace {

using testing::calendar;
using testing::read_text;

double seconds_to_read(const std::string& text, testing::Collected& out, const ReadOptions& options = {}) {
  const auto begin = std::chrono::steady_clock::now();
  out = read_text(text, options);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

std::string repeated(std::string_view text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

TEST(ReaderHostile, DeepNestingIsNotHandedToLibical) {
  // Balanced, but 100,000 deep: libical would free the tree recursively and overflow the stack.
  const std::string text = calendar("BEGIN:VEVENT\nUID:deep\nDTSTART:20260113T100000Z\n" +
                                    repeated("BEGIN:VALARM\n", 100000) + repeated("END:VALARM\n", 100000) +
                                    "END:VEVENT\nBEGIN:VEVENT\nUID:ok\nDTSTART:20260113T100000Z\nEND:VEVENT\n");
  testing::Collected read;
  EXPECT_LT(seconds_to_read(text, read), testing::hang_limit(5.0));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].uid, "ok");
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_NE(read.problems[0].reason.find("nested"), std::string::npos);
}

TEST(ReaderHostile, ManyUnmatchedEndsAreCheap) {
  const std::string text = calendar("BEGIN:VEVENT\nUID:x\nDTSTART:20260113T100000Z\n" + repeated("BEGIN:X-A\n", 20000) +
                                    repeated("END:X-B\n", 20000) + "END:VEVENT\n");
  testing::Collected read;
  EXPECT_LT(seconds_to_read(text, read), testing::hang_limit(5.0));
  EXPECT_TRUE(read.items.empty());
  EXPECT_FALSE(read.problems.empty());
}

TEST(ReaderHostile, HugeAndManyTzids) {
  std::string body = "BEGIN:VEVENT\nUID:x\nDTSTART;TZID=" + repeated("a/", 50000) + ":20260113T100000\n";
  for (int i = 0; i < 20000; ++i) body += "EXDATE;TZID=Zone" + std::to_string(i) + ":20260113T100000\n";
  body += "END:VEVENT\n";
  testing::Collected read;
  EXPECT_LT(seconds_to_read(calendar(body), read), testing::hang_limit(10.0));
  EXPECT_EQ(read.items.size(), 1u) << read.problem_text();
  ASSERT_FALSE(read.problems.empty());
  EXPECT_LT(read.problems[0].reason.size(), 300u);  // the TZID is shortened in the message
}

TEST(ReaderHostile, ManyExdatesAndOverrides) {
  std::string body = "BEGIN:VEVENT\nUID:r\nDTSTART:20260101T100000Z\nRRULE:FREQ=DAILY;COUNT=900\n";
  for (int day = 0; day < 20000; ++day) body += "EXDATE:" + std::to_string(20300101 + day) + "T100000Z\n";
  body += "END:VEVENT\n";
  for (int i = 0; i < 2000; ++i)
    body += "BEGIN:VEVENT\nUID:r\nRECURRENCE-ID:20270101T100000Z\nDTSTART:2027010" + std::to_string(1 + i % 9) +
            "T120000Z\nEND:VEVENT\n";
  testing::Collected read;
  EXPECT_LT(seconds_to_read(calendar(body), read), testing::hang_limit(5.0));
  EXPECT_EQ(read.items.size(), 900u - 1 + 2000) << read.problem_text();
}

// libical 3.0.16 parses a line in time quadratic in its length: 5 MB take it 4 s.
TEST(ReaderHostile, HugeLinesAreCutAndAttachmentsLeftOut) {
  const std::string text = calendar("BEGIN:VEVENT\nUID:big\nDTSTART:20260113T100000Z\nDESCRIPTION:" +
                                    std::string(5'000'000, 'x') + "\nATTACH;ENCODING=BASE64;VALUE=BINARY:" +
                                    std::string(20'000'000, 'A') + "\nX-BIG:" + repeated("\\,", 100000) +
                                    "\nEND:VEVENT\n");
  testing::Collected read;
  EXPECT_LT(seconds_to_read(text, read), testing::hang_limit(5.0));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].description, std::string((std::size_t{1} << 20) - 12, 'x'));
  EXPECT_EQ(read.items[0].x_props.at("X-BIG"), std::string(100000, ','));
  ASSERT_EQ(read.problems.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.problems[0].where, "test.ics:7");
  EXPECT_NE(read.problems[0].reason.find("DESCRIPTION is longer than 1 MiB"), std::string::npos);
}

TEST(ReaderHostile, ExtremeDates) {
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:a\nDTSTART:00010101T000000Z\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:b\nDTSTART;TZID=Europe/Berlin:99991231T235959\nDTEND;TZID=Europe/Berlin:99991231T235959\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:c\nDTSTART;VALUE=DATE:99991231\nRRULE:FREQ=DAILY\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:d\nDTSTART:20260101T000000Z\nDURATION:P99999999W\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:e\nDTSTART:20260101T000000Z\nRRULE:FREQ=YEARLY;UNTIL=99991231T235959Z\nEND:VEVENT\n"));
  EXPECT_GE(read.items.size(), 4u) << read.problem_text();
}

}  // namespace
}  // namespace followup::ical
