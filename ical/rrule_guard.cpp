#include "ical/rrule_guard.hpp"

#include <chrono>
#include <numeric>
#include <span>

namespace followup::ical {
namespace {

constexpr long long kSecondsPerDay = 86400;

template <std::size_t N>
std::span<const short> active(const short (&values)[N]) {
  std::size_t count = 0;
  while (count < N && values[count] != ICAL_RECURRENCE_ARRAY_MAX) ++count;
  return {values, count};
}

struct DayFacts {
  int month, day, days_in_month, year_day, days_in_year;
  int weekday;  // libical's numbering: 1 = Sunday ... 7 = Saturday
};

// How a BY part is tested on a day.
enum class Semantics {
  // As libical's check_contracting_rules does for FREQ=DAILY and shorter: the raw value against the
  // day, so BYMONTHDAY=-1 and BYDAY=1MO never match (libical 3.0.16 then finds nothing at all).
  Libical,
  // As RFC 5545 §3.3.10 reads, erring on the side of a match: negative values count from the end,
  // ordinal BYDAY counts within the month or year, BYWEEKNO and BYSETPOS are not tested.
  Rfc,
};

bool any_of(std::span<const short> values, auto&& predicate) {
  for (const short v : values)
    if (predicate(static_cast<int>(v))) return true;
  return false;
}

bool day_matches(const icalrecurrencetype& rule, const DayFacts& d, Semantics semantics) {
  const bool rfc = semantics == Semantics::Rfc;
  const auto months = active(rule.by_month);
  if (!months.empty() && !any_of(months, [&](int v) {
        return !icalrecurrencetype_month_is_leap(static_cast<short>(v)) &&
               icalrecurrencetype_month_month(static_cast<short>(v)) == d.month;
      }))
    return false;
  const auto month_days = active(rule.by_month_day);
  if (!month_days.empty() &&
      !any_of(month_days, [&](int v) { return v == d.day || (rfc && v < 0 && v == d.day - d.days_in_month - 1); }))
    return false;
  const auto year_days = active(rule.by_year_day);
  if (!year_days.empty() &&
      !any_of(year_days, [&](int v) { return v == d.year_day || (rfc && v < 0 && v == d.year_day - d.days_in_year - 1); }))
    return false;
  const auto week_days = active(rule.by_day);
  if (!week_days.empty() && !any_of(week_days, [&](int v) {
        const auto encoded = static_cast<short>(v);
        const int weekday = static_cast<int>(icalrecurrencetype_day_day_of_week(encoded));
        const int position = icalrecurrencetype_day_position(encoded);
        if (weekday != d.weekday) return false;
        if (position == 0) return true;
        if (!rfc) return false;
        const bool in_month = rule.freq == ICAL_MONTHLY_RECURRENCE ||
                              (rule.freq == ICAL_YEARLY_RECURRENCE && !months.empty());
        const bool in_year = rule.freq == ICAL_YEARLY_RECURRENCE && months.empty();
        if (in_month)
          return position > 0 ? (d.day - 1) / 7 + 1 == position : (d.days_in_month - d.day) / 7 + 1 == -position;
        if (in_year)
          return position > 0 ? (d.year_day - 1) / 7 + 1 == position
                              : (d.days_in_year - d.year_day) / 7 + 1 == -position;
        return true;
      }))
    return false;
  return true;
}

struct DayScan {
  bool any = false;
  long long longest_gap_days = 0;  // between consecutive matching days, across the cycle's end
};

// Every day of the 400-year Gregorian cycle 2000-2399; `until_first` stops at the first match.
DayScan scan_cycle(const icalrecurrencetype& rule, Semantics semantics, bool until_first) {
  constexpr int kDaysInMonth[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  DayScan scan;
  long long index = 0, first = -1, last = -1;
  int weekday = 7;  // 2000-01-01 was a Saturday
  for (int year = 2000; year < 2400; ++year) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    DayFacts facts{0, 0, 0, 0, leap ? 366 : 365, 0};
    for (int month = 1; month <= 12; ++month) {
      facts.month = month;
      facts.days_in_month = kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
      for (int day = 1; day <= facts.days_in_month; ++day, ++index) {
        facts.day = day;
        ++facts.year_day;
        facts.weekday = weekday;
        weekday = weekday % 7 + 1;
        if (!day_matches(rule, facts, semantics)) continue;
        scan.any = true;
        if (until_first) return scan;
        if (first < 0) first = index;
        if (last >= 0) scan.longest_gap_days = std::max(scan.longest_gap_days, index - last);
        last = index;
      }
    }
  }
  if (scan.any) scan.longest_gap_days = std::max(scan.longest_gap_days, first + index - last);
  return scan;
}

bool has_day_parts(const icalrecurrencetype& rule) {
  return !active(rule.by_month).empty() || !active(rule.by_month_day).empty() ||
         !active(rule.by_year_day).empty() || !active(rule.by_week_no).empty() || !active(rule.by_day).empty();
}

bool contains(std::span<const short> values, int wanted) {
  return any_of(values, [&](int v) { return v == wanted; });
}

struct TimeScan {
  bool any = false;
  long long longest_gap_steps = 1;
};

// The times of day a sub-daily rule visits: DTSTART's, then every `step` seconds; they repeat after
// 86400 / gcd(step, 86400) steps. BYHOUR, BYMINUTE and BYSECOND filter them where RFC 5545's table
// (§3.3.10) makes them limits for the frequency; where they expand, every step yields something.
TimeScan scan_times_of_day(const icalrecurrencetype& rule, long long start_second_of_day, long long step) {
  const auto hours = rule.freq <= ICAL_HOURLY_RECURRENCE ? active(rule.by_hour) : std::span<const short>{};
  const auto minutes = rule.freq <= ICAL_MINUTELY_RECURRENCE ? active(rule.by_minute) : std::span<const short>{};
  const auto seconds = rule.freq == ICAL_SECONDLY_RECURRENCE ? active(rule.by_second) : std::span<const short>{};
  TimeScan scan;
  if (hours.empty() && minutes.empty() && seconds.empty()) {
    scan.any = true;
    return scan;
  }
  const long long period = kSecondsPerDay / std::gcd(step % kSecondsPerDay == 0 ? kSecondsPerDay : step % kSecondsPerDay,
                                                     kSecondsPerDay);
  long long first = -1, last = -1;
  for (long long k = 0; k < period; ++k) {
    const long long time = (start_second_of_day + k * (step % kSecondsPerDay)) % kSecondsPerDay;
    if ((!hours.empty() && !contains(hours, static_cast<int>(time / 3600))) ||
        (!minutes.empty() && !contains(minutes, static_cast<int>(time / 60 % 60))) ||
        (!seconds.empty() && !contains(seconds, static_cast<int>(time % 60))))
      continue;
    scan.any = true;
    if (first < 0) first = k;
    if (last >= 0) scan.longest_gap_steps = std::max(scan.longest_gap_steps, k - last);
    last = k;
  }
  if (scan.any) scan.longest_gap_steps = std::max(scan.longest_gap_steps, first + period - last);
  return scan;
}

RuleCheck refuse(std::string reason) { return RuleCheck{false, std::move(reason)}; }

}  // namespace

long long frequency_unit_seconds(icalrecurrencetype_frequency frequency) {
  switch (frequency) {
    case ICAL_SECONDLY_RECURRENCE: return 1;
    case ICAL_MINUTELY_RECURRENCE: return 60;
    case ICAL_HOURLY_RECURRENCE: return 3600;
    case ICAL_DAILY_RECURRENCE: return kSecondsPerDay;
    case ICAL_WEEKLY_RECURRENCE: return 7 * kSecondsPerDay;
    case ICAL_MONTHLY_RECURRENCE: return 28 * kSecondsPerDay;
    case ICAL_YEARLY_RECURRENCE: return 365 * kSecondsPerDay;
    case ICAL_NO_RECURRENCE: break;
  }
  return kSecondsPerDay;
}

RuleCheck check_rule(const icalrecurrencetype& rule, LocalSeconds start, std::size_t max_steps) {
  if (rule.rscale != nullptr) return {};  // RFC 7529 calendars: not Gregorian, not checked here
  const bool sub_daily = rule.freq <= ICAL_HOURLY_RECURRENCE;
  if (!sub_daily) {
    // DAILY can spin for 0.4 s, the longer frequencies less; only a rule that matches no day at all
    // is worth catching. BYWEEKNO with DAILY: libical's week numbers are its own, so not judged.
    if (!has_day_parts(rule) || (rule.freq == ICAL_DAILY_RECURRENCE && !active(rule.by_week_no).empty()))
      return {};
    const Semantics semantics = rule.freq == ICAL_DAILY_RECURRENCE ? Semantics::Libical : Semantics::Rfc;
    if (!scan_cycle(rule, semantics, true).any) return refuse("its BY parts match no day");
    return {};
  }

  if (!active(rule.by_week_no).empty() || !active(rule.by_set_pos).empty())
    return refuse("BYWEEKNO or BYSETPOS with a FREQ shorter than DAILY is not expanded");
  const long long step = frequency_unit_seconds(rule.freq) * std::max<long long>(1, rule.interval);
  const long long steps_per_day = std::max<long long>(1, kSecondsPerDay / step);
  long long day_gap = 1;
  if (has_day_parts(rule)) {
    const DayScan days = scan_cycle(rule, Semantics::Libical, false);
    if (!days.any) return refuse("its BY parts match no day");
    day_gap = days.longest_gap_days;
  }
  const auto day = std::chrono::floor<std::chrono::days>(start);
  const TimeScan times = scan_times_of_day(rule, (start - day).count(), step);
  if (!times.any) return refuse("its BYHOUR/BYMINUTE/BYSECOND never meet its INTERVAL");
  const long long worst_call = (day_gap - 1) * steps_per_day + times.longest_gap_steps;
  if (worst_call > static_cast<long long>(max_steps))
    return refuse("its occurrences are up to " + std::to_string(worst_call) +
                  " steps apart, more than max_recurrence_steps");
  return {};
}

}  // namespace followup::ical
