#pragma once
// Which CalDAV calendars a run reads interviews from and writes each kind of follow-up into (issue 4,
// RULES.md §3): a pure choice over what discovery found and what the configuration asks for. Both
// `followup calendars` (to show it) and `followup sync` (to do it) use it.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sync/caldav_discovery.hpp"

namespace followup::sync {

enum class TasksAs {
  Vtodo,   // a VTODO thank-you in the task list (RULES.md §3), a VEVENT one where there is none
  Vevent,  // a VEVENT thank-you always (iCloud: Reminders may not show CalDAV tasks)
  Both,    // both
};

// What the [caldav] section asks for: names or URLs, "" for "choose for me".
struct CalendarChoice {
  std::vector<std::string> calendars;  // read interviews from these; empty: every VEVENT calendar
  std::string followups_calendar;      // check-ins and move-on; "": the interview's own calendar
  std::string tasks_calendar;          // VTODO thank-yous; "": the first writable calendar with VTODO
  TasksAs tasks_as = TasksAs::Vtodo;
  bool server_has_no_vtodo = false;    // the quirks table says so (Google): never a VTODO
};

// Indexes into the discovered calendars.
struct CalendarRoles {
  std::vector<std::size_t> sources;         // read for interviews
  std::optional<std::size_t> tasks;         // VTODO thank-yous go here; nullopt: none are made
  bool event_thank_yous = false;            // VEVENT thank-yous are made (they go with the check-ins)
  std::optional<std::size_t> followups;     // the configured calendar for check-ins; nullopt: per interview
  std::optional<std::size_t> fallback;      // first writable VEVENT calendar: where check-ins of an
                                            // interview in a read-only calendar go
};

// The calendar a configured name or URL stands for: its URL (with or without the final slash), its
// display name, or the last segment of its path. nullopt when none matches.
std::optional<std::size_t> find_calendar(const std::vector<CalendarInfo>& calendars, const std::string& wanted);

// "Work" (display name), else the last segment of the URL's path.
std::string calendar_name(const CalendarInfo& calendar);

// Assigns the roles. Throws ConfigError when a configured calendar is not found (the message lists
// what there is), when followups_calendar or tasks_calendar is read-only, or when tasks_calendar
// does not hold VTODO (component sets are checked here because most servers do not check them).
CalendarRoles assign_roles(const std::vector<CalendarInfo>& calendars, const CalendarChoice& choice);

// Where the check-ins, move-on and VEVENT thank-yous of an interview read from calendar `source` go:
// the configured followups calendar, else the interview's own calendar when it is writable and holds
// VEVENT, else the fallback. nullopt when there is nowhere.
std::optional<std::size_t> followups_target(const std::vector<CalendarInfo>& calendars, const CalendarRoles& roles,
                                            std::size_t source);

}  // namespace followup::sync
