#pragma once
// Content lines of an iCalendar stream, unfolded (RFC 5545 §3.1), one at a time. Private to ical/.
#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

namespace followup::ical {

class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in) {}

  // The next logical line, unfolded, without its line break; false at the end of the stream.
  // `line` stays valid until the next call; `number` is the 1-based number of its first physical line.
  bool next(std::string_view& line, std::size_t& number);

 private:
  bool read_physical();

  std::istream& in_;
  // Two buffers swapped back and forth, so a long stream is read without an allocation per line.
  std::string current_;
  std::string lookahead_;
  bool have_lookahead_ = false;
  std::size_t lookahead_number_ = 0;
  std::size_t physical_lines_ = 0;
};

}  // namespace followup::ical
