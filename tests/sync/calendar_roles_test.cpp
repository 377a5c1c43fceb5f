// Which calendars a CalDAV run reads and writes (sync/calendar_roles.hpp): the defaults, the configured
// names, and RULES.md §3's "a VEVENT thank-you where no writable calendar takes VTODO", over calendars
// as discovery reports them. Pure: no server.
#include "sync/calendar_roles.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ical/errors.hpp"

using namespace followup;
using namespace followup::sync;

namespace {

CalendarInfo calendar(const std::string& url, const std::string& display_name, std::vector<std::string> components,
                      bool writable) {
  CalendarInfo c;
  c.url = url;
  c.display_name = display_name;
  c.components = std::move(components);
  c.writable = writable;
  return c;
}

// An account as Cyrus or Radicale shows one: a mixed calendar, an events-only one without a display
// name, a task list, and a colleague's calendar shared read-only.
std::vector<CalendarInfo> account() {
  return {
      calendar("https://dav.example.com/dav/alice/work/", "Work", {"VEVENT", "VTODO"}, true),
      calendar("https://dav.example.com/dav/alice/events/", "", {"VEVENT"}, true),
      calendar("https://dav.example.com/dav/alice/tasks/", "Tasks", {"VTODO"}, true),
      calendar("https://dav.example.com/dav/bob/shared/", "Team", {"VEVENT", "VTODO"}, false),
  };
}
constexpr std::size_t work = 0, events = 1, tasks = 2, team = 3;

using Indexes = std::vector<std::size_t>;

// The ConfigError message `choice` raises; "" (and a test failure) when it raises none.
std::string config_error(const std::vector<CalendarInfo>& calendars, const CalendarChoice& choice) {
  try {
    assign_roles(calendars, choice);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError";
  return "";
}

}  // namespace

TEST(CalendarRoles, NamesAreDisplayNamesElseTheLastSegment) {
  const auto calendars = account();
  EXPECT_EQ(calendar_name(calendars[work]), "Work");
  EXPECT_EQ(calendar_name(calendars[events]), "events");
}

TEST(CalendarRoles, ByDefaultEveryEventCalendarIsReadForInterviewsReadOnlyOnesToo) {
  const CalendarRoles roles = assign_roles(account(), {});
  EXPECT_EQ(roles.sources, (Indexes{work, events, team}));
  EXPECT_FALSE(roles.followups);  // check-ins go with each interview's calendar
}

TEST(CalendarRoles, AConfiguredCalendarIsFoundByUrlNameLastSegmentOrPath) {
  const auto calendars = account();
  EXPECT_EQ(find_calendar(calendars, "https://dav.example.com/dav/alice/events/"), events);
  EXPECT_EQ(find_calendar(calendars, "https://dav.example.com/dav/alice/events"), events);  // no final slash
  EXPECT_EQ(find_calendar(calendars, "Team"), team);                                       // display name
  EXPECT_EQ(find_calendar(calendars, "events"), events);                                   // last segment
  EXPECT_EQ(find_calendar(calendars, "shared"), team);                                     // last segment, named one
  EXPECT_EQ(find_calendar(calendars, "/dav/bob/shared/"), team);                           // path
  EXPECT_EQ(find_calendar(calendars, "/dav/alice/tasks"), tasks);
  EXPECT_FALSE(find_calendar(calendars, "Personal"));
  EXPECT_FALSE(find_calendar(calendars, "work "));
  EXPECT_FALSE(find_calendar(calendars, "/alice/"));  // a folder above the calendars is none of them

  // In the order given, each once.
  CalendarChoice choice;
  choice.calendars = {"Team", "https://dav.example.com/dav/alice/events", "/dav/bob/shared"};
  EXPECT_EQ(assign_roles(calendars, choice).sources, (Indexes{team, events}));
}

TEST(CalendarRoles, AMissingConfiguredCalendarIsAConfigErrorListingWhatThereIs) {
  CalendarChoice choice;
  choice.calendars = {"Work", "Personal"};
  std::string message = config_error(account(), choice);
  EXPECT_NE(message.find("'calendars'"), std::string::npos) << message;
  EXPECT_NE(message.find("Personal"), std::string::npos) << message;
  for (const char* name : {"Work", "events", "Tasks", "Team"})
    EXPECT_NE(message.find(name), std::string::npos) << name << " not listed in: " << message;

  choice = {};
  choice.followups_calendar = "Check-ins";
  message = config_error(account(), choice);
  EXPECT_NE(message.find("'followups_calendar'"), std::string::npos) << message;
  EXPECT_NE(message.find("Check-ins"), std::string::npos) << message;

  choice = {};
  choice.tasks_calendar = "Todo";
  message = config_error(account(), choice);
  EXPECT_NE(message.find("'tasks_calendar'"), std::string::npos) << message;
  EXPECT_NE(message.find("Todo"), std::string::npos) << message;
  EXPECT_NE(message.find("Tasks"), std::string::npos) << message;

  EXPECT_NE(config_error({}, choice).find("none"), std::string::npos);  // an account with no calendar at all
}

TEST(CalendarRoles, TasksGoToTheFirstWritableTaskCalendar) {
  EXPECT_EQ(assign_roles(account(), {}).tasks, work);  // the first writable one holding VTODO
  // Read-only and events-only calendars before it are passed over.
  const auto all = account();
  const std::vector<CalendarInfo> reordered{all[team], all[events], all[tasks], all[work]};
  const CalendarRoles roles = assign_roles(reordered, {});
  EXPECT_EQ(roles.tasks, 2u);
  EXPECT_FALSE(roles.event_thank_yous);

  CalendarChoice choice;
  choice.tasks_calendar = "Tasks";
  EXPECT_EQ(assign_roles(account(), choice).tasks, tasks);
}

TEST(CalendarRoles, AConfiguredTasksCalendarMustBeWritableAndHoldTasks) {
  CalendarChoice choice;
  choice.tasks_calendar = "Team";
  std::string message = config_error(account(), choice);
  EXPECT_NE(message.find("read-only"), std::string::npos) << message;
  EXPECT_NE(message.find("Team"), std::string::npos) << message;

  choice.tasks_calendar = "events";
  message = config_error(account(), choice);
  EXPECT_NE(message.find("VTODO"), std::string::npos) << message;
  EXPECT_NE(message.find("events"), std::string::npos) << message;
}

TEST(CalendarRoles, AConfiguredFollowupsCalendarMustBeWritableAndHoldEvents) {
  CalendarChoice choice;
  choice.followups_calendar = "Team";
  EXPECT_NE(config_error(account(), choice).find("read-only"), std::string::npos);
  choice.followups_calendar = "Tasks";
  EXPECT_NE(config_error(account(), choice).find("VEVENT"), std::string::npos);
}

TEST(CalendarRoles, WithNoWritableTaskCalendarThankYousAreEvents) {
  // RULES.md §3: Google's CalDAV has no VTODO; here the only task list is read-only.
  const std::vector<CalendarInfo> calendars{
      calendar("https://dav.example.com/dav/alice/events/", "Events", {"VEVENT"}, true),
      calendar("https://dav.example.com/dav/bob/shared/", "Team", {"VEVENT", "VTODO"}, false),
  };
  const CalendarRoles roles = assign_roles(calendars, {});
  EXPECT_FALSE(roles.tasks);
  EXPECT_TRUE(roles.event_thank_yous);
}

TEST(CalendarRoles, TasksAsVeventMakesEventThankYousOnly) {
  CalendarChoice choice;
  choice.tasks_as = TasksAs::Vevent;
  const CalendarRoles roles = assign_roles(account(), choice);
  EXPECT_FALSE(roles.tasks);
  EXPECT_TRUE(roles.event_thank_yous);
}

TEST(CalendarRoles, TasksAsBothMakesBoth) {
  CalendarChoice choice;
  choice.tasks_as = TasksAs::Both;
  CalendarRoles roles = assign_roles(account(), choice);
  EXPECT_EQ(roles.tasks, work);
  EXPECT_TRUE(roles.event_thank_yous);
  choice.tasks_calendar = "tasks";
  roles = assign_roles(account(), choice);
  EXPECT_EQ(roles.tasks, tasks);
  EXPECT_TRUE(roles.event_thank_yous);
}

TEST(CalendarRoles, AServerWithoutVtodoNeverGetsATask) {
  // Whatever the component sets claim, the quirks table knows Google has no VTODO.
  CalendarChoice choice;
  choice.server_has_no_vtodo = true;
  CalendarRoles roles = assign_roles(account(), choice);
  EXPECT_FALSE(roles.tasks);
  EXPECT_TRUE(roles.event_thank_yous);
  choice.tasks_as = TasksAs::Both;
  roles = assign_roles(account(), choice);
  EXPECT_FALSE(roles.tasks);
  EXPECT_TRUE(roles.event_thank_yous);
}

TEST(CalendarRoles, CheckInsGoToTheConfiguredCalendar) {
  const auto calendars = account();
  CalendarChoice choice;
  choice.followups_calendar = "events";
  const CalendarRoles roles = assign_roles(calendars, choice);
  EXPECT_EQ(roles.followups, events);
  for (const std::size_t source : {work, events, team}) EXPECT_EQ(followups_target(calendars, roles, source), events);
}

TEST(CalendarRoles, CheckInsGoToTheInterviewsOwnCalendarWhenItCanTakeThem) {
  const auto calendars = account();
  const CalendarRoles roles = assign_roles(calendars, {});
  EXPECT_EQ(followups_target(calendars, roles, work), work);
  EXPECT_EQ(followups_target(calendars, roles, events), events);
}

TEST(CalendarRoles, CheckInsOfAReadOnlyCalendarGoToTheFirstWritableEventCalendar) {
  auto calendars = account();
  std::swap(calendars[work], calendars[events]);  // the fallback is the first writable VEVENT one
  const CalendarRoles roles = assign_roles(calendars, {});
  EXPECT_EQ(roles.fallback, 0u);
  EXPECT_EQ(followups_target(calendars, roles, team), 0u);
  EXPECT_EQ(followups_target(calendars, roles, tasks), 0u);  // a task list takes no events
}

TEST(CalendarRoles, WhereNothingIsWritableCheckInsGoNowhere) {
  const std::vector<CalendarInfo> calendars{
      calendar("https://dav.example.com/dav/bob/shared/", "Team", {"VEVENT", "VTODO"}, false),
      calendar("https://dav.example.com/dav/alice/tasks/", "Tasks", {"VTODO"}, true),
  };
  const CalendarRoles roles = assign_roles(calendars, {});
  EXPECT_FALSE(roles.fallback);
  EXPECT_EQ(roles.sources, (Indexes{0}));
  EXPECT_FALSE(followups_target(calendars, roles, 0));
  EXPECT_EQ(roles.tasks, 1u);  // thank-you tasks still have their place
}
