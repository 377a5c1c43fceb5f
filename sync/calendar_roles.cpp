#include "sync/calendar_roles.hpp"

#include <algorithm>

#include "ical/errors.hpp"

namespace followup::sync {
namespace {

bool holds(const CalendarInfo& calendar, const std::string& component) {
  return std::find(calendar.components.begin(), calendar.components.end(), component) != calendar.components.end();
}

std::string without_slash(std::string url) {
  if (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string available(const std::vector<CalendarInfo>& calendars) {
  std::string out;
  for (const auto& c : calendars) out += (out.empty() ? "" : ", ") + calendar_name(c);
  return out.empty() ? "none" : out;
}

std::size_t required(const std::vector<CalendarInfo>& calendars, const std::string& key, const std::string& wanted) {
  const auto found = find_calendar(calendars, wanted);
  if (!found)
    throw ConfigError("'" + key + "' in [caldav]: no calendar '" + wanted + "' on the server (there are: " +
                      available(calendars) + ")");
  return *found;
}

}  // namespace

std::string calendar_name(const CalendarInfo& calendar) {
  if (!calendar.display_name.empty()) return calendar.display_name;
  const std::string url = without_slash(calendar.url);
  return url.substr(url.rfind('/') + 1);
}

std::optional<std::size_t> find_calendar(const std::vector<CalendarInfo>& calendars, const std::string& wanted) {
  const std::string bare = without_slash(wanted);
  for (std::size_t i = 0; i < calendars.size(); ++i)
    if (without_slash(calendars[i].url) == bare) return i;
  for (std::size_t i = 0; i < calendars.size(); ++i)
    if (calendars[i].display_name == wanted) return i;
  for (std::size_t i = 0; i < calendars.size(); ++i) {
    const std::string url = without_slash(calendars[i].url);
    if (url.substr(url.rfind('/') + 1) == wanted) return i;
  }
  // A path given without scheme and host ("/alice/work/").
  for (std::size_t i = 0; i < calendars.size(); ++i) {
    const std::string url = without_slash(calendars[i].url);
    if (!bare.empty() && bare.front() == '/' && url.size() > bare.size() &&
        url.compare(url.size() - bare.size(), bare.size(), bare) == 0)
      return i;
  }
  return std::nullopt;
}

CalendarRoles assign_roles(const std::vector<CalendarInfo>& calendars, const CalendarChoice& choice) {
  CalendarRoles roles;
  if (choice.calendars.empty()) {
    for (std::size_t i = 0; i < calendars.size(); ++i)
      if (holds(calendars[i], "VEVENT")) roles.sources.push_back(i);
  } else {
    for (const auto& wanted : choice.calendars) {
      const std::size_t i = required(calendars, "calendars", wanted);
      if (std::find(roles.sources.begin(), roles.sources.end(), i) == roles.sources.end()) roles.sources.push_back(i);
    }
  }

  if (!choice.followups_calendar.empty()) {
    const std::size_t i = required(calendars, "followups_calendar", choice.followups_calendar);
    if (!calendars[i].writable)
      throw ConfigError("'followups_calendar' in [caldav]: '" + calendar_name(calendars[i]) + "' is read-only");
    if (!holds(calendars[i], "VEVENT"))
      throw ConfigError("'followups_calendar' in [caldav]: '" + calendar_name(calendars[i]) + "' holds no events (VEVENT)");
    roles.followups = i;
  }
  for (std::size_t i = 0; i < calendars.size() && !roles.fallback; ++i)
    if (calendars[i].writable && holds(calendars[i], "VEVENT")) roles.fallback = i;

  const bool want_todo = choice.tasks_as != TasksAs::Vevent && !choice.server_has_no_vtodo;
  if (want_todo && !choice.tasks_calendar.empty()) {
    const std::size_t i = required(calendars, "tasks_calendar", choice.tasks_calendar);
    if (!calendars[i].writable)
      throw ConfigError("'tasks_calendar' in [caldav]: '" + calendar_name(calendars[i]) + "' is read-only");
    if (!holds(calendars[i], "VTODO"))
      throw ConfigError("'tasks_calendar' in [caldav]: '" + calendar_name(calendars[i]) + "' holds no tasks (VTODO)");
    roles.tasks = i;
  } else if (want_todo) {
    for (std::size_t i = 0; i < calendars.size() && !roles.tasks; ++i)
      if (calendars[i].writable && holds(calendars[i], "VTODO")) roles.tasks = i;
  }
  // RULES.md §3: where no writable collection takes VTODO, the thank-you is a VEVENT.
  roles.event_thank_yous = choice.tasks_as != TasksAs::Vtodo || !roles.tasks;
  return roles;
}

std::optional<std::size_t> followups_target(const std::vector<CalendarInfo>& calendars, const CalendarRoles& roles,
                                            std::size_t source) {
  if (roles.followups) return roles.followups;
  if (source < calendars.size() && calendars[source].writable && holds(calendars[source], "VEVENT")) return source;
  return roles.fallback;
}

}  // namespace followup::sync
