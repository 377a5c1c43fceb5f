#pragma once
// Which days count as business days (RULES.md §3): the configured workdays minus holidays.
#include <chrono>
#include <set>
#include <vector>

#include "ical/time.hpp"

namespace followup::rules {

class BusinessDays {
 public:
  // Default: Monday to Friday, no holidays.
  BusinessDays();
  BusinessDays(const std::vector<std::chrono::weekday>& workdays, std::set<Date> holidays);

  bool is_business_day(Date d) const;
  // The first business day on or after d.
  Date on_or_after(Date d) const;
  // The first business day strictly after d.
  Date after(Date d) const;
  // d plus n business days (n >= 0): the n-th business day after d; n == 0 gives d itself.
  Date add_business_days(Date d, int n) const;

 private:
  unsigned workday_mask_ = 0;  // bit i set: weekday with c_encoding() i is a workday
  std::set<Date> holidays_;
};

}  // namespace followup::rules
