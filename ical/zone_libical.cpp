// Making Zones from libical's zones: the built-in ones (static, looked up under a lock and cached) and
// the custom ones a calendar defines with a VTIMEZONE (owned by the Zone).
#include <chrono>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "ical/civil_time.hpp"
#include "ical/rrule_guard.hpp"
#include "ical/zone_impl.hpp"

namespace followup::ical {
namespace {

// libical turns a built-in location into the path <zoneinfo>/<location> and reads that file, so a
// TZID such as "../../../dev/stdin" must never reach it (it would block on stdin). Only names shaped
// like IANA names do: letters, digits, '_', '+', '-', in non-empty segments separated by '/'.
bool looks_like_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return false;
  char previous = '/';
  for (const char c : name) {
    const bool word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '+' || c == '-';
    if (!word && !(c == '/' && previous != '/')) return false;
    previous = c;
  }
  return true;
}

// libical loads a built-in zone's data and expands its change table lazily, on first use. Doing one
// conversion while the zone is still private to its creator (or under the lookup lock) means the
// first reader threads never race on that (libical's own lock covers later re-expansions).
void load_now(icaltimezone* zone) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  icaltimetype fields = icaltime_of(LocalSeconds{now.time_since_epoch()}, false);
  icaltimezone_get_utc_offset_of_utc_time(zone, &fields, nullptr);
}

// icaltimezone_expand_vtimezone adds one change per instance of an observance's RRULE up to the year
// it needs: FREQ=SECONDLY would add millions, and a rule whose BY parts match nothing spins inside
// icalrecur_iterator_next until the year 2582 (the fuzzer found FREQ=MINUTELY;BYDAY=1MO). Time zone
// rules are yearly (sometimes monthly); anything else is refused.
std::string observance_rule_problem(icalcomponent* observance) {
  const icalproperty* dtstart = icalcomponent_get_first_property(observance, ICAL_DTSTART_PROPERTY);
  const std::optional<LocalSeconds> start = wall_of(icalproperty_get_dtstart(dtstart));
  if (!start) return "an observance's DTSTART is no real date";
  for (icalproperty* p = icalcomponent_get_first_property(observance, ICAL_RRULE_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(observance, ICAL_RRULE_PROPERTY)) {
    const icalrecurrencetype rule = icalproperty_get_rrule(p);
    if (rule.freq != ICAL_YEARLY_RECURRENCE && rule.freq != ICAL_MONTHLY_RECURRENCE)
      return "an observance's RRULE is not yearly or monthly";
    if (const RuleCheck check = check_rule(rule, *start, 100000); !check.expand)
      return "an observance's RRULE is not expanded: " + check.reason;
  }
  return {};
}

// A VTIMEZONE libical can use: a TZID, safe observance rules, and at least one STANDARD or DAYLIGHT
// observance with the DTSTART and TZOFFSETTO that icaltimezone_expand_vtimezone requires (it silently
// skips the others, which would leave a zone that is UTC all year). Empty when usable.
std::string vtimezone_problem(icalcomponent* vtimezone) {
  if (icalcomponent_isa(vtimezone) != ICAL_VTIMEZONE_COMPONENT) return "it is not a VTIMEZONE";
  if (icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY) == nullptr) return "it has no TZID";
  bool complete = false;
  for (icalcomponent* part = icalcomponent_get_first_component(vtimezone, ICAL_ANY_COMPONENT);
       part != nullptr; part = icalcomponent_get_next_component(vtimezone, ICAL_ANY_COMPONENT)) {
    const icalcomponent_kind kind = icalcomponent_isa(part);
    if (kind != ICAL_XSTANDARD_COMPONENT && kind != ICAL_XDAYLIGHT_COMPONENT) continue;
    if (icalcomponent_get_first_property(part, ICAL_DTSTART_PROPERTY) == nullptr ||
        icalcomponent_get_first_property(part, ICAL_TZOFFSETTO_PROPERTY) == nullptr)
      continue;
    if (std::string problem = observance_rule_problem(part); !problem.empty()) return problem;
    complete = true;
  }
  return complete ? std::string{} : "it has no STANDARD or DAYLIGHT part with DTSTART and TZOFFSETTO";
}

}  // namespace

std::optional<Zone> builtin_zone(const std::string& location) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::optional<Zone>> cache;
  constexpr std::size_t kMaxCached = 4096;  // misses are cached too; unknown TZIDs must not grow it forever

  const std::lock_guard lock{mutex};
  if (const auto found = cache.find(location); found != cache.end()) return found->second;
  std::optional<Zone> result;
  if (looks_like_zone_name(location)) {
    icaltimezone* zone = icaltimezone_get_builtin_timezone(location.c_str());
    if (zone == icaltimezone_get_utc_timezone()) {
      result = Zone::utc();  // libical answers "UTC" and "GMT" with its UTC zone
    } else if (zone != nullptr) {
      // The built-in tzid carries the "/freeassociation.sourceforge.net/" prefix; the location is the
      // plain IANA name. Copied at once: libical may hand out a ring-buffer string.
      const char* libical_location = icaltimezone_get_location(zone);
      std::string name = libical_location != nullptr ? std::string{libical_location} : location;
      load_now(zone);
      result = Zone{std::make_shared<const Zone::Impl>(Zone::Impl{std::move(name), zone, nullptr})};
    }
  }
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(location, result);
  return result;
}

std::optional<Zone> zone_from_vtimezone(ComponentPtr vtimezone, std::string& why) {
  why = vtimezone ? vtimezone_problem(vtimezone.get()) : "it cannot be parsed";
  if (!why.empty()) return std::nullopt;
  TimezonePtr zone{icaltimezone_new()};
  // On success the zone owns the component (icaltimezone_free frees it); on failure it stays ours.
  if (!zone || icaltimezone_set_component(zone.get(), vtimezone.get()) == 0) {
    why = "libical cannot make a zone of it";
    return std::nullopt;
  }
  static_cast<void>(vtimezone.release());
  const char* tzid = icaltimezone_get_tzid(zone.get());
  std::string name = tzid != nullptr ? std::string{tzid} : std::string{};
  load_now(zone.get());
  icaltimezone* raw = zone.get();
  return Zone{std::make_shared<const Zone::Impl>(Zone::Impl{std::move(name), raw, std::move(zone)})};
}

}  // namespace followup::ical
