#include "cli/progress.hpp"

#include <unistd.h>

#include <ostream>

namespace followup::cli {

ProgressLine::ProgressLine(std::ostream& out, bool shown, Clock clock, std::chrono::milliseconds delay)
    : out_(out), shown_(shown), clock_(std::move(clock)), started_(clock_()), delay_(delay) {}

ProgressLine::~ProgressLine() { erase(); }

void ProgressLine::show(std::string_view stage, std::size_t done, std::size_t total) {
  if (!shown_ || clock_() - started_ < delay_) return;
  std::string text(stage);
  text += " " + std::to_string(done) + "/" + std::to_string(total);
  if (text == on_screen_) return;
  // Spaces over what is left of a longer line before; the cursor stays at the end of the text.
  const std::size_t cover = on_screen_.size() > text.size() ? on_screen_.size() - text.size() : 0;
  out_ << '\r' << text << std::string(cover, ' ') << std::string(cover, '\b') << std::flush;
  on_screen_ = std::move(text);
}

void ProgressLine::erase() {
  if (on_screen_.empty()) return;
  out_ << '\r' << std::string(on_screen_.size(), ' ') << '\r' << std::flush;
  on_screen_.clear();
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace followup::cli
