#pragma once
// The sentences of the notes: where one ends, whether it speaks of a decision, and what it says about
// the decision date. Private to the rules layer.
#include <cstddef>
#include <optional>
#include <vector>

#include "ical/time.hpp"
#include "rules/business_days.hpp"
#include "rules/date_tokens.hpp"
#include "rules/date_words.hpp"
#include "rules/decision_date.hpp"

namespace followup::rules::date_reading {

// Whether token i ends a sentence: a line break, "!", "?", ";", or a full stop that is not part of
// a number or an abbreviation.
bool ends_sentence(const std::vector<date_words::Token>& tokens, std::size_t i);

// What one sentence says about the decision date.
enum class Verdict { Silent, Dated, Unclear };
struct SentenceResult {
  Verdict verdict = Verdict::Silent;
  std::optional<DecisionDate> found;
};

// `has_terminator`: the sentence's last token is the mark that ended it.
SentenceResult read_sentence(Tokens sentence, bool has_terminator, Date interview_day,
                             const BusinessDays& business_days);

}  // namespace followup::rules::date_reading
