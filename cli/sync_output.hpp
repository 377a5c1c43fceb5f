#pragma once
// How `import` and `sync` report a run: a summary object for --json, a readable list for
// people (with the changes themselves on a dry run).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "ical/zone.hpp"
#include "sync/engine.hpp"
#include "sync/http_client.hpp"

namespace followup::cli {

// {"interviews", "created", "updated", "deleted", "unchanged", "kept_user_edits",
//  "skipped_user_deleted", "errors": [{"where", "reason"}], "changes": [{"action", "uid", "summary",
//  "interview_uid", "when" | "date"}]} (changes by time; on a dry run, what would be done)
nlohmann::ordered_json sync_summary(const sync::SyncReport& report, const std::vector<sync::ItemError>& errors,
                                    const ical::Zone& zone);
std::string sync_summary_json(const sync::SyncReport& report, const std::vector<sync::ItemError>& errors,
                              const ical::Zone& zone);

// A JSON document as the commands print it (invalid UTF-8 replaced, not thrown).
std::string json_text(const nlohmann::ordered_json& document);

// Whether `import` or `sync` prints its summary: never with -q; always with -v and on a dry run (which
// is run to be read); else (cron) only when something was changed or failed, so that an unchanged run
// prints nothing and cron mails nothing.
bool summary_wanted(const sync::SyncReport& report, const std::vector<sync::ItemError>& errors, bool dry_run,
                    Verbosity verbosity);

// The summary for people: on a dry run first the changes, grouped under the interview each belongs to,
// then one line of counts (naming how many problems there were; the problems themselves go to stderr).
std::string sync_summary_text(const sync::SyncReport& report, const std::vector<sync::ItemError>& errors,
                              const ical::Zone& zone, bool dry_run, const std::string& target);

// The changes a dry run would make, under the interview each belongs to (its summary and local start,
// from report.plan), the interviews by start; those of an interview no longer read (deletions) last:
//   Interview with Acme: Marketing Manager (Tuesday 13 January 2026, 10:00)
//     + create Wednesday 14 January 2026, 11:00  Thank Mr. Finn for the Acme interview
//     ~ update Friday 16 January 2026, 09:00  First check-in with Acme
//     = kept (edited by you) Friday 23 January 2026, 09:00  Call Finn again
//     - delete Friday 30 January 2026, all day  Move on from Acme
std::string dry_run_changes(const sync::SyncReport& report, const ical::Zone& zone);

// One line of -vv for each HTTP exchange, for stderr: "HTTP REPORT https://host/cal/ 207 12 ms", or
// "HTTP PUT https://host/cal/x.ics failed after 30012 ms: ..." (method, URL without user, password or
// query; never a header or a body: HttpLogEntry holds none), and the HTTP version in parentheses.
std::string http_log_line(const sync::HttpLogEntry& entry);

// The problems for stderr: "where: reason", one line each (line breaks in either become spaces).
std::string error_lines(const std::vector<sync::ItemError>& errors);

}  // namespace followup::cli
