#pragma once
// The follow-up plan (RULES.md §3): for each interview, the items career advice says to do, placed in
// time. Pure: settings, `now` and calendar items in, a plan out.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ical/item.hpp"
#include "rules/interview.hpp"
#include "rules/settings.hpp"

namespace followup::rules {

enum class FollowupKind { ThankYou, CheckIn, MoveOn, Debrief };

// "thank-you", "check-in", "move-on", "debrief": the X-FOLLOWUP-KIND values.
std::string_view kind_name(FollowupKind kind);
std::optional<FollowupKind> kind_from_name(std::string_view name);

struct Followup {
  FollowupKind kind = FollowupKind::ThankYou;
  int number = 0;  // check-in 1 or 2; thank-you: the interviewer's index from 1
  ical::ComponentKind component = ical::ComponentKind::Todo;
  std::string uid;
  std::string summary;
  std::string description;
  std::optional<Interviewer> interviewer;  // thank-you only
  SysSeconds start;                        // VTODO DTSTART, timed VEVENT DTSTART, all-day: local midnight
  std::optional<SysSeconds> due;           // VTODO
  std::optional<SysSeconds> end;           // timed VEVENT
  std::optional<Date> date;                // all-day VEVENT
  bool alarm = false;                      // a VALARM at the start (timed items)
  bool transparent = false;                // TRANSP:TRANSPARENT (the move-on marker)
  bool late = false;                       // the rule's time had passed: placed at the next slot after now
};

struct InterviewPlan {
  Interview interview;
  std::vector<Followup> followups;
};

struct Plan {
  std::vector<InterviewPlan> interviews;  // by start time
};

// Builds the plan from every item read (interviews and items generated earlier, whose "Outcome:"
// notes count, RULES.md §5).
Plan make_plan(const std::vector<ical::Item>& items, const Settings& settings, SysSeconds now);

// The follow-ups of one interview.
std::vector<Followup> plan_followups(const Interview& interview, const Settings& settings, SysSeconds now);

}  // namespace followup::rules
