#pragma once
// Where each top-level component of an iCalendar stream lies, in bytes, found by reading BEGIN:/END:
// lines only (RFC 5545 §3.4, §3.6: a VCALENDAR holds VEVENT, VTODO, VJOURNAL, VTIMEZONE, ... each
// delimited by BEGIN/END lines). Names are matched case-insensitively and lines unfolded (§3.1), so a
// folded UID is found; nothing else is parsed or changed. The stream is fed in pieces and only one
// content line is held at a time, so a large calendar is scanned without holding it in memory.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "sync/fnv_hash.hpp"

namespace followup::sync {

enum class LineEnding { Crlf, Lf };
std::string_view line_break(LineEnding ending);

// `text` with every line ending in `ending` (and a line break after the last line).
std::string with_line_ending(std::string_view text, LineEnding ending);

enum class RawKind : std::uint8_t { Event, Todo, Journal, Timezone, Other };

// One component directly inside a VCALENDAR. A large calendar has hundreds of thousands of these, so
// they hold offsets and the few strings needed, nothing else.
struct RawComponent {
  std::uint64_t begin = 0;     // offset of its BEGIN line
  std::uint64_t end = 0;       // offset just past the line break of its END line
  std::uint64_t hash = 0;      // FNV-1a 64 of its bytes [begin, end)
  std::uint32_t calendar = 0;  // index of its VCALENDAR in IcsLayout::calendars
  std::uint32_t line = 0;      // line number of its BEGIN, for messages
  RawKind kind = RawKind::Other;
  std::string uid;                      // its own UID, unfolded, as written; empty when it has none
  std::string tzid;                     // a VTIMEZONE's TZID
  std::vector<std::string> tzids_used;  // TZID parameters of its properties (and its VALARMs'), each once
};

struct RawCalendar {
  std::uint64_t begin = 0;     // offset of BEGIN:VCALENDAR
  std::uint64_t end_line = 0;  // offset of its END:VCALENDAR line: where components are appended
};

struct IcsLayout {
  std::vector<RawCalendar> calendars;
  // In stream order. A deque: growing it never needs the old and a twice larger copy at once.
  std::deque<RawComponent> components;
  // The VERSION and PRODID lines of the (first) calendar, raw (folded, with their line break); empty
  // when there is none.
  std::string version_line;
  std::string prodid_line;
  LineEnding line_ending = LineEnding::Crlf;  // that of the BEGIN:VCALENDAR line
  std::uint64_t size = 0;
};

class IcsLayoutScanner {
 public:
  // `source` names the stream in messages: a path.
  explicit IcsLayoutScanner(std::string source) : source_(std::move(source)) {}

  // The next bytes of the stream. Throws BadInput as soon as the stream cannot be iCalendar.
  void feed(std::string_view bytes);
  // The end of the stream. Throws BadInput "<source>:<line>: <reason>" when it is not iCalendar (does
  // not begin with BEGIN:VCALENDAR) or BEGIN/END lines do not pair up: such a file is never edited.
  IcsLayout finish();

 private:
  static constexpr std::size_t kMaxFirstLine = 4096;
  static constexpr std::size_t kMaxLine = std::size_t{64} << 20;
  static constexpr std::size_t kMaxDepth = 64;

  void physical_line_done();
  void check_first_line() const;
  void logical_line(std::string_view raw, std::uint64_t begin);
  void begin_line(std::string_view name, std::string_view raw, std::uint64_t begin);
  void end_line(std::string_view name, std::string_view raw, std::uint64_t begin);
  void property_line(std::string_view name, std::string_view tzid_param, std::string_view value, std::string_view raw);
  [[noreturn]] void fail(std::size_t line, const std::string& reason) const;

  std::string source_;
  IcsLayout layout_;
  std::uint64_t offset_ = 0;  // bytes fed so far
  // The physical line being read (with its line break once complete) and where it starts.
  std::string physical_;
  std::uint64_t physical_begin_ = 0;
  std::size_t physical_number_ = 0;
  bool first_line_checked_ = false;
  // The logical line so far: a physical line and its continuation lines, raw.
  std::string logical_;
  bool have_logical_ = false;
  std::uint64_t logical_begin_ = 0;
  std::size_t logical_number_ = 0;
  std::string content_;  // the logical line unfolded, without its line break (reused buffer)
  bool seen_calendar_ = false;
  std::vector<std::string> open_;  // components open, outermost (VCALENDAR) first, upper-cased
  RawComponent current_;           // the top-level component being read
  Fnv1a64 current_hash_;
};

// Scans a whole text (an object handed to create/update).
IcsLayout scan_ics_text(std::string_view text, std::string source);

}  // namespace followup::sync
