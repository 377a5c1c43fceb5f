#pragma once
// One synchronization run (the imperative shell around decide()): read the store and the saved state,
// plan, decide, and apply the actions with the store's preconditions.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
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

// What was done (or, on a dry run, would be), item by item.
struct ActionCounts {
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t deleted = 0;
  std::size_t unchanged = 0;
  std::size_t kept_user_edits = 0;
  std::size_t skipped_user_deleted = 0;

  ActionCounts& operator+=(const ActionCounts& other);
};

// What one target store saw done.
struct TargetSummary : ActionCounts {
  std::string name;  // Storage::describe()
};

struct SyncReport : ActionCounts {
  std::size_t interviews = 0;
  std::vector<ItemError> errors;
  std::vector<Action> actions;  // what was decided (and, unless a dry run, done)
  std::vector<TargetSummary> targets;  // per target store, in the order given
  rules::Plan plan;                    // what the rules want now (with the first thank-you form)
  // The STATUS of every generated item found in the targets, by UID ("COMPLETED" for a thank-you sent).
  std::map<std::string, std::string> generated_status;
};

// How far a long run is, for people watching: `stage` ("reading calendars", "writing"), `done` of `total`.
using ProgressHook = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

struct SyncInput {
  std::vector<ical::Item> items;            // interviews and anything else read from the inputs
  std::vector<ical::ReadProblem> problems;  // components of the inputs that could not be read
  // The inputs read whole this time (as named in Item::where). An interview that is gone counts as
  // deleted only if its source is among them: a run over other inputs deletes nothing of theirs.
  std::set<std::string> sources;
  // The input an item was read from, given its Item::where (default: sync::source_of, "cal.ics" from
  // "cal.ics:12"). CalDAV inputs name the object's URL in `where` and count the calendar as the input.
  std::function<std::string(const std::string& where)> source_of_where;
  // Outcomes the user gives now (`followup outcome`): they count at once and their records are written.
  std::vector<rules::NewOutcome> new_outcomes = {};
  // Told after each write ("writing", done, total): the progress a person at a terminal sees.
  ProgressHook progress = {};
};

// One store that follow-ups are written into, with the state remembered for it.
struct SyncTarget {
  Storage* store = nullptr;
  StateDb* state = nullptr;
};

// Where follow-ups go when there are several target stores (CalDAV: thank-you tasks in a task list,
// check-ins in the interview's calendar), and in which forms thank-yous are made.
struct Placement {
  // One plan per form; the thank-yous of each go where target_of says (RULES.md §3: a VEVENT thank-you
  // where no task list can take a VTODO; issue 4's tasks_as = both makes both).
  std::vector<rules::ThankYouForm> thank_you_forms{rules::ThankYouForm::Todo};
  // The index into the targets for a follow-up of `interview`; nullopt: nowhere to write it (reported
  // as an error for that item, the rest goes on). Unset: everything into target 0.
  std::function<std::optional<std::size_t>(const rules::Followup&, const rules::Interview&)> target_of;
};

// Plans the follow-ups for `input` and writes them into `store`. With `dry_run` nothing is written
// (neither the store nor the state). Per-item failures are collected in the report; failures of the
// whole store (cannot list, cannot flush) throw.
SyncReport synchronize(const SyncInput& input, const rules::Settings& settings, SysSeconds now, Storage& store,
                       StateDb& state, bool dry_run);

// The same over several stores at once: one plan for all (placed items and outcome notes are read from
// every target), each follow-up written into the target `placement` gives it. Each target is decided
// against its own contents and state, so an item moved from one target to another is deleted there
// (when unedited) and created here.
SyncReport synchronize(const SyncInput& input, const rules::Settings& settings, SysSeconds now,
                       const std::vector<SyncTarget>& targets, const Placement& placement, bool dry_run);

}  // namespace followup::sync
