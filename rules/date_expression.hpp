#pragma once
// The grammar of the date expressions of RULES.md §2 ("2026-11-28", "Thursday", "28 Nov", "the
// 28th", "next week", "within 10 days", ...), read at a token position, each form with a bounded
// look-ahead. Private to the rules layer. The forms are defined in:
//   date_expression.cpp           the reader itself, token tests, alternatives, trailing words
//   date_expression_absolute.cpp  dates written out: numeric, with a month name, "the 28th"
//   date_expression_relative.cpp  weekdays, "next"/"this", parts of weeks and months, "tomorrow"
//   date_expression_spans.cpp     spans from the interview: "within 10 days", "in two weeks"
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

#include "ical/time.hpp"
#include "rules/business_days.hpp"
#include "rules/date_tokens.hpp"
#include "rules/date_words.hpp"

namespace followup::rules::date_reading {

// What the words at some position say.
struct Reading {
  std::optional<Date> date;  // empty: the words are a date expression, but not a clear one
  std::size_t end = 0;       // the first token after them
};

inline Reading clear(Date date, std::size_t end) { return {date, end}; }
inline Reading unclear(std::size_t end) { return {std::nullopt, end}; }
inline Reading clear_if_valid(std::optional<Date> date, std::size_t end) { return {date, end}; }

enum class Mode {
  WholeText,   // the text is nothing but the expression ("Decision: <expr>", X-FOLLOWUP-DECISION)
  InSentence,  // the expression is somewhere in a sentence, among other words
};

// Recognizes the date expressions of RULES.md §2 at a token position.
class ExpressionReader {
 public:
  ExpressionReader(Tokens tokens, Date interview_day, const BusinessDays& business_days, Mode mode);

  // The date expression starting at token i, if any. `introduced`: a word like "by" or "on" stands
  // before it, which is what makes a bare "28th" a date.
  std::optional<Reading> read_at(std::size_t i, bool introduced) const;

  // "Wednesday or Thursday", "1/20-1/22", "Friday or next week", "tomorrow or the day after": a
  // choice or range of dates promises the later one.
  Reading with_later_alternative(const Reading& first) const;

  // Words that may follow an expression written alone: "Friday 5pm", "Nov 28 at the latest".
  std::size_t skip_trailing_words(std::size_t i) const;

 private:
  enum class SpanUnit { Days, BusinessDays, Weeks, Fortnights, Months, Hours };

  struct Quantity {
    unsigned halves = 0;  // in half units, so "one and a half", "2.5" stay exact
    std::size_t end = 0;
  };

  struct UnitRead {
    SpanUnit unit;
    std::size_t end;
    bool plural;  // "days": "in the coming days" counts nothing
  };

  enum class Part { Early, Middle, Late };

  // --- token tests (date_expression.cpp) -------------------------------------------------
  const date_words::Token* token(std::size_t i) const;
  bool word(std::size_t i, std::string_view lower) const;
  bool any_word(std::size_t i, std::initializer_list<std::string_view> lower) const;
  std::optional<std::size_t> words(std::size_t i, std::initializer_list<std::string_view> phrase) const;
  std::optional<std::size_t> any_phrase(
      std::size_t i, std::initializer_list<std::initializer_list<std::string_view>> phrases) const;
  bool punct(std::size_t i, char c) const;
  bool glued_punct(std::size_t i, char c) const;
  const date_words::Token* number(std::size_t i) const;
  const date_words::Token* glued_number(std::size_t i, std::size_t max_digits) const;
  bool at_end(std::size_t i) const;
  date_words::CommonWords common_words() const;
  bool name_stands_alone(std::size_t i) const;
  std::optional<std::chrono::month> month_at(std::size_t i) const;
  std::optional<std::chrono::weekday> weekday_at(std::size_t i) const;
  bool continues_other_token(std::size_t i) const;
  std::size_t skip_ordinal_suffix(std::size_t i) const;
  bool glued_to_more(std::size_t i) const;
  bool has_ordinal_suffix(std::size_t i) const;
  bool unit_follows(std::size_t i) const;

  // --- after an expression written alone (date_expression.cpp) ---------------------------
  std::size_t skip_time_of_day(std::size_t i) const;
  std::size_t skip_am_pm(std::size_t i) const;

  // --- absolute dates (date_expression_absolute.cpp) -------------------------------------
  Reading dated(std::chrono::month month, unsigned day, std::optional<int> year, std::size_t end) const;
  std::pair<std::optional<int>, std::size_t> optional_year(std::size_t i) const;
  std::optional<Reading> numeric_date(std::size_t i, bool range_end = false) const;
  std::optional<Reading> compact_date(std::size_t i) const;
  std::size_t skip_iso_time(std::size_t i) const;
  std::optional<Reading> year_first_date(std::size_t i) const;
  std::optional<Reading> dotted_date(std::size_t i) const;
  std::optional<Reading> slash_date(std::size_t i) const;
  std::optional<Reading> day_then_month_name(std::size_t i) const;
  std::optional<Reading> month_name_then_day(std::size_t i) const;
  std::optional<Reading> ordinal_day(std::size_t i) const;
  std::optional<Reading> date_after_weekday(std::size_t i) const;
  static Reading reconciled(std::chrono::weekday w, const Reading& written);

  // --- weekdays, parts of weeks and months, days (date_expression_relative.cpp) ----------
  std::optional<Reading> weekday_forms(std::size_t i) const;
  std::optional<Reading> next_forms(std::size_t i) const;
  Reading next_week(std::size_t i) const;
  std::optional<Reading> this_forms(std::size_t i) const;
  std::optional<Reading> part_of_next(std::size_t i, Part part) const;
  std::optional<Reading> end_of(std::size_t i) const;
  Reading day_then_date(std::size_t i) const;
  std::optional<Reading> period_forms(std::size_t i) const;
  std::optional<Reading> part_of(std::size_t i, Part part) const;
  bool possessive(std::size_t i) const;
  std::optional<Reading> day_words(std::size_t i) const;

  // --- spans (date_expression_spans.cpp) -------------------------------------------------
  std::optional<Reading> span(std::size_t i) const;
  std::size_t skip_time_word(std::size_t i) const;
  std::optional<Quantity> single_quantity(std::size_t i, bool second_of_range = false) const;
  std::optional<Quantity> quantity(std::size_t i) const;
  std::optional<UnitRead> unit_at(std::size_t i) const;
  std::optional<Date> date_after_span(unsigned halves, SpanUnit unit) const;

  Tokens tokens_;
  Date interview_day_;
  const BusinessDays& business_days_;
  Mode mode_;
  std::size_t first_word_ = 0;  // the first token that is not punctuation
};

}  // namespace followup::rules::date_reading
