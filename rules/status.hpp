#pragma once
// Where an application stands (`followup status`, issue 5): from an interview's plan and what became of
// its generated items, the stage it is in and the next thing to do. Pure: the plan, the items' STATUS
// values and `now` in, a status out.
#include <map>
#include <optional>
#include <string>

#include "rules/plan.hpp"

namespace followup::rules {

enum class Stage {
  Upcoming,            // the interview is ahead
  ThankYouDue,         // a thank-you is not sent yet
  WaitingForDecision,  // thank-yous sent; the first check-in is ahead
  CheckInDue,          // a check-in's day has come
  MovedOn,             // the move-on's day has come
  Decided,             // a final outcome (offer, rejected, withdrawn, accepted)
};

struct NextAction {
  std::string what;  // "send the thank-you to Mr. Finn", "check-in 1", "move on", "the interview"
  SysSeconds when;   // when it is due (all-day items: the start of their day)
  bool all_day = false;
};

struct InterviewStatus {
  Stage stage = Stage::Upcoming;
  std::string stage_text;  // "thank-you due", "waiting for decision", "check-in 2 due", "offer"...
  std::optional<NextAction> next;
  bool overdue = false;  // the next action's time has passed (by more than a day, for check-ins)
  std::size_t thank_yous = 0;
  std::size_t thank_yous_sent = 0;
};

// `item_status`: the STATUS of the generated items found, by UID ("COMPLETED": a thank-you sent). A
// thank-you event (no task list) counts as sent once its time has passed: nothing else can tell.
InterviewStatus interview_status(const InterviewPlan& plan, const std::map<std::string, std::string>& item_status,
                                 SysSeconds now);

}  // namespace followup::rules
