#include "rules/date_expression_alone.hpp"

#include <cstddef>
#include <string_view>

#include "rules/date_expression.hpp"

namespace followup::rules::date_reading {
namespace {

using date_words::Token;
using date_words::TokenKind;

// Marks that may open an expression written alone: quotes, brackets, list markers, a label's colon.
bool opens(const Token& t) {
  return t.kind == TokenKind::LineBreak ||
         (t.kind == TokenKind::Punct &&
          (t.punct == '"' || t.punct == '\'' || t.punct == '(' || t.punct == '[' || t.punct == '-' ||
           t.punct == '*' || t.punct == '>' || t.punct == ':'));
}

// "by", "no later than", "around", "expected": words that may stand before an expression alone.
std::size_t skip_leading_words(Tokens tokens, std::size_t i) {
  static constexpr std::string_view kPhrases[] = {
      "no later than", "not later than", "at the latest by", "latest by", "by", "on", "before",
      "until", "till", "til", "around", "approximately", "roughly", "sometime", "some time",
      "expected", "probably", "hopefully", "due"};
  for (int round = 0; round < 4; ++round) {
    const std::size_t before = i;
    for (std::string_view phrase : kPhrases)
      if (auto end = phrase_end(tokens, i, phrase)) {
        i = *end;
        break;
      }
    if (i == before) break;
  }
  return i;
}

}  // namespace

std::optional<Date> read_expression_alone(Tokens tokens, Date interview_day, const BusinessDays& business_days) {
  std::size_t end = tokens.size();
  while (end > 0 && tokens[end - 1].kind == TokenKind::LineBreak) --end;
  tokens = tokens.first(end);
  std::size_t i = 0;
  while (i < tokens.size() && opens(tokens[i])) ++i;
  i = skip_leading_words(tokens, i);
  const ExpressionReader reader(tokens, interview_day, business_days, Mode::WholeText);
  auto reading = reader.read_at(i, true);
  if (reading) reading = reader.with_later_alternative(*reading);
  if (!reading || !reading->date) return std::nullopt;
  if (reader.skip_trailing_words(reading->end) != tokens.size()) return std::nullopt;
  return reading->date;
}

}  // namespace followup::rules::date_reading
