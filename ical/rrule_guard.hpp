#pragma once
// Whether an RRULE can be handed to libical's iterator without it spinning. Private to ical/.
//
// libical 3.0.16's icalrecur_iterator_next steps one FREQ unit at a time and tests the BY parts on
// each step; when they filter out every step it only stops at the year 2582. Measured here:
// FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 spins 0.4 s, FREQ=HOURLY 8.5 s, FREQ=MINUTELY more than a minute,
// FREQ=SECONDLY hours. So a rule is checked first: against every day of a 400-year Gregorian cycle
// (the calendar repeats after it) and, for the sub-daily frequencies, against the times of day its
// INTERVAL can reach.
#include <cstddef>
#include <string>

#include <libical/ical.h>

#include "ical/time.hpp"

namespace followup::ical {

struct RuleCheck {
  bool expand = true;
  std::string reason;  // why not, one line
};

// `start` is DTSTART's wall time. `max_steps` bounds the steps one call of the iterator may take.
RuleCheck check_rule(const icalrecurrencetype& rule, LocalSeconds start, std::size_t max_steps);

// Seconds one FREQ unit lasts, roughly (a month as 28 days): to count the iterator's steps.
long long frequency_unit_seconds(icalrecurrencetype_frequency frequency);

}  // namespace followup::ical
