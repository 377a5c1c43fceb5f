#pragma once
// Reads the promised decision date from an interview's notes (RULES.md §2). Pure: text and the
// interview's day in, a date out. When unsure, no date is better than a wrong one.
#include <optional>
#include <string>
#include <string_view>

#include "ical/time.hpp"
#include "rules/business_days.hpp"

namespace followup::rules {

struct DecisionDate {
  Date date;
  std::string source;  // the words it came from, as written ("They'll decide by Thursday")
};

// A date expression alone, as written after "Decision:" or in X-FOLLOWUP-DECISION: "2026-11-28",
// "Thursday", "November 28", "28 Nov", "11/28", "the 28th", "next week", "within 10 days", ...
// Relative forms count from `interview_day`; a weekday name means the first such day after it; a
// day-month without a year means the first such date on or after it.
std::optional<Date> read_date_expression(std::string_view text, Date interview_day,
                                         const BusinessDays& business_days);

// Looks for a promised decision in free text (DESCRIPTION): first a line "Decision: <date>", else a
// sentence that speaks of a decision or of hearing back ("decide by Thursday", "hear back by 28 Nov",
// "will let me know by 2026-11-28", "within 10 days", "in two weeks", "next week", "end of next
// week", "by the 28th", "early next week") and holds a date expression.
std::optional<DecisionDate> find_decision_date(std::string_view notes, Date interview_day,
                                               const BusinessDays& business_days);

}  // namespace followup::rules
