#include "ical/content_lines.hpp"

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

std::string refold(std::string_view text) {
  // Unfold: a line break followed by a space or tab joins the lines (RFC 5545 §3.1). Text values
  // escape their own line breaks, so any CR or LF left is a line end; libical's misplaced folds
  // ("\r" "\r\n " "\n") join back into a plain "\r\n".
  std::string unfolded;
  unfolded.reserve(text.size());
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
  out.reserve(unfolded.size() + unfolded.size() / 32);
  std::size_t start = 0;
  while (start < unfolded.size()) {
    std::size_t end = unfolded.find_first_of("\r\n", start);
    if (end == std::string::npos) end = unfolded.size();
    if (end > start) fold_into(std::string_view(unfolded).substr(start, end - start), out);
    start = end;
    while (start < unfolded.size() && (unfolded[start] == '\r' || unfolded[start] == '\n')) ++start;
  }
  return out;
}

}  // namespace followup::ical
