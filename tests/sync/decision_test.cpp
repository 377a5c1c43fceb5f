// The pure decision step, case by case: desired × found × saved → one action.
#include "sync/decision.hpp"

#include <gtest/gtest.h>

using namespace followup;
using namespace followup::sync;
using namespace std::chrono;

namespace {

const SysSeconds now{sys_days{2026y / January / 20} + hours{12}};
const SysSeconds later = now + days{3};
const SysSeconds earlier = now - days{3};
const InterviewKey interview{"iv-1", ""};

DesiredItem desired(const std::string& fp = "fp-plan", bool settled = false) {
  DesiredItem d;
  d.uid = "followup-1";
  d.interview = interview;
  d.fingerprint = fp;
  d.ics = "BEGIN:VCALENDAR...";
  d.summary = "Check in";
  d.when = later;
  d.settled = settled;
  return d;
}

FoundItem found(const std::string& fp, const std::string& embedded, SysSeconds when = later, const std::string& etag = "\"2\"") {
  FoundItem f;
  f.ref = {"followup-1.ics", etag};
  f.uid = "followup-1";
  f.interview = interview;
  f.fingerprint = fp;
  f.embedded_fingerprint = embedded;
  f.when = when;
  return f;
}

SavedItem saved(SavedStatus status = SavedStatus::Written, const std::string& fp = "fp-written",
                std::optional<SysSeconds> interview_start = now - days{7}) {
  SavedItem s;
  s.uid = "followup-1";
  s.interview = interview;
  s.ref = {"followup-1.ics", "\"1\""};
  s.written_fingerprint = fp;
  s.status = status;
  s.interview_start = interview_start;
  s.interview_source = "cal.ics";
  return s;
}

Scope scope_seeing(bool seen, bool complete = true) {
  Scope s;
  s.sources_read = {"cal.ics"};
  if (seen) s.seen.insert(interview);
  s.window_start = now - days{90};
  s.window_end = now + days{60};
  s.inputs_complete = complete;
  return s;
}

ActionKind decide_kind(const DesiredItem* d, const FoundItem* f, const SavedItem* s, const Scope& scope = scope_seeing(true)) {
  return decide_one(d, f, s, scope, now).kind;
}

}  // namespace

// Wanted, not in the store.
TEST(Decision, NewItemIsCreated) {
  const auto d = desired();
  EXPECT_EQ(decide_kind(&d, nullptr, nullptr), ActionKind::Create);
}

TEST(Decision, WrittenBeforeAndNowGoneWasDeletedByTheUser) {
  const auto d = desired();
  const auto s = saved();
  EXPECT_EQ(decide_kind(&d, nullptr, &s), ActionKind::SkipUserDeleted);
}

TEST(Decision, TombstoneIsFinal) {
  const auto d = desired();
  const auto s = saved(SavedStatus::UserDeleted);
  EXPECT_EQ(decide_kind(&d, nullptr, &s), ActionKind::SkipUserDeleted);
}

TEST(Decision, InterruptedCreateOrDeleteIsOursNotTheUsers) {
  const auto d = desired();
  const auto creating = saved(SavedStatus::Creating);
  const auto deleting = saved(SavedStatus::Deleting);
  EXPECT_EQ(decide_kind(&d, nullptr, &creating), ActionKind::Create);
  EXPECT_EQ(decide_kind(&d, nullptr, &deleting), ActionKind::Create);
}

// Wanted, in the store.
TEST(Decision, SameMeaningIsUnchanged) {
  const auto d = desired("fp-plan");
  const auto f = found("fp-plan", "fp-plan");
  const auto s = saved(SavedStatus::Written, "fp-plan");
  EXPECT_EQ(decide_kind(&d, &f, &s), ActionKind::Unchanged);
  EXPECT_EQ(decide_kind(&d, &f, nullptr), ActionKind::Unchanged);  // state lost: adopted
}

TEST(Decision, PlanChangedAndItemUneditedIsUpdated) {
  const auto d = desired("fp-new");
  const auto f = found("fp-old", "fp-old");
  const auto s = saved(SavedStatus::Written, "fp-old");
  const auto action = decide_one(&d, &f, &s, scope_seeing(true), now);
  EXPECT_EQ(action.kind, ActionKind::Update);
  EXPECT_EQ(action.ref->etag, "\"2\"");  // the version found now is the precondition
  EXPECT_EQ(decide_kind(&d, &f, nullptr), ActionKind::Update);  // state lost: the embedded print tells
}

TEST(Decision, UserEditWins) {
  const auto d = desired("fp-new");
  const auto f = found("fp-user", "fp-old");
  const auto s = saved(SavedStatus::Written, "fp-old");
  EXPECT_EQ(decide_kind(&d, &f, &s), ActionKind::KeepUserEdit);
  EXPECT_EQ(decide_kind(&d, &f, nullptr), ActionKind::KeepUserEdit);
  const auto action = decide_one(&d, &f, &s, scope_seeing(true), now);
  EXPECT_EQ(action.written_fingerprint, "fp-old");  // still remembered as an edit next time
}

TEST(Decision, ItemWithoutAnyRecordOfWhatWasWrittenIsTheUsers) {
  const auto d = desired("fp-new");
  const auto f = found("fp-any", "");
  EXPECT_EQ(decide_kind(&d, &f, nullptr), ActionKind::KeepUserEdit);
}

TEST(Decision, ReserializedByAnotherProgramIsNotAnEdit) {
  // Another etag, same meaning as written: not an edit, so the plan's change is applied.
  const auto d = desired("fp-new");
  const auto f = found("fp-old", "fp-old", later, "\"99\"");
  const auto s = saved(SavedStatus::Written, "fp-old");
  EXPECT_EQ(decide_kind(&d, &f, &s), ActionKind::Update);
}

TEST(Decision, SettledItemIsLeftWhereItIs) {
  const auto d = desired("fp-new", /*settled=*/true);
  const auto f = found("fp-old", "fp-old", earlier);
  const auto s = saved(SavedStatus::Written, "fp-old");
  EXPECT_EQ(decide_kind(&d, &f, &s), ActionKind::Unchanged);
}

// Not wanted, in the store.
TEST(Decision, PendingItemOfACancelledInterviewIsDeleted) {
  const auto f = found("fp", "fp", later);
  const auto s = saved(SavedStatus::Written, "fp");
  EXPECT_EQ(decide_kind(nullptr, &f, &s, scope_seeing(true)), ActionKind::Delete);
}

TEST(Decision, PastItemStaysAsARecord) {
  const auto f = found("fp", "fp", earlier);
  const auto s = saved(SavedStatus::Written, "fp");
  EXPECT_EQ(decide_kind(nullptr, &f, &s, scope_seeing(true)), ActionKind::Unchanged);
}

TEST(Decision, EditedItemIsNeverDeleted) {
  const auto f = found("fp-user", "fp", later);
  const auto s = saved(SavedStatus::Written, "fp");
  EXPECT_EQ(decide_kind(nullptr, &f, &s, scope_seeing(true)), ActionKind::KeepUserEdit);
}

TEST(Decision, InterviewDeletedInsideTheWindowRemovesPendingItems) {
  const auto f = found("fp", "fp", later);
  const auto s = saved(SavedStatus::Written, "fp", now - days{7});
  EXPECT_EQ(decide_kind(nullptr, &f, &s, scope_seeing(false)), ActionKind::Delete);
}

TEST(Decision, InterviewOfAnInputNotReadThisRunIsLeftAlone) {
  const auto f = found("fp", "fp", later);
  auto s = saved(SavedStatus::Written, "fp", now - days{7});
  s.interview_source = "other.ics";
  EXPECT_EQ(decide_kind(nullptr, &f, &s, scope_seeing(false)), ActionKind::Unchanged);
}

TEST(Decision, InterviewOutsideTheWindowIsLeftAlone) {
  const auto f = found("fp", "fp", later);
  const auto s = saved(SavedStatus::Written, "fp", now - days{120});
  EXPECT_EQ(decide_kind(nullptr, &f, &s, scope_seeing(false)), ActionKind::Unchanged);
  EXPECT_EQ(decide_kind(nullptr, &f, nullptr, scope_seeing(false)), ActionKind::Unchanged);  // no record at all
}

TEST(Decision, UnreadableInputsDeleteNothingForWantOfAnInterview) {
  const auto f = found("fp", "fp", later);
  const auto s = saved(SavedStatus::Written, "fp", now - days{7});
  EXPECT_EQ(decide_kind(nullptr, &f, &s, scope_seeing(false, /*complete=*/false)), ActionKind::Unchanged);
}

// Neither wanted nor in the store.
TEST(Decision, NothingLeftIsForgottenButTombstonesStay) {
  const auto written = saved(SavedStatus::Written);
  const auto tomb = saved(SavedStatus::UserDeleted);
  EXPECT_EQ(decide_kind(nullptr, nullptr, &written), ActionKind::Forget);
  EXPECT_EQ(decide_kind(nullptr, nullptr, &tomb), ActionKind::SkipUserDeleted);
}

TEST(Decision, DecideCoversTheUnionOfAllThreeInUidOrder) {
  auto d1 = desired();
  d1.uid = "followup-b";
  auto f2 = found("fp", "fp");
  f2.uid = "followup-a";
  auto s3 = saved();
  s3.uid = "followup-c";
  const auto actions = decide({d1}, {f2}, {s3}, scope_seeing(true), now);
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].uid, "followup-a");
  EXPECT_EQ(actions[0].kind, ActionKind::Delete);
  EXPECT_EQ(actions[1].kind, ActionKind::Create);
  EXPECT_EQ(actions[2].kind, ActionKind::Forget);
}
