#pragma once
// A date expression written alone, as after "Decision:" or in X-FOLLOWUP-DECISION, with the words
// that may stand around it ("by Friday 5pm at the latest"). Private to the rules layer.
#include <optional>

#include "ical/time.hpp"
#include "rules/business_days.hpp"
#include "rules/date_tokens.hpp"

namespace followup::rules::date_reading {

// The date when the tokens are one clear date expression and nothing else.
std::optional<Date> read_expression_alone(Tokens tokens, Date interview_day, const BusinessDays& business_days);

}  // namespace followup::rules::date_reading
