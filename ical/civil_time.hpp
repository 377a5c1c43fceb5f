#pragma once
// Conversions between libical's broken-down icaltimetype and std::chrono time points. Private to ical/.
#include <libical/ical.h>

#include <optional>
#include <string>

#include "ical/time.hpp"

namespace followup::ical {

// The years this layer hands to libical. std::chrono's civil calendar covers them too, and instants
// outside them (SysSeconds::min()/max() as "no bound") are clamped before they become fields.
inline constexpr int kFirstSupportedYear = 1;
inline constexpr int kLastSupportedYear = 9999;

SysSeconds clamp_to_supported(SysSeconds t);
LocalSeconds clamp_to_supported(LocalSeconds t);

// The wall-clock reading of a value's fields (its zone and is_daylight are ignored; a DATE gives its
// midnight). nullopt when the fields name no real date or time: libical accepts DTEND:20260231T100000.
std::optional<LocalSeconds> wall_of(const icaltimetype& value);

// Fields of a wall-clock reading (clamped to the supported years), with no zone. `is_date` makes a
// DATE value: the time of day is dropped.
icaltimetype icaltime_of(LocalSeconds wall, bool is_date);

// "20260113T100000", "20260113T100000Z" (utc) or "20260113" (date): the RFC 5545 §3.3.4/§3.3.5 forms.
std::string format_ical(LocalSeconds wall, bool is_date, bool utc);

}  // namespace followup::ical
