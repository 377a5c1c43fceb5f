#include "sync/ics_file_layout.hpp"

#include <algorithm>
#include <cstdint>

#include "ical/errors.hpp"

namespace followup::sync {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = upper(c);
  return out;
}

bool equals_upper(std::string_view text, std::string_view upper_name) {
  return text.size() == upper_name.size() &&
         std::equal(text.begin(), text.end(), upper_name.begin(), [](char a, char b) { return upper(a) == b; });
}

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// RFC 5545 §3.1: a line break followed by one space or tab is a fold, not part of the value.
void unfold(std::string_view raw, std::string& out) {
  out.clear();
  const auto first_break = raw.find('\n');
  if (first_break == std::string_view::npos || first_break + 1 == raw.size()) {
    // The common case: one physical line.
    std::string_view line = raw.substr(0, first_break);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.assign(line);
    return;
  }
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    if (c == '\n') {
      ++i;  // the space or tab that made the next line a continuation
      continue;
    }
    out += c;
  }
}

RawKind kind_of(std::string_view upper_name) {
  if (upper_name == "VEVENT") return RawKind::Event;
  if (upper_name == "VTODO") return RawKind::Todo;
  if (upper_name == "VJOURNAL") return RawKind::Journal;
  if (upper_name == "VTIMEZONE") return RawKind::Timezone;
  return RawKind::Other;
}

// A content line split as far as this scanner needs (RFC 5545 §3.1: name *(";" param) ":" value,
// parameter values possibly quoted, and then holding ':' or ';').
struct ContentLine {
  std::string_view name;
  std::string_view tzid_param;  // unquoted; empty when there is none
  std::string_view value;
};

ContentLine split_line(std::string_view line) {
  ContentLine out;
  std::size_t pos = line.find_first_of(";:");
  out.name = line.substr(0, pos);
  while (pos < line.size() && line[pos] == ';') {
    const std::size_t name_begin = pos + 1;
    pos = line.find_first_of("=;:", name_begin);
    if (pos == std::string_view::npos) return out;
    const std::string_view param = line.substr(name_begin, pos - name_begin);
    if (line[pos] != '=') continue;
    ++pos;
    std::string_view first_value;
    bool first = true;
    for (;;) {
      std::string_view value;
      if (pos < line.size() && line[pos] == '"') {
        const std::size_t close = line.find('"', pos + 1);
        if (close == std::string_view::npos) return out;
        value = line.substr(pos + 1, close - pos - 1);
        pos = close + 1;
      } else {
        const std::size_t stop = std::min(line.find_first_of(",;:", pos), line.size());
        value = line.substr(pos, stop - pos);
        pos = stop;
      }
      if (first) first_value = value;
      first = false;
      if (pos < line.size() && line[pos] == ',') {
        ++pos;
        continue;
      }
      break;
    }
    if (equals_upper(param, "TZID")) out.tzid_param = first_value;
  }
  if (pos < line.size() && line[pos] == ':') out.value = line.substr(pos + 1);
  return out;
}

}  // namespace

std::string_view line_break(LineEnding ending) { return ending == LineEnding::Crlf ? "\r\n" : "\n"; }

std::string with_line_ending(std::string_view text, LineEnding ending) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += line;
    out += line_break(ending);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

void IcsLayoutScanner::fail(std::size_t line, const std::string& reason) const {
  throw BadInput(source_ + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + reason);
}

void IcsLayoutScanner::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t nl = bytes.find('\n');
    const std::size_t take = nl == std::string_view::npos ? bytes.size() : nl + 1;
    physical_.append(bytes.data(), take);
    bytes.remove_prefix(take);
    offset_ += take;
    if (nl == std::string_view::npos) {
      // A binary file or one with bare-CR line breaks has no '\n' to stop at: give up early rather
      // than gather all of it as one line.
      if (!first_line_checked_ && physical_.size() > kMaxFirstLine)
        fail(physical_number_ + 1, "not an iCalendar file (it does not begin with BEGIN:VCALENDAR)");
      if (physical_.size() + logical_.size() > kMaxLine) fail(physical_number_ + 1, "a line longer than 64 MiB");
      return;
    }
    physical_line_done();
  }
}

void IcsLayoutScanner::check_first_line() const {
  std::string_view line = physical_;
  if (physical_begin_ == 0 && line.starts_with(kBom)) line.remove_prefix(kBom.size());
  constexpr std::string_view expected = "BEGIN:VCALENDAR";
  if (line.size() < expected.size() || !equals_upper(line.substr(0, expected.size()), expected))
    fail(physical_number_, "not an iCalendar file (it does not begin with BEGIN:VCALENDAR)");
}

void IcsLayoutScanner::physical_line_done() {
  ++physical_number_;
  if (!first_line_checked_) {
    std::string_view line = physical_;
    if (physical_begin_ == 0 && line.starts_with(kBom)) line.remove_prefix(kBom.size());
    if (!blank(line)) {
      check_first_line();
      first_line_checked_ = true;
    }
  }
  const bool continuation = have_logical_ && !physical_.empty() && (physical_[0] == ' ' || physical_[0] == '\t');
  if (continuation) {
    logical_ += physical_;
    if (logical_.size() > kMaxLine) fail(logical_number_, "a line longer than 64 MiB");
  } else {
    if (have_logical_) logical_line(logical_, logical_begin_);
    logical_.swap(physical_);
    logical_begin_ = physical_begin_;
    logical_number_ = physical_number_;
    have_logical_ = true;
  }
  physical_.clear();
  physical_begin_ = offset_;
}

void IcsLayoutScanner::logical_line(std::string_view raw, std::uint64_t begin) {
  unfold(raw, content_);
  std::string_view content = content_;
  if (begin == 0 && content.starts_with(kBom)) content.remove_prefix(kBom.size());
  if (blank(content)) {
    if (open_.size() >= 2) current_hash_.add_bytes(raw);
    return;
  }
  const ContentLine line = split_line(content);
  if (equals_upper(line.name, "BEGIN")) return begin_line(trimmed(line.value), raw, begin);
  if (equals_upper(line.name, "END")) return end_line(trimmed(line.value), raw, begin);
  if (!seen_calendar_) fail(logical_number_, "not an iCalendar file (it does not begin with BEGIN:VCALENDAR)");
  property_line(line.name, line.tzid_param, line.value, raw);
}

void IcsLayoutScanner::begin_line(std::string_view name, std::string_view raw, std::uint64_t begin) {
  std::string upper_name = upper(name);
  if (open_.empty()) {
    if (upper_name != "VCALENDAR") {
      if (!seen_calendar_) fail(logical_number_, "not an iCalendar file (it does not begin with BEGIN:VCALENDAR)");
      return;  // a stray line between calendars: kept as it is
    }
    if (layout_.calendars.empty()) layout_.line_ending = raw.ends_with("\r\n") ? LineEnding::Crlf : LineEnding::Lf;
    seen_calendar_ = true;
    layout_.calendars.push_back({begin, 0});
    open_.push_back(std::move(upper_name));
    return;
  }
  if (open_.size() >= kMaxDepth) fail(logical_number_, "components nested too deeply");
  if (open_.size() == 1) {
    current_ = RawComponent{};
    current_.kind = kind_of(upper_name);
    current_.begin = begin;
    current_.calendar = static_cast<std::uint32_t>(layout_.calendars.size() - 1);
    current_.line = static_cast<std::uint32_t>(std::min<std::size_t>(logical_number_, UINT32_MAX));
    current_hash_ = Fnv1a64{};
  }
  open_.push_back(std::move(upper_name));
  current_hash_.add_bytes(raw);
}

void IcsLayoutScanner::end_line(std::string_view name, std::string_view raw, std::uint64_t begin) {
  if (!seen_calendar_) fail(logical_number_, "not an iCalendar file (it does not begin with BEGIN:VCALENDAR)");
  if (open_.empty()) return;  // a stray line between calendars
  const std::string upper_name = upper(name);
  if (upper_name != open_.back())
    fail(logical_number_, "END:" + upper_name + " where END:" + open_.back() + " was expected");
  if (open_.size() >= 2) current_hash_.add_bytes(raw);
  open_.pop_back();
  if (open_.size() == 1) {
    current_.end = begin + raw.size();
    current_.hash = current_hash_.value();
    layout_.components.push_back(std::move(current_));
    current_ = RawComponent{};
  } else if (open_.empty()) {
    layout_.calendars.back().end_line = begin;
  }
}

void IcsLayoutScanner::property_line(std::string_view name, std::string_view tzid_param, std::string_view value,
                                     std::string_view raw) {
  if (open_.empty()) return;  // a stray line between calendars
  if (open_.size() == 1) {
    if (layout_.version_line.empty() && equals_upper(name, "VERSION")) layout_.version_line = raw;
    if (layout_.prodid_line.empty() && equals_upper(name, "PRODID")) layout_.prodid_line = raw;
    return;
  }
  current_hash_.add_bytes(raw);
  if (open_.size() == 2) {
    // The component's own UID, not that of something nested in it.
    if (current_.uid.empty() && equals_upper(name, "UID")) current_.uid = value;
    if (current_.kind == RawKind::Timezone && current_.tzid.empty() && equals_upper(name, "TZID"))
      current_.tzid = value;
  }
  if (!tzid_param.empty() &&
      std::find(current_.tzids_used.begin(), current_.tzids_used.end(), tzid_param) == current_.tzids_used.end())
    current_.tzids_used.emplace_back(tzid_param);
}

IcsLayout IcsLayoutScanner::finish() {
  if (!physical_.empty()) physical_line_done();
  if (have_logical_) logical_line(logical_, logical_begin_);
  have_logical_ = false;
  if (!seen_calendar_) fail(0, "not an iCalendar file (no BEGIN:VCALENDAR)");
  if (!open_.empty()) fail(physical_number_, "ends inside " + open_.back() + " (END:" + open_.back() + " is missing)");
  layout_.size = offset_;
  return std::move(layout_);
}

IcsLayout scan_ics_text(std::string_view text, std::string source) {
  IcsLayoutScanner scanner(std::move(source));
  scanner.feed(text);
  return scanner.finish();
}

}  // namespace followup::sync
