// The keep filter, and reading long streams in bounded memory.
#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <streambuf>

#include "read_helpers.hpp"

namespace followup::ical {
namespace {

using testing::calendar;
using testing::read_text;

TEST(ReaderFilter, KeepSeesTheUnfoldedTextBeforeAnyParsing) {
  std::vector<std::string> seen;
  ReadOptions options;
  options.keep = [&](std::string_view name, std::string_view text) {
    seen.push_back(std::string{name} + "|" + std::string{text});
    return text.find("Interview") != std::string_view::npos;
  };
  // The rejected components are broken in ways parsing would report: since nothing is reported, they
  // were never parsed.
  const auto read = read_text(calendar(
      "BEGIN:VEVENT\nUID:keep\nDTSTART:20260113T100000Z\nSUMMARY:Job Inter\n view\\, Acme\nEND:VEVENT\n"
      "BEGIN:VEVENT\nSUMMARY:Dentist (no UID)\nDTSTART:20260113T100000Z\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:bad-start\nSUMMARY:Lunch\nDTSTART:soon\nEND:VEVENT\n"
      "BEGIN:VTODO\nUID:todo\nSUMMARY:Buy milk\nDUE:20260231T100000Z\nEND:VTODO\n"
      "BEGIN:VJOURNAL\nUID:j\nSUMMARY:Interview notes\nEND:VJOURNAL\n"), options);
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].summary, "Job Interview, Acme");
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
  ASSERT_EQ(seen.size(), 4u);  // VEVENT and VTODO only; VTIMEZONE and VJOURNAL never reach the filter
  EXPECT_EQ(seen[0], "VEVENT|BEGIN:VEVENT\nUID:keep\nDTSTART:20260113T100000Z\nSUMMARY:Job Interview\\, Acme\nEND:VEVENT\n");
  EXPECT_EQ(seen[3].substr(0, 6), "VTODO|");
}

// An endless supply of calendar text, generated as it is read: the test never holds the whole stream.
class GeneratedCalendar final : public std::streambuf {
 public:
  GeneratedCalendar(std::size_t events, bool timezone_first) : remaining_(events), timezone_first_(timezone_first) {
    next_chunk();
  }

  std::size_t bytes() const { return bytes_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (!next_chunk()) return traits_type::eof();
    return traits_type::to_int_type(*gptr());
  }

 private:
  bool next_chunk() {
    chunk_.clear();
    if (!started_) {
      chunk_ = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//generated//EN\r\n";
      if (timezone_first_) chunk_ += kVtimezone;
      started_ = true;
    }
    for (int i = 0; i < 64 && remaining_ > 0; ++i, --remaining_) {
      const std::size_t n = remaining_;
      chunk_ += "BEGIN:VEVENT\r\nUID:generated-" + std::to_string(n) +
                "\r\nDTSTART;TZID=Europe/Berlin:20260113T100000\r\nDTEND;TZID=Europe/Berlin:20260113T110000\r\n"
                "SUMMARY:" + (n % 1000 == 0 ? std::string{"Interview "} : std::string{"Meeting "}) + std::to_string(n) +
                "\r\nDESCRIPTION:" + std::string(300, 'x') + "\r\n " + std::string(60, 'y') +
                "\r\nATTENDEE;CN=Someone:mailto:someone@example.org\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"
                "TRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n";
    }
    if (remaining_ == 0 && !finished_ && chunk_.size() < 100000) {
      if (!timezone_first_) chunk_ += kVtimezone;
      chunk_ += "END:VCALENDAR\r\n";
      finished_ = true;
    }
    if (chunk_.empty()) return false;
    bytes_ += chunk_.size();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return true;
  }

  static constexpr const char* kVtimezone =
      "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
      "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
      "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";
  std::string chunk_;
  std::size_t remaining_;
  bool timezone_first_;
  std::size_t bytes_ = 0;
  bool started_ = false;
  bool finished_ = false;
};

std::size_t heap_in_use() { return mallinfo2().uordblks; }

// 40,000 events (about 25 MB); the filter keeps one in a thousand. The VTIMEZONE comes last, so the
// kept ones wait for END:VCALENDAR. The heap must not grow with the stream.
TEST(ReaderFilter, LongStreamIsReadInBoundedMemory) {
  constexpr std::size_t kEvents = 40000;
  GeneratedCalendar generated{kEvents, false};
  std::istream in{&generated};
  const std::size_t heap_before = heap_in_use();
  std::size_t peak = heap_before;
  ReadOptions options;
  options.keep = [&](std::string_view, std::string_view text) {
    peak = std::max(peak, heap_in_use());
    return text.find("SUMMARY:Interview") != std::string_view::npos;
  };
  testing::Collected sink;
  const auto begin = std::chrono::steady_clock::now();
  read_calendar(in, "generated.ics", options, sink);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  EXPECT_GT(generated.bytes(), std::size_t{24} << 20);
  EXPECT_EQ(sink.items.size(), kEvents / 1000) << sink.problem_text();
  EXPECT_TRUE(sink.problems.empty()) << sink.problem_text();
  EXPECT_LT(peak - heap_before, std::size_t{2} << 20) << "heap grew by " << (peak - heap_before) << " bytes";
  EXPECT_LT(took, testing::hang_limit(8.0));
  ASSERT_FALSE(sink.items.empty());
  EXPECT_EQ(sink.items[0].start, testing::utc_time(2026, 1, 13, 9));
}

// Without a filter every event is parsed. With the VTIMEZONE first, each event needs nothing from
// later in the calendar and is parsed as it comes, so memory still does not grow with the stream.
TEST(ReaderFilter, UnfilteredStreamIsParsedAsItComes) {
  constexpr std::size_t kEvents = 4000;
  GeneratedCalendar generated{kEvents, true};
  std::istream in{&generated};
  struct CountingSink final : ItemSink {
    std::size_t items = 0, problems = 0, peak = 0, base = heap_in_use();
    void item(Item&&) override {
      ++items;
      peak = std::max(peak, heap_in_use());
    }
    void problem(ReadProblem&&) override { ++problems; }
  } sink;
  ReadOptions options;
  options.local_zone = *Zone::find("Europe/Berlin");
  read_calendar(in, "generated.ics", options, sink);
  EXPECT_EQ(sink.items, kEvents);
  EXPECT_EQ(sink.problems, 0u);
  EXPECT_LT(sink.peak - std::min(sink.peak, sink.base), std::size_t{2} << 20);
}

}  // namespace
}  // namespace followup::ical
