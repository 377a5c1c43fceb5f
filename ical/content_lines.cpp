#include "ical/content_lines.hpp"

#include <algorithm>

namespace followup::ical {
namespace {

constexpr std::size_t kMaxOctets = 75;  // RFC 5545 §3.1, not counting the line break

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Where to cut `line` so that at most `room` octets come first, backing off to the start of a UTF-8
// sequence.
std::size_t cut(std::string_view line, std::size_t room) {
  if (line.size() <= room) return line.size();
  std::size_t at = room;
  while (at > 1 && is_continuation_byte(line[at])) --at;
  return at;
}

void fold_into(std::string_view line, std::string& out) {
  std::size_t room = kMaxOctets;
  while (!line.empty()) {
    const std::size_t n = cut(line, room);
    out.append(line.substr(0, n));
    out += "\r\n";
    line.remove_prefix(n);
    if (!line.empty()) out += ' ';
    room = kMaxOctets - 1;  // the leading space counts
  }
}

}  // namespace

// One logical line at a time: its physical pieces are appended to `line` in chunks (not byte by byte:
// the writer refolds every item it writes, and this loop was a tenth of `followup import`, issue 7),
// then folded into `out`.
std::string refold(std::string_view text) {
  // Unfold: a line break followed by a space or tab joins the lines (RFC 5545 §3.1). Text values
  // escape their own line breaks, so any CR or LF left is a line end; libical's misplaced folds
  // ("\r" "\r\n " "\n") join back into a plain "\r\n".
  const auto folds_at = [&text](std::size_t i) {
    if (text[i] == '\r') return i + 2 < text.size() && text[i + 1] == '\n' && (text[i + 2] == ' ' || text[i + 2] == '\t');
    return i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t') && (i == 0 || text[i - 1] != '\r');
  };
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  std::string line;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t end = std::min(text.find_first_of("\r\n", i), text.size());
    line.append(text, i, end - i);
    i = end;
    if (i < text.size() && folds_at(i)) {
      i += text[i] == '\r' ? std::size_t{3} : std::size_t{2};  // the line break and the one space or tab after it
      continue;
    }
    if (!line.empty()) fold_into(line, out);
    line.clear();
    while (i < text.size() && (text[i] == '\r' || text[i] == '\n') && !folds_at(i)) ++i;
  }
  if (!line.empty()) fold_into(line, out);  // a fold at the very end: the last line is still open
  return out;
}

}  // namespace followup::ical
