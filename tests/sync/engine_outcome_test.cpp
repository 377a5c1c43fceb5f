// `followup outcome` in the engine (issue 5, RULES.md §5): an outcome given through SyncInput::new_outcomes
// is written as a record of the program's own, applied in the same run, and read back from the record on
// every later run; the record is never deleted by the program. Plus the daily runs between the thank-you's
// due and check-in 1 (RULES.md §6: "Run again: nothing changes").
#include <gtest/gtest.h>

#include <regex>

#include "../rules/rules_fixtures.hpp"
#include "sync/engine.hpp"
#include "sync/generated_item.hpp"
#include "sync/memory_storage.hpp"

using namespace followup;
using namespace followup::sync;
using namespace followup::testing;
using namespace std::chrono;

namespace {

SysSeconds berlin(const std::string& local) { return at(local, "Europe/Berlin"); }

rules::NewOutcome outcome_for_acme(rules::OutcomeKind kind, std::optional<Date> until = std::nullopt) {
  return rules::NewOutcome{"interview-1@example.com", "", rules::Outcome{kind, until, ""}};
}

class EngineOutcome : public ::testing::Test {
 protected:
  SyncReport run(SysSeconds now, const std::vector<rules::NewOutcome>& new_outcomes = {}, bool dry_run = false,
                 const std::vector<ical::Item>& items = {acme_interview()}) {
    SyncInput input{items, {}, {"test.ics"}, {}};
    input.new_outcomes = new_outcomes;
    return synchronize(input, settings, now, {SyncTarget{&store, &state}}, placement, dry_run);
  }

  // The stored objects of one kind ("thank-you", "check-in", "move-on", "outcome").
  std::vector<StoredItem> objects(const std::string& kind) {
    std::vector<std::string> hrefs;
    for (const auto& ref : store.list()) hrefs.push_back(ref.href);
    std::vector<StoredItem> out;
    for (auto& object : store.get(hrefs))
      if (object.ics.find("X-FOLLOWUP-KIND:" + kind + "\r\n") != std::string::npos) out.push_back(object);
    return out;
  }

  ical::Item parsed(const StoredItem& object) {
    std::vector<ical::ReadProblem> problems;
    auto items = parse_object(object.ics, object.ref.href, problems);
    for (const auto& p : problems) ADD_FAILURE() << p.where << ": " << p.reason;
    if (items.size() != 1) throw std::runtime_error("not one item in " + object.ref.href);
    return items[0];
  }

  std::optional<rules::OutcomeKind> planned_outcome(const SyncReport& report) {
    if (report.plan.interviews.size() != 1) throw std::runtime_error("not one interview in the plan");
    const auto& outcome = report.plan.interviews[0].interview.outcome;
    return outcome ? std::optional{outcome->kind} : std::nullopt;
  }

  rules::Settings settings = settings_in("Europe/Berlin");
  Placement placement;
  MemoryStorage store;
  StateDb state = StateDb::in_memory();
};

}  // namespace

TEST_F(EngineOutcome, TheRecordIsWrittenAndTheCheckInsGoInTheSameRun) {
  ASSERT_EQ(run(berlin("2026-01-13T12:00")).created, 4u);
  const auto thank_you_before = objects("thank-you").at(0);

  const auto report = run(berlin("2026-01-14T09:00"), {outcome_for_acme(rules::OutcomeKind::Rejected)});
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.created, 1u);
  EXPECT_EQ(report.deleted, 3u);
  EXPECT_EQ(report.updated, 0u);
  EXPECT_EQ(planned_outcome(report), rules::OutcomeKind::Rejected);
  EXPECT_TRUE(objects("check-in").empty());
  EXPECT_TRUE(objects("move-on").empty());
  ASSERT_EQ(objects("thank-you").size(), 1u);
  EXPECT_EQ(objects("thank-you")[0].ref, thank_you_before.ref) << "the thank-you stays as it was";

  const auto records = objects("outcome");
  ASSERT_EQ(records.size(), 1u);
  const std::string& ics = records[0].ics;
  // An all-day, transparent marker on the day it was recorded (task lists get their completed tasks
  // cleared; a calendar's past days are left alone).
  EXPECT_NE(ics.find("BEGIN:VEVENT"), std::string::npos) << ics;
  EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20260114"), std::string::npos) << ics;
  EXPECT_NE(ics.find("TRANSP:TRANSPARENT"), std::string::npos) << ics;
  EXPECT_NE(ics.find("RELATED-TO:interview-1@example.com"), std::string::npos) << ics;
  EXPECT_NE(ics.find("DESCRIPTION:Outcome: rejected\\n"), std::string::npos) << ics;
  EXPECT_EQ(ics.find("BEGIN:VALARM"), std::string::npos) << ics;
  const auto record = parsed(records[0]);
  EXPECT_TRUE(record.all_day);
  EXPECT_TRUE(record.description.starts_with("Outcome: rejected\n")) << record.description;
}

TEST_F(EngineOutcome, ADryRunWritesNoRecord) {
  run(berlin("2026-01-13T12:00"));
  const auto before = store.list();
  const auto saved = state.load().size();
  const auto report = run(berlin("2026-01-14T09:00"), {outcome_for_acme(rules::OutcomeKind::Offer)}, /*dry_run=*/true);
  EXPECT_EQ(report.created, 1u);
  EXPECT_EQ(report.deleted, 3u);
  EXPECT_EQ(store.list(), before);
  EXPECT_EQ(state.load().size(), saved);
}

TEST_F(EngineOutcome, LaterRunsKeepTheRecordAndTheOutcomeReadFromIt) {
  run(berlin("2026-01-13T12:00"));
  run(berlin("2026-01-14T09:00"), {outcome_for_acme(rules::OutcomeKind::Rejected)});
  const auto record = objects("outcome").at(0);
  const auto versions = store.list();

  // Cron runs on, with no outcome given: through check-in 1's day, check-in 2's, the move-on's and long
  // after (the record's due, the time it was given, is long past).
  for (const auto& when : {"2026-01-14T12:00", "2026-01-16T12:00", "2026-01-23T12:00", "2026-01-30T12:00", "2026-03-01T12:00"}) {
    const auto report = run(berlin(when));
    EXPECT_EQ(report.created + report.updated + report.deleted, 0u) << when;
    EXPECT_EQ(planned_outcome(report), rules::OutcomeKind::Rejected) << when;
    EXPECT_EQ(store.list(), versions) << when;
  }
  ASSERT_EQ(objects("outcome").size(), 1u);
  EXPECT_EQ(objects("outcome")[0].ref, record.ref);

  // The state lost: the record is still ours as written, kept, and still says what the outcome is.
  state = StateDb::in_memory();
  const auto report = run(berlin("2026-01-20T12:00"));
  EXPECT_EQ(report.created + report.updated + report.deleted, 0u);
  EXPECT_EQ(report.kept_user_edits, 0u);
  EXPECT_EQ(planned_outcome(report), rules::OutcomeKind::Rejected);
  EXPECT_EQ(store.list(), versions);
}

TEST_F(EngineOutcome, TheRecordStaysWhenTheInterviewIsDeleted) {
  run(berlin("2026-01-13T12:00"));
  run(berlin("2026-01-14T09:00"), {outcome_for_acme(rules::OutcomeKind::Withdrawn)});
  const auto report = run(berlin("2026-01-14T10:00"), {}, false, {});  // the user deleted the interview
  EXPECT_EQ(report.deleted, 1u) << "the pending thank-you goes with its interview";
  EXPECT_EQ(objects("outcome").size(), 1u) << "the record stays";
}

TEST_F(EngineOutcome, WaitingUntilMovesTheCheckInsAndAFinalOutcomeLaterIsARecordOfItsOwn) {
  run(berlin("2026-01-13T12:00"));
  auto report = run(berlin("2026-01-14T09:00"),
                    {outcome_for_acme(rules::OutcomeKind::WaitingUntil, Date{2026y / January / 28})});
  EXPECT_EQ(report.created, 1u);
  EXPECT_EQ(report.deleted, 0u);
  std::vector<SysSeconds> starts;
  for (const auto& c : objects("check-in")) starts.push_back(*parsed(c).start);
  std::sort(starts.begin(), starts.end());
  EXPECT_EQ(starts, (std::vector<SysSeconds>{berlin("2026-01-29T09:00"), berlin("2026-02-05T09:00")}));

  // Read back from the record: a later run changes nothing.
  report = run(berlin("2026-01-14T10:00"));
  EXPECT_EQ(report.created + report.updated + report.deleted, 0u);
  EXPECT_EQ(planned_outcome(report), rules::OutcomeKind::WaitingUntil);

  // Then the answer comes: rejected. A second record; the check-ins and the move-on go; both records stay.
  report = run(berlin("2026-01-20T12:00"), {outcome_for_acme(rules::OutcomeKind::Rejected)});
  EXPECT_EQ(report.created, 1u);
  EXPECT_EQ(report.deleted, 3u);
  EXPECT_EQ(objects("outcome").size(), 2u);
  report = run(berlin("2026-01-21T12:00"));
  EXPECT_EQ(report.created + report.updated + report.deleted, 0u);
  EXPECT_EQ(planned_outcome(report), rules::OutcomeKind::Rejected);
  EXPECT_EQ(objects("outcome").size(), 2u);
  EXPECT_TRUE(objects("check-in").empty());
}

TEST_F(EngineOutcome, WithThankYouEventsTheRecordIsAnAllDayMarker) {
  placement.thank_you_forms = {rules::ThankYouForm::Event};
  run(berlin("2026-01-13T10:30"));
  const auto report = run(berlin("2026-01-14T09:00"), {outcome_for_acme(rules::OutcomeKind::Offer)});
  EXPECT_EQ(report.created, 1u);
  EXPECT_EQ(report.deleted, 3u);
  const auto records = objects("outcome");
  ASSERT_EQ(records.size(), 1u);
  const auto record = parsed(records[0]);
  EXPECT_EQ(record.kind, ical::ComponentKind::Event);
  EXPECT_TRUE(record.all_day);
  EXPECT_EQ(*record.start_date, Date(2026y / January / 14));
  EXPECT_NE(records[0].ics.find("TRANSP:TRANSPARENT"), std::string::npos);
  // Its day passes: still kept, still counted.
  const auto later = run(berlin("2026-01-20T12:00"));
  EXPECT_EQ(later.created + later.updated + later.deleted, 0u);
  EXPECT_EQ(planned_outcome(later), rules::OutcomeKind::Offer);
  EXPECT_EQ(objects("outcome").size(), 1u);
}

// How to take an outcome back, or change it: edit the record's line. The program reads the edited record
// (a user edit it leaves alone) and plans again from what it says.
TEST_F(EngineOutcome, EditingTheRecordChangesTheOutcome) {
  run(berlin("2026-01-13T12:00"));
  run(berlin("2026-01-14T09:00"), {outcome_for_acme(rules::OutcomeKind::Rejected)});
  const auto record = objects("outcome").at(0);
  store.put_as_user(record.ref.href, std::regex_replace(record.ics, std::regex("DESCRIPTION:Outcome: rejected"),
                                                         "DESCRIPTION:Outcome: waiting until 2026-02-04"));
  const auto report = run(berlin("2026-01-14T10:00"));
  EXPECT_EQ(report.kept_user_edits, 1u);
  EXPECT_EQ(planned_outcome(report), rules::OutcomeKind::WaitingUntil);
  EXPECT_EQ(report.created, 3u) << "the check-ins and the move-on, after the new date";
  std::vector<SysSeconds> starts;
  for (const auto& c : objects("check-in")) starts.push_back(*parsed(c).start);
  std::sort(starts.begin(), starts.end());
  EXPECT_EQ(starts, (std::vector<SysSeconds>{berlin("2026-02-05T09:00"), berlin("2026-02-12T09:00")}));
  EXPECT_EQ(objects("outcome").size(), 1u);
}

// Task lists are tidied by deleting completed tasks (todoman's `flush`, "delete all completed tasks" in
// Nextcloud Tasks, "clear completed" in Reminders): the completed thank-you going that way is not the
// user taking back "rejected", and the check-ins must not come back. The record is an event for that.
TEST_F(EngineOutcome, TidyingAwayCompletedTasksDoesNotBringTheCheckInsBack) {
  run(berlin("2026-01-13T12:00"));
  run(berlin("2026-01-14T09:00"), {outcome_for_acme(rules::OutcomeKind::Rejected)});
  store.remove(objects("thank-you").at(0).ref);

  for (const auto& when : {"2026-01-14T10:00", "2026-01-15T12:00"}) {
    const auto report = run(berlin(when));
    EXPECT_EQ(report.created, 0u) << when;
    EXPECT_TRUE(objects("check-in").empty()) << when;
    EXPECT_TRUE(objects("move-on").empty()) << when;
    EXPECT_TRUE(objects("thank-you").empty()) << when << ": what the user deleted is not recreated";
    EXPECT_EQ(objects("outcome").size(), 1u) << when;
  }
}

// Deleting the record itself, on purpose, takes the outcome back (README "Outcomes"): the check-ins still
// ahead come back, and the record is not recreated.
TEST_F(EngineOutcome, DeletingTheRecordTakesTheOutcomeBack) {
  run(berlin("2026-01-13T12:00"));
  run(berlin("2026-01-14T09:00"), {outcome_for_acme(rules::OutcomeKind::Rejected)});
  store.remove(objects("outcome").at(0).ref);
  const auto report = run(berlin("2026-01-14T10:00"));
  EXPECT_EQ(report.created, 3u);
  EXPECT_EQ(objects("check-in").size(), 2u);
  EXPECT_EQ(objects("move-on").size(), 1u);
  EXPECT_TRUE(objects("outcome").empty());
}

// Cron runs `sync` every day. Between the thank-you's due (Wednesday 14th 11:00) and check-in 1 (Friday
// 16th 09:00) nothing should move (RULES.md §6: "Run again: nothing changes"), sent or not.
TEST_F(EngineOutcome, DailyRunsBeforeCheckIn1MoveNothing) {
  run(berlin("2026-01-13T12:00"));
  const auto versions = store.list();
  for (const auto& when : {"2026-01-14T12:00", "2026-01-15T07:00", "2026-01-15T12:00", "2026-01-16T07:00"}) {
    const auto report = run(berlin(when));
    EXPECT_EQ(report.created + report.updated + report.deleted, 0u) << when;
  }
  EXPECT_EQ(store.list(), versions);
  std::vector<SysSeconds> starts;
  for (const auto& c : objects("check-in")) starts.push_back(*parsed(c).start);
  std::sort(starts.begin(), starts.end());
  EXPECT_EQ(starts, (std::vector<SysSeconds>{berlin("2026-01-16T09:00"), berlin("2026-01-23T09:00")}));
}
