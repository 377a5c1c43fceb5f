#include "sync/caldav_job.hpp"

#include <chrono>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "rules/interview.hpp"
#include "sync/caldav_discovery.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/calendar_input.hpp"
#include "sync/dav_href.hpp"
#include "sync/discovery_cache.hpp"
#include "sync/server_quirks.hpp"

namespace followup::sync {
namespace {


// The calendar an object read from CalDAV belongs to, from its Item::where ("https://h/cal/x.ics:12").
std::string calendar_of_where(const std::string& where) {
  const std::string object = source_of(where);
  return object.substr(0, object.rfind('/') + 1);
}

// The object's URL for Item::where: the calendar's URL as discovery gave it and the object's name, so
// that the calendar it belongs to is found by its URL whatever spelling the server uses in hrefs.
std::string object_url(const std::string& calendar_url, const std::string& href) {
  return calendar_url + href.substr(href.rfind('/') + 1);
}

bool is_target(const std::vector<std::string>& roles) {
  return std::find(roles.begin(), roles.end(), "followups") != roles.end() ||
         std::find(roles.begin(), roles.end(), "tasks") != roles.end();
}

void add_role(std::vector<std::string>& roles, const std::string& role) {
  if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
}

// One calendar taking part in the run: its state (with the copy), the server side, and the copy.
struct Participant {
  std::size_t index = 0;
  std::unique_ptr<StateDb> state;
  std::unique_ptr<CalDavStorage> remote;
  std::unique_ptr<CalendarMirror> mirror;
  bool readable = false;
  std::vector<std::string> unreadable;  // members that changed but could not be read
};

std::unique_ptr<StateDb> open_state(const std::string& identity, bool dry_run) {
  const auto file = default_state_file(identity);
  return std::make_unique<StateDb>(dry_run ? StateDb::in_memory_copy_of(file) : StateDb(file));
}

// What the run works with: the calendars discovery found, the server's quirks, and what each calendar
// is for.
struct CalendarSetup {
  std::vector<CalendarInfo> calendars;
  ServerQuirks quirks;
  CalendarRoles roles;
  std::map<std::size_t, std::vector<std::string>> roles_of;  // who takes part, as what
};

std::vector<CalendarInfo> discover(HttpClient& client, const std::string& url) {
  std::vector<CalendarInfo> calendars = discover_calendars(client, url);
  for (auto& c : calendars) c.url = with_trailing_slash(c.url);
  return calendars;
}

// Throws ConfigError for a configured calendar that is missing or unusable (assign_roles).
CalendarSetup set_up(std::vector<CalendarInfo> calendars, const CalendarChoice& configured) {
  CalendarSetup setup;
  setup.calendars = std::move(calendars);
  setup.quirks = quirks_for(setup.calendars.empty() ? ServerIdentity{} : setup.calendars.front().server);
  CalendarChoice choice = configured;
  choice.server_has_no_vtodo = choice.server_has_no_vtodo || setup.quirks.no_vtodo;
  setup.roles = assign_roles(setup.calendars, choice);
  const CalendarRoles& roles = setup.roles;
  for (const std::size_t s : roles.sources) add_role(setup.roles_of[s], "interviews");
  // Check-ins, the move-on and VEVENT thank-yous go with the interview's calendar (or the one configured).
  for (const std::size_t s : roles.sources)
    if (const auto t = followups_target(setup.calendars, roles, s)) add_role(setup.roles_of[*t], "followups");
  if (roles.tasks) add_role(setup.roles_of[*roles.tasks], "tasks");
  return setup;
}

// Every calendar taking part, read.
struct CalendarReads {
  std::map<std::size_t, Participant> participants;
  std::vector<CalendarActivity> activities;
  std::vector<ItemError> problems;  // calendars that could not be read
  std::exception_ptr first_failure;
  // A calendar answered as one that is not (or no longer) what discovery said: a 403 without a
  // precondition (AccessDenied), or another 4xx such as 404 and 410, or an answer that is no
  // multistatus (BadInput: the errors do not tell these apart, so any of them). Not a 401 or a 5xx.
  bool refused = false;
};

CalendarReads read_calendars(HttpClient& client, const CaldavJob& job, const CalendarSetup& setup, SysSeconds now,
                             SysSeconds window_start) {
  CalendarReads reads;
  for (const auto& [index, role_names] : setup.roles_of) {
    if (job.progress) job.progress("reading calendars", reads.participants.size() + 1, setup.roles_of.size());
    const CalendarInfo& calendar = setup.calendars[index];
    Participant p;
    p.index = index;
    p.state = open_state(caldav_state_identity(job.account, calendar.url), job.dry_run);
    p.remote = std::make_unique<CalDavStorage>(calendar.url, client);
    p.remote->set_quirks(setup.quirks);
    MirrorOptions options;
    options.supports_sync_collection = calendar.supports_sync_collection;
    options.fragile_sync_token = setup.quirks.fragile_sync_token;
    options.unreliable_time_range = setup.quirks.unreliable_time_range;
    p.mirror = std::make_unique<CalendarMirror>(*p.remote, client, *p.state, options);
    CalendarActivity activity{calendar_name(calendar), calendar.url, role_names, std::nullopt, 0, {}};
    const bool source = std::find(role_names.begin(), role_names.end(), "interviews") != role_names.end();
    // One calendar that can't be read (answers that make no sense, a 403 on a shared calendar, a 5xx)
    // does not stop the others: nothing is written into it and nothing is deleted for want of its
    // interviews. Refused credentials (401) stop the run: asking again only gets the account throttled
    // (CALDAV-NOTES §5).
    try {
      const MirrorRefresh refresh = p.mirror->refresh(now, source ? std::optional{window_start} : std::nullopt);
      activity.read = refresh.kind;
      activity.fetched = refresh.fetched;
      p.unreadable = refresh.unreadable;
      p.readable = true;
    } catch (const AccessDenied& e) {
      reads.problems.push_back({calendar.url, e.what()});
      reads.refused = true;
      if (!reads.first_failure) reads.first_failure = std::current_exception();
    } catch (const AuthError&) {
      throw;
    } catch (const Transient& e) {
      reads.problems.push_back({calendar.url, e.what()});
      if (!reads.first_failure) reads.first_failure = std::current_exception();
    } catch (const BadInput& e) {
      reads.problems.push_back({calendar.url, e.what()});
      reads.refused = true;
      if (!reads.first_failure) reads.first_failure = std::current_exception();
    }
    reads.activities.push_back(std::move(activity));
    reads.participants.emplace(index, std::move(p));
  }
  return reads;
}

}  // namespace

std::string caldav_state_identity(const std::string& account, const std::string& calendar_url) {
  return "caldav:" + account + " " + with_trailing_slash(calendar_url);
}

CaldavJobReport run_caldav_job(HttpClient& client, const CaldavJob& job, const rules::Settings& settings,
                               SysSeconds now) {
  // What discovery found is kept (discovery_cache.hpp): an unchanged run makes no PROPFIND. It is
  // found again when the cache is missing or for another URL, user or calendar choice, and once a day,
  // with the full listing of the calendars (MirrorOptions::full_every), so that a calendar made or
  // renamed on the server shows up within a day. A dry run reads it and writes nothing.
  const std::filesystem::path cache_file = discovery_cache_file(job.url, job.account);
  const DiscoveryKey cache_key{job.url, job.account, calendar_choice_key(job.choice)};
  const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(MirrorOptions{}.full_every);
  std::optional<CalendarSetup> setup;
  if (auto cached = read_discovery_cache(cache_file, cache_key, now, max_age)) {
    try {
      setup = set_up(std::move(*cached), job.choice);
    } catch (const ConfigError&) {
      // A configured calendar the cached list lacks or has otherwise: asked for afresh below.
    }
  }
  const bool from_cache = setup.has_value();
  if (!setup) {
    setup = set_up(discover(client, job.url), job.choice);
    if (!job.dry_run) write_discovery_cache(cache_file, cache_key, setup->calendars, now);
  }

  const rules::Window window = rules::interview_window(settings, now);
  CalendarReads reads = read_calendars(client, job, *setup, now, window.start);
  // A calendar that answers as if it were gone, moved or no longer ours: what the cache said may be
  // out of date (CALDAV-NOTES §8: "re-run on 404/410"). Discovered again, once; when that finds
  // something else, the calendars are read again as it says, in this run. A 401 or a server failing
  // (5xx, the network) is not a reason: discovery would meet the same.
  if (from_cache && reads.refused) {
    if (!job.dry_run) forget_discovery_cache(cache_file);  // whatever happens next, the next run discovers
    std::vector<CalendarInfo> fresh = discover(client, job.url);
    if (!same_calendars(fresh, setup->calendars)) {
      CalendarSetup next = set_up(fresh, job.choice);  // a configured calendar now gone: ConfigError
      reads = {};  // the copies' states closed before they are opened again
      setup = std::move(next);
      reads = read_calendars(client, job, *setup, now, window.start);
    }
    if (!job.dry_run) write_discovery_cache(cache_file, cache_key, fresh, now);
  }

  const std::vector<CalendarInfo>& calendars = setup->calendars;
  const CalendarRoles& roles = setup->roles;
  const std::map<std::size_t, std::vector<std::string>>& roles_of = setup->roles_of;
  std::map<std::size_t, Participant>& participants = reads.participants;
  CaldavJobReport report;
  report.problems = std::move(reads.problems);
  report.calendars = std::move(reads.activities);
  // Nothing could be read at all: that is the run failing (server down: exit code 6), not a partial one.
  if (reads.first_failure && std::none_of(participants.begin(), participants.end(),
                                          [](const auto& entry) { return entry.second.readable; }))
    std::rethrow_exception(reads.first_failure);

  // The interviews (and the rest the rules look at) from every calendar read for them.
  const rules::InterviewFinder finder(settings);
  const ical::ReadOptions read_options = input_read_options(finder, settings, now);
  CalendarInput input;
  for (const std::size_t s : roles.sources) {
    const Participant& p = participants.at(s);
    if (!p.readable) {
      input.problems.push_back({calendars[s].url, "the calendar could not be read"});
      continue;
    }
    const bool written_to = is_target(roles_of.at(s));
    const std::size_t first = input.items.size();
    const std::size_t problems_before = input.problems.size();
    for (const auto& href : p.unreadable)
      input.problems.push_back({object_url(calendars[s].url, href),
                                "changed, but the server did not send it: it is read again next run"});
    const std::vector<StoredItem> members = p.mirror->read_members();
    for (const auto& member : members)
      read_calendar_object(member.ics, object_url(calendars[s].url, member.ref.href), read_options, input);
    // Follow-ups in a calendar that is also written to are read by the engine as what they are.
    if (written_to)
      input.items.erase(std::remove_if(input.items.begin() + static_cast<std::ptrdiff_t>(first), input.items.end(),
                                       [](const ical::Item& item) { return rules::is_generated(item); }),
                        input.items.end());
    if (!p.mirror->list().empty() && input.problems.size() == problems_before) input.sources.insert(calendars[s].url);
  }

  // Where follow-ups go.
  std::vector<SyncTarget> targets;
  std::map<std::size_t, std::size_t> target_of_calendar;
  for (auto& [index, p] : participants) {
    if (!is_target(roles_of.at(index)) || !p.readable) continue;
    target_of_calendar[index] = targets.size();
    targets.push_back({p.mirror.get(), p.state.get()});
  }
  std::map<std::string, std::size_t> calendar_by_url;
  for (std::size_t i = 0; i < calendars.size(); ++i) calendar_by_url[calendars[i].url] = i;
  Placement placement;
  placement.thank_you_forms.clear();
  if (roles.tasks) placement.thank_you_forms.push_back(rules::ThankYouForm::Todo);
  if (roles.event_thank_yous) placement.thank_you_forms.push_back(rules::ThankYouForm::Event);
  placement.target_of = [&](const rules::Followup& f, const rules::Interview& interview) -> std::optional<std::size_t> {
    std::optional<std::size_t> calendar;
    // Tasks (thank-yous, the debrief) go to the task list: an events-only calendar refuses them
    // (Cyrus enforces component sets, CALDAV-NOTES §7.2).
    if (f.component == ical::ComponentKind::Todo) {
      calendar = roles.tasks;
    } else if (const auto it = calendar_by_url.find(calendar_of_where(interview.where)); it != calendar_by_url.end()) {
      calendar = followups_target(calendars, roles, it->second);
    }
    if (!calendar) return std::nullopt;
    const auto t = target_of_calendar.find(*calendar);
    return t == target_of_calendar.end() ? std::nullopt : std::optional{t->second};
  };

  SyncInput sync_input{std::move(input.items), input.problems, std::move(input.sources), calendar_of_where};
  sync_input.progress = job.progress;
  sync_input.new_outcomes = job.new_outcomes;
  report.sync = synchronize(sync_input, settings, now, targets, placement, job.dry_run);
  // A write refused or failed (a calendar turned read-only, or gone, since discovery): the next run
  // discovers again. Not this one: what was written stays written, and the run is not done twice.
  if (!report.sync.errors.empty() && !job.dry_run) forget_discovery_cache(cache_file);
  for (const auto& p : input.problems) report.problems.push_back({p.where, p.reason});
  for (auto& activity : report.calendars) {
    const auto it = calendar_by_url.find(activity.url);
    if (it == calendar_by_url.end()) continue;
    if (const auto t = target_of_calendar.find(it->second); t != target_of_calendar.end()) {
      activity.written = report.sync.targets[t->second];
      activity.written.name = activity.name;
    }
  }
  return report;
}

}  // namespace followup::sync
