#pragma once
// The pure decision step of synchronization (functional core, as in vdirsyncer's sync): what the plan
// wants × what the store holds × what was saved after the last run → actions. No I/O, no clock.
#include <compare>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ical/time.hpp"
#include "rules/plan.hpp"
#include "sync/storage.hpp"

namespace followup::sync {

// The interview a follow-up belongs to: its UID and, for an occurrence of a recurring event, the
// RECURRENCE-ID as written.
struct InterviewKey {
  std::string uid;
  std::string recurrence_id;
  auto operator<=>(const InterviewKey&) const = default;
};

// An item the plan wants in the store.
struct DesiredItem {
  std::string uid;
  InterviewKey interview;
  rules::FollowupKind kind = rules::FollowupKind::ThankYou;
  std::string summary;
  SysSeconds when;            // start (events) or due (tasks), for reports
  bool all_day = false;       // `when` is the start of a day-long event
  std::string ics;            // the object to write
  std::string fingerprint;    // its meaning (sync/fingerprint.hpp)
  bool settled = false;       // the plan builds on it where it stands: never moved or rewritten
};

// An item this program generated, as found in the store now.
struct FoundItem {
  ItemRef ref;
  std::string uid;
  InterviewKey interview;
  std::string summary;
  std::optional<SysSeconds> when;    // start (events) or due (tasks)
  bool all_day = false;              // a day-long event: it lasts until the end of its day
  std::string fingerprint;           // its meaning now
  std::string embedded_fingerprint;  // X-FOLLOWUP-FINGERPRINT: the meaning it was written with
  bool permanent = false;            // a record (of an outcome): kept whatever the plan says now
};

enum class SavedStatus {
  Written,      // written by us; ref and fingerprint are what we wrote
  UserDeleted,  // a tombstone: the user deleted it, it is never recreated
  Creating,     // about to be created (written ahead of the store write)
  Deleting,     // about to be deleted by us (written ahead of the store write)
};

// What the state database remembers of an item.
struct SavedItem {
  std::string uid;
  InterviewKey interview;
  ItemRef ref;
  std::string written_fingerprint;
  SavedStatus status = SavedStatus::Written;
  std::optional<SysSeconds> interview_start;
  std::string interview_source;  // the input its interview was read from (see source_of)
};

// What the state remembers of an interview, to tell later whether it was deleted.
struct InterviewRecord {
  SysSeconds start;
  std::string source;
};

// "cal.ics" from "cal.ics:12": the input an item was read from.
std::string source_of(const std::string& where);

enum class ActionKind {
  Create,           // write the desired item (create if absent)
  Update,           // replace the found item (if its version still matches)
  Delete,           // delete the found item (if its version still matches)
  Unchanged,        // leave it; remember its current version
  KeepUserEdit,     // the user changed it: leave it, forever
  SkipUserDeleted,  // the user deleted it: do not recreate it, remember that
  Forget,           // nothing to do and nothing left to remember
};

struct Action {
  ActionKind kind = ActionKind::Unchanged;
  std::string uid;
  InterviewKey interview;
  std::optional<DesiredItem> desired;  // Create, Update (and Unchanged when desired)
  std::optional<ItemRef> ref;          // the found item, for Update, Delete, Unchanged, KeepUserEdit
  std::string written_fingerprint;     // what the state should remember as written
  std::string summary;                 // for reports
  std::optional<SysSeconds> when;      // for reports
  bool all_day = false;
};

// Which interviews the run may act on when an item is no longer wanted.
struct Scope {
  std::set<InterviewKey> seen;  // interviews read in the window (whatever they turned out to be)
  std::set<std::string> sources_read;  // inputs read whole this run (SyncInput::sources)
  SysSeconds window_start;
  SysSeconds window_end;
  // False when some input could not be read: an interview that was not seen may then be one of the
  // broken components, so nothing is deleted for want of it.
  bool inputs_complete = true;
};

std::vector<Action> decide(const std::vector<DesiredItem>& desired, const std::vector<FoundItem>& found,
                           const std::vector<SavedItem>& saved, const Scope& scope, SysSeconds now);

// Decides for one UID (decide() calls this for each; the executor calls it again after a conflict).
Action decide_one(const DesiredItem* desired, const FoundItem* found, const SavedItem* saved, const Scope& scope,
                  SysSeconds now);

}  // namespace followup::sync
