#pragma once
// How long an event lasts (RFC 5545 §3.6.1, §3.3.6), and the window test. Private to ical/.
#include <chrono>

#include "ical/time.hpp"
#include "ical/zone.hpp"

namespace followup::ical {

// Nominal days (a day is the same wall time the next day: 23 or 25 hours across a DST change,
// RFC 5545 §3.3.6) plus exact seconds.
struct Span {
  int days = 0;
  std::chrono::seconds exact{0};
  bool given = false;  // from DTEND or DURATION; otherwise the RFC 5545 §3.6.1 default
};

// The end of an occurrence that starts at `wall` (instant `start`) in `zone` and lasts `span`.
SysSeconds end_after(const Zone& zone, LocalSeconds wall, SysSeconds start, const Span& span);

// The exclusive last day of an all-day occurrence that starts at the midnight `wall`.
Date end_date_after(LocalSeconds wall, const Span& span);

// Whether [start, end) meets [first, last); an instant (end == start) meets it when it lies inside.
struct Window {
  SysSeconds first;
  SysSeconds last;
  bool overlaps(SysSeconds start, SysSeconds end) const {
    if (end <= start) return start >= first && start < last;
    return start < last && end > first;
  }
};

}  // namespace followup::ical
