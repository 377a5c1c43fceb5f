// Spans counted from the interview's day: "within 10 days", "in two weeks", "in 1-2 weeks", "10
// business days", "a week or two from now".
#include <algorithm>

#include "rules/date_arithmetic.hpp"
#include "rules/date_expression.hpp"
#include "rules/local_time.hpp"

namespace followup::rules::date_reading {

using date_words::Token;
using date_words::TokenKind;

// "in", "within", "over the next", "about", "less than", "the next": where a span begins. In running
// text a bare "2 weeks" is more often a duration ("a 2 weeks notice") than a promise, so there a
// span needs "in"/"within" before it or "from now" after it.
std::optional<Reading> ExpressionReader::span(std::size_t i) const {
  if (auto end = words(i, {"within", "the", "week"})) return clear(end_of_week(interview_day_), *end);
  if (auto end = words(i, {"within", "the", "month"})) return clear(last_day_of(month_of(interview_day_)), *end);
  std::size_t j = i;
  bool introduced = false;
  if (any_word(j, {"in", "within", "inside"})) {
    ++j;
    introduced = true;
    if (word(j, "of") && word(i, "inside")) ++j;
  } else if (any_word(j, {"over", "during"}) && word(j + 1, "the")) {
    ++j;
    introduced = true;
  }
  bool one_implied = false;  // "in the next week": one week
  for (int filler = 0; filler < 3; ++filler) {
    if (word(j, "the") && any_word(j + 1, {"next", "coming", "following"})) {
      j += 2;
      one_implied = true;
    } else if (any_word(j, {"next", "coming"}) && introduced) {
      ++j;
      one_implied = true;
    } else if (any_word(j, {"about", "around", "approximately", "approx", "roughly", "max", "maximum",
                            "under", "just"})) {
      j = glued_punct(j + 1, '.') ? j + 2 : j + 1;
    } else if (auto end = words(j, {"less", "than"}); end || (end = words(j, {"at", "most"})) ||
                                                       (end = words(j, {"up", "to"})) ||
                                                       (end = words(j, {"no", "more", "than"}))) {
      j = *end;
    } else {
      break;
    }
  }
  Quantity q;
  const auto counted = quantity(j);
  if (counted) {
    q = *counted;
  } else if (one_implied) {
    q = {2, j};
  } else {
    return std::nullopt;
  }
  const auto unit = unit_at(q.end);
  if (!unit || (!counted && unit->plural)) return std::nullopt;
  std::size_t k = unit->end;
  unsigned halves = q.halves;
  if (word(k, "or")) {  // "a week or two", "two weeks or so"
    if (auto more = quantity(k + 1)) {
      halves = std::max(halves, more->halves);
      k = more->end;
      if (auto again = unit_at(k); again && again->unit == unit->unit) k = again->end;
    } else if (word(k + 1, "so")) {
      k += 2;
    }
  }
  if (auto end = words(k, {"and", "a", "half"})) {
    halves += 1;
    k = *end;
  }
  k = skip_time_word(k);
  const auto anchor = any_phrase(k, {{"from", "now"}, {"from", "today"}, {"after", "today"},
                                     {"after", "the", "interview"}, {"from", "the", "interview"},
                                     {"of", "the", "interview"}});
  const bool anchored = anchor.has_value();  // "from now", "after the interview"
  if (anchor) k = *anchor;
  if (mode_ == Mode::InSentence && !introduced && !anchored) return std::nullopt;
  const auto date = date_after_span(halves, unit->unit);
  if (!date) return std::nullopt;
  return clear(*date, k);
}

// "two weeks' time", "a week's time", "10 days time".
std::size_t ExpressionReader::skip_time_word(std::size_t i) const {
  std::size_t j = i;
  if (glued_punct(j, '\'')) {
    ++j;
    if (word(j, "s") && tokens_[j].glued) ++j;
  }
  return word(j, "time") ? j + 1 : i;
}

// One count: 10, 2.5, ten, a, an, a couple (of), one and a half.
// `second_of_range`: the 2 of "1-2", which is glued to the hyphen before it.
std::optional<ExpressionReader::Quantity> ExpressionReader::single_quantity(std::size_t i,
                                                                         bool second_of_range) const {
  unsigned halves = 0;
  std::size_t end = i;
  if (any_word(i, {"a", "an"})) {
    if (auto e = words(i + 1, {"couple", "of"}); e || (e = words(i + 1, {"couple"}))) return Quantity{4, *e};
    if (any_word(i + 1, {"few", "several", "number", "bit", "while", "little", "lot", "half"}))
      return std::nullopt;  // vague: nothing to count
    halves = 2;
    end = i + 1;
  } else if (auto e = words(i, {"couple", "of"}); e || (e = words(i, {"couple"}))) {
    return Quantity{4, *e};
  } else if (const Token* n = number(i)) {
    if (n->text.size() > 4 || (!second_of_range && continues_other_token(i))) return std::nullopt;
    halves = 2 * n->number;
    end = i + 1;
    if (glued_punct(end, '.') && glued_number(end + 1, 9)) {  // a decimal: only .5 counts
      if (tokens_[end + 1].text != "5") return std::nullopt;
      halves += 1;
      end += 2;
    }
  } else if (const Token* t = token(i); t && t->kind == TokenKind::Word) {
    const auto value = date_words::number_word(*t);
    if (!value) return std::nullopt;
    halves = 2 * *value;
    end = i + 1;
  } else {
    return std::nullopt;
  }
  if (auto e = words(end, {"and", "a", "half"})) {
    halves += 1;
    end = *e;
  }
  return Quantity{halves, end};
}

// A count or a range of counts ("1-2", "1 to 2", "one or two", "between 5 and 10"): a range
// promises its upper bound.
std::optional<ExpressionReader::Quantity> ExpressionReader::quantity(std::size_t i) const {
  if (word(i, "between")) {
    const auto low = single_quantity(i + 1);
    if (!low || !word(low->end, "and")) return std::nullopt;
    const auto high = single_quantity(low->end + 1);
    if (!high) return std::nullopt;
    return Quantity{std::max(low->halves, high->halves), high->end};
  }
  const auto first = single_quantity(i);
  if (!first) return std::nullopt;
  if (punct(first->end, '-') || any_word(first->end, {"to", "or"}))
    if (auto second = single_quantity(first->end + 1, true); second && unit_follows(second->end))
      return Quantity{std::max(first->halves, second->halves), second->end};
  return first;
}

std::optional<ExpressionReader::UnitRead> ExpressionReader::unit_at(std::size_t i) const {
  if (any_word(i, {"business", "working", "work"})) {
    const std::size_t j = glued_punct(i + 1, '-') ? i + 2 : i + 1;
    if (word(j, "day")) return UnitRead{SpanUnit::BusinessDays, j + 1, false};
    if (word(j, "days")) return UnitRead{SpanUnit::BusinessDays, j + 1, true};
  }
  struct UnitWord {
    std::string_view text;
    SpanUnit unit;
    bool plural;
  };
  static constexpr UnitWord kUnitWords[] = {
      {"day", SpanUnit::Days, false},           {"days", SpanUnit::Days, true},
      {"workday", SpanUnit::BusinessDays, false}, {"workdays", SpanUnit::BusinessDays, true},
      {"businessday", SpanUnit::BusinessDays, false}, {"businessdays", SpanUnit::BusinessDays, true},
      {"week", SpanUnit::Weeks, false},         {"weeks", SpanUnit::Weeks, true},
      {"wk", SpanUnit::Weeks, false},           {"wks", SpanUnit::Weeks, true},
      {"fortnight", SpanUnit::Fortnights, false}, {"fortnights", SpanUnit::Fortnights, true},
      {"month", SpanUnit::Months, false},       {"months", SpanUnit::Months, true},
      {"hour", SpanUnit::Hours, false},         {"hours", SpanUnit::Hours, true},
      {"hr", SpanUnit::Hours, false},           {"hrs", SpanUnit::Hours, true},
      {"h", SpanUnit::Hours, false},
  };
  for (const UnitWord& u : kUnitWords)
    if (word(i, u.text)) return UnitRead{u.unit, i + 1, u.plural};
  return std::nullopt;
}

// The interview's day plus the span. Parts of a day round up: the interview's hour is unknown here,
// and a later date only delays a check-in, never makes it premature. Absurd spans (zero, or more
// than two years) are no promise.
std::optional<Date> ExpressionReader::date_after_span(unsigned halves, SpanUnit unit) const {
  const auto whole_days = [](unsigned half_days) { return static_cast<int>((half_days + 1) / 2); };
  if (halves == 0) return std::nullopt;
  switch (unit) {
    case SpanUnit::Days:
      if (halves > 2 * 732) return std::nullopt;
      return add_days(interview_day_, whole_days(halves));
    case SpanUnit::BusinessDays:
      if (halves > 2 * 520) return std::nullopt;
      return business_days_.add_business_days(interview_day_, whole_days(halves));
    case SpanUnit::Weeks:
      if (halves > 2 * 104) return std::nullopt;
      return add_days(interview_day_, whole_days(halves * 7));
    case SpanUnit::Fortnights:
      if (halves > 2 * 52) return std::nullopt;
      return add_days(interview_day_, whole_days(halves * 14));
    case SpanUnit::Months: {
      if (halves > 2 * 24) return std::nullopt;
      const Date whole_months = add_months_clamped(interview_day_, static_cast<int>(halves / 2));
      return halves % 2 == 0 ? whole_months : add_days(whole_months, 15);
    }
    case SpanUnit::Hours:
      if (halves > 2 * 8784) return std::nullopt;
      return add_days(interview_day_, static_cast<int>((halves + 47) / 48));
  }
  return std::nullopt;
}

}  // namespace followup::rules::date_reading
