#include "ical/recurrence.hpp"

#include <algorithm>
#include <limits>

#include "ical/civil_time.hpp"
#include "ical/libical_handles.hpp"
#include "ical/rrule_guard.hpp"

namespace followup::ical {
namespace {

using std::chrono::days;
using std::chrono::seconds;

std::string rule_text(icalrecurrencetype rule) {
  const IcalStringPtr text{icalrecurrencetype_as_string_r(&rule)};
  return "RRULE:" + std::string{text ? text.get() : "?"};
}

SysSeconds saturating_sub(SysSeconds t, seconds d) {
  if (t.time_since_epoch().count() < std::numeric_limits<seconds::rep>::min() + d.count()) return SysSeconds::min();
  return t - d;
}

// UNTIL in DTSTART's wall clock, so that the iterator compares plain fields (libical's icaltime_compare
// of a zoneless DTSTART with a UTC UNTIL would be off by the zone's offset). A DATE UNTIL with a
// DATE-TIME DTSTART includes that whole day; a DATE-TIME UNTIL with a DATE DTSTART, its day.
bool localize_until(icalrecurrencetype& rule, const TimeValue& start) {
  if (icaltime_is_null_time(rule.until)) return true;
  std::optional<LocalSeconds> until = wall_of(rule.until);
  if (!until) return false;
  if (!rule.until.is_date && icaltime_is_utc(rule.until)) until = start.zone.to_local(SysSeconds{until->time_since_epoch()});
  if (start.is_date)
    until = std::chrono::floor<days>(*until);
  else if (rule.until.is_date)
    until = *until + days{1} - seconds{1};
  rule.until = icaltime_of(*until, start.is_date);
  return true;
}

class RuleExpansion {
 public:
  RuleExpansion(const RecurrenceSet& set, const RecurrenceLimits& limits, std::size_t keep_at_most,
                std::vector<Occurrence>& out, std::vector<std::string>& problems)
      : set_(set), limits_(limits), keep_at_most_(keep_at_most), out_(out), problems_(problems) {}

  void run(icalrecurrencetype rule) {
    const std::string text = rule_text(rule);
    if (rule.freq == ICAL_NO_RECURRENCE) return problem(text + " has no FREQ; only DTSTART is used");
    if (const RuleCheck check = check_rule(rule, set_.start.wall, limits_.max_steps); !check.expand)
      return problem(text + " is not expanded: " + check.reason + "; only DTSTART is used");
    if (!localize_until(rule, set_.start)) return problem(text + " has an UNTIL that is no real date");
    LocalSeconds from = set_.start.wall;
    RecurIteratorPtr iterator = start_iterator(rule, from);
    if (!iterator) return problem(text + " cannot be expanded by libical; only DTSTART is used");
    iterate(iterator.get(), rule, from, text);
  }

 private:
  void problem(std::string reason) { problems_.push_back(std::move(reason)); }

  // Without COUNT the iterator can start near the window instead of at DTSTART. libical's
  // icalrecur_iterator_set_start is exact from FREQ=DAILY up, but for the sub-daily frequencies it
  // restarts at DTSTART's time of day (measured: FREQ=MINUTELY;INTERVAL=7 lost its alignment), so those
  // get a new DTSTART a whole number of intervals later instead, which yields the same instances.
  RecurIteratorPtr start_iterator(const icalrecurrencetype& rule, LocalSeconds& from) const {
    const icaltimetype dtstart = icaltime_of(set_.start.wall, set_.start.is_date);
    if (rule.count != 0 || limits_.window.first == SysSeconds::min())
      return RecurIteratorPtr{icalrecur_iterator_new(rule, dtstart)};
    const seconds longest = days{set_.span.days + 1} + set_.span.exact;
    LocalSeconds jump = set_.start.zone.to_local(clamp_to_supported(saturating_sub(limits_.window.first, longest)));
    if (set_.start.is_date) jump = std::chrono::floor<days>(jump);
    if (jump <= set_.start.wall) return RecurIteratorPtr{icalrecur_iterator_new(rule, dtstart)};
    if (rule.freq >= ICAL_DAILY_RECURRENCE) {
      RecurIteratorPtr iterator{icalrecur_iterator_new(rule, dtstart)};
      if (iterator && icalrecur_iterator_set_start(iterator.get(), icaltime_of(jump, set_.start.is_date)) != 0) {
        from = jump;
        return iterator;
      }
      return RecurIteratorPtr{icalrecur_iterator_new(rule, dtstart)};
    }
    const seconds step{frequency_unit_seconds(rule.freq) * std::max<long long>(1, rule.interval)};
    from = set_.start.wall + (jump - set_.start.wall) / step * step;
    return RecurIteratorPtr{icalrecur_iterator_new(rule, icaltime_of(from, false))};
  }

  // Steps are counted as the FREQ units the iterator walked (one call may walk many when BY parts
  // filter), so a sparse rule uses up the budget as fast as a dense one.
  void iterate(icalrecur_iterator* iterator, const icalrecurrencetype& rule, LocalSeconds from,
               const std::string& text) {
    const long long unit = frequency_unit_seconds(rule.freq) * std::max<long long>(1, rule.interval);
    std::size_t steps = 0, kept = 0;
    LocalSeconds previous = from;
    for (;;) {
      const icaltimetype next = icalrecur_iterator_next(iterator);
      if (icaltime_is_null_time(next)) return;
      const std::optional<LocalSeconds> wall = wall_of(next);
      if (!wall) return;
      steps += static_cast<std::size_t>(std::max<long long>(1, (*wall - previous).count() / unit));
      previous = *wall;
      if (steps > limits_.max_steps)
        return problem(text + " was cut after " + std::to_string(limits_.max_steps) +
                       " recurrence steps (max_recurrence_steps); later occurrences are missing");
      const SysSeconds start = set_.start.zone.to_sys(*wall);
      if (start >= limits_.window.last) return;
      const SysSeconds end = end_after(set_.start.zone, *wall, start, set_.span);
      if (!limits_.window.overlaps(start, end)) continue;
      out_.push_back(Occurrence{*wall, start, end});
      if (++kept >= keep_at_most_) return;  // enough to know the limit is passed
    }
  }

  const RecurrenceSet& set_;
  const RecurrenceLimits& limits_;
  std::size_t keep_at_most_;
  std::vector<Occurrence>& out_;
  std::vector<std::string>& problems_;
};

// EXDATE (RFC 5545 §3.8.5.1) names instances by their start. A DATE EXDATE on a timed event (some
// writers do that) removes the instances of that day.
class Exclusions {
 public:
  explicit Exclusions(const RecurrenceSet& set) {
    for (const TimeValue& exdate : set.exdates) {
      instants_.push_back(exdate.instant);
      if (exdate.is_date && !set.start.is_date) days_.push_back(std::chrono::floor<days>(exdate.wall));
    }
    std::sort(instants_.begin(), instants_.end());
    std::sort(days_.begin(), days_.end());
  }

  bool excludes(const Occurrence& occurrence) const {
    return std::binary_search(instants_.begin(), instants_.end(), occurrence.start) ||
           std::binary_search(days_.begin(), days_.end(), std::chrono::floor<days>(occurrence.wall));
  }

 private:
  std::vector<SysSeconds> instants_;
  std::vector<std::chrono::local_days> days_;
};

}  // namespace

std::vector<Occurrence> expand(const RecurrenceSet& set, const RecurrenceLimits& limits,
                               std::vector<std::string>& problems) {
  std::vector<Occurrence> found;
  const std::size_t keep_at_most = limits.max_occurrences + set.exdates.size() + 1;

  const SysSeconds first_end = end_after(set.start.zone, set.start.wall, set.start.instant, set.span);
  if (limits.window.overlaps(set.start.instant, first_end))
    found.push_back(Occurrence{set.start.wall, set.start.instant, first_end});
  for (const icalrecurrencetype& rule : set.rules)
    RuleExpansion{set, limits, keep_at_most, found, problems}.run(rule);
  for (const RecurrenceSet::Rdate& rdate : set.rdates) {
    LocalSeconds wall = set.start.zone.to_local(rdate.start.instant);
    if (set.start.is_date) wall = std::chrono::floor<days>(wall);
    const SysSeconds end = rdate.end.value_or(end_after(set.start.zone, wall, rdate.start.instant, set.span));
    if (limits.window.overlaps(rdate.start.instant, end)) found.push_back(Occurrence{wall, rdate.start.instant, end});
  }

  std::sort(found.begin(), found.end(), [](const Occurrence& a, const Occurrence& b) { return a.start < b.start; });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const Occurrence& a, const Occurrence& b) { return a.start == b.start; }),
              found.end());
  const Exclusions exclusions{set};
  std::erase_if(found, [&](const Occurrence& occurrence) { return exclusions.excludes(occurrence); });
  if (found.size() > limits.max_occurrences) {
    found.resize(limits.max_occurrences);
    problems.push_back("more than " + std::to_string(limits.max_occurrences) +
                       " occurrences in the window (max_occurrences); only the first are read");
  }
  return found;
}

}  // namespace followup::ical
