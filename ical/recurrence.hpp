#pragma once
// A recurring event's occurrences inside the reading window (RFC 5545 §3.8.5), expanded with
// libical's icalrecur_iterator under the reader's limits. Private to ical/.
#include <libical/ical.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ical/event_span.hpp"
#include "ical/time_value.hpp"

namespace followup::ical {

struct RecurrenceSet {
  struct Rdate {
    TimeValue start;
    std::optional<SysSeconds> end;  // an RDATE period's own end (RFC 5545 §3.8.5.2)
  };
  TimeValue start;  // DTSTART: always the first instance (RFC 5545 §3.8.5.3)
  Span span;        // how long each instance lasts
  std::vector<icalrecurrencetype> rules;  // RRULEs (EXRULE is deprecated and ignored)
  std::vector<Rdate> rdates;
  std::vector<TimeValue> exdates;
};

struct RecurrenceLimits {
  Window window;
  std::size_t max_occurrences = 1000;
  std::size_t max_steps = 200000;
};

struct Occurrence {
  LocalSeconds wall;  // in DTSTART's zone: what RECURRENCE-ID writes
  SysSeconds start;
  SysSeconds end;
};

// The occurrences that overlap the window, in time order, EXDATEs removed. What could not be done
// (a rule libical cannot expand, a limit reached) is appended to `problems`, one line each.
std::vector<Occurrence> expand(const RecurrenceSet& set, const RecurrenceLimits& limits,
                               std::vector<std::string>& problems);

}  // namespace followup::ical
