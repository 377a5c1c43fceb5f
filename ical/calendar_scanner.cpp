#include "ical/calendar_scanner.hpp"

#include <algorithm>
#include <array>

namespace followup::ical {
namespace {

// A content line split per RFC 5545 §3.1: name, then ";param=value" parts, then ':' and the value.
// The ':' that ends the parameters is the first one outside double quotes (TZID="a:b").
struct ContentLine {
  std::string_view name;
  std::string_view params;  // with its leading ';', empty when there are none
  std::string_view value;
  bool has_colon = false;
};

ContentLine split_content_line(std::string_view text) {
  ContentLine parts;
  std::size_t i = 0;
  while (i < text.size() && text[i] != ';' && text[i] != ':') ++i;
  parts.name = text.substr(0, i);
  const std::size_t params_start = i;
  bool quoted = false;
  while (i < text.size() && (quoted || text[i] != ':')) {
    if (text[i] == '"') quoted = !quoted;
    ++i;
  }
  parts.params = text.substr(params_start, i - params_start);
  if (i < text.size()) {
    parts.has_colon = true;
    parts.value = text.substr(i + 1);
  }
  return parts;
}

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

void assign_upper(std::string& out, std::string_view in) {
  out.assign(in);
  for (char& c : out) c = upper(c);
}

bool equals_upper(std::string_view text, std::string_view upper_word) {
  if (text.size() != upper_word.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (upper(text[i]) != upper_word[i]) return false;
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Components that only ever stand directly in a VCALENDAR (RFC 5545 §3.6). Meeting one inside
// another means the other lacks its END.
bool is_top_level_only(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kNames{"VEVENT",    "VTODO",     "VJOURNAL",
                                                          "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// The TZID parameter's value among ";A=b;TZID=\"x\"" parameters, unquoted; empty when absent.
std::string_view tzid_parameter(std::string_view params) {
  while (!params.empty()) {
    params.remove_prefix(1);  // the ';'
    std::size_t end = 0;
    bool quoted = false;
    while (end < params.size() && (quoted || params[end] != ';')) {
      if (params[end] == '"') quoted = !quoted;
      ++end;
    }
    const std::string_view param = params.substr(0, end);
    params.remove_prefix(end);
    const std::size_t equals = param.find('=');
    if (equals == std::string_view::npos || !equals_upper(trim(param.substr(0, equals)), "TZID")) continue;
    std::string_view value = trim(param.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return value;
  }
  return {};
}

// RFC 5545 §3.3.11 TEXT escapes: \\ \; \, \n \N.
std::string unescape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char next = text[++i];
    out += next == 'n' || next == 'N' ? '\n' : next;
  }
  return out;
}

}  // namespace

void CalendarScanner::line(std::string_view text, std::size_t number) {
  if (text.empty()) return;  // not allowed by RFC 5545, but harmless
  const ContentLine parts = split_content_line(text);
  // As libical's parser does, BEGIN and END count whatever parameters they carry.
  const bool is_begin = parts.has_colon && equals_upper(parts.name, "BEGIN");
  const bool is_end = parts.has_colon && equals_upper(parts.name, "END");
  if (is_begin || is_end) assign_upper(scratch_, trim(parts.value));

  switch (state_) {
    case State::Outside:
      // Anything before BEGIN:VCALENDAR (mail headers, a web page, blank lines) is not ours.
      if (is_begin && scratch_ == "VCALENDAR") begin_calendar(number);
      return;
    case State::InCalendar:
      // Calendar properties (PRODID, VERSION, X-WR-CALNAME) are not needed.
      if (is_begin) return calendar_begin_line(number);
      if (is_end) return calendar_end_line(number);
      return;
    case State::InComponent:
      if (is_begin) return component_begin_line(text, number);
      if (is_end) return component_end_line(text, number);
      component_line(text, number);
      if (open_.size() == 1 && wanted_) note_property(parts.name, parts.params, parts.value, text);
      return;
  }
}

void CalendarScanner::calendar_begin_line(std::size_t number) {
  if (scratch_ != "VCALENDAR") return begin_component(scratch_, number);
  handler_.problem(calendar_line_, "BEGIN:VCALENDAR has no END:VCALENDAR before the next BEGIN:VCALENDAR at line " +
                                       std::to_string(number));
  end_calendar();
  begin_calendar(number);
}

void CalendarScanner::calendar_end_line(std::size_t number) {
  if (scratch_ == "VCALENDAR") return end_calendar();
  handler_.problem(number, "END:" + scratch_ + " has no BEGIN:" + scratch_);
}

void CalendarScanner::component_begin_line(std::string_view text, std::size_t number) {
  if (scratch_ == "VCALENDAR") {
    abandon_component("BEGIN:" + block_.name + " has no END:" + block_.name);
    return calendar_begin_line(number);
  }
  if (is_top_level_only(scratch_)) {
    abandon_component("BEGIN:" + block_.name + " has no END:" + block_.name + " before BEGIN:" + scratch_ +
                      " at line " + std::to_string(number));
    return begin_component(scratch_, number);
  }
  // Real components nest three deep (VCALENDAR, VEVENT, VALARM). libical frees a parse tree
  // recursively, so a hostile depth would overflow the stack: such a component is never parsed.
  if (open_.size() >= kMaxDepth && broken_.empty())
    broken_ = "components are nested more than " + std::to_string(kMaxDepth) + " deep";
  open_.emplace_back(scratch_, number);
  component_line(text, number);
}

void CalendarScanner::component_end_line(std::string_view text, std::size_t number) {
  // Only the innermost few are searched, so a stream of mismatched ENDs costs little.
  const auto searched_end = open_.rbegin() + static_cast<std::ptrdiff_t>(std::min(open_.size(), kMaxDepth + 1));
  auto open = std::find_if(open_.rbegin(), searched_end, [&](const auto& entry) { return entry.first == scratch_; });
  if (open == searched_end) open = open_.rend();
  if (open == open_.rend()) {
    if (scratch_ == "VCALENDAR") {
      abandon_component("BEGIN:" + block_.name + " has no END:" + block_.name);
      return end_calendar();
    }
    if (broken_.empty())
      broken_ = "END:" + scratch_ + " at line " + std::to_string(number) + " has no BEGIN:" + scratch_;
    return;
  }
  // Components opened inside the one this END closes were never closed themselves.
  const auto closed = static_cast<std::size_t>(open_.rend() - open) - 1;
  if (closed + 1 < open_.size() && broken_.empty()) {
    const auto& [name, line] = open_[closed + 1];
    broken_ = "BEGIN:" + name + " at line " + std::to_string(line) + " has no END:" + name;
  }
  open_.resize(closed);
  component_line(text, number);
  if (!open_.empty()) return;
  state_ = State::InCalendar;
  if (!broken_.empty())
    handler_.problem(block_.line, broken_);
  else if (wanted_)
    handler_.component(block_);
}

void CalendarScanner::finish() {
  if (state_ == State::InComponent)
    abandon_component("BEGIN:" + block_.name + " has no END:" + block_.name + " (the input ends first)");
  if (state_ == State::InCalendar) {
    handler_.problem(calendar_line_, "BEGIN:VCALENDAR has no END:VCALENDAR (the input ends first)");
    end_calendar();
  }
  if (!saw_calendar_) handler_.problem(1, "not iCalendar data: there is no BEGIN:VCALENDAR");
}

void CalendarScanner::begin_calendar(std::size_t number) {
  state_ = State::InCalendar;
  saw_calendar_ = true;
  calendar_line_ = number;
  handler_.calendar_begin(number);
}

void CalendarScanner::end_calendar() {
  state_ = State::Outside;
  handler_.calendar_end();
}

void CalendarScanner::begin_component(std::string_view name, std::size_t number) {
  state_ = State::InComponent;
  block_.name.assign(name);
  block_.line = number;
  block_.text.clear();
  block_.uid.clear();
  block_.tzid.clear();
  block_.recurrence_id_line.clear();
  block_.recurs = false;
  block_.tzids.clear();
  block_.too_many_tzids = false;
  block_.notes.clear();
  broken_.clear();
  open_.clear();
  open_.emplace_back(block_.name, number);
  wanted_ = handler_.wants(block_.name);
  if (wanted_) block_.text.append("BEGIN:").append(block_.name).push_back('\n');
}

void CalendarScanner::abandon_component(std::string reason) {
  handler_.problem(block_.line, std::move(reason));
  state_ = State::InCalendar;
  open_.clear();
}

// libical 3.0.16 parses a content line in time quadratic in its length (measured: 1 MB 0.07 s, 5 MB
// 4.3 s). ATTACH (inline base64 files in invitations) is never read, so it is left out; any other
// line is cut at kMaxLineBytes, and the cut is noted.
void CalendarScanner::component_line(std::string_view text, std::size_t number) {
  if (!wanted_) return;
  const std::size_t name_length = std::min(text.find_first_of(";:"), text.size());
  if (equals_upper(text.substr(0, name_length), "ATTACH")) return;
  if (text.size() > kMaxLineBytes) {
    std::size_t cut = kMaxLineBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    std::size_t backslashes = 0;
    while (backslashes < cut && text[cut - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 1) --cut;  // not between a backslash and what it escapes
    block_.notes.emplace_back(number, std::string{text.substr(0, std::min<std::size_t>(name_length, 40))} +
                                          " is longer than " + std::to_string(kMaxLineBytes >> 20) +
                                          " MiB; only its start is read");
    text = text.substr(0, cut);
  }
  const std::size_t start = block_.text.size();
  block_.text.append(text).push_back('\n');
  for (std::size_t i = start; i < start + name_length; ++i) block_.text[i] = upper(block_.text[i]);
}

void CalendarScanner::note_property(std::string_view name, std::string_view params, std::string_view value,
                                    std::string_view text) {
  assign_upper(scratch_, name);
  if (scratch_ == "UID") {
    if (block_.uid.empty()) block_.uid.assign(trim(value));
  } else if (scratch_ == "RRULE" || scratch_ == "RDATE" || scratch_ == "EXRULE") {
    block_.recurs = true;
  } else if (scratch_ == "RECURRENCE-ID") {
    block_.recurrence_id_line.assign(scratch_).append(text.substr(name.size()));
  } else if (scratch_ == "TZID" && block_.name == "VTIMEZONE") {
    // TZID is TEXT: Exchange writes "TZID:(UTC+07:00) Bangkok\, Hanoi\, Jakarta" and refers to it as
    // TZID="(UTC+07:00) Bangkok, Hanoi, Jakarta".
    block_.tzid = unescape_text(trim(value));
  }
  if (params.empty()) return;
  const std::string_view tzid = tzid_parameter(params);
  if (tzid.empty() || std::find(block_.tzids.begin(), block_.tzids.end(), tzid) != block_.tzids.end()) return;
  if (block_.tzids.size() < ScannedBlock::kMaxTzids)
    block_.tzids.emplace_back(tzid);
  else
    block_.too_many_tzids = true;
}

}  // namespace followup::ical
