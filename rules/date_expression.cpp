#include "rules/date_expression.hpp"

#include <algorithm>

#include "rules/local_time.hpp"

namespace followup::rules::date_reading {

using date_words::CommonWords;
using date_words::Token;
using date_words::TokenKind;
using std::chrono::weekday;

ExpressionReader::ExpressionReader(Tokens tokens, Date interview_day, const BusinessDays& business_days,
                                   Mode mode)
    : tokens_(tokens), interview_day_(interview_day), business_days_(business_days), mode_(mode) {
  while (first_word_ < tokens_.size() && tokens_[first_word_].kind == TokenKind::Punct) ++first_word_;
}

std::optional<Reading> ExpressionReader::read_at(std::size_t i, bool introduced) const {
  const Token* t = token(i);
  if (!t) return std::nullopt;
  if (t->kind == TokenKind::Number) {
    if (auto r = numeric_date(i)) return r;
    if (auto r = day_then_month_name(i)) return r;
    if (introduced || mode_ == Mode::WholeText)
      if (auto r = ordinal_day(i)) return r;
    return span(i);
  }
  if (t->kind != TokenKind::Word) return std::nullopt;
  if (auto r = month_name_then_day(i)) return r;
  if (auto r = weekday_forms(i)) return r;
  if (auto r = next_forms(i)) return r;
  if (auto r = this_forms(i)) return r;
  if (auto r = period_forms(i)) return r;
  if (auto r = day_words(i)) return r;
  if (word(i, "the"))
    if (auto r = ordinal_day(i + 1)) return r;
  return span(i);
}

Reading ExpressionReader::with_later_alternative(const Reading& first) const {
  std::size_t j = first.end;
  if (!first.date || !(any_word(j, {"or", "to", "through", "thru"}) || punct(j, '-'))) return first;
  const bool after_hyphen = punct(j, '-');
  ++j;
  if (auto end = words(j, {"the", "day", "after"})) return clear(add_days(*first.date, 1), *end);
  if (any_word(j, {"by", "on", "before", "until"})) ++j;
  std::optional<Reading> second = after_hyphen && number(j) ? numeric_date(j, true) : read_at(j, true);
  if (!second) return first;
  if (!second->date) return unclear(second->end);
  return clear(std::max(*first.date, *second->date), second->end);
}

std::size_t ExpressionReader::skip_trailing_words(std::size_t i) const {
  for (;;) {
    const std::size_t before = i;
    while (punct(i, ',') || punct(i, '.') || punct(i, '!') || punct(i, '?') || punct(i, ';') ||
           punct(i, ')') || punct(i, ']') || punct(i, '"') || punct(i, '\''))
      ++i;
    if (auto end = any_phrase(i, {{"at", "the", "latest"}, {"at", "the", "very", "latest"},
                                  {"at", "latest"}, {"latest"}, {"at", "the", "earliest"},
                                  {"or", "so"}, {"or", "earlier"}, {"or", "sooner"},
                                  {"hopefully"}, {"probably"}, {"tentatively"},
                                  {"in", "the", "morning"}, {"in", "the", "afternoon"},
                                  {"in", "the", "evening"}, {"end", "of", "day"},
                                  {"end", "of", "the", "day"}, {"close", "of", "business"}}))
      i = *end;
    i = skip_time_of_day(i);
    if (i == before) return i;
  }
}

// --- token tests ---------------------------------------------------------------------------

const Token* ExpressionReader::token(std::size_t i) const { return i < tokens_.size() ? &tokens_[i] : nullptr; }

bool ExpressionReader::word(std::size_t i, std::string_view lower) const {
  const Token* t = token(i);
  return t && date_words::is_word(*t, lower);
}

bool ExpressionReader::any_word(std::size_t i, std::initializer_list<std::string_view> lower) const {
  return std::any_of(lower.begin(), lower.end(), [&](std::string_view w) { return word(i, w); });
}

// The index after the phrase when the words at i read it.
std::optional<std::size_t> ExpressionReader::words(std::size_t i,
                                                   std::initializer_list<std::string_view> phrase) const {
  for (std::string_view w : phrase)
    if (!word(i++, w)) return std::nullopt;
  return i;
}

// The index after the first of the phrases that the words at i read.
std::optional<std::size_t> ExpressionReader::any_phrase(
    std::size_t i, std::initializer_list<std::initializer_list<std::string_view>> phrases) const {
  for (const auto& phrase : phrases)
    if (auto end = words(i, phrase)) return end;
  return std::nullopt;
}

bool ExpressionReader::punct(std::size_t i, char c) const {
  const Token* t = token(i);
  return t && t->kind == TokenKind::Punct && t->punct == c;
}

bool ExpressionReader::glued_punct(std::size_t i, char c) const { return punct(i, c) && tokens_[i].glued; }

const Token* ExpressionReader::number(std::size_t i) const {
  const Token* t = token(i);
  return t && t->kind == TokenKind::Number ? t : nullptr;
}

// A number glued to the token before it, with at most `max_digits` digits.
const Token* ExpressionReader::glued_number(std::size_t i, std::size_t max_digits) const {
  const Token* t = number(i);
  return t && t->glued && t->text.size() <= max_digits ? t : nullptr;
}

bool ExpressionReader::at_end(std::size_t i) const {
  const Token* t = token(i);
  return !t || t->kind == TokenKind::LineBreak;
}

CommonWords ExpressionReader::common_words() const {
  return mode_ == Mode::WholeText ? CommonWords::AnyCase : CommonWords::NeedCapital;
}

// A month or weekday name must be a word of its own: not "C'mon", not either half of "Mon-Fri".
bool ExpressionReader::name_stands_alone(std::size_t i) const {
  const Token& t = tokens_[i];
  if (t.glued && i > 0) {
    const Token& before = tokens_[i - 1];
    if (before.kind != TokenKind::Punct || before.punct == '-' || before.punct == '\'' ||
        before.punct == '/')
      return false;
  }
  const Token* after = token(i + 2);
  return !(glued_punct(i + 1, '-') && after && after->glued && after->kind == TokenKind::Word);
}

std::optional<std::chrono::month> ExpressionReader::month_at(std::size_t i) const {
  const Token* t = token(i);
  if (!t || !name_stands_alone(i)) return std::nullopt;
  return date_words::month_name(*t, common_words());
}

std::optional<weekday> ExpressionReader::weekday_at(std::size_t i) const {
  const Token* t = token(i);
  if (!t || !name_stands_alone(i)) return std::nullopt;
  return date_words::weekday_name(*t, common_words());
}

// A number that continues something else ("2026-11-32", "v1.2.3", "Q3") starts no expression.
bool ExpressionReader::continues_other_token(std::size_t i) const {
  if (i == 0 || !tokens_[i].glued) return false;
  const Token& before = tokens_[i - 1];
  if (before.kind != TokenKind::Punct) return true;
  return before.punct == '.' || before.punct == '/' || before.punct == '-' || before.punct == ':';
}

// The index after a day-of-month's ordinal suffix ("28th"), or i when there is none.
std::size_t ExpressionReader::skip_ordinal_suffix(std::size_t i) const {
  const Token* t = token(i);
  if (t && t->glued && (word(i, "st") || word(i, "nd") || word(i, "rd") || word(i, "th"))) return i + 1;
  return i;
}

// Whether token i continues the token before it as part of one longer thing ("28.11x", "1.2-3").
bool ExpressionReader::glued_to_more(std::size_t i) const {
  const Token* t = token(i);
  if (!t || !t->glued) return false;
  return t->kind != TokenKind::Punct || t->punct == '.' || t->punct == '/' || t->punct == '-' ||
         t->punct == ':';
}

bool ExpressionReader::has_ordinal_suffix(std::size_t i) const { return skip_ordinal_suffix(i) != i; }

bool ExpressionReader::unit_follows(std::size_t i) const { return unit_at(i).has_value(); }

// --- after an expression written alone -----------------------------------------------------

// "5pm", "at 17:00", "by noon", "10.30 a.m.", "morning".
std::size_t ExpressionReader::skip_time_of_day(std::size_t i) const {
  if (any_word(i, {"morning", "afternoon", "evening", "night", "noon", "midday", "midnight", "eod", "cob"}))
    return i + 1;
  const bool announced = any_word(i, {"at", "by", "around", "before"});
  const std::size_t j = announced ? i + 1 : i;
  if (any_word(j, {"noon", "midday", "midnight", "eod", "cob"})) return j + 1;
  const Token* hour = number(j);
  if (!hour || hour->text.size() > 2 || hour->number > 24) return i;
  std::size_t k = j + 1;
  bool minutes = false;
  if ((glued_punct(k, ':') || glued_punct(k, '.')) && glued_number(k + 1, 2)) {
    k += 2;
    minutes = true;
  }
  const std::size_t after_marker = skip_am_pm(k);
  if (!announced && !minutes && after_marker == k) return i;
  return after_marker;
}

std::size_t ExpressionReader::skip_am_pm(std::size_t i) const {
  if (any_word(i, {"am", "pm", "h"})) return i + 1;
  if (any_word(i, {"a", "p"}) && glued_punct(i + 1, '.') && word(i + 2, "m"))
    return glued_punct(i + 3, '.') ? i + 4 : i + 3;
  return i;
}

}  // namespace followup::rules::date_reading
