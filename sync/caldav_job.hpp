#pragma once
// The whole job of `followup sync` over one CalDAV account (issue 4): discover the calendars, bring the
// copy of each one involved up to date, read the interviews, and write the follow-ups where they
// belong. The imperative shell: what to write is decided by the rules and the engine, where by
// calendar_roles.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rules/settings.hpp"
#include "sync/calendar_mirror.hpp"
#include "sync/calendar_roles.hpp"
#include "sync/engine.hpp"
#include "sync/http_client.hpp"

namespace followup::sync {

struct CaldavJob {
  std::string url;      // where discovery starts: the server, a principal, a home set or a calendar
  std::string account;  // the user name (or "" for none): part of each calendar's state identity
  CalendarChoice choice;
  bool dry_run = false;  // read everything, write nothing (neither the server nor the saved state)
  ProgressHook progress = {};  // "reading calendars" 2 of 4, then "writing" (may be unset)
  std::vector<rules::NewOutcome> new_outcomes = {};  // `followup outcome`: recorded and applied in this run
};

// What happened to one calendar the job touched.
struct CalendarActivity {
  std::string name;
  std::string url;
  std::vector<std::string> roles;  // "interviews", "followups", "tasks"
  std::optional<MirrorRead> read;  // nullopt: could not be read (see the errors)
  std::size_t fetched = 0;         // members whose text was downloaded
  TargetSummary written;           // what was written into it (all zero when it is not written to)
};

struct CaldavJobReport {
  SyncReport sync;
  std::vector<ItemError> problems;  // calendar objects that could not be read, calendars that failed
  std::vector<CalendarActivity> calendars;
};

// "caldav:alice https://host/cal/": the identity a calendar's state file is named after.
std::string caldav_state_identity(const std::string& account, const std::string& calendar_url);

// Runs the job. Discovery is skipped when the account's discovery cache (discovery_cache.hpp) holds
// what it found for the same URL, user and calendar choice less than a day ago; when a calendar then
// answers as if it were gone (404, 410, 403, an answer that is no multistatus), discovery runs again
// and, if it finds something else, the calendars are read again in the same run. A dry run reads the
// cache and writes nothing. Throws what discovery throws (AuthError, Transient, BadInput when nothing is found),
// ConfigError for a configured calendar that is missing or unusable, and AuthError or Transient when
// the server refuses or fails while reading; one calendar whose answers can't be read, or one object,
// is reported in `problems` and the rest goes on.
CaldavJobReport run_caldav_job(HttpClient& client, const CaldavJob& job, const rules::Settings& settings,
                               SysSeconds now);

}  // namespace followup::sync
