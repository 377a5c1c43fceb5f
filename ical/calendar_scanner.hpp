#pragma once
// Splits unfolded content lines into VCALENDARs and their top-level components (VEVENT, VTODO,
// VTIMEZONE, ...) without parsing them, checking that BEGIN and END pair up. Private to ical/.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace followup::ical {

// One top-level component of a VCALENDAR, as text, plus what the reader needs to know before it
// decides whether to parse it.
struct ScannedBlock {
  std::string name;       // upper-cased component name: "VEVENT"
  std::size_t line = 0;   // line of its BEGIN
  // Its unfolded lines, each followed by '\n', property names upper-cased (RFC 5545 §3.1: names are
  // case-insensitive, and libical 3.0.16 rejects a lower-case X- name), values as written. ATTACH
  // lines are left out and lines over 1 MiB cut (see component_line).
  std::string text;
  // From the component's own properties (not those of a VALARM inside it):
  std::string uid;                  // UID value as written
  std::string tzid;                 // a VTIMEZONE's TZID
  std::string recurrence_id_line;   // the RECURRENCE-ID content line, empty when there is none
  bool recurs = false;              // has RRULE, RDATE or EXRULE
  std::vector<std::string> tzids;   // TZID parameters used, each once, unquoted
  bool too_many_tzids = false;      // more than kMaxTzids: `tzids` is incomplete
  static constexpr std::size_t kMaxTzids = 32;
  // What was changed in `text` (a line cut short), by line: reported only if the component is read.
  std::vector<std::pair<std::size_t, std::string>> notes;
};

class ScanHandler {
 public:
  virtual ~ScanHandler() = default;
  virtual void calendar_begin(std::size_t line) = 0;
  virtual void calendar_end() = 0;
  // Whether components of this name are wanted at all; the others are only checked for balance.
  virtual bool wants(std::string_view component_name) = 0;
  // A complete, balanced component that is wanted. The handler may move the text away.
  virtual void component(ScannedBlock& block) = 0;
  virtual void problem(std::size_t line, std::string reason) = 0;
};

class CalendarScanner {
 public:
  explicit CalendarScanner(ScanHandler& handler) : handler_(handler) {}
  void line(std::string_view text, std::size_t number);
  // End of input: reports what is still open.
  void finish();

 private:
  enum class State { Outside, InCalendar, InComponent };
  static constexpr std::size_t kMaxDepth = 16;
  static constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

  void calendar_begin_line(std::size_t number);
  void calendar_end_line(std::size_t number);
  void component_begin_line(std::string_view text, std::size_t number);
  void component_end_line(std::string_view text, std::size_t number);
  void begin_calendar(std::size_t number);
  void end_calendar();
  void begin_component(std::string_view name, std::size_t number);
  void abandon_component(std::string reason);
  void component_line(std::string_view text, std::size_t number);
  void note_property(std::string_view name, std::string_view params, std::string_view value,
                     std::string_view text);

  ScanHandler& handler_;
  State state_ = State::Outside;
  bool saw_calendar_ = false;
  std::size_t calendar_line_ = 0;
  ScannedBlock block_;
  bool wanted_ = false;
  std::string broken_;  // why the current component will be skipped at its END, empty when fine
  std::vector<std::pair<std::string, std::size_t>> open_;  // components open inside block_, outermost first
  std::string scratch_;  // upper-cased name or value of the current line
};

}  // namespace followup::ical
