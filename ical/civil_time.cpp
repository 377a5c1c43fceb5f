#include "ical/civil_time.hpp"

#include <algorithm>
#include <cstdio>

namespace followup::ical {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::chrono::year_month_day kFirstDay{std::chrono::year{kFirstSupportedYear},
                                                std::chrono::January, std::chrono::day{1}};
constexpr std::chrono::year_month_day kLastDay{std::chrono::year{kLastSupportedYear},
                                               std::chrono::December, std::chrono::day{31}};

}  // namespace

SysSeconds clamp_to_supported(SysSeconds t) {
  const SysSeconds first{std::chrono::sys_days{kFirstDay}};
  const SysSeconds last{std::chrono::sys_days{kLastDay} + hours{23} + minutes{59} + seconds{59}};
  return std::clamp(t, first, last);
}

LocalSeconds clamp_to_supported(LocalSeconds t) {
  const LocalSeconds first{std::chrono::local_days{kFirstDay}};
  const LocalSeconds last{std::chrono::local_days{kLastDay} + hours{23} + minutes{59} + seconds{59}};
  return std::clamp(t, first, last);
}

std::optional<LocalSeconds> wall_of(const icaltimetype& value) {
  if (value.year < kFirstSupportedYear || value.year > kLastSupportedYear || value.month < 1 ||
      value.month > 12 || value.day < 1 || value.day > 31)
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{value.year},
                                         std::chrono::month{static_cast<unsigned>(value.month)},
                                         std::chrono::day{static_cast<unsigned>(value.day)}};
  if (!date.ok()) return std::nullopt;
  const LocalSeconds midnight{std::chrono::local_days{date}};
  if (value.is_date) return midnight;
  // Second 60 is a leap second (RFC 5545 §3.3.12); it reads as the first second of the next minute.
  if (value.hour < 0 || value.hour > 23 || value.minute < 0 || value.minute > 59 || value.second < 0 ||
      value.second > 60)
    return std::nullopt;
  return midnight + hours{value.hour} + minutes{value.minute} + seconds{value.second};
}

icaltimetype icaltime_of(LocalSeconds wall, bool is_date) {
  const LocalSeconds clamped = clamp_to_supported(wall);
  const auto day = std::chrono::floor<days>(clamped);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{clamped - day};
  icaltimetype value = icaltime_null_time();
  value.year = static_cast<int>(date.year());
  value.month = static_cast<int>(static_cast<unsigned>(date.month()));
  value.day = static_cast<int>(static_cast<unsigned>(date.day()));
  if (is_date) {
    value.is_date = 1;
  } else {
    value.hour = static_cast<int>(time.hours().count());
    value.minute = static_cast<int>(time.minutes().count());
    value.second = static_cast<int>(time.seconds().count());
  }
  return value;
}

std::string format_ical(LocalSeconds wall, bool is_date, bool utc) {
  const icaltimetype v = icaltime_of(wall, is_date);
  char text[32];
  if (is_date)
    std::snprintf(text, sizeof text, "%04d%02d%02d", v.year, v.month, v.day);
  else
    std::snprintf(text, sizeof text, "%04d%02d%02dT%02d%02d%02d%s", v.year, v.month, v.day, v.hour,
                  v.minute, v.second, utc ? "Z" : "");
  return text;
}

}  // namespace followup::ical
