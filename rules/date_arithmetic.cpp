#include "rules/date_arithmetic.hpp"

#include <algorithm>

#include "rules/local_time.hpp"

namespace followup::rules::date_reading {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year_month;

unsigned iso_weekday(Date d) { return weekday{sys_days{d}}.iso_encoding(); }

Date monday_of_week(Date d) { return add_days(d, 1 - static_cast<int>(iso_weekday(d))); }

Date day_in_week(Date monday, unsigned iso) { return add_days(monday, static_cast<int>(iso) - 1); }

Date day_in_next_week(Date d, unsigned iso) { return day_in_week(add_days(monday_of_week(d), 7), iso); }

Date first_weekday_after(Date d, weekday w) {
  const sys_days next = sys_days{d} + days{1};
  return Date{next + (w - weekday{next})};
}

Date end_of_week(Date d) {
  const Date friday = day_in_week(monday_of_week(d), 5);
  return friday >= d ? friday : add_days(friday, 7);
}

year_month month_of(Date d) { return year_month{d.year(), d.month()}; }

Date last_day_of(year_month ym) { return Date{ym.year() / ym.month() / std::chrono::last}; }

std::optional<Date> day_of(year_month ym, unsigned day) {
  const Date date{ym.year(), ym.month(), std::chrono::day{day}};
  return date.ok() ? std::optional<Date>{date} : std::nullopt;
}

Date add_months_clamped(Date d, int n) {
  const year_month target = month_of(d) + std::chrono::months{n};
  return Date{target.year(), target.month(), std::min(d.day(), last_day_of(target).day())};
}

std::optional<Date> first_date_on_or_after(std::chrono::month month, unsigned day, Date from) {
  for (int k = 0; k <= 8; ++k) {  // February 29 may be eight years away (2096 -> 2104)
    const Date date{from.year() + std::chrono::years{k}, month, std::chrono::day{day}};
    if (date.ok() && date >= from) return date;
  }
  return std::nullopt;
}

std::optional<Date> first_day_of_month_on_or_after(unsigned day, Date from) {
  for (int k = 0; k <= 2; ++k) {
    const auto date = day_of(month_of(from) + std::chrono::months{k}, day);
    if (date && *date >= from) return date;
  }
  return std::nullopt;
}

}  // namespace followup::rules::date_reading
