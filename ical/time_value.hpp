#pragma once
// DATE and DATE-TIME property values resolved to instants (RFC 5545 §3.3.4, §3.3.5). Private to ical/.
#include <libical/ical.h>

#include <optional>
#include <string>
#include <vector>

#include "ical/calendar_zones.hpp"
#include "ical/time.hpp"
#include "ical/zone.hpp"

namespace followup::ical {

struct TimeValue {
  SysSeconds instant;        // for a DATE: its midnight in the reading zone
  LocalSeconds wall;         // the fields as written; for a DATE its midnight
  bool is_date = false;
  bool utc = false;          // written with Z
  bool floating = false;     // a DATE-TIME with neither Z nor TZID
  std::string tzid;          // the TZID parameter as written (unquoted), may be empty
  Zone zone = Zone::utc();   // the zone `wall` is read in: UTC, the TZID's zone, or the reading zone

  // As RECURRENCE-ID writes it: "20260113T100000", "20260113T100000Z" or "20260113".
  std::string ical_text() const;
};

// Reads the values of one component, collecting the TZIDs it could not resolve.
class TimeReader {
 public:
  TimeReader(CalendarZones& zones, const Zone& reading_zone) : zones_(zones), reading_zone_(reading_zone) {}

  // `value` is the property's value (or one part of it: an RDATE period's start). Reads the TZID
  // parameter itself: libical's property-level getters never attach a zone. A TZID nobody knows is
  // read in the reading zone and remembered for unknown_tzids(). nullopt: the fields name no real
  // date or time (libical accepts 20260231).
  std::optional<TimeValue> read(icalproperty* property, const icaltimetype& value);

  // The first value of a property of this kind in `component`; nullopt when absent or not real.
  std::optional<TimeValue> read_first(icalcomponent* component, icalproperty_kind kind);

  const Zone& reading_zone() const { return reading_zone_; }
  const std::vector<std::string>& unknown_tzids() const { return unknown_; }

 private:
  CalendarZones& zones_;
  const Zone& reading_zone_;
  std::vector<std::string> unknown_;
};

}  // namespace followup::ical
