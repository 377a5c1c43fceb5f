#include "ical/line_reader.hpp"

#include <utility>

namespace followup::ical {

// One physical line into lookahead_: CR LF or bare LF (some servers), and a UTF-8 byte order mark at
// the start of a line dropped (Windows editors write one; concatenated files carry one per file).
bool LineReader::read_physical() {
  if (!std::getline(in_, lookahead_)) return false;
  ++physical_lines_;
  lookahead_number_ = physical_lines_;
  if (!lookahead_.empty() && lookahead_.back() == '\r') lookahead_.pop_back();
  if (lookahead_.size() >= 3 && lookahead_.compare(0, 3, "\xEF\xBB\xBF") == 0) lookahead_.erase(0, 3);
  return true;
}

// A physical line that starts with a space or a tab continues the one before it (RFC 5545 §3.1):
// the line break and that one character are removed. Unfolding works on bytes, before any UTF-8
// decoding, so a fold in the middle of a multi-byte character joins it back together.
bool LineReader::next(std::string_view& line, std::size_t& number) {
  if (!have_lookahead_ && !read_physical()) return false;
  std::swap(current_, lookahead_);
  number = lookahead_number_;
  have_lookahead_ = false;
  while (read_physical()) {
    if (!lookahead_.empty() && (lookahead_.front() == ' ' || lookahead_.front() == '\t')) {
      current_.append(lookahead_, 1, std::string::npos);
      continue;
    }
    have_lookahead_ = true;
    break;
  }
  line = current_;
  return true;
}

}  // namespace followup::ical
