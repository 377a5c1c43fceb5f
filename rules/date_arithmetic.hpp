#pragma once
// Calendar arithmetic for the decision-date reader (rules/decision_date.cpp): weeks that start on
// Monday, the ends of weeks and months, and dates written without a year. Private to the rules
// layer; plain day shifts are add_days (rules/local_time.hpp).
#include <chrono>
#include <optional>

#include "ical/time.hpp"

namespace followup::rules::date_reading {

unsigned iso_weekday(Date d);  // Monday 1 .. Sunday 7

Date monday_of_week(Date d);

// The day with ISO weekday `iso` in the week that starts on `monday`.
Date day_in_week(Date monday, unsigned iso);

Date day_in_next_week(Date d, unsigned iso);

// The first `w` strictly after d.
Date first_weekday_after(Date d, std::chrono::weekday w);

// Friday of d's week: the end of the working week. From a Saturday or Sunday that Friday has passed,
// and "by the end of the week" then means the coming one.
Date end_of_week(Date d);

std::chrono::year_month month_of(Date d);

Date last_day_of(std::chrono::year_month ym);

std::optional<Date> day_of(std::chrono::year_month ym, unsigned day);

// d plus n calendar months; a day the target month lacks becomes its last day (Jan 31 -> Feb 28).
Date add_months_clamped(Date d, int n);

// The first `day` of `month` on or after `from`: a date written without a year lies ahead.
std::optional<Date> first_date_on_or_after(std::chrono::month month, unsigned day, Date from);

// The day-of-month `day` in `from`'s month if that is on or after `from`, else in the first later
// month that has such a day ("the 31st" from April 10 is May 31).
std::optional<Date> first_day_of_month_on_or_after(unsigned day, Date from);

}  // namespace followup::rules::date_reading
