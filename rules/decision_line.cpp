#include "rules/decision_line.hpp"

#include <cstddef>
#include <string_view>

#include "rules/date_expression_alone.hpp"
#include "rules/date_tokens.hpp"

namespace followup::rules::date_reading {
namespace {

using date_words::Token;
using date_words::TokenKind;

// A line "Decision: <expr>" ("Decision date:", "Decision expected:", "X-FOLLOWUP-DECISION:").
std::optional<DecisionDate> decision_line(Tokens line, Date interview_day, const BusinessDays& business_days) {
  const auto is = [&](std::size_t k, std::string_view w) { return k < line.size() && date_words::is_word(line[k], w); };
  const auto is_punct = [&](std::size_t k, char c) {
    return k < line.size() && line[k].kind == TokenKind::Punct && line[k].punct == c;
  };
  std::size_t i = 0;
  while (is_punct(i, '-') || is_punct(i, '*') || is_punct(i, '>') || is_punct(i, '#')) ++i;
  const std::size_t label = i;
  if (is(i, "x") && is_punct(i + 1, '-') && is(i + 2, "followup") && is_punct(i + 3, '-')) i += 4;
  if (!is(i, "decision")) return std::nullopt;
  ++i;
  for (int extra = 0; extra < 2; ++extra)
    for (std::string_view w : {"date", "expected", "due", "deadline", "by", "on"})
      if (is(i, w)) {
        ++i;
        break;
      }
  if (!is_punct(i, ':')) return std::nullopt;
  const Tokens expression = line.subspan(i + 1);
  const auto date = read_expression_alone(expression, interview_day, business_days);
  if (!date) return std::nullopt;
  std::size_t last = line.size();
  while (last > 0 && line[last - 1].kind == TokenKind::LineBreak) --last;
  return DecisionDate{*date, text_between(line[label], line[last - 1])};
}

}  // namespace

std::optional<DecisionDate> find_decision_line(const std::vector<Token>& tokens, Date interview_day,
                                               const BusinessDays& business_days) {
  const Tokens all(tokens);
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= tokens.size(); ++i) {
    if (i < tokens.size() && tokens[i].kind != TokenKind::LineBreak) continue;
    if (i > begin)
      if (auto found = decision_line(all.subspan(begin, i - begin), interview_day, business_days)) return found;
    begin = i + 1;
  }
  return std::nullopt;
}

}  // namespace followup::rules::date_reading
