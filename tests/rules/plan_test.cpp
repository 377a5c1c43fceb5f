#include "rules/plan.hpp"

#include <gtest/gtest.h>

#include "rules/local_time.hpp"
#include "rules/uid.hpp"
#include "rules_fixtures.hpp"

using namespace std::chrono;
using namespace followup;
using namespace followup::testing;
using rules::FollowupKind;

namespace {

const rules::Followup& only(const std::vector<rules::Followup>& fs, FollowupKind kind, int number = 0) {
  for (const auto& f : fs)
    if (f.kind == kind && (number == 0 || f.number == number)) return f;
  throw std::runtime_error("no such follow-up");
}

std::size_t count(const std::vector<rules::Followup>& fs, FollowupKind kind) {
  return static_cast<std::size_t>(std::count_if(fs.begin(), fs.end(), [&](const auto& f) { return f.kind == kind; }));
}

}  // namespace

TEST(Plan, WorkedExampleOfRules6) {
  const auto s = settings_in("Europe/Berlin");
  const auto plan = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  ASSERT_EQ(plan.interviews.size(), 1u);
  const auto& iv = plan.interviews[0].interview;
  EXPECT_EQ(iv.company, "Acme");
  EXPECT_EQ(iv.position, "Marketing Manager");
  ASSERT_TRUE(iv.decision_date);
  EXPECT_EQ(*iv.decision_date, Date(2026y / January / 15));
  ASSERT_EQ(iv.interviewers.size(), 1u);
  EXPECT_EQ(iv.interviewers[0].name, "Mr. Finn");

  const auto& fs = plan.interviews[0].followups;
  ASSERT_EQ(fs.size(), 4u);
  const auto& thanks = only(fs, FollowupKind::ThankYou);
  EXPECT_EQ(thanks.component, ical::ComponentKind::Todo);
  EXPECT_EQ(*thanks.due, at("2026-01-14T11:00", "Europe/Berlin"));
  EXPECT_EQ(thanks.start, at("2026-01-13T11:00", "Europe/Berlin"));
  EXPECT_EQ(thanks.interviewer->email, "finn@acme.example");
  const auto& c1 = only(fs, FollowupKind::CheckIn, 1);
  EXPECT_EQ(c1.start, at("2026-01-16T09:00", "Europe/Berlin"));
  EXPECT_EQ(*c1.end, at("2026-01-16T09:15", "Europe/Berlin"));
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 2).start, at("2026-01-23T09:00", "Europe/Berlin"));
  const auto& move_on = only(fs, FollowupKind::MoveOn);
  EXPECT_EQ(*move_on.date, Date(2026y / January / 30));
  EXPECT_TRUE(move_on.transparent);
  EXPECT_FALSE(move_on.alarm);
  for (const auto& f : fs) EXPECT_FALSE(f.late) << f.summary;
}

TEST(Plan, SameInterviewGivesSameUids) {
  const auto s = settings_in("Europe/Berlin");
  const auto a = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  const auto b = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:30", "Europe/Berlin"));
  ASSERT_EQ(a.interviews[0].followups.size(), b.interviews[0].followups.size());
  for (std::size_t i = 0; i < a.interviews[0].followups.size(); ++i) {
    EXPECT_EQ(a.interviews[0].followups[i].uid, b.interviews[0].followups[i].uid);
    EXPECT_TRUE(a.interviews[0].followups[i].uid.starts_with("followup-"));
  }
}

TEST(Plan, OutcomeOfferRemovesCheckInsAndMoveOnButKeepsThankYou) {
  auto item = acme_interview();
  item.description += "\nOutcome: offer";
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  const auto& fs = plan.interviews[0].followups;
  EXPECT_EQ(count(fs, FollowupKind::ThankYou), 1u);
  EXPECT_EQ(count(fs, FollowupKind::CheckIn), 0u);
  EXPECT_EQ(count(fs, FollowupKind::MoveOn), 0u);
}

TEST(Plan, OutcomeInAGeneratedItemCounts) {
  const auto s = settings_in("Europe/Berlin");
  const auto now = at("2026-01-13T12:00", "Europe/Berlin");
  const auto first = rules::make_plan({acme_interview()}, s, now);
  ical::Item generated;
  generated.kind = ical::ComponentKind::Event;
  generated.uid = first.interviews[0].followups[1].uid;
  generated.related_to = {"interview-1@example.com"};
  generated.x_props["X-FOLLOWUP-KIND"] = "check-in";
  generated.summary = "First check-in with Acme about the interview";  // says "interview": still not one
  generated.start = at("2026-01-16T09:00", "Europe/Berlin");
  generated.description = "Called them.\nOutcome: rejected";
  const auto plan = rules::make_plan({acme_interview(), generated}, s, now);
  ASSERT_EQ(plan.interviews.size(), 1u);
  EXPECT_EQ(count(plan.interviews[0].followups, FollowupKind::CheckIn), 0u);
  ASSERT_TRUE(plan.interviews[0].interview.outcome);
  EXPECT_EQ(plan.interviews[0].interview.outcome->kind, rules::OutcomeKind::Rejected);
}

TEST(Plan, WaitingUntilMovesTheCheckInsAfterThatDate) {
  auto item = acme_interview();
  item.description += "\nOutcome: waiting until 2026-01-28";
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  const auto& fs = plan.interviews[0].followups;
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 1).start, at("2026-01-29T09:00", "Europe/Berlin"));
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 2).start, at("2026-02-05T09:00", "Europe/Berlin"));
  EXPECT_EQ(*only(fs, FollowupKind::MoveOn).date, Date(2026y / February / 12));
}

TEST(Plan, DecisionOnFridayChecksInOnMonday) {
  auto item = acme_interview();
  item.description = "Decision: 2026-01-16";  // a Friday
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  EXPECT_EQ(only(plan.interviews[0].followups, FollowupKind::CheckIn, 1).start, at("2026-01-19T09:00", "Europe/Berlin"));
}

TEST(Plan, DecisionBeforeAHolidaySkipsIt) {
  auto s = settings_in("Europe/Berlin");
  s.business_days = rules::BusinessDays({Monday, Tuesday, Wednesday, Thursday, Friday}, {Date{2026y / January / 16}});
  const auto plan = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  const auto& fs = plan.interviews[0].followups;
  // Decision Thursday 15th, Friday 16th is a holiday: Monday 19th; then 26th (Mon); move-on 2 Feb.
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 1).start, at("2026-01-19T09:00", "Europe/Berlin"));
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 2).start, at("2026-01-26T09:00", "Europe/Berlin"));
  EXPECT_EQ(*only(fs, FollowupKind::MoveOn).date, Date(2026y / February / 2));
}

TEST(Plan, UnknownDecisionWaitsTheDefault) {
  auto item = acme_interview();
  item.description = "Nice people.";
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  // 13 Jan + 14 days = Tuesday 27 Jan, a business day.
  EXPECT_FALSE(plan.interviews[0].interview.decision_date);
  EXPECT_EQ(only(plan.interviews[0].followups, FollowupKind::CheckIn, 1).start, at("2026-01-27T09:00", "Europe/Berlin"));
}

TEST(Plan, DefaultWaitLandingOnWeekendMovesToMonday) {
  // Saturday interview + 14 days = Saturday: the first business day on or after it is Monday.
  auto item = interview_item("Acme interview", at("2026-01-10T10:00", "Europe/Berlin"), at("2026-01-10T11:00", "Europe/Berlin"));
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-10T12:00", "Europe/Berlin"));
  EXPECT_EQ(only(plan.interviews[0].followups, FollowupKind::CheckIn, 1).start, at("2026-01-26T09:00", "Europe/Berlin"));
}

TEST(Plan, OldInterviewIsClampedToNowInOrder) {
  // The interview was a month ago; every rule time has passed.
  const auto now = at("2026-02-18T12:00", "Europe/Berlin");  // a Wednesday, after 09:00
  const auto plan = rules::make_plan({acme_interview()}, settings_in("Europe/Berlin"), now);
  const auto& fs = plan.interviews[0].followups;
  const auto& thanks = only(fs, FollowupKind::ThankYou);
  EXPECT_TRUE(thanks.late);
  EXPECT_EQ(*thanks.due, at("2026-02-19T09:00", "Europe/Berlin"));
  EXPECT_NE(thanks.description.find("late is better than never"), std::string::npos);
  // Check-in 1 comes after the (late) thank-you, never on the same slot.
  const auto& c1 = only(fs, FollowupKind::CheckIn, 1);
  EXPECT_TRUE(c1.late);
  EXPECT_EQ(c1.start, at("2026-02-20T09:00", "Europe/Berlin"));
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 2).start, at("2026-02-27T09:00", "Europe/Berlin"));
  EXPECT_EQ(*only(fs, FollowupKind::MoveOn).date, Date(2026y / March / 6));
  for (const auto& f : fs) EXPECT_GE(f.due ? *f.due : f.start, now - days{1}) << f.summary;
}

TEST(Plan, ClampOnFridayEveningGoesToMonday) {
  const auto now = at("2026-02-20T19:00", "Europe/Berlin");  // Friday evening
  const auto plan = rules::make_plan({acme_interview()}, settings_in("Europe/Berlin"), now);
  EXPECT_EQ(*only(plan.interviews[0].followups, FollowupKind::ThankYou).due, at("2026-02-23T09:00", "Europe/Berlin"));
  EXPECT_EQ(only(plan.interviews[0].followups, FollowupKind::CheckIn, 1).start, at("2026-02-24T09:00", "Europe/Berlin"));
}

TEST(Plan, DecisionTheSameDayStillChecksInAfterTheThankYou) {
  auto item = acme_interview();
  item.description = "They will decide today.";
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  // Thank-you due Wednesday 11:00; the rule alone would call on Wednesday 09:00.
  EXPECT_EQ(only(plan.interviews[0].followups, FollowupKind::CheckIn, 1).start, at("2026-01-15T09:00", "Europe/Berlin"));
}

TEST(Plan, TextsReadWellWhenPositionAndCompanyAreUnknown) {
  auto item = interview_item("Technical interview", at("2026-01-13T10:00", "Europe/Berlin"), at("2026-01-13T11:00", "Europe/Berlin"));
  auto s = settings_in("Europe/Berlin");
  s.thank_you_within = hours{48};
  s.max_checkins = 0;
  const auto plan = rules::make_plan({item}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  const auto& thanks = only(plan.interviews[0].followups, FollowupKind::ThankYou);
  EXPECT_EQ(thanks.summary, "Thank the interviewer for \"Technical interview\"");
  EXPECT_NE(thanks.description.find("Dear [their name],"), std::string::npos);
  EXPECT_NE(thanks.description.find("about the position."), std::string::npos);
  EXPECT_NE(thanks.description.find("within 2 days of the interview"), std::string::npos);
  EXPECT_EQ(thanks.description.find("I will follow up by"), std::string::npos);  // no check-in planned
  EXPECT_EQ(only(plan.interviews[0].followups, FollowupKind::MoveOn).summary, "Move on from \"Technical interview\"");
}

TEST(Plan, DecisionDateBeforeTheInterviewIsIgnoredWithAWarning) {
  auto item = acme_interview();
  item.description = "Decision: 2025-12-01";
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  const auto& iv = plan.interviews[0].interview;
  EXPECT_FALSE(iv.decision_date);
  ASSERT_EQ(iv.warnings.size(), 1u);
  EXPECT_NE(iv.warnings[0].find("before the interview"), std::string::npos);
}

TEST(Plan, OutlookStyleNamesAreTurnedAround) {
  auto item = acme_interview();
  item.attendees = {person("hans.mueller@acme.example", "Müller, Hans")};
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  EXPECT_EQ(plan.interviews[0].interview.interviewers[0].name, "Hans Müller");
}

TEST(Plan, OutcomeLinesThatCannotBeReadAreReported) {
  auto item = acme_interview();
  item.description += "\nOutcome: waiting\nCalled them. Outcome: rejected – they went with someone else";
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  const auto& iv = plan.interviews[0].interview;
  ASSERT_TRUE(iv.outcome);
  EXPECT_EQ(iv.outcome->kind, rules::OutcomeKind::Rejected);
  ASSERT_EQ(iv.warnings.size(), 1u);
  EXPECT_NE(iv.warnings[0].find("Outcome: waiting"), std::string::npos);
}

TEST(Plan, EuropeanDstChangeKeepsLocalNineOClock) {
  // Interview Thursday 2026-03-26 in Berlin; summer time starts Sunday 29 March.
  auto item = interview_item("Interview with Globex", at("2026-03-26T14:00", "Europe/Berlin"), at("2026-03-26T15:00", "Europe/Berlin"));
  item.description = "They will decide by Friday.";
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-03-26T16:00", "Europe/Berlin"));
  const auto& fs = plan.interviews[0].followups;
  const auto& c1 = only(fs, FollowupKind::CheckIn, 1);
  EXPECT_EQ(c1.start, at("2026-03-30T09:00", "Europe/Berlin"));
  EXPECT_EQ(c1.start, ical::parse_iso_instant("2026-03-30T07:00:00Z"));  // CEST, UTC+2
  // The thank-you is due 24 hours later, across no change: 15:00 Friday.
  EXPECT_EQ(*only(fs, FollowupKind::ThankYou).due, ical::parse_iso_instant("2026-03-27T14:00:00Z"));
}

TEST(Plan, ThankYouDueIs24HoursEvenAcrossTheDstNight) {
  // Interview Saturday 2026-03-28 in Berlin ending 15:00 CET: 24 h later is 16:00 CEST on Sunday.
  auto item = interview_item("Interview with Globex", at("2026-03-28T14:00", "Europe/Berlin"), at("2026-03-28T15:00", "Europe/Berlin"));
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-03-28T16:00", "Europe/Berlin"));
  EXPECT_EQ(*only(plan.interviews[0].followups, FollowupKind::ThankYou).due, ical::parse_iso_instant("2026-03-29T14:00:00Z"));
}

TEST(Plan, UsDstChange) {
  // New York: summer time starts Sunday 2026-03-08. Interview Friday 6 March, decision "by Monday".
  auto item = interview_item("Phone interview: Engineer, Initech", at("2026-03-06T10:00", "America/New_York"),
                             at("2026-03-06T10:30", "America/New_York"));
  item.description = "They'll let me know by Monday.";
  const auto plan = rules::make_plan({item}, settings_in("America/New_York"), at("2026-03-06T11:00", "America/New_York"));
  const auto& iv = plan.interviews[0].interview;
  EXPECT_EQ(iv.company, "Initech");
  EXPECT_EQ(iv.position, "Engineer");
  const auto& c1 = only(plan.interviews[0].followups, FollowupKind::CheckIn, 1);
  EXPECT_EQ(c1.start, ical::parse_iso_instant("2026-03-10T13:00:00Z"));  // Tuesday 09:00 EDT
}

TEST(Plan, AllDayInterviewEndsAtSixInTheEvening) {
  auto item = interview_item("Onsite interview day at Hooli", SysSeconds{}, SysSeconds{});
  const auto z = zone("Europe/Berlin");
  item.all_day = true;
  item.start_date = Date{2026y / January / 13};
  item.end_date = Date{2026y / January / 14};
  item.start = z.to_sys(local_days{*item.start_date});
  item.end = z.to_sys(local_days{*item.end_date});
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T08:00", "Europe/Berlin"));
  ASSERT_EQ(plan.interviews.size(), 1u);
  EXPECT_EQ(plan.interviews[0].interview.end, at("2026-01-13T18:00", "Europe/Berlin"));
  EXPECT_EQ(*only(plan.interviews[0].followups, FollowupKind::ThankYou).due, at("2026-01-14T18:00", "Europe/Berlin"));
}

TEST(Plan, TimedInterviewWithoutEndLastsAnHour) {
  auto item = interview_item("Interview", at("2026-01-13T10:00", "Europe/Berlin"), at("2026-01-13T10:00", "Europe/Berlin"));
  item.has_end = false;
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T08:00", "Europe/Berlin"));
  EXPECT_EQ(plan.interviews[0].interview.end, at("2026-01-13T11:00", "Europe/Berlin"));
}

TEST(Plan, CancelledAndExcludedAndOutOfWindowAreNotInterviews) {
  const auto s = settings_in("Europe/Berlin");
  const auto now = at("2026-01-13T12:00", "Europe/Berlin");
  auto cancelled = acme_interview();
  cancelled.status = "CANCELLED";
  auto prep = acme_interview();
  prep.summary = "Interview prep with Sam";
  auto old = acme_interview();
  old.start = now - days{91};
  old.end = *old.start + hours{1};
  auto far = acme_interview();
  far.start = now + days{61};
  far.end = *far.start + hours{1};
  auto interviewer_word = acme_interview();
  interviewer_word.summary = "Lunch with the interviewer team";  // "interviewer" is another word
  EXPECT_TRUE(rules::make_plan({cancelled, prep, old, far, interviewer_word}, s, now).interviews.empty());
}

TEST(Plan, CategoriesCanMakeAnInterview) {
  auto item = acme_interview();
  item.summary = "Acme, 2nd round";
  item.categories = {"Job search", "Interview"};
  EXPECT_EQ(rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin")).interviews.size(), 1u);
}

TEST(Plan, GeneratedItemsAreNeverInterviews) {
  auto generated = acme_interview();
  generated.uid = rules::followup_uid("anything");
  EXPECT_TRUE(rules::make_plan({generated}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin")).interviews.empty());
  auto marked = acme_interview();
  marked.x_props["X-FOLLOWUP-KIND"] = "thank-you";
  EXPECT_TRUE(rules::make_plan({marked}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin")).interviews.empty());
}

TEST(Plan, OneThankYouPerInterviewerWithVariedWording) {
  auto item = acme_interview();
  item.attendees = {person("finn@acme.example", "Mr. Finn"), person("zoe@acme.example", "Zoë Çelik"),
                    person("me@example.com"), ical::Person{"room-4@acme.example", "Room 4", "ROOM", ""},
                    person("jürgen@acme.example", "")};
  item.organizer = person("finn@acme.example", "Mr. Finn");
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  const auto& fs = plan.interviews[0].followups;
  ASSERT_EQ(count(fs, FollowupKind::ThankYou), 3u);
  EXPECT_EQ(fs[1].interviewer->name, "Zoë Çelik");
  EXPECT_NE(fs[1].summary.find("Zoë Çelik"), std::string::npos);
  EXPECT_EQ(fs[2].interviewer->name, "jürgen@acme.example");
  EXPECT_NE(fs[0].description, fs[1].description);
  EXPECT_NE(fs[0].uid, fs[1].uid);
}

TEST(Plan, NoInterviewerLeftGivesTheGenericOne) {
  auto item = acme_interview();
  item.attendees = {person("me@example.com")};
  const auto plan = rules::make_plan({item}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  const auto& thanks = only(plan.interviews[0].followups, FollowupKind::ThankYou);
  EXPECT_EQ(thanks.interviewer->name, "the interviewer");
  EXPECT_NE(thanks.description.find("handwritten note"), std::string::npos);
}

TEST(Plan, ThankYouAsEventWhereNoTasksAreSupported) {
  auto s = settings_in("Europe/Berlin");
  s.thank_you_form = rules::ThankYouForm::Event;
  const auto plan = rules::make_plan({acme_interview()}, s, at("2026-01-13T10:30", "Europe/Berlin"));
  const auto& thanks = only(plan.interviews[0].followups, FollowupKind::ThankYou);
  EXPECT_EQ(thanks.component, ical::ComponentKind::Event);
  EXPECT_EQ(thanks.start, at("2026-01-13T12:00", "Europe/Berlin"));
  EXPECT_EQ(*thanks.end, at("2026-01-13T12:30", "Europe/Berlin"));
  EXPECT_TRUE(thanks.alarm);

  // An interview ending at 17:30 would put it at 18:30: 09:00 the next business day instead.
  auto late = interview_item("Interview with Acme", at("2026-01-16T16:30", "Europe/Berlin"), at("2026-01-16T17:30", "Europe/Berlin"));
  const auto plan2 = rules::make_plan({late}, s, at("2026-01-16T12:00", "Europe/Berlin"));
  EXPECT_EQ(only(plan2.interviews[0].followups, FollowupKind::ThankYou).start, at("2026-01-19T09:00", "Europe/Berlin"));
}

TEST(Plan, DebriefIsOptional) {
  auto s = settings_in("Europe/Berlin");
  EXPECT_EQ(count(rules::make_plan({acme_interview()}, s, at("2026-01-13T10:30", "Europe/Berlin")).interviews[0].followups,
                  FollowupKind::Debrief), 0u);
  s.debrief = true;
  const auto plan = rules::make_plan({acme_interview()}, s, at("2026-01-13T10:30", "Europe/Berlin"));
  EXPECT_EQ(*only(plan.interviews[0].followups, FollowupKind::Debrief).due, at("2026-01-13T13:00", "Europe/Berlin"));
}

TEST(Plan, MaxCheckinsZeroAndOne) {
  auto s = settings_in("Europe/Berlin");
  s.max_checkins = 1;
  auto plan = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  EXPECT_EQ(count(plan.interviews[0].followups, FollowupKind::CheckIn), 1u);
  EXPECT_EQ(*only(plan.interviews[0].followups, FollowupKind::MoveOn).date, Date(2026y / January / 23));
  s.max_checkins = 0;
  plan = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  EXPECT_EQ(count(plan.interviews[0].followups, FollowupKind::CheckIn), 0u);
  EXPECT_EQ(*only(plan.interviews[0].followups, FollowupKind::MoveOn).date, Date(2026y / January / 23));
}

TEST(Plan, RecurringOccurrencesAreSeparateInterviews) {
  auto a = acme_interview();
  a.recurrence_id_text = "20260113T100000";
  auto b = acme_interview();
  b.recurrence_id_text = "20260120T100000";
  b.start = *a.start + days{7};
  b.end = *a.end + days{7};
  const auto plan = rules::make_plan({a, b}, settings_in("Europe/Berlin"), at("2026-01-13T12:00", "Europe/Berlin"));
  ASSERT_EQ(plan.interviews.size(), 2u);
  EXPECT_NE(plan.interviews[0].followups[0].uid, plan.interviews[1].followups[0].uid);
}

namespace {
std::string uid_of(const rules::Plan& plan, FollowupKind kind, int number = 0) {
  return only(plan.interviews.at(0).followups, kind, number).uid;
}
}  // namespace

TEST(PlanPlaced, PastCheckInStaysAndTheNextCountsFromIt) {
  const auto s = settings_in("Europe/Berlin");
  const auto first = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  const rules::PlacedItems placed{{uid_of(first, FollowupKind::CheckIn, 1), at("2026-01-16T09:00", "Europe/Berlin")}};
  const auto plan = rules::make_plan({acme_interview()}, s, at("2026-01-20T12:00", "Europe/Berlin"), placed);
  const auto& fs = plan.interviews[0].followups;
  EXPECT_TRUE(only(fs, FollowupKind::CheckIn, 1).settled);
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 1).start, at("2026-01-16T09:00", "Europe/Berlin"));
  EXPECT_FALSE(only(fs, FollowupKind::CheckIn, 2).settled);
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 2).start, at("2026-01-23T09:00", "Europe/Berlin"));
}

TEST(PlanPlaced, CheckInMovedByTheUserMovesTheRest) {
  const auto s = settings_in("Europe/Berlin");
  const auto now = at("2026-01-13T12:00", "Europe/Berlin");
  const auto first = rules::make_plan({acme_interview()}, s, now);
  const rules::PlacedItems placed{{uid_of(first, FollowupKind::CheckIn, 1), at("2026-01-19T14:00", "Europe/Berlin")}};
  const auto plan = rules::make_plan({acme_interview()}, s, now, placed);
  const auto& fs = plan.interviews[0].followups;
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 1).start, at("2026-01-19T14:00", "Europe/Berlin"));
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 2).start, at("2026-01-26T09:00", "Europe/Berlin"));
  EXPECT_EQ(*only(fs, FollowupKind::MoveOn).date, Date(2026y / February / 2));
  // The thank-you promises the check-in where it now is.
  EXPECT_NE(only(fs, FollowupKind::ThankYou).description.find("Monday 19 January 2026"), std::string::npos);
}

TEST(PlanPlaced, WaitingUntilMovesTheNextPendingCheckIn) {
  const auto s = settings_in("Europe/Berlin");
  const auto first = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  auto item = acme_interview();
  item.description += "\nOutcome: waiting until 2026-02-04";
  const rules::PlacedItems placed{{uid_of(first, FollowupKind::CheckIn, 1), at("2026-01-16T09:00", "Europe/Berlin")}};
  const auto plan = rules::make_plan({item}, s, at("2026-01-17T12:00", "Europe/Berlin"), placed);
  const auto& fs = plan.interviews[0].followups;
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 1).start, at("2026-01-16T09:00", "Europe/Berlin"));
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 2).start, at("2026-02-05T09:00", "Europe/Berlin"));
  EXPECT_EQ(*only(fs, FollowupKind::MoveOn).date, Date(2026y / February / 12));
}

TEST(PlanPlaced, WaitingAfterEveryCheckInMovesTheMoveOn) {
  const auto s = settings_in("Europe/Berlin");
  const auto first = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  auto item = acme_interview();
  item.description += "\nOutcome: waiting until 2026-02-04";
  const rules::PlacedItems placed{{uid_of(first, FollowupKind::CheckIn, 1), at("2026-01-16T09:00", "Europe/Berlin")},
                                  {uid_of(first, FollowupKind::CheckIn, 2), at("2026-01-23T09:00", "Europe/Berlin")}};
  const auto plan = rules::make_plan({item}, s, at("2026-01-26T12:00", "Europe/Berlin"), placed);
  EXPECT_EQ(*only(plan.interviews[0].followups, FollowupKind::MoveOn).date, Date(2026y / February / 12));
}

TEST(PlanPlaced, RescheduledInterviewLeavesOldPlacesBehind) {
  const auto s = settings_in("Europe/Berlin");
  const auto first = rules::make_plan({acme_interview()}, s, at("2026-01-13T08:00", "Europe/Berlin"));
  auto moved = acme_interview();
  moved.start = at("2026-01-27T10:00", "Europe/Berlin");
  moved.end = at("2026-01-27T11:00", "Europe/Berlin");
  const rules::PlacedItems placed{{uid_of(first, FollowupKind::CheckIn, 1), at("2026-01-16T09:00", "Europe/Berlin")}};
  const auto plan = rules::make_plan({moved}, s, at("2026-01-20T12:00", "Europe/Berlin"), placed);
  // "decide by Thursday" now means Thursday 29th: check-in Friday 30th.
  EXPECT_FALSE(only(plan.interviews[0].followups, FollowupKind::CheckIn, 1).settled);
  EXPECT_EQ(only(plan.interviews[0].followups, FollowupKind::CheckIn, 1).start, at("2026-01-30T09:00", "Europe/Berlin"));
}

// `followup outcome` (issue 5): an outcome given now counts at once and the plan carries its record.
namespace {

rules::NewOutcome new_outcome(const std::string& interview_uid, rules::OutcomeKind kind,
                              std::optional<Date> until = std::nullopt) {
  return rules::NewOutcome{interview_uid, "", rules::Outcome{kind, until, ""}};
}

}  // namespace

TEST(PlanNewOutcome, RejectedEndsTheChainAtOnceKeepsTheThankYouAndAddsOneRecord) {
  const auto s = settings_in("Europe/Berlin");
  const auto now = at("2026-01-13T12:00", "Europe/Berlin");
  const auto plan = rules::make_plan({acme_interview()}, s, now, {},
                                     {new_outcome("interview-1@example.com", rules::OutcomeKind::Rejected)});
  ASSERT_EQ(plan.interviews.size(), 1u);
  ASSERT_TRUE(plan.interviews[0].interview.outcome);
  EXPECT_EQ(plan.interviews[0].interview.outcome->kind, rules::OutcomeKind::Rejected);
  const auto& fs = plan.interviews[0].followups;
  EXPECT_EQ(count(fs, FollowupKind::CheckIn), 0u);
  EXPECT_EQ(count(fs, FollowupKind::MoveOn), 0u);
  ASSERT_EQ(count(fs, FollowupKind::ThankYou), 1u);
  // The thank-you is the one the plan without an outcome has (same UID, same due).
  const auto before = rules::make_plan({acme_interview()}, s, now);
  EXPECT_EQ(only(fs, FollowupKind::ThankYou).uid, only(before.interviews[0].followups, FollowupKind::ThankYou).uid);
  EXPECT_EQ(only(fs, FollowupKind::ThankYou).due, only(before.interviews[0].followups, FollowupKind::ThankYou).due);

  ASSERT_EQ(count(fs, FollowupKind::Outcome), 1u);
  const auto& record = only(fs, FollowupKind::Outcome);
  EXPECT_EQ(rules::kind_name(record.kind), "outcome");
  // An all-day marker on today's date, not a completed task: task lists get cleared of those.
  EXPECT_EQ(record.component, ical::ComponentKind::Event);
  ASSERT_TRUE(record.date);
  EXPECT_EQ(*record.date, Date(2026y / January / 13));
  EXPECT_TRUE(record.transparent);
  EXPECT_FALSE(record.due);
  EXPECT_FALSE(record.alarm) << "a record rings no bell";
  EXPECT_TRUE(record.description.starts_with("Outcome: rejected\n")) << record.description;
  EXPECT_NE(record.summary.find("Interview with Acme – Marketing Manager"), std::string::npos) << record.summary;
  EXPECT_TRUE(record.uid.starts_with("followup-")) << record.uid;
  // What the record says reads back as the outcome given (RULES.md §5 reads it there next time).
  const auto reread = rules::read_outcome(record.description, Date{2026y / January / 13}, s.business_days);
  ASSERT_TRUE(reread);
  EXPECT_EQ(reread->kind, rules::OutcomeKind::Rejected);
}

TEST(PlanNewOutcome, TheRecordIsAnAllDayMarkerOnTodaysLocalDate) {
  auto s = settings_in("Europe/Berlin");
  s.thank_you_form = rules::ThankYouForm::Event;
  // 00:30 in Berlin on the 16th is still the 15th in UTC: the record's day is the user's.
  const auto now = at("2026-01-16T00:30", "Europe/Berlin");
  const auto plan = rules::make_plan({acme_interview()}, s, now, {},
                                     {new_outcome("interview-1@example.com", rules::OutcomeKind::Offer)});
  const auto& fs = plan.interviews[0].followups;
  EXPECT_EQ(count(fs, FollowupKind::CheckIn), 0u);
  EXPECT_EQ(count(fs, FollowupKind::MoveOn), 0u);
  EXPECT_EQ(count(fs, FollowupKind::ThankYou), 1u);
  ASSERT_EQ(count(fs, FollowupKind::Outcome), 1u);
  const auto& record = only(fs, FollowupKind::Outcome);
  EXPECT_EQ(record.component, ical::ComponentKind::Event);
  ASSERT_TRUE(record.date);
  EXPECT_EQ(*record.date, Date(2026y / January / 16));
  EXPECT_TRUE(record.transparent);
  EXPECT_FALSE(record.due);
  EXPECT_FALSE(record.alarm);
  EXPECT_TRUE(record.description.starts_with("Outcome: offer\n")) << record.description;
}

TEST(PlanNewOutcome, WaitingUntilMovesCheckIn1AfterTheDateAndIsRecorded) {
  const auto s = settings_in("Europe/Berlin");
  const auto now = at("2026-01-13T12:00", "Europe/Berlin");
  const auto plan = rules::make_plan(
      {acme_interview()}, s, now, {},
      {new_outcome("interview-1@example.com", rules::OutcomeKind::WaitingUntil, Date{2026y / January / 28})});
  const auto& fs = plan.interviews[0].followups;
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 1).start, at("2026-01-29T09:00", "Europe/Berlin"));
  EXPECT_EQ(only(fs, FollowupKind::CheckIn, 2).start, at("2026-02-05T09:00", "Europe/Berlin"));
  EXPECT_EQ(*only(fs, FollowupKind::MoveOn).date, Date(2026y / February / 12));
  ASSERT_EQ(count(fs, FollowupKind::Outcome), 1u);
  const auto& record = only(fs, FollowupKind::Outcome);
  EXPECT_TRUE(record.description.starts_with("Outcome: waiting until 2026-01-28\n")) << record.description;
  const auto reread = rules::read_outcome(record.description, Date{2026y / January / 13}, s.business_days);
  ASSERT_TRUE(reread);
  EXPECT_EQ(reread->kind, rules::OutcomeKind::WaitingUntil);
  EXPECT_EQ(*reread->waiting_until, Date(2026y / January / 28));
}

TEST(PlanNewOutcome, AnOutcomeForAnotherInterviewChangesNothing) {
  const auto s = settings_in("Europe/Berlin");
  const auto now = at("2026-01-13T12:00", "Europe/Berlin");
  const auto plain = rules::make_plan({acme_interview()}, s, now);
  for (const auto& other : {new_outcome("interview-2@example.com", rules::OutcomeKind::Rejected),
                            // the same UID but another occurrence of a series
                            rules::NewOutcome{"interview-1@example.com", "20260113T100000",
                                              rules::Outcome{rules::OutcomeKind::Rejected, std::nullopt, ""}}}) {
    const auto plan = rules::make_plan({acme_interview()}, s, now, {}, {other});
    ASSERT_EQ(plan.interviews.size(), 1u);
    EXPECT_FALSE(plan.interviews[0].interview.outcome);
    const auto& fs = plan.interviews[0].followups;
    ASSERT_EQ(fs.size(), plain.interviews[0].followups.size());
    for (std::size_t i = 0; i < fs.size(); ++i) {
      EXPECT_EQ(fs[i].uid, plain.interviews[0].followups[i].uid);
      EXPECT_EQ(fs[i].start, plain.interviews[0].followups[i].start);
      EXPECT_EQ(fs[i].description, plain.interviews[0].followups[i].description);
    }
    EXPECT_EQ(count(fs, FollowupKind::Outcome), 0u);
  }
}

TEST(PlanNewOutcome, EachOutcomeGivenIsARecordOfItsOwn) {
  const auto s = settings_in("Europe/Berlin");
  const auto give = [&](SysSeconds now, rules::NewOutcome n) {
    return only(rules::make_plan({acme_interview()}, s, now, {}, {n}).interviews.at(0).followups, FollowupKind::Outcome).uid;
  };
  const auto rejected = new_outcome("interview-1@example.com", rules::OutcomeKind::Rejected);
  const auto first = give(at("2026-01-13T12:00", "Europe/Berlin"), rejected);
  EXPECT_EQ(give(at("2026-01-13T12:00", "Europe/Berlin"), rejected), first) << "deterministic";
  EXPECT_NE(give(at("2026-01-20T12:00", "Europe/Berlin"), rejected), first);
  EXPECT_NE(give(at("2026-01-13T12:00", "Europe/Berlin"), new_outcome("interview-1@example.com", rules::OutcomeKind::Offer)),
            first);
  // None of them is a follow-up's UID.
  const auto plain = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  for (const auto& f : plain.interviews[0].followups) EXPECT_NE(f.uid, first);
}

// The plan made again on a later day, as cron runs `sync` every day, with the thank-you found where it
// was written (its due has passed: sync/engine.cpp places it) and check-in 1 still ahead: RULES.md §6
// "Run again: nothing changes" holds on Thursday too. A plan that pushes check-in 1 to "the business day
// after the next slot after now" whenever the thank-you's due has passed moves it on every such day
// (Friday 16th -> Monday 19th on Thursday, -> Tuesday 20th on Monday morning...), and it never comes.
TEST(PlanPlaced, ARunAfterTheThankYouWasDueMovesNoCheckIn) {
  const auto s = settings_in("Europe/Berlin");
  const auto first = rules::make_plan({acme_interview()}, s, at("2026-01-13T12:00", "Europe/Berlin"));
  const auto thank_you = only(first.interviews[0].followups, FollowupKind::ThankYou);
  const rules::PlacedItems placed{{thank_you.uid, *thank_you.due}};
  for (const auto& when : {"2026-01-14T12:00", "2026-01-15T12:00", "2026-01-16T08:00"}) {
    const auto plan = rules::make_plan({acme_interview()}, s, at(when, "Europe/Berlin"), placed);
    const auto& fs = plan.interviews[0].followups;
    EXPECT_EQ(only(fs, FollowupKind::CheckIn, 1).start, at("2026-01-16T09:00", "Europe/Berlin")) << when;
    EXPECT_EQ(only(fs, FollowupKind::CheckIn, 2).start, at("2026-01-23T09:00", "Europe/Berlin")) << when;
    EXPECT_EQ(*only(fs, FollowupKind::MoveOn).date, Date(2026y / January / 30)) << when;
  }
  // A decision on Friday: check-in 1 on Monday 19th, and still there when asked on the weekend.
  auto friday = acme_interview();
  friday.description = "Decision: 2026-01-16";
  const auto plan = rules::make_plan({friday}, s, at("2026-01-17T12:00", "Europe/Berlin"), placed);
  EXPECT_EQ(only(plan.interviews[0].followups, FollowupKind::CheckIn, 1).start, at("2026-01-19T09:00", "Europe/Berlin"));
}
