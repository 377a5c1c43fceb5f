#pragma once
// What a Zone holds, and the ways to make one. Private to ical/.
#include <memory>
#include <optional>
#include <string>

#include "ical/libical_handles.hpp"
#include "ical/zone.hpp"

namespace followup::ical {

struct Zone::Impl {
  std::string name;       // IANA location, "UTC", or a custom VTIMEZONE's TZID as written
  icaltimezone* libical;  // never null: UTC and the built-in zones are static, custom ones owned below
  TimezonePtr owned;      // set for a zone made from a VTIMEZONE; the Zone's shared_ptr shares it
};

// libical's zone behind a Zone, for the conversions that must go through libical itself.
inline icaltimezone* libical_zone(const Zone& zone) { return zone.impl().libical; }

// A zone defined by a VTIMEZONE component (RFC 5545 §3.6.5), named by its TZID. nullopt, with the
// reason in `why`, when libical cannot use it safely: no TZID, no STANDARD/DAYLIGHT part with DTSTART
// and TZOFFSETTO, or an observance RRULE that libical would expand for minutes or without end.
std::optional<Zone> zone_from_vtimezone(ComponentPtr vtimezone, std::string& why);

// A built-in zone by exact IANA name (libical's table, read from the system's tzdata), or nullopt.
// Results are cached; thread-safe.
std::optional<Zone> builtin_zone(const std::string& location);

}  // namespace followup::ical
