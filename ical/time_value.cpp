#include "ical/time_value.hpp"

#include <algorithm>

#include "ical/civil_time.hpp"

namespace followup::ical {

std::string TimeValue::ical_text() const { return format_ical(wall, is_date, utc); }

std::optional<TimeValue> TimeReader::read(icalproperty* property, const icaltimetype& value) {
  const std::optional<LocalSeconds> wall = wall_of(value);
  if (!wall) return std::nullopt;
  TimeValue result;
  result.wall = *wall;
  result.is_date = value.is_date != 0;
  if (icalparameter* tzid = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER)) {
    if (const char* text = icalparameter_get_tzid(tzid)) result.tzid = text;
  }
  if (result.is_date) {
    // A DATE names a day wherever the reader is (RFC 5545 §3.3.4): it is read in the reading zone.
    result.zone = reading_zone_;
  } else if (icaltime_is_utc(value)) {
    result.utc = true;
  } else if (!result.tzid.empty()) {
    if (const std::optional<Zone>& zone = zones_.resolve(result.tzid)) {
      result.zone = *zone;
    } else {
      result.zone = reading_zone_;
      // A few are enough to report; a component with thousands must not cost a search each.
      if (unknown_.size() < 8 && std::find(unknown_.begin(), unknown_.end(), result.tzid) == unknown_.end())
        unknown_.push_back(result.tzid);
    }
  } else {
    result.floating = true;  // RFC 5545 §3.3.5 form #1: the same wall time wherever the reader is
    result.zone = reading_zone_;
  }
  result.instant = result.zone.to_sys(result.wall);
  return result;
}

std::optional<TimeValue> TimeReader::read_first(icalcomponent* component, icalproperty_kind kind) {
  icalproperty* property = icalcomponent_get_first_property(component, kind);
  if (property == nullptr) return std::nullopt;
  icalvalue* value = icalproperty_get_value(property);
  if (value == nullptr) return std::nullopt;
  switch (icalvalue_isa(value)) {
    case ICAL_DATETIME_VALUE:
      return read(property, icalvalue_get_datetime(value));
    case ICAL_DATE_VALUE:
      return read(property, icalvalue_get_date(value));
    default:
      return std::nullopt;
  }
}

}  // namespace followup::ical
