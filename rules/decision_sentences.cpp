#include "rules/decision_sentences.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "rules/date_expression.hpp"
#include "rules/sentence_expression.hpp"

namespace followup::rules::date_reading {
namespace {

using date_words::Token;
using date_words::TokenKind;

// Abbreviations after which a period does not end the sentence.
bool is_title(const Token& t) {
  for (std::string_view w : {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "approx", "ca"})
    if (date_words::is_word(t, w)) return true;
  return false;
}

// A period ends a sentence unless it is part of a number ("28.11.2026", "1.5"), of an abbreviation
// ("Mr. Finn", "Nov. 28", "e.g. the") or of an ellipsis that the sentence runs on after.
bool full_stop_ends_sentence(const std::vector<Token>& tokens, std::size_t i) {
  const Token& dot = tokens[i];
  if (i + 1 >= tokens.size()) return true;
  const Token& next = tokens[i + 1];
  if (next.kind == TokenKind::LineBreak) return true;
  if (next.kind == TokenKind::Punct && next.punct == '.' && next.glued) return false;
  const Token* before = i > 0 ? &tokens[i - 1] : nullptr;
  if (before && dot.glued && before->kind == TokenKind::Number && next.kind == TokenKind::Number && next.glued)
    return false;
  if (next.kind == TokenKind::Word && !date_words::starts_upper(next)) return false;  // sentences start with a capital
  if (before && dot.glued && before->kind == TokenKind::Word) {
    if (is_title(*before)) return false;
    if (next.kind == TokenKind::Number && date_words::is_abbreviated_name(*before)) return false;
  }
  return true;
}

// Words and phrases that speak of the decision or of hearing back.
constexpr std::string_view kDecisionPhrases[] = {
    "decide", "decides", "decided", "deciding", "decision", "decisions", "hear back", "hear from",
    "hear by", "hear before", "hear within", "hear in", "hear on", "hear next", "hear something",
    "hear anything", "hear whether", "hear if",
    "hearing back", "hearing from", "heard back", "let me know", "let you know", "let us know",
    "let them know", "let him know", "let her know", "lets me know", "get back to", "gets back to",
    "getting back to", "get back with", "come back to", "comes back to", "coming back to",
    "circle back", "respond", "responds", "response", "responses", "reply", "answer", "answers",
    "feedback", "news", "update", "updates", "next steps", "next step", "follow up", "followup",
    "get in touch", "be in touch", "reach out", "reaches out", "contact you", "contact me",
    "contact us", "offer", "offers", "outcome", "result", "results", "verdict", "notify", "notified"};

bool speaks_of_decision(Tokens sentence) {
  for (std::size_t i = 0; i < sentence.size(); ++i) {
    if (sentence[i].kind != TokenKind::Word) continue;
    for (std::string_view phrase : kDecisionPhrases)
      if (phrase_end(sentence, i, phrase)) return true;
  }
  return false;
}

// The sentence's words as written, without list markers before them or the mark that ends it,
// unless the date took that mark as its own ("by 28.11.").
std::string sentence_source(Tokens sentence, bool has_terminator, std::size_t reading_end) {
  std::size_t first = 0;
  while (first < sentence.size() && sentence[first].kind == TokenKind::Punct &&
         (sentence[first].punct == '-' || sentence[first].punct == '*' || sentence[first].punct == '>' ||
          sentence[first].punct == '#'))
    ++first;
  std::size_t end = has_terminator ? sentence.size() - 1 : sentence.size();
  end = std::max(end, std::min(reading_end, sentence.size()));
  while (end > first && sentence[end - 1].kind == TokenKind::LineBreak) --end;
  if (end <= first) return {};
  return text_between(sentence[first], sentence[end - 1]);
}

}  // namespace

bool ends_sentence(const std::vector<Token>& tokens, std::size_t i) {
  const Token& t = tokens[i];
  if (t.kind == TokenKind::LineBreak) return true;
  if (t.kind != TokenKind::Punct) return false;
  if (t.punct == '!' || t.punct == '?' || t.punct == ';') return true;
  return t.punct == '.' && full_stop_ends_sentence(tokens, i);
}

SentenceResult read_sentence(Tokens sentence, bool has_terminator, Date interview_day,
                             const BusinessDays& business_days) {
  if (!speaks_of_decision(sentence)) return {};
  const ExpressionReader reader(sentence, interview_day, business_days, Mode::InSentence);
  const auto reading = best_expression(reader, sentence);
  if (!reading) return {};
  if (!reading->date) return {Verdict::Unclear, std::nullopt};
  return {Verdict::Dated, DecisionDate{*reading->date, sentence_source(sentence, has_terminator, reading->end)}};
}

}  // namespace followup::rules::date_reading
