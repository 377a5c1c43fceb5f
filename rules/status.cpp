#include "rules/status.hpp"

#include <algorithm>
#include <vector>

#include "rules/local_time.hpp"

namespace followup::rules {
namespace {

// A check-in is a day's business: overdue once that day is well over.
constexpr auto checkin_grace = std::chrono::days{1};

SysSeconds time_of(const Followup& f) { return f.due ? *f.due : f.start; }

bool is_sent(const Followup& f, const std::map<std::string, std::string>& item_status, SysSeconds now) {
  if (f.component == ical::ComponentKind::Todo) {
    const auto it = item_status.find(f.uid);
    return it != item_status.end() && it->second == "COMPLETED";
  }
  return f.start <= now;
}

std::string outcome_text(const Outcome& o) {
  if (o.kind == OutcomeKind::WaitingUntil && o.waiting_until) return "waiting until " + date_in_words(*o.waiting_until);
  return std::string(outcome_word(o.kind));
}

std::string action_for(const Followup& f) {
  switch (f.kind) {
    case FollowupKind::ThankYou:
      return "send the thank-you to " + (f.interviewer ? f.interviewer->name : std::string("the interviewer"));
    case FollowupKind::CheckIn: return "check-in " + std::to_string(f.number);
    case FollowupKind::MoveOn: return "move on";
    case FollowupKind::Debrief: return "write the debrief";
    case FollowupKind::Outcome: break;
  }
  return "";
}

NextAction next_of(const Followup& f) { return {action_for(f), time_of(f), f.date.has_value()}; }

}  // namespace

InterviewStatus interview_status(const InterviewPlan& plan, const std::map<std::string, std::string>& item_status,
                                 SysSeconds now) {
  InterviewStatus s;
  const Interview& iv = plan.interview;
  std::vector<const Followup*> unsent;
  std::vector<const Followup*> chain;  // check-ins and the move-on, by time
  for (const auto& f : plan.followups) {
    if (f.kind == FollowupKind::ThankYou) {
      ++s.thank_yous;
      if (is_sent(f, item_status, now))
        ++s.thank_yous_sent;
      else
        unsent.push_back(&f);
    } else if (f.kind == FollowupKind::CheckIn || f.kind == FollowupKind::MoveOn) {
      chain.push_back(&f);
    }
  }
  std::sort(unsent.begin(), unsent.end(), [](const Followup* a, const Followup* b) { return time_of(*a) < time_of(*b); });
  std::sort(chain.begin(), chain.end(), [](const Followup* a, const Followup* b) { return time_of(*a) < time_of(*b); });

  if (iv.outcome && is_final(iv.outcome->kind)) {
    // RULES.md §5: the check-ins end; the thank-yous stay, sent even after a no.
    s.stage = Stage::Decided;
    s.stage_text = outcome_text(*iv.outcome);
    if (!unsent.empty()) {
      s.next = next_of(*unsent.front());
      s.overdue = s.next->when < now;
    }
    return s;
  }
  if (iv.start > now) {
    s.stage = Stage::Upcoming;
    s.stage_text = "interview ahead";
    s.next = NextAction{"the interview", iv.start, iv.all_day};
    return s;
  }
  if (!unsent.empty()) {
    s.stage = Stage::ThankYouDue;
    s.stage_text = "thank-you due";
    s.next = next_of(*unsent.front());
    s.overdue = s.next->when < now;
    return s;
  }
  const Followup* last_past = nullptr;
  const Followup* first_ahead = nullptr;
  for (const Followup* f : chain) {
    if (time_of(*f) <= now)
      last_past = f;
    else if (!first_ahead)
      first_ahead = f;
  }
  // Waiting until a date the employer gave (RULES.md §5): the chain was moved after it, so the check-in
  // behind is done, not due.
  const bool waiting_given = iv.outcome && iv.outcome->kind == OutcomeKind::WaitingUntil;
  if (!last_past || (waiting_given && first_ahead)) {
    s.stage = Stage::WaitingForDecision;
    s.stage_text = iv.outcome ? outcome_text(*iv.outcome)
                   : iv.decision_date ? "waiting for decision (by " + date_in_words(*iv.decision_date) + ")"
                                      : "waiting for decision";
    if (first_ahead) s.next = next_of(*first_ahead);
    return s;
  }
  if (last_past->kind == FollowupKind::MoveOn) {
    s.stage = Stage::MovedOn;
    s.stage_text = "moved on";
    return s;
  }
  s.stage = Stage::CheckInDue;
  s.stage_text = "check-in " + std::to_string(last_past->number) + " due";
  s.next = next_of(*last_past);
  s.overdue = time_of(*last_past) + checkin_grace < now;
  return s;
}

}  // namespace followup::rules
