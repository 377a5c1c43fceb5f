#pragma once
// The descriptive fields of an Item, read from a parsed VEVENT or VTODO. Private to ical/.
#include <libical/ical.h>

#include "ical/item.hpp"

namespace followup::ical {

// SUMMARY, DESCRIPTION, LOCATION (unescaped by libical), CATEGORIES, STATUS, ATTENDEE, ORGANIZER,
// RELATED-TO and the X- properties.
void read_descriptive_fields(icalcomponent* component, Item& item);

}  // namespace followup::ical
