#pragma once
// Progress of a long run for a person at a terminal: "reading calendars 2/4", "writing 12/32" on one
// line of stderr, overwritten in place (\r) and erased at the end, so that nothing of it is left on the
// screen or in a log. Nothing at all unless asked for (stderr a terminal and no -q: the command decides
// and says so here, which is what lets tests run it without a terminal) and until the run has taken
// about a second: a quick run, the usual cron one, shows nothing.
#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace followup::cli {

class ProgressLine {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `shown`: whether a person watches (stderr is a terminal, not -q). `clock` and `delay` for tests.
  ProgressLine(std::ostream& out, bool shown, Clock clock = std::chrono::steady_clock::now,
               std::chrono::milliseconds delay = std::chrono::seconds{1});
  ~ProgressLine();  // erases the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // "STAGE DONE/TOTAL" in place of what was there.
  void show(std::string_view stage, std::size_t done, std::size_t total);
  // Takes the line off the screen (before other output goes to the same terminal, and at the end); the
  // next show() puts it back.
  void erase();

 private:
  std::ostream& out_;
  bool shown_;
  Clock clock_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::milliseconds delay_;
  std::string on_screen_;  // what the line shows now ("" when nothing)
};

// Whether standard error is a terminal (isatty).
bool stderr_is_terminal();

}  // namespace followup::cli
