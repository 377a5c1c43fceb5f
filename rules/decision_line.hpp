#pragma once
// A line that states the decision date by itself: "Decision: <date>", "Decision date:", "Decision
// expected:", "X-FOLLOWUP-DECISION:". Such a line wins over any sentence. Private to the rules layer.
#include <optional>
#include <vector>

#include "ical/time.hpp"
#include "rules/business_days.hpp"
#include "rules/date_words.hpp"
#include "rules/decision_date.hpp"

namespace followup::rules::date_reading {

// The first line of the notes that reads "Decision: <expr>" with a clear date expression.
std::optional<DecisionDate> find_decision_line(const std::vector<date_words::Token>& tokens, Date interview_day,
                                               const BusinessDays& business_days);

}  // namespace followup::rules::date_reading
