// Where an application stands (rules/status.hpp, `followup status`): every stage of the RULES.md §6
// worked example as time goes by, with the plan made the way `sync` makes it at that time (items whose
// time has passed stay where they were written), plus outcomes, thank-yous as events, a weekend and the
// end of March DST change in Europe/Berlin.
#include "rules/status.hpp"

#include <gtest/gtest.h>

#include "rules/local_time.hpp"
#include "rules_fixtures.hpp"

using namespace std::chrono;
using namespace followup;
using namespace followup::testing;
using rules::FollowupKind;
using rules::Stage;

namespace {

SysSeconds berlin(const std::string& local) { return at(local, "Europe/Berlin"); }

const rules::Settings& berlin_settings() {
  static const rules::Settings s = settings_in("Europe/Berlin");
  return s;
}

const rules::Followup& only(const rules::InterviewPlan& p, FollowupKind kind, int number = 0) {
  for (const auto& f : p.followups)
    if (f.kind == kind && (number == 0 || f.number == number)) return f;
  throw std::runtime_error("no such follow-up");
}

// The plan at `now` as `sync` makes it when its first run, at `first_run`, wrote the plan for
// `written_from` (the interview as it was then): what that run wrote and whose time has passed by `now`
// is found where it was written (sync/engine.cpp read_store), so the plan builds on it instead of moving
// it to the next slot after `now`.
rules::InterviewPlan synced_after(const ical::Item& written_from, const ical::Item& interview, const rules::Settings& s,
                                  SysSeconds now, SysSeconds first_run,
                                  const std::vector<rules::NewOutcome>& new_outcomes = {}) {
  if (first_run > now) first_run = now;
  rules::PlacedItems placed;
  const auto written = rules::make_plan({written_from}, s, first_run);
  for (const auto& f : written.interviews.at(0).followups) {
    const SysSeconds when = f.due ? *f.due : f.start;
    if (when + (f.date ? days{1} : days{0}) < now) placed[f.uid] = when;
  }
  auto plan = rules::make_plan({interview}, s, now, placed, new_outcomes);
  if (plan.interviews.size() != 1) throw std::runtime_error("the interview is not in the plan");
  return plan.interviews[0];
}

rules::InterviewPlan synced(const ical::Item& interview, const rules::Settings& s, SysSeconds now,
                            SysSeconds first_run = berlin("2026-01-13T12:00"),
                            const std::vector<rules::NewOutcome>& new_outcomes = {}) {
  return synced_after(interview, interview, s, now, first_run, new_outcomes);
}

// The thank-you marked done in the task list.
std::map<std::string, std::string> thank_you_sent(const rules::InterviewPlan& p) {
  return {{only(p, FollowupKind::ThankYou).uid, "COMPLETED"}};
}

rules::InterviewStatus status_at(const ical::Item& interview, const rules::Settings& s, SysSeconds now,
                                 bool thanked, SysSeconds first_run = berlin("2026-01-13T12:00")) {
  const auto p = synced(interview, s, now, first_run);
  return rules::interview_status(p, thanked ? thank_you_sent(p) : std::map<std::string, std::string>{}, now);
}


}  // namespace

TEST(Status, BeforeTheInterviewItIsUpcoming) {
  const auto now = berlin("2026-01-13T08:00");
  const auto s = status_at(acme_interview(), berlin_settings(), now, false);
  EXPECT_EQ(s.stage, Stage::Upcoming);
  EXPECT_EQ(s.stage_text, "interview ahead");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "the interview");
  EXPECT_EQ(s.next->when, berlin("2026-01-13T10:00"));
  EXPECT_FALSE(s.next->all_day);
  EXPECT_FALSE(s.overdue);
  EXPECT_EQ(s.thank_yous, 1u);
  EXPECT_EQ(s.thank_yous_sent, 0u);
}

TEST(Status, AfterTheInterviewTheThankYouIsDueThenOverdue) {
  auto s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-13T12:00"), false);
  EXPECT_EQ(s.stage, Stage::ThankYouDue);
  EXPECT_EQ(s.stage_text, "thank-you due");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "send the thank-you to Mr. Finn");
  EXPECT_EQ(s.next->when, berlin("2026-01-14T11:00"));
  EXPECT_FALSE(s.overdue);

  // At its due time it is due, not yet overdue; a minute later it is.
  s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-14T11:00"), false);
  EXPECT_EQ(s.stage, Stage::ThankYouDue);
  EXPECT_FALSE(s.overdue);
  s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-14T11:01"), false);
  EXPECT_EQ(s.stage, Stage::ThankYouDue);
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->when, berlin("2026-01-14T11:00")) << "the task stays where it was written";
  EXPECT_TRUE(s.overdue);

  // Still not sent when check-in 1's day comes: the thank-you comes first.
  s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-16T12:00"), false);
  EXPECT_EQ(s.stage, Stage::ThankYouDue);
  EXPECT_TRUE(s.overdue);
}

TEST(Status, OnlyACompletedThankYouCountsAsSent) {
  const auto now = berlin("2026-01-13T12:00");
  const auto p = synced(acme_interview(), berlin_settings(), now);
  const std::string uid = only(p, FollowupKind::ThankYou).uid;
  for (const std::string status : {"NEEDS-ACTION", "IN-PROCESS", ""}) {
    const auto s = rules::interview_status(p, {{uid, status}}, now);
    EXPECT_EQ(s.stage, Stage::ThankYouDue) << status;
    EXPECT_EQ(s.thank_yous_sent, 0u) << status;
  }
}

TEST(Status, ThankYouSentWaitsForTheDecisionUntilCheckIn1) {
  const auto s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-13T12:00"), true);
  EXPECT_EQ(s.stage, Stage::WaitingForDecision);
  EXPECT_EQ(s.stage_text, "waiting for decision (by Thursday 15 January 2026)");
  EXPECT_EQ(s.thank_yous_sent, 1u);
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "check-in 1");
  EXPECT_EQ(s.next->when, berlin("2026-01-16T09:00"));
  EXPECT_FALSE(s.next->all_day);
  EXPECT_FALSE(s.overdue);
}

TEST(Status, NoDecisionDatePromisedSaysSo) {
  auto item = acme_interview();
  item.description = "Nice people.";
  const auto s = status_at(item, berlin_settings(), berlin("2026-01-13T12:00"), true);
  EXPECT_EQ(s.stage, Stage::WaitingForDecision);
  EXPECT_EQ(s.stage_text, "waiting for decision");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->when, berlin("2026-01-27T09:00"));  // 14 days on: Tuesday 27th
}

TEST(Status, CheckInIsDueOnItsDayAndOverdueOnlyADayLater) {
  auto s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-16T12:00"), true);
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  EXPECT_EQ(s.stage_text, "check-in 1 due");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "check-in 1");
  EXPECT_EQ(s.next->when, berlin("2026-01-16T09:00"));
  EXPECT_FALSE(s.overdue);

  s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-17T09:00"), true);
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  EXPECT_FALSE(s.overdue) << "a day's grace";
  s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-17T09:01"), true);
  EXPECT_TRUE(s.overdue);

  s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-18T12:00"), true);  // two days after
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  EXPECT_EQ(s.stage_text, "check-in 1 due");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->when, berlin("2026-01-16T09:00"));
  EXPECT_TRUE(s.overdue);

  s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-23T12:00"), true);
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  EXPECT_EQ(s.stage_text, "check-in 2 due");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "check-in 2");
  EXPECT_EQ(s.next->when, berlin("2026-01-23T09:00"));
  EXPECT_FALSE(s.overdue);
}

TEST(Status, AfterTheMoveOnItHasMovedOn) {
  // The move-on is all day Friday 30 January: from its local midnight on.
  auto s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-29T23:59"), true);
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  EXPECT_EQ(s.stage_text, "check-in 2 due");
  s = status_at(acme_interview(), berlin_settings(), berlin("2026-01-30T00:01"), true);
  EXPECT_EQ(s.stage, Stage::MovedOn);
  EXPECT_EQ(s.stage_text, "moved on");
  EXPECT_FALSE(s.next);
  EXPECT_FALSE(s.overdue);
  s = status_at(acme_interview(), berlin_settings(), berlin("2026-02-20T12:00"), true);
  EXPECT_EQ(s.stage, Stage::MovedOn);
}

TEST(Status, WithoutCheckInsTheNextActionIsTheMoveOnDay) {
  auto settings = berlin_settings();
  settings.max_checkins = 0;
  const auto s = status_at(acme_interview(), settings, berlin("2026-01-13T12:00"), true);
  EXPECT_EQ(s.stage, Stage::WaitingForDecision);
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "move on");
  EXPECT_TRUE(s.next->all_day);
  EXPECT_EQ(s.next->when, berlin("2026-01-23T00:00"));  // the start of its day, local
}

TEST(Status, AFinalOutcomeDecidesAndAnUnsentThankYouIsStillNext) {
  for (const std::string word : {"offer", "rejected", "withdrawn", "accepted"}) {
    auto item = acme_interview();
    item.description += "\nOutcome: " + word;
    auto s = status_at(item, berlin_settings(), berlin("2026-01-13T12:00"), false);
    EXPECT_EQ(s.stage, Stage::Decided) << word;
    EXPECT_EQ(s.stage_text, word);
    ASSERT_TRUE(s.next) << word;
    EXPECT_EQ(s.next->what, "send the thank-you to Mr. Finn");  // RULES.md §5: thank them even after a no
    EXPECT_EQ(s.next->when, berlin("2026-01-14T11:00"));
    EXPECT_FALSE(s.overdue);
    EXPECT_EQ(s.thank_yous_sent, 0u);

    // Long after, sent: nothing more to do, whatever the check-ins' days were.
    s = status_at(item, berlin_settings(), berlin("2026-01-23T12:00"), true);
    EXPECT_EQ(s.stage, Stage::Decided) << word;
    EXPECT_EQ(s.stage_text, word);
    EXPECT_FALSE(s.next) << word;
    EXPECT_FALSE(s.overdue);
  }
}

TEST(Status, AnOutcomeGivenNowDecidesAndItsRecordIsNoActionToTake) {
  const auto now = berlin("2026-01-13T12:00");
  const rules::NewOutcome rejected{"interview-1@example.com", "", {rules::OutcomeKind::Rejected, std::nullopt, "Outcome: rejected"}};
  const auto p = synced(acme_interview(), berlin_settings(), now, now, {rejected});
  ASSERT_NO_THROW(only(p, FollowupKind::Outcome));
  const auto s = rules::interview_status(p, thank_you_sent(p), now);
  EXPECT_EQ(s.stage, Stage::Decided);
  EXPECT_EQ(s.stage_text, "rejected");
  EXPECT_FALSE(s.next);
  EXPECT_EQ(s.thank_yous, 1u) << "the record is not a thank-you";
}

TEST(Status, WaitingUntilSaysUntilWhen) {
  auto item = acme_interview();
  item.description += "\nOutcome: waiting until 2026-01-28";
  const auto s = status_at(item, berlin_settings(), berlin("2026-01-13T12:00"), true);
  EXPECT_EQ(s.stage, Stage::WaitingForDecision);
  EXPECT_EQ(s.stage_text, "waiting until Wednesday 28 January 2026");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "check-in 1");
  EXPECT_EQ(s.next->when, berlin("2026-01-29T09:00"));
  EXPECT_FALSE(s.overdue);
}

// The usual way to get "waiting until": check-in 1 was made and they asked for more time. The user is
// waiting (check-in 2 has moved after the date), so the status must say so, not "check-in 1 due,
// OVERDUE" about a call that was made.
TEST(Status, WaitingUntilAfterCheckIn1IsWaitingNotAnOverdueCheckIn) {
  auto item = acme_interview();
  item.description += "\nOutcome: waiting until 2026-02-04";
  const auto now = berlin("2026-01-17T12:00");
  const auto p = synced_after(acme_interview(), item, berlin_settings(), now, berlin("2026-01-13T12:00"));
  ASSERT_EQ(only(p, FollowupKind::CheckIn, 1).start, berlin("2026-01-16T09:00"));  // made, where it was
  ASSERT_EQ(only(p, FollowupKind::CheckIn, 2).start, berlin("2026-02-05T09:00"));  // moved after the date
  const auto s = rules::interview_status(p, thank_you_sent(p), now);
  EXPECT_EQ(s.stage, Stage::WaitingForDecision);
  EXPECT_EQ(s.stage_text, "waiting until Wednesday 4 February 2026");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "check-in 2");
  EXPECT_EQ(s.next->when, berlin("2026-02-05T09:00"));
  EXPECT_FALSE(s.overdue);
}

TEST(Status, AThankYouEventCountsAsSentOnceItsTimeHasCome) {
  auto settings = berlin_settings();
  settings.thank_you_form = rules::ThankYouForm::Event;  // no task list: 12:00–12:30 on the day
  auto s = status_at(acme_interview(), settings, berlin("2026-01-13T11:30"), false, berlin("2026-01-13T11:30"));
  EXPECT_EQ(s.stage, Stage::ThankYouDue);
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "send the thank-you to Mr. Finn");
  EXPECT_EQ(s.next->when, berlin("2026-01-13T12:00"));
  EXPECT_FALSE(s.overdue);

  for (const auto now : {berlin("2026-01-13T12:00"), berlin("2026-01-13T12:45"), berlin("2026-01-15T08:00")}) {
    s = status_at(acme_interview(), settings, now, false, berlin("2026-01-13T11:30"));
    EXPECT_EQ(s.stage, Stage::WaitingForDecision) << ical::format_iso(now, zone("Europe/Berlin"));
    EXPECT_EQ(s.thank_yous_sent, 1u);
    ASSERT_TRUE(s.next);
    EXPECT_EQ(s.next->what, "check-in 1");
    EXPECT_EQ(s.next->when, berlin("2026-01-16T09:00"));
  }
}

TEST(Status, ACheckInAfterAWeekendIsOnMonday) {
  auto item = acme_interview();
  item.description = "Decision: 2026-01-16";  // a Friday: check-in 1 on Monday 19th
  // (Asked between the thank-you's due and the check-in, the plan moves the check-in: see
  // PlanPlaced.ARunAfterTheThankYouWasDueMovesNoCheckIn. Here the thank-you went out early.)
  auto s = status_at(item, berlin_settings(), berlin("2026-01-14T10:00"), true);
  EXPECT_EQ(s.stage, Stage::WaitingForDecision);
  EXPECT_EQ(s.stage_text, "waiting for decision (by Friday 16 January 2026)");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->when, berlin("2026-01-19T09:00"));
  EXPECT_EQ(rules::time_in_words(s.next->when, zone("Europe/Berlin")), "Monday 19 January 2026, 09:00");
  EXPECT_FALSE(s.overdue);

  s = status_at(item, berlin_settings(), berlin("2026-01-19T12:00"), true);  // Monday
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  EXPECT_EQ(s.stage_text, "check-in 1 due");
  EXPECT_FALSE(s.overdue);
  s = status_at(item, berlin_settings(), berlin("2026-01-20T12:00"), true);  // Tuesday
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  EXPECT_TRUE(s.overdue);
}

// The worked example ten weeks later: Tuesday 24 March 2026, decision Thursday 26th; Berlin changes to
// summer time in the night to Sunday 29 March. Check-in 1 is Friday 27th 09:00 CET, check-in 2 Friday
// 3 April 09:00 CEST, the move-on all day Friday 10 April: every time stays 09:00 local.
TEST(Status, TheWorkedExampleAcrossTheMarchDstChange) {
  auto item = acme_interview();
  item.start = berlin("2026-03-24T10:00");
  item.end = berlin("2026-03-24T11:00");
  const auto first_run = berlin("2026-03-24T12:00");
  const auto& z = berlin_settings().timezone;

  auto s = status_at(item, berlin_settings(), first_run, false, first_run);
  EXPECT_EQ(s.stage, Stage::ThankYouDue);
  ASSERT_TRUE(s.next);
  EXPECT_EQ(rules::time_in_words(s.next->when, z), "Wednesday 25 March 2026, 11:00");

  // The thank-you sent early, the morning after (see ACheckInAfterAWeekendIsOnMonday).
  s = status_at(item, berlin_settings(), berlin("2026-03-25T10:00"), true, first_run);
  EXPECT_EQ(s.stage, Stage::WaitingForDecision);
  EXPECT_EQ(s.stage_text, "waiting for decision (by Thursday 26 March 2026)");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->when, ical::parse_iso_instant("2026-03-27T08:00:00Z"));  // CET, UTC+1
  EXPECT_EQ(rules::time_in_words(s.next->when, z), "Friday 27 March 2026, 09:00");

  // Monday after the change: check-in 1 (Friday, winter time) is overdue, check-in 2 still ahead.
  s = status_at(item, berlin_settings(), berlin("2026-03-30T12:00"), true, first_run);
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  EXPECT_EQ(s.stage_text, "check-in 1 due");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->when, ical::parse_iso_instant("2026-03-27T08:00:00Z"));
  EXPECT_TRUE(s.overdue);

  s = status_at(item, berlin_settings(), berlin("2026-04-03T09:30"), true, first_run);
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  EXPECT_EQ(s.stage_text, "check-in 2 due");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->when, ical::parse_iso_instant("2026-04-03T07:00:00Z"));  // CEST, UTC+2
  EXPECT_EQ(rules::time_in_words(s.next->when, z), "Friday 3 April 2026, 09:00");
  EXPECT_FALSE(s.overdue);
  // A day's grace is 24 hours of summer time: 09:00 CEST on Saturday.
  s = status_at(item, berlin_settings(), berlin("2026-04-04T08:59"), true, first_run);
  EXPECT_FALSE(s.overdue);
  s = status_at(item, berlin_settings(), berlin("2026-04-04T09:01"), true, first_run);
  EXPECT_TRUE(s.overdue);

  // The move-on starts at local midnight (22:00 UTC the evening before), not at midnight UTC.
  s = status_at(item, berlin_settings(), ical::parse_iso_instant("2026-04-09T21:30:00Z"), true, first_run);  // 23:30
  EXPECT_EQ(s.stage, Stage::CheckInDue);
  s = status_at(item, berlin_settings(), ical::parse_iso_instant("2026-04-09T22:30:00Z"), true, first_run);  // 00:30
  EXPECT_EQ(s.stage, Stage::MovedOn);
}

TEST(Status, WaitingUntilAcrossTheDstChangeKeepsLocalTimes) {
  auto item = acme_interview();
  item.start = berlin("2026-03-24T10:00");
  item.end = berlin("2026-03-24T11:00");
  item.description += "\nOutcome: waiting until 2026-03-27";  // the Friday before the change
  const auto first_run = berlin("2026-03-24T12:00");
  const auto s = status_at(item, berlin_settings(), berlin("2026-03-26T12:00"), true, first_run);
  EXPECT_EQ(s.stage, Stage::WaitingForDecision);
  EXPECT_EQ(s.stage_text, "waiting until Friday 27 March 2026");
  ASSERT_TRUE(s.next);
  EXPECT_EQ(s.next->what, "check-in 1");
  EXPECT_EQ(s.next->when, ical::parse_iso_instant("2026-03-30T07:00:00Z"));  // Monday 09:00 CEST
  EXPECT_EQ(rules::time_in_words(s.next->when, berlin_settings().timezone), "Monday 30 March 2026, 09:00");
}
