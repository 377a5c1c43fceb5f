#pragma once
// How `import` and `sync` report a run: a summary object for --json, a readable list for
// people (with the changes themselves on a dry run).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "ical/zone.hpp"
#include "sync/engine.hpp"

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

std::string sync_summary_text(const sync::SyncReport& report, const std::vector<sync::ItemError>& errors,
                              const ical::Zone& zone, bool dry_run, const std::string& target);

}  // namespace followup::cli
