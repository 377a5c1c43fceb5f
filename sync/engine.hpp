#pragma once
// One synchronization run (the imperative shell around decide()): read the store and the saved state,
// plan, decide, and apply the actions with the store's preconditions.
#include <set>
#include <string>
#include <vector>

#include "ical/item.hpp"
#include "ical/reader.hpp"
#include "rules/settings.hpp"
#include "sync/decision.hpp"
#include "sync/state_db.hpp"
#include "sync/storage.hpp"

namespace followup::sync {

struct ItemError {
  std::string where;
  std::string reason;
};

struct SyncReport {
  std::size_t interviews = 0;
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t deleted = 0;
  std::size_t unchanged = 0;
  std::size_t kept_user_edits = 0;
  std::size_t skipped_user_deleted = 0;
  std::vector<ItemError> errors;
  std::vector<Action> actions;  // what was decided (and, unless a dry run, done)
};

struct SyncInput {
  std::vector<ical::Item> items;            // interviews and anything else read from the inputs
  std::vector<ical::ReadProblem> problems;  // components of the inputs that could not be read
  // The inputs read whole this time (as named in Item::where). An interview that is gone counts as
  // deleted only if its source is among them: a run over other inputs deletes nothing of theirs.
  std::set<std::string> sources;
};

// Plans the follow-ups for `input` and writes them into `store`. With `dry_run` nothing is written
// (neither the store nor the state). Per-item failures are collected in the report; failures of the
// whole store (cannot list, cannot flush) throw.
SyncReport synchronize(const SyncInput& input, const rules::Settings& settings, SysSeconds now, Storage& store,
                       StateDb& state, bool dry_run);

}  // namespace followup::sync
