#include "ical/calendar_zones.hpp"

#include "ical/libical_handles.hpp"
#include "ical/zone_impl.hpp"

namespace followup::ical {

void CalendarZones::define(std::string tzid, std::string vtimezone_text, std::size_t line) {
  if (tzid.empty()) {
    report_(line, "VTIMEZONE has no TZID; ignored");
    return;
  }
  // The first definition wins, as with any duplicate TZID (RFC 5545 §3.6.5 allows only one).
  definitions_.try_emplace(std::move(tzid), Definition{std::move(vtimezone_text), line});
}

const std::optional<Zone>& CalendarZones::resolve(const std::string& tzid) {
  if (const auto found = resolved_.find(tzid); found != resolved_.end()) return found->second;
  std::optional<Zone> zone;
  if (const auto definition = definitions_.find(tzid); definition != definitions_.end()) {
    std::string why;
    zone = zone_from_vtimezone(ComponentPtr{icalparser_parse_string(definition->second.text.c_str())}, why);
    if (!zone) {
      zone = Zone::find(tzid);
      report_(definition->second.line, "VTIMEZONE '" + tzid + "' is not used: " + why + "; " +
                                            (zone ? "using the built-in zone " + zone->name()
                                                  : std::string{"the TZID is unknown"}));
    }
    definition->second.text = std::string{};  // parsed once; the text is no longer needed
  } else {
    zone = Zone::find(tzid);
  }
  return resolved_.emplace(tzid, std::move(zone)).first->second;
}

void CalendarZones::clear() {
  definitions_.clear();
  resolved_.clear();
}

}  // namespace followup::ical
