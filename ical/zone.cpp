// Zone's conversions. The offsets come from libical (icaltimezone_get_utc_offset_of_utc_time, which
// takes libical's own lock around its lazily expanded change table, so concurrent readers are safe);
// the wall-time-to-instant direction is done here because libical gets gaps and folds wrong.
#include "ical/zone.hpp"

#include <limits>

#include "ical/civil_time.hpp"
#include "ical/zone_impl.hpp"

namespace followup::ical {
namespace {

using std::chrono::seconds;

seconds saturating_add(seconds a, seconds b) {
  constexpr auto kMax = std::numeric_limits<seconds::rep>::max();
  constexpr auto kMin = std::numeric_limits<seconds::rep>::min();
  if (b.count() > 0 && a.count() > kMax - b.count()) return seconds{kMax};
  if (b.count() < 0 && a.count() < kMin - b.count()) return seconds{kMin};
  return a + b;
}

// libical re-expands a zone's change table on every lookup past the years it has expanded (measured:
// 9 ms per lookup in the year 9000, and DST lost there). Zone rules past the tables repeat with the
// calendar, and the Gregorian calendar repeats exactly every 400 years (146097 days, weekdays
// included), so a later instant is looked up 400-year cycles earlier, at most in the year 2400.
SysSeconds within_expanded_years(SysSeconds t) {
  constexpr std::chrono::days kCycle{146097};
  const SysSeconds last{std::chrono::sys_days{std::chrono::year{2401} / 1 / 1}};
  if (t < last) return t;
  const auto cycles = (t - last) / kCycle + 1;
  return t - cycles * kCycle;
}

// An instant read as if it were a wall time in UTC, and back: how offsets are applied.
LocalSeconds as_local(SysSeconds t) { return LocalSeconds{t.time_since_epoch()}; }
SysSeconds as_sys(LocalSeconds t) { return SysSeconds{t.time_since_epoch()}; }

}  // namespace

Zone::Zone(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Zone Zone::utc() {
  static const auto impl =
      std::make_shared<const Impl>(Impl{"UTC", icaltimezone_get_utc_timezone(), nullptr});
  return Zone{impl};
}

const std::string& Zone::name() const { return impl_->name; }

std::chrono::seconds Zone::utc_offset(SysSeconds t) const {
  icaltimezone* zone = impl_->libical;
  if (zone == icaltimezone_get_utc_timezone()) return seconds{0};
  icaltimetype utc_fields = icaltime_of(as_local(within_expanded_years(clamp_to_supported(t))), false);
  return seconds{icaltimezone_get_utc_offset_of_utc_time(zone, &utc_fields, nullptr)};
}

LocalSeconds Zone::to_local(SysSeconds t) const {
  return LocalSeconds{saturating_add(t.time_since_epoch(), utc_offset(t))};
}

// libical's own answer (icaltimezone_get_utc_offset on local fields) is wrong both ways in 3.0.16:
// a wall time in the spring-forward gap is moved *back* (Berlin 02:30 -> 01:30 CET), and a repeated
// fall-back wall time gets the *later* instant (standard time). Here: the offsets a day before and a
// day after bracket any single transition; a candidate instant is valid when the zone agrees with
// the offset used to make it. Two valid candidates: the fold, take the earlier. None: the gap, use
// the offset from before it, which moves the time forward by the gap (as RFC 5545 §3.3.5 asks).
SysSeconds Zone::to_sys(LocalSeconds t) const {
  constexpr std::chrono::days kDay{1};
  const SysSeconds probe = clamp_to_supported(as_sys(t));
  const seconds before = utc_offset(probe - kDay);
  const seconds after = utc_offset(probe + kDay);
  const SysSeconds with_before{saturating_add(t.time_since_epoch(), -before)};
  if (before == after) return with_before;
  const SysSeconds with_after{saturating_add(t.time_since_epoch(), -after)};
  const bool before_valid = utc_offset(with_before) == before;
  const bool after_valid = utc_offset(with_after) == after;
  if (before_valid && after_valid) return std::min(with_before, with_after);
  if (after_valid) return with_after;
  return with_before;
}

}  // namespace followup::ical
