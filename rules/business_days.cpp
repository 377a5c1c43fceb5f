#include "rules/business_days.hpp"

namespace followup::rules {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::weekday;

BusinessDays::BusinessDays()
    : BusinessDays({std::chrono::Monday, std::chrono::Tuesday, std::chrono::Wednesday,
                    std::chrono::Thursday, std::chrono::Friday},
                   {}) {}

BusinessDays::BusinessDays(const std::vector<weekday>& workdays, std::set<Date> holidays)
    : holidays_(std::move(holidays)) {
  for (weekday w : workdays) workday_mask_ |= 1u << w.c_encoding();
}

bool BusinessDays::is_business_day(Date d) const {
  const weekday w{sys_days{d}};
  return (workday_mask_ & (1u << w.c_encoding())) != 0 && !holidays_.contains(d);
}

Date BusinessDays::on_or_after(Date d) const {
  // With no workdays at all every day would be skipped forever; the configuration reader refuses an
  // empty workday list, and this bound keeps a bad caller from looping.
  sys_days day{d};
  for (int i = 0; i < 3660 && !is_business_day(Date{day}); ++i) day += days{1};
  return Date{day};
}

Date BusinessDays::after(Date d) const { return on_or_after(Date{sys_days{d} + days{1}}); }

Date BusinessDays::add_business_days(Date d, int n) const {
  Date day = d;
  for (int i = 0; i < n; ++i) day = after(day);
  return day;
}

}  // namespace followup::rules
