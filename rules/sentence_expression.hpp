#pragma once
// Which date expression of a sentence is the promised date: the words before an expression ("by",
// "within", "on", "next") say how strongly it names a deadline. Private to the rules layer.
#include <optional>

#include "rules/date_expression.hpp"
#include "rules/date_tokens.hpp"

namespace followup::rules::date_reading {

// The date expression of a sentence: the first clear one with the strongest emphasis. An unclear one
// ("next Thursday", "3/4") wins only over weaker ones, so the sentence then gives no date.
std::optional<Reading> best_expression(const ExpressionReader& reader, Tokens sentence);

}  // namespace followup::rules::date_reading
