// The decision for an item written by a run that stopped after its PUT and before the state's commit
// (or while re-reading the ETag after it): the store holds the new text, which carries its own
// X-FOLLOWUP-FINGERPRINT, while the state still remembers the fingerprint written before. That item is
// ours as written, not a user edit, so the plan still moves and removes it (RULES.md §5).
#include <gtest/gtest.h>

#include "sync/decision.hpp"

using namespace followup;
using namespace followup::sync;
using namespace std::chrono;

namespace {

const SysSeconds now{sys_days{2026y / January / 20} + hours{12}};
const InterviewKey interview{"iv-1", ""};

DesiredItem desired(const std::string& fp) {
  DesiredItem d;
  d.uid = "followup-1";
  d.interview = interview;
  d.fingerprint = fp;
  d.ics = "BEGIN:VCALENDAR...";
  d.summary = "Check in";
  d.when = now + days{3};
  return d;
}

// In the store: meaning `fp` now, written with `embedded`, at `when`.
FoundItem found(const std::string& fp, const std::string& embedded, SysSeconds when = now + days{3}) {
  FoundItem f;
  f.ref = {"followup-1.ics", "\"2\""};
  f.uid = "followup-1";
  f.interview = interview;
  f.fingerprint = fp;
  f.embedded_fingerprint = embedded;
  f.when = when;
  return f;
}

// The state as the interrupted run left it: the write before, "fp-old".
SavedItem saved_before_the_write() {
  SavedItem s;
  s.uid = "followup-1";
  s.interview = interview;
  s.ref = {"followup-1.ics", "\"1\""};
  s.written_fingerprint = "fp-old";
  s.status = SavedStatus::Written;
  s.interview_start = now - days{7};
  s.interview_source = "cal.ics";
  return s;
}

// The interview seen this run, or (`seen` false) known deleted: its input read whole, inside the window.
Scope scope(bool seen) {
  Scope s;
  s.sources_read = {"cal.ics"};
  if (seen) s.seen.insert(interview);
  s.window_start = now - days{90};
  s.window_end = now + days{60};
  return s;
}

}  // namespace

TEST(DecisionAfterAnInterruptedWrite, ItemAsWrittenIsUpdatedWhenThePlanWantsSomethingElse) {
  const auto d = desired("fp-newest");
  const auto f = found("fp-new", "fp-new");  // exactly what the stopped run wrote
  const auto s = saved_before_the_write();
  const Action action = decide_one(&d, &f, &s, scope(true), now);
  EXPECT_EQ(action.kind, ActionKind::Update);
  ASSERT_TRUE(action.ref.has_value());
  EXPECT_EQ(action.ref->etag, "\"2\"");  // the version found now is the precondition
  ASSERT_TRUE(action.desired.has_value());
  EXPECT_EQ(action.desired->fingerprint, "fp-newest");
}

TEST(DecisionAfterAnInterruptedWrite, ItemAsWrittenThatThePlanStillWantsIsUnchangedAndRememberedAsWritten) {
  const auto d = desired("fp-new");
  const auto f = found("fp-new", "fp-new");
  const auto s = saved_before_the_write();
  const Action action = decide_one(&d, &f, &s, scope(true), now);
  EXPECT_EQ(action.kind, ActionKind::Unchanged);
  EXPECT_EQ(action.written_fingerprint, "fp-new");  // the state catches up with the store
}

TEST(DecisionAfterAnInterruptedWrite, PendingItemAsWrittenIsDeletedWhenThePlanNoLongerWantsIt) {
  const auto f = found("fp-new", "fp-new");
  const auto s = saved_before_the_write();
  const Action deleted = decide_one(nullptr, &f, &s, scope(false), now);  // its interview was deleted
  EXPECT_EQ(deleted.kind, ActionKind::Delete);
  ASSERT_TRUE(deleted.ref.has_value());
  EXPECT_EQ(deleted.ref->etag, "\"2\"");
  EXPECT_EQ(decide_one(nullptr, &f, &s, scope(true), now).kind, ActionKind::Delete);  // cancelled or decided
  // One whose time has passed stays, as a record of what was done.
  const auto past = found("fp-new", "fp-new", now - days{1});
  EXPECT_EQ(decide_one(nullptr, &past, &s, scope(false), now).kind, ActionKind::Unchanged);
}

TEST(DecisionAfterAnInterruptedWrite, AUserEditOfItIsStillAnEdit) {
  // Neither what the state remembers nor what the item says it was written as: the user's.
  const auto d = desired("fp-newest");
  const auto f = found("fp-user", "fp-new");
  const auto s = saved_before_the_write();
  EXPECT_EQ(decide_one(&d, &f, &s, scope(true), now).kind, ActionKind::KeepUserEdit);
  EXPECT_EQ(decide_one(nullptr, &f, &s, scope(false), now).kind, ActionKind::KeepUserEdit);
}
