// ISO 8601 instants with an offset, for output a person reads and for options a person types.
#include <cstdio>
#include <stdexcept>

#include "ical/zone.hpp"

namespace followup::ical {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

[[noreturn]] void reject(const std::string& text) {
  throw std::invalid_argument("not an ISO 8601 instant (YYYY-MM-DDTHH:MM:SS with Z or an offset): '" +
                              text + "'");
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number written in text[at, at + count), all digits; -1 otherwise.
int digits(const std::string& text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!is_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool has(const std::string& text, std::size_t at, char c) { return at < text.size() && text[at] == c; }

}  // namespace

std::string format_iso(SysSeconds t, const Zone& zone) {
  const LocalSeconds local = zone.to_local(t);
  const auto day = std::chrono::floor<days>(local);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{local - day};
  const long long offset = zone.utc_offset(t).count();
  const long long magnitude = offset < 0 ? -offset : offset;
  char text[128];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02lld:%02lld:%02lld%c%02lld:%02lld",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long long>(time.hours().count()),
                static_cast<long long>(time.minutes().count()),
                static_cast<long long>(time.seconds().count()), offset < 0 ? '-' : '+',
                magnitude / 3600, magnitude % 3600 / 60);
  std::string result{text};
  // Local mean times before 1900 have offsets with seconds (Berlin: +00:53:28); keep them exact.
  if (magnitude % 60 != 0) {
    std::snprintf(text, sizeof text, ":%02lld", magnitude % 60);
    result += text;
  }
  return result;
}

// YYYY-MM-DDTHH:MM:SS, optional .fraction (dropped), then Z, ±HH:MM or ±HHMM.
SysSeconds parse_iso_instant(const std::string& text) {
  const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || !has(text, 4, '-') ||
      !has(text, 7, '-') || !has(text, 10, 'T') || !has(text, 13, ':') || !has(text, 16, ':'))
    reject(text);
  std::size_t at = 19;
  if (has(text, at, '.') || has(text, at, ',')) {
    ++at;
    const std::size_t first_digit = at;
    while (at < text.size() && is_digit(text[at])) ++at;
    if (at == first_digit) reject(text);
  }
  seconds offset{0};
  if (has(text, at, 'Z') && at + 1 == text.size()) {
    at += 1;
  } else if (has(text, at, '+') || has(text, at, '-')) {
    const bool negative = text[at] == '-';
    const int offset_hours = digits(text, at + 1, 2);
    const bool colon = has(text, at + 3, ':');
    const int offset_minutes = digits(text, at + (colon ? 4 : 3), 2);
    at += colon ? 6 : 5;
    if (offset_hours < 0 || offset_minutes < 0 || offset_hours > 23 || offset_minutes > 59) reject(text);
    offset = hours{offset_hours} + minutes{offset_minutes};
    if (negative) offset = -offset;
  } else {
    reject(text);
  }
  if (at != text.size()) reject(text);
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) reject(text);
  const SysSeconds wall_as_utc =
      std::chrono::sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
  return wall_as_utc - offset;
}

}  // namespace followup::ical
