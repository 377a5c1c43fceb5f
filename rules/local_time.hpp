#pragma once
// Calendar arithmetic in the user's zone: which day an instant falls on, and the instant of a wall
// time on a day. DST is the zone's business (ical::Zone).
#include <chrono>
#include <string>

#include "ical/time.hpp"
#include "ical/zone.hpp"

namespace followup::rules {

inline Date local_date(SysSeconds t, const ical::Zone& zone) {
  return Date{std::chrono::floor<std::chrono::days>(zone.to_local(t))};
}

inline std::chrono::minutes local_time_of_day(SysSeconds t, const ical::Zone& zone) {
  const auto local = zone.to_local(t);
  return std::chrono::floor<std::chrono::minutes>(local - std::chrono::floor<std::chrono::days>(local));
}

inline SysSeconds at_local(Date day, std::chrono::minutes time_of_day, const ical::Zone& zone) {
  return zone.to_sys(std::chrono::local_days{day} + time_of_day);
}

inline Date add_days(Date d, long n) {
  return Date{std::chrono::sys_days{d} + std::chrono::days{n}};
}

// A day-based setting as whole days, rounded up ("36h" waits two days).
inline long whole_days(std::chrono::seconds span) {
  return std::chrono::ceil<std::chrono::days>(span).count();
}

}  // namespace followup::rules

namespace followup::rules {

// "Tuesday 13 January 2026"
std::string date_in_words(Date d);
// "Tuesday 13 January 2026, 09:00" in the zone
std::string time_in_words(SysSeconds t, const ical::Zone& zone);

}  // namespace followup::rules
