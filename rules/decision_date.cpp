#include "rules/decision_date.hpp"

#include <cstddef>
#include <vector>

#include "rules/date_expression_alone.hpp"
#include "rules/date_tokens.hpp"
#include "rules/date_words.hpp"
#include "rules/decision_line.hpp"
#include "rules/decision_sentences.hpp"

// How the notes are read: the text is split into tokens (rules/date_words.hpp); an
// ExpressionReader (rules/date_expression.hpp) recognizes the date expressions of RULES.md §2 at a
// token position, each form with a bounded look-ahead; find_decision_date scans the sentences that
// speak of a decision with it (rules/decision_sentences.hpp). Every step is linear in the text,
// whatever its length.

namespace followup::rules {

using date_reading::ends_sentence;
using date_reading::find_decision_line;
using date_reading::read_sentence;
using date_reading::SentenceResult;
using date_reading::Tokens;
using date_reading::Verdict;
using date_words::Token;

std::optional<Date> read_date_expression(std::string_view text, Date interview_day,
                                         const BusinessDays& business_days) {
  const std::vector<Token> tokens = date_words::tokenize(text);
  return date_reading::read_expression_alone(tokens, interview_day, business_days);
}

// The first sentence that speaks of the decision and holds a date expression decides. When its
// expression is unclear ("next Thursday"), the search ends there without a date: a later sentence
// is less likely to be about the decision than the unclear one was.
std::optional<DecisionDate> find_decision_date(std::string_view notes, Date interview_day,
                                               const BusinessDays& business_days) {
  const std::vector<Token> tokens = date_words::tokenize(notes);
  if (auto line = find_decision_line(tokens, interview_day, business_days)) return line;
  const Tokens all(tokens);
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= tokens.size(); ++i) {
    const bool at_text_end = i == tokens.size();
    if (!at_text_end && !ends_sentence(tokens, i)) continue;
    const std::size_t end = at_text_end ? i : i + 1;
    if (end > begin) {
      const SentenceResult result =
          read_sentence(all.subspan(begin, end - begin), !at_text_end, interview_day, business_days);
      if (result.verdict == Verdict::Dated) return result.found;
      if (result.verdict == Verdict::Unclear) return std::nullopt;
    }
    begin = end;
  }
  return std::nullopt;
}

}  // namespace followup::rules
