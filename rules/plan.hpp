#pragma once
// The follow-up plan (RULES.md §3): for each interview, the items career advice says to do, placed in
// time. Pure: settings, `now` and calendar items in, a plan out.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ical/item.hpp"
#include "rules/interview.hpp"
#include "rules/outcome.hpp"
#include "rules/settings.hpp"

namespace followup::rules {

// Outcome: not a follow-up to do but the record of an outcome given with `followup outcome`, an all-day
// marker where RULES.md §5 reads it; never moved or removed by the program.
enum class FollowupKind { ThankYou, CheckIn, MoveOn, Debrief, Outcome };

// "thank-you", "check-in", "move-on", "debrief", "outcome": the X-FOLLOWUP-KIND values.
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
  bool settled = false;                    // kept where it already was (see PlacedItems)
};

struct InterviewPlan {
  Interview interview;
  std::vector<Followup> followups;
};

struct Plan {
  std::vector<InterviewPlan> interviews;  // by start time
};

// Follow-ups that already stand somewhere and must not move: by UID, the time they stand at (DTSTART
// of events, DUE of tasks, the day's start of all-day events). The caller names those whose time has
// passed (they happened) and those the user moved (user edits win). The plan keeps them there and
// counts the next item from them (RULES.md §3: "each counting from the one before it as finally
// placed"), unless the interview moved past them.
using PlacedItems = std::map<std::string, SysSeconds, std::less<>>;

// An outcome the user gives now (`followup outcome`), for one interview.
struct NewOutcome {
  std::string interview_uid;
  std::string recurrence_id;
  Outcome outcome;
};

// Builds the plan from every item read (interviews and items generated earlier, whose "Outcome:"
// notes count, RULES.md §5). A new outcome counts at once, and its interview's plan gets the record
// that keeps it (FollowupKind::Outcome).
Plan make_plan(const std::vector<ical::Item>& items, const Settings& settings, SysSeconds now,
               const PlacedItems& placed = {}, const std::vector<NewOutcome>& new_outcomes = {});

// The follow-ups of one interview.
std::vector<Followup> plan_followups(const Interview& interview, const Settings& settings, SysSeconds now,
                                     const PlacedItems& placed = {});

}  // namespace followup::rules
