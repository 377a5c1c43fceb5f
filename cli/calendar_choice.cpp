#include "cli/calendar_choice.hpp"

namespace followup::cli {
namespace {

sync::TasksAs tasks_as_of(CaldavSettings::TasksAs value) {
  switch (value) {
    case CaldavSettings::TasksAs::Vevent: return sync::TasksAs::Vevent;
    case CaldavSettings::TasksAs::Both: return sync::TasksAs::Both;
    case CaldavSettings::TasksAs::Vtodo: break;
  }
  return sync::TasksAs::Vtodo;
}

}  // namespace

sync::CalendarChoice calendar_choice(const CaldavSettings& settings) {
  sync::CalendarChoice choice;
  choice.calendars = settings.calendars;
  choice.followups_calendar = settings.followups_calendar;
  choice.tasks_calendar = settings.tasks_calendar;
  choice.tasks_as = tasks_as_of(settings.tasks_as);
  return choice;
}

}  // namespace followup::cli
