#pragma once
// How `import` (and later `sync`) reports a run: a summary object for --json, a readable list for
// people (with the changes themselves on a dry run).
#include <string>
#include <vector>

#include "ical/zone.hpp"
#include "sync/engine.hpp"

namespace followup::cli {

// {"interviews", "created", "updated", "deleted", "unchanged", "kept_user_edits",
//  "skipped_user_deleted", "errors": [{"where", "reason"}], "changes": [{"action", "uid", "summary",
//  "interview_uid", "when" | "date"}]} (changes by time; on a dry run, what would be done)
std::string sync_summary_json(const sync::SyncReport& report, const std::vector<sync::ItemError>& errors,
                              const ical::Zone& zone);

std::string sync_summary_text(const sync::SyncReport& report, const std::vector<sync::ItemError>& errors,
                              const ical::Zone& zone, bool dry_run, const std::string& target);

}  // namespace followup::cli
