#include "ical/calendar_zones.hpp"

#include <mutex>

#include "ical/libical_handles.hpp"
#include "ical/zone_impl.hpp"

namespace followup::ical {
namespace {

struct MadeZone {
  std::optional<Zone> zone;
  std::string why;
};

// Making a zone from a VTIMEZONE costs libical an expansion of its rules (milliseconds), and the same
// VTIMEZONE text comes again and again: in every object of a CalDAV collection, and in every item this
// program writes. Zones are immutable, so one made from the same text is shared, process-wide.
MadeZone zone_from_text(const std::string& text) {
  static std::mutex mutex;
  static std::unordered_map<std::string, MadeZone> made;
  constexpr std::size_t max_remembered = 256;
  {
    const std::lock_guard lock(mutex);
    if (const auto found = made.find(text); found != made.end()) return found->second;
  }
  MadeZone result;
  result.zone = zone_from_vtimezone(ComponentPtr{icalparser_parse_string(text.c_str())}, result.why);
  const std::lock_guard lock(mutex);
  if (made.size() >= max_remembered) made.clear();
  made.emplace(text, result);
  return result;
}

}  // namespace

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
    MadeZone made = zone_from_text(definition->second.text);
    zone = std::move(made.zone);
    const std::string& why = made.why;
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
