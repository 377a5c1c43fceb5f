#pragma once
// Applies decided actions to a store with its preconditions, and records each in the state only after
// it succeeded; an intent ("Creating", "Deleting") is recorded before a write, so that a run
// interrupted at any point leaves a state the next run repairs (and never mistakes for a user's
// deletion). A conflict (the item changed under us) is re-read and decided again once: the user's
// edit wins.
#include <functional>
#include <map>

#include "sync/decision.hpp"
#include "sync/engine.hpp"
#include "sync/state_db.hpp"
#include "sync/storage.hpp"

namespace followup::sync {

struct ExecutionContext {
  Storage& store;
  StateDb& state;
  const Scope& scope;
  SysSeconds now;
  const std::map<std::string, SavedItem>& saved;            // by UID
  const std::map<InterviewKey, InterviewRecord>& interviews;  // for the state's scope records
  // Reads one object back after a conflict (nullopt: not there).
  std::function<std::optional<FoundItem>(const std::string& href)> reread;
  // Told after each create, update or delete was tried (done or failed), for progress; may be unset.
  std::function<void()> wrote = {};
};

// Applies `actions` in order, counting them in `report` (and listing failures there).
void execute(std::vector<Action>& actions, ExecutionContext& context, SyncReport& report);

// Adds an action to the report's counts.
void count(const Action& action, SyncReport& report);

}  // namespace followup::sync
