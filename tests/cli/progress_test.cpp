// The progress line (cli/progress.hpp) without a terminal: the command's "is stderr a terminal"
// decision is given here, the clock is the test's, and the stream is a string.
#include "cli/progress.hpp"

#include <gtest/gtest.h>

#include <sstream>

using followup::cli::ProgressLine;

namespace {

using Clock = std::chrono::steady_clock;

struct FakeClock {
  Clock::time_point now{};
  ProgressLine::Clock function() {
    return [this] { return now; };
  }
};

}  // namespace

TEST(ProgressLine, NothingUntilTheRunHasTakenASecond) {
  std::ostringstream out;
  FakeClock clock;
  ProgressLine line(out, true, clock.function());
  line.show("reading calendars", 1, 4);
  clock.now += std::chrono::milliseconds(999);
  line.show("reading calendars", 2, 4);
  EXPECT_EQ(out.str(), "");
  clock.now += std::chrono::milliseconds(1);
  line.show("reading calendars", 3, 4);
  EXPECT_EQ(out.str(), "\rreading calendars 3/4");
}

TEST(ProgressLine, OverwrittenInPlaceAndErasedAtTheEnd) {
  std::ostringstream out;
  FakeClock clock;
  {
    ProgressLine line(out, true, clock.function(), std::chrono::milliseconds(0));
    line.show("reading calendars", 4, 4);
    line.show("reading calendars", 4, 4);  // the same text is not written again
    line.show("writing", 12, 32);          // shorter: blanks over the rest, cursor back after the text
    line.show("writing", 13, 32);
  }
  const std::string expected = "\rreading calendars 4/4"
                               "\rwriting 12/32" + std::string(8, ' ') + std::string(8, '\b') +
                               "\rwriting 13/32"
                               "\r" + std::string(13, ' ') + "\r";  // the destructor erases it
  EXPECT_EQ(out.str(), expected);
}

TEST(ProgressLine, EraseMakesRoomForOtherOutputAndTheNextShowPutsItBack) {
  std::ostringstream out;
  FakeClock clock;
  ProgressLine line(out, true, clock.function(), std::chrono::milliseconds(0));
  line.show("writing", 1, 2);
  line.erase();
  out << "HTTP PUT https://host/cal/x.ics 201 5 ms\n";
  line.show("writing", 1, 2);
  line.erase();
  line.erase();  // nothing on screen: nothing written
  EXPECT_EQ(out.str(), "\rwriting 1/2\r           \rHTTP PUT https://host/cal/x.ics 201 5 ms\n\rwriting 1/2\r           \r");
}

TEST(ProgressLine, NotAtATerminalOrQuietShowsNothingEver) {
  std::ostringstream out;
  FakeClock clock;
  {
    ProgressLine line(out, false, clock.function(), std::chrono::milliseconds(0));
    clock.now += std::chrono::seconds(30);
    line.show("writing", 1, 32);
    line.erase();
  }
  EXPECT_EQ(out.str(), "");
}
