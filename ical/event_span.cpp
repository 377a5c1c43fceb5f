#include "ical/event_span.hpp"

namespace followup::ical {

SysSeconds end_after(const Zone& zone, LocalSeconds wall, SysSeconds start, const Span& span) {
  if (span.days == 0) return start + span.exact;
  return zone.to_sys(wall + std::chrono::days{span.days}) + span.exact;
}

Date end_date_after(LocalSeconds wall, const Span& span) {
  const LocalSeconds end = wall + std::chrono::days{span.days} + span.exact;
  return Date{std::chrono::ceil<std::chrono::days>(end)};
}

}  // namespace followup::ical
