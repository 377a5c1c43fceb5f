#include "sync/decision.hpp"

#include <map>

namespace followup::sync {
namespace {

// What we last wrote: the state's record, else the fingerprint embedded in the item (so a lost state
// database is survivable: items are adopted by their deterministic UIDs).
std::string written_fingerprint(const FoundItem& found, const SavedItem* saved) {
  if (saved && saved->status == SavedStatus::Written && !saved->written_fingerprint.empty())
    return saved->written_fingerprint;
  return found.embedded_fingerprint;
}

bool edited_by_user(const FoundItem& found, const SavedItem* saved) {
  // Exactly what it says it was written as: ours as written, even where the state missed the write (a
  // run stopped between a PUT and the state's commit, or while re-reading the ETag after it).
  if (!found.embedded_fingerprint.empty() && found.fingerprint == found.embedded_fingerprint) return false;
  const std::string written = written_fingerprint(found, saved);
  // An item of ours with no record of what was written cannot be judged: treat it as the user's.
  return written.empty() || found.fingerprint != written;
}

// RULES.md §5 removes *pending* items; one whose time has passed stays as a record of what was done.
bool is_pending(const FoundItem& found, SysSeconds now) {
  if (!found.when) return true;
  // A day-long event is pending until its day is over (RFC 5545 §3.6.1: DTEND is exclusive).
  return (found.all_day ? *found.when + std::chrono::days{1} : *found.when) >= now;
}

bool in_scope(const InterviewKey& interview, const SavedItem* saved, const Scope& scope) {
  if (scope.seen.contains(interview)) return true;
  // Not seen: deleted, or no longer an interview, if it would have been read: its input was read
  // whole this time and its start is in the window. Otherwise it fell out of the window, or it lives
  // in an input this run did not read.
  return scope.inputs_complete && saved && saved->interview_start && *saved->interview_start >= scope.window_start &&
         *saved->interview_start < scope.window_end && scope.sources_read.contains(saved->interview_source);
}

Action make(ActionKind kind, const std::string& uid, const InterviewKey& interview) {
  Action a;
  a.kind = kind;
  a.uid = uid;
  a.interview = interview;
  return a;
}

Action from_found(ActionKind kind, const FoundItem& found, const std::string& written) {
  Action a = make(kind, found.uid, found.interview);
  a.ref = found.ref;
  a.written_fingerprint = written;
  a.summary = found.summary;
  a.when = found.when;
  a.all_day = found.all_day;
  return a;
}

// Reports show what the plan wants where it wants it.
void described_as(Action& a, const DesiredItem& d) {
  a.summary = d.summary;
  a.when = d.when;
  a.all_day = d.all_day;
}

}  // namespace

std::string source_of(const std::string& where) {
  const auto colon = where.rfind(':');
  return colon == std::string::npos ? where : where.substr(0, colon);
}

Action decide_one(const DesiredItem* desired, const FoundItem* found, const SavedItem* saved, const Scope& scope,
                  SysSeconds now) {
  if (found) {
    const std::string written = written_fingerprint(*found, saved);
    if (edited_by_user(*found, saved)) return from_found(ActionKind::KeepUserEdit, *found, written);
    if (desired) {
      if (desired->settled || desired->fingerprint == found->fingerprint) {
        Action a = from_found(ActionKind::Unchanged, *found, found->fingerprint);
        a.desired = *desired;
        return a;
      }
      Action a = from_found(ActionKind::Update, *found, written);
      a.desired = *desired;
      described_as(a, *desired);
      return a;
    }
    // Ours, unedited, no longer wanted: remove it if it is still ahead and its interview is known to
    // be cancelled, deleted or decided; otherwise leave it alone. A record is never wanted again after
    // the run that wrote it, and always kept: it is where the outcome is read from.
    if (!found->permanent && is_pending(*found, now) && in_scope(found->interview, saved, scope))
      return from_found(ActionKind::Delete, *found, written);
    return from_found(ActionKind::Unchanged, *found, written);
  }

  // Not in the store.
  if (desired) {
    // We wrote it once and it is gone: the user deleted it, and user deletions are final. A record
    // left "Creating" or "Deleting" by an interrupted run is ours, not the user's: create again.
    if (saved && (saved->status == SavedStatus::Written || saved->status == SavedStatus::UserDeleted)) {
      Action a = make(ActionKind::SkipUserDeleted, desired->uid, desired->interview);
      described_as(a, *desired);
      return a;
    }
    Action a = make(ActionKind::Create, desired->uid, desired->interview);
    a.desired = *desired;
    a.written_fingerprint = desired->fingerprint;
    described_as(a, *desired);
    return a;
  }
  if (saved && saved->status == SavedStatus::UserDeleted) {
    // Keep the tombstone while its interview may still come back into view.
    return make(ActionKind::SkipUserDeleted, saved->uid, saved->interview);
  }
  return make(ActionKind::Forget, saved ? saved->uid : std::string(), saved ? saved->interview : InterviewKey{});
}

std::vector<Action> decide(const std::vector<DesiredItem>& desired, const std::vector<FoundItem>& found,
                           const std::vector<SavedItem>& saved, const Scope& scope, SysSeconds now) {
  struct Row {
    const DesiredItem* desired = nullptr;
    const FoundItem* found = nullptr;
    const SavedItem* saved = nullptr;
  };
  std::map<std::string, Row> rows;  // by UID: a stable order for reports and tests
  for (const auto& d : desired) rows[d.uid].desired = &d;
  for (const auto& f : found) rows[f.uid].found = &f;
  for (const auto& s : saved) rows[s.uid].saved = &s;
  std::vector<Action> actions;
  actions.reserve(rows.size());
  for (const auto& [uid, row] : rows) actions.push_back(decide_one(row.desired, row.found, row.saved, scope, now));
  return actions;
}

}  // namespace followup::sync
