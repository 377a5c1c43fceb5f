#pragma once
// What [caldav] asks of the calendars, in the terms of sync/calendar_roles.hpp.
#include "cli/caldav_settings.hpp"
#include "sync/calendar_roles.hpp"

namespace followup::cli {

sync::CalendarChoice calendar_choice(const CaldavSettings& settings);

}  // namespace followup::cli
