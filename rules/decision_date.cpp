#include "rules/decision_date.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/date_words.hpp"

// How the notes are read: the text is split into tokens (rules/date_words.hpp); an
// ExpressionReader recognizes the date expressions of RULES.md §2 at a token position, each form
// with a bounded look-ahead; find_decision_date scans the sentences that speak of a decision with
// it. Every step is linear in the text, whatever its length.

namespace followup::rules {
namespace {

using date_words::CommonWords;
using date_words::Token;
using date_words::TokenKind;
using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year_month;
using Tokens = std::span<const Token>;

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic

Date add_days(Date d, int n) { return Date{sys_days{d} + days{n}}; }

unsigned iso_weekday(Date d) { return weekday{sys_days{d}}.iso_encoding(); }  // Monday 1 .. Sunday 7

Date monday_of_week(Date d) { return add_days(d, 1 - static_cast<int>(iso_weekday(d))); }

// The day with ISO weekday `iso` in the week that starts on `monday`.
Date day_in_week(Date monday, unsigned iso) { return add_days(monday, static_cast<int>(iso) - 1); }

Date day_in_next_week(Date d, unsigned iso) { return day_in_week(add_days(monday_of_week(d), 7), iso); }

// The first `w` strictly after d.
Date first_weekday_after(Date d, weekday w) {
  const sys_days next = sys_days{d} + days{1};
  return Date{next + (w - weekday{next})};
}

// Friday of d's week: the end of the working week. From a Saturday or Sunday that Friday has passed,
// and "by the end of the week" then means the coming one.
Date end_of_week(Date d) {
  const Date friday = day_in_week(monday_of_week(d), 5);
  return friday >= d ? friday : add_days(friday, 7);
}

year_month month_of(Date d) { return year_month{d.year(), d.month()}; }

Date last_day_of(year_month ym) { return Date{ym.year() / ym.month() / std::chrono::last}; }

std::optional<Date> day_of(year_month ym, unsigned day) {
  const Date date{ym.year(), ym.month(), std::chrono::day{day}};
  return date.ok() ? std::optional<Date>{date} : std::nullopt;
}

// d plus n calendar months; a day the target month lacks becomes its last day (Jan 31 -> Feb 28).
Date add_months_clamped(Date d, int n) {
  const year_month target = month_of(d) + std::chrono::months{n};
  return Date{target.year(), target.month(), std::min(d.day(), last_day_of(target).day())};
}

// The first `day` of `month` on or after `from`: a date written without a year lies ahead.
std::optional<Date> first_date_on_or_after(std::chrono::month month, unsigned day, Date from) {
  for (int k = 0; k <= 8; ++k) {  // February 29 may be eight years away (2096 -> 2104)
    const Date date{from.year() + std::chrono::years{k}, month, std::chrono::day{day}};
    if (date.ok() && date >= from) return date;
  }
  return std::nullopt;
}

// The day-of-month `day` in `from`'s month if that is on or after `from`, else in the first later
// month that has such a day ("the 31st" from April 10 is May 31).
std::optional<Date> first_day_of_month_on_or_after(unsigned day, Date from) {
  for (int k = 0; k <= 2; ++k) {
    const auto date = day_of(month_of(from) + std::chrono::months{k}, day);
    if (date && *date >= from) return date;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Readings

// What the words at some position say.
struct Reading {
  std::optional<Date> date;  // empty: the words are a date expression, but not a clear one
  std::size_t end = 0;       // the first token after them
};

Reading clear(Date date, std::size_t end) { return {date, end}; }
Reading unclear(std::size_t end) { return {std::nullopt, end}; }
Reading clear_if_valid(std::optional<Date> date, std::size_t end) { return {date, end}; }

enum class Mode {
  WholeText,   // the text is nothing but the expression ("Decision: <expr>", X-FOLLOWUP-DECISION)
  InSentence,  // the expression is somewhere in a sentence, among other words
};

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

// Words after a day-of-month ordinal that still leave it a date: "by the 28th at the latest", "the
// 28th, hopefully", "the 28th or so". Any other word ("the 2nd round", "the 3rd and final round")
// makes it something else.
constexpr std::string_view kWordsAfterOrdinalDate[] = {
    "at", "latest", "then", "if", "so", "but", "when", "because", "hopefully", "probably", "maybe",
    "i", "we", "they", "he", "she", "you", "which", "by",
};

// A two- or four-digit year ("26", "2026").
std::optional<int> year_of(const Token& t) {
  if (t.text.size() == 4) return static_cast<int>(t.number);
  if (t.text.size() == 2) return 2000 + static_cast<int>(t.number);
  return std::nullopt;
}

// Recognizes the date expressions of RULES.md §2 at a token position.
class ExpressionReader {
 public:
  ExpressionReader(Tokens tokens, Date interview_day, const BusinessDays& business_days, Mode mode)
      : tokens_(tokens), interview_day_(interview_day), business_days_(business_days), mode_(mode) {
    while (first_word_ < tokens_.size() && tokens_[first_word_].kind == TokenKind::Punct) ++first_word_;
  }

  // The date expression starting at token i, if any. `introduced`: a word like "by" or "on" stands
  // before it, which is what makes a bare "28th" a date.
  std::optional<Reading> read_at(std::size_t i, bool introduced) const {
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

  // "Wednesday or Thursday", "1/20-1/22", "Friday or next week", "tomorrow or the day after": a
  // choice or range of dates promises the later one.
  Reading with_later_alternative(const Reading& first) const {
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

  // Words that may follow an expression written alone: "Friday 5pm", "Nov 28 at the latest".
  std::size_t skip_trailing_words(std::size_t i) const {
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

 private:
  // --- token helpers ---------------------------------------------------------------------

  const Token* token(std::size_t i) const { return i < tokens_.size() ? &tokens_[i] : nullptr; }

  bool word(std::size_t i, std::string_view lower) const {
    const Token* t = token(i);
    return t && date_words::is_word(*t, lower);
  }

  bool any_word(std::size_t i, std::initializer_list<std::string_view> lower) const {
    return std::any_of(lower.begin(), lower.end(), [&](std::string_view w) { return word(i, w); });
  }

  // The index after the phrase when the words at i read it.
  std::optional<std::size_t> words(std::size_t i, std::initializer_list<std::string_view> phrase) const {
    for (std::string_view w : phrase)
      if (!word(i++, w)) return std::nullopt;
    return i;
  }

  // The index after the first of the phrases that the words at i read.
  std::optional<std::size_t> any_phrase(
      std::size_t i, std::initializer_list<std::initializer_list<std::string_view>> phrases) const {
    for (const auto& phrase : phrases)
      if (auto end = words(i, phrase)) return end;
    return std::nullopt;
  }

  bool punct(std::size_t i, char c) const {
    const Token* t = token(i);
    return t && t->kind == TokenKind::Punct && t->punct == c;
  }

  bool glued_punct(std::size_t i, char c) const { return punct(i, c) && tokens_[i].glued; }

  const Token* number(std::size_t i) const {
    const Token* t = token(i);
    return t && t->kind == TokenKind::Number ? t : nullptr;
  }

  // A number glued to the token before it, with at most `max_digits` digits.
  const Token* glued_number(std::size_t i, std::size_t max_digits) const {
    const Token* t = number(i);
    return t && t->glued && t->text.size() <= max_digits ? t : nullptr;
  }

  bool at_end(std::size_t i) const {
    const Token* t = token(i);
    return !t || t->kind == TokenKind::LineBreak;
  }

  CommonWords common_words() const {
    return mode_ == Mode::WholeText ? CommonWords::AnyCase : CommonWords::NeedCapital;
  }

  // A month or weekday name must be a word of its own: not "C'mon", not either half of "Mon-Fri".
  bool name_stands_alone(std::size_t i) const {
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

  std::optional<std::chrono::month> month_at(std::size_t i) const {
    const Token* t = token(i);
    if (!t || !name_stands_alone(i)) return std::nullopt;
    return date_words::month_name(*t, common_words());
  }

  std::optional<weekday> weekday_at(std::size_t i) const {
    const Token* t = token(i);
    if (!t || !name_stands_alone(i)) return std::nullopt;
    return date_words::weekday_name(*t, common_words());
  }

  // A number that continues something else ("2026-11-32", "v1.2.3", "Q3") starts no expression.
  bool continues_other_token(std::size_t i) const {
    if (i == 0 || !tokens_[i].glued) return false;
    const Token& before = tokens_[i - 1];
    if (before.kind != TokenKind::Punct) return true;
    return before.punct == '.' || before.punct == '/' || before.punct == '-' || before.punct == ':';
  }

  // The index after a day-of-month's ordinal suffix ("28th"), or i when there is none.
  std::size_t skip_ordinal_suffix(std::size_t i) const {
    const Token* t = token(i);
    if (t && t->glued && (word(i, "st") || word(i, "nd") || word(i, "rd") || word(i, "th"))) return i + 1;
    return i;
  }

  // Whether token i continues the token before it as part of one longer thing ("28.11x", "1.2-3").
  bool glued_to_more(std::size_t i) const {
    const Token* t = token(i);
    if (!t || !t->glued) return false;
    return t->kind != TokenKind::Punct || t->punct == '.' || t->punct == '/' || t->punct == '-' ||
           t->punct == ':';
  }

  bool has_ordinal_suffix(std::size_t i) const { return skip_ordinal_suffix(i) != i; }

  bool unit_follows(std::size_t i) const { return unit_at(i).has_value(); }

  // --- absolute dates --------------------------------------------------------------------

  // A date with day and month but maybe no year: the year written, else the first one ahead.
  Reading dated(std::chrono::month month, unsigned day, std::optional<int> year, std::size_t end) const {
    if (year) {
      const Date date{std::chrono::year{*year}, month, std::chrono::day{day}};
      return date.ok() ? clear(date, end) : unclear(end);
    }
    return clear_if_valid(first_date_on_or_after(month, day, interview_day_), end);
  }

  // ", 2026" after a day and month.
  std::pair<std::optional<int>, std::size_t> optional_year(std::size_t i) const {
    const std::size_t k = punct(i, ',') ? i + 1 : i;
    const Token* t = number(k);
    if (t && t->text.size() == 4 && t->number >= 1970 && t->number <= 2999 && !glued_punct(k + 1, ':'))
      return {static_cast<int>(t->number), k + 1};
    return {std::nullopt, i};
  }

  // 2026-11-28, 2026/11/28, 28.11.2026, 28.11., 11/28, 28/11/2026, 20261128 (alone).
  // `range_end`: the date after the hyphen of "1/20-1/22", which is glued to it.
  std::optional<Reading> numeric_date(std::size_t i, bool range_end = false) const {
    const Token& first = tokens_[i];
    if (!range_end && continues_other_token(i)) return std::nullopt;
    if (first.text.size() == 8 && mode_ == Mode::WholeText) return compact_date(i);
    if (first.text.size() == 4) return year_first_date(i);
    if (first.text.size() > 2) return std::nullopt;
    if (i > 0 && word(i - 1, "at")) return std::nullopt;  // "at 10.30" is a time
    if (glued_punct(i + 1, '.')) return dotted_date(i);
    if (glued_punct(i + 1, '/')) return slash_date(i);
    return std::nullopt;
  }

  // The iCalendar form, as an X-FOLLOWUP-DECISION value may hold it: 20261128 or 20261128T170000Z.
  std::optional<Reading> compact_date(std::size_t i) const {
    const std::uint32_t n = tokens_[i].number;
    const Date date{std::chrono::year{static_cast<int>(n / 10000)}, std::chrono::month{n / 100 % 100},
                    std::chrono::day{n % 100}};
    return date.ok() ? std::optional<Reading>{clear(date, skip_iso_time(i + 1))} : std::nullopt;
  }

  // The time part of an ISO 8601 or iCalendar date-time written alone: "T17:00:00Z", "T170000",
  // "T17:00+01:00". The date is what counts.
  std::size_t skip_iso_time(std::size_t i) const {
    if (mode_ != Mode::WholeText || !word(i, "t") || !tokens_[i].glued || !glued_number(i + 1, 6)) return i;
    std::size_t end = i + 2;
    while (glued_punct(end, ':') && glued_number(end + 1, 2)) end += 2;
    if (glued_punct(end, '.') && glued_number(end + 1, 9)) end += 2;  // fractions of a second
    if (word(end, "z") && tokens_[end].glued) return end + 1;
    if ((glued_punct(end, '+') || glued_punct(end, '-')) && glued_number(end + 1, 4)) {
      end += 2;
      if (glued_punct(end, ':') && glued_number(end + 1, 2)) end += 2;
    }
    return end;
  }

  std::optional<Reading> year_first_date(std::size_t i) const {
    const Token* sep = token(i + 1);
    if (!sep || !glued_punct(i + 1, sep->punct) ||
        (sep->punct != '-' && sep->punct != '/' && sep->punct != '.'))
      return std::nullopt;
    const Token* month = glued_number(i + 2, 2);
    const Token* day = glued_number(i + 4, 2);
    if (!month || !glued_punct(i + 3, sep->punct) || !day) return std::nullopt;
    if (month->number < 1 || month->number > 12 || day->number < 1 || day->number > 31) return std::nullopt;
    return dated(std::chrono::month{month->number}, day->number, static_cast<int>(tokens_[i].number),
                 skip_iso_time(i + 5));
  }

  // Day.month[.year], the European order. Without a year, in running text, "4.5" is more likely a
  // decimal than a date: it must show a two-digit part ("28.11.", "05.12.") and end with a period
  // or the sentence.
  std::optional<Reading> dotted_date(std::size_t i) const {
    const unsigned day = tokens_[i].number;
    const Token* month_token = glued_number(i + 2, 2);
    if (!month_token) return std::nullopt;
    const unsigned month = month_token->number;
    if (day < 1 || day > 31 || month < 1 || month > 12) return std::nullopt;
    std::size_t end = i + 3;
    if (glued_punct(end, '.')) {
      ++end;
      if (const Token* year = glued_number(end, 4)) {
        const auto y = year_of(*year);
        if (!y) return std::nullopt;  // "1.2.3.4" is a version or an address
        return dated(std::chrono::month{month}, day, y, end + 1);
      }
      if (number(end) && tokens_[end].glued) return std::nullopt;
    } else {
      if (unit_follows(end) || glued_to_more(end)) return std::nullopt;
      if (mode_ == Mode::InSentence && !at_end(end) && !punct(end, ',') && !punct(end, ';') &&
          !punct(end, ')') && !punct(end, '!') && !punct(end, '?'))
        return std::nullopt;
    }
    const bool two_digits = tokens_[i].text.size() == 2 || month_token->text.size() == 2;
    if (mode_ == Mode::InSentence && !two_digits) return std::nullopt;
    return dated(std::chrono::month{month}, day, std::nullopt, end);
  }

  // Month/day[/year] as in the US, or day/month when the first number cannot be a month. When both
  // could be the month ("3/4") the writer's convention decides, which is unknown: unclear.
  std::optional<Reading> slash_date(std::size_t i) const {
    const unsigned first = tokens_[i].number;
    const Token* second_token = glued_number(i + 2, 2);
    if (!second_token) return std::nullopt;
    const unsigned second = second_token->number;
    std::size_t end = i + 3;
    std::optional<int> year;
    if (glued_punct(end, '/')) {
      const Token* year_token = glued_number(end + 1, 4);
      if (!year_token || !(year = year_of(*year_token))) return std::nullopt;
      end += 2;
    }
    if (unit_follows(end) || (first == 24 && second == 7 && !year)) return std::nullopt;  // "24/7"
    if (first < 1 || second < 1 || first > 31 || second > 31) return std::nullopt;
    if (first <= 12 && second <= 12) {
      if (first != second) return unclear(end);
      return dated(std::chrono::month{first}, second, year, end);
    }
    if (first <= 12) return dated(std::chrono::month{first}, second, year, end);
    if (second <= 12) return dated(std::chrono::month{second}, first, year, end);
    return std::nullopt;
  }

  // 28 Nov, 28th of November, 28 November 2026.
  std::optional<Reading> day_then_month_name(std::size_t i) const {
    const Token& n = tokens_[i];
    if (n.text.size() > 2 || n.number < 1 || n.number > 31 || continues_other_token(i)) return std::nullopt;
    unsigned day = n.number;
    std::size_t j = skip_ordinal_suffix(i + 1);
    if (punct(j, '-')) {  // "20-22 Jan": the later day
      const Token* last = number(j + 1);
      if (last && last->text.size() <= 2 && last->number > day && last->number <= 31) {
        day = last->number;
        j = skip_ordinal_suffix(j + 2);
      }
    }
    if (word(j, "of")) ++j;
    const auto month = month_at(j);
    if (!month) return std::nullopt;
    ++j;
    if (glued_punct(j, '.') && optional_year(j + 1).first) ++j;  // "28 Nov. 2026"
    const auto [year, end] = optional_year(j);
    return dated(*month, day, year, end);
  }

  // November 28, Nov. 28th, November 28, 2026, Nov 28-30 (the later day).
  std::optional<Reading> month_name_then_day(std::size_t i) const {
    const auto month = month_at(i);
    if (!month) return std::nullopt;
    std::size_t j = glued_punct(i + 1, '.') ? i + 2 : i + 1;
    if (word(j, "the")) ++j;
    const Token* n = number(j);
    if (!n || n->text.size() > 2 || n->number < 1 || n->number > 31) return std::nullopt;
    unsigned day = n->number;
    std::size_t k = skip_ordinal_suffix(j + 1);
    if (punct(k, '-')) {
      const Token* last = number(k + 1);
      if (last && last->text.size() <= 2 && last->number > day && last->number <= 31) {
        day = last->number;
        k = skip_ordinal_suffix(k + 2);
      }
    }
    if (unit_follows(k) || glued_punct(k, ':') || glued_punct(k, '/')) return std::nullopt;  // "May 10:30"
    const auto [year, end] = optional_year(k);
    return dated(*month, day, year, end);
  }

  // "28th" (after "the", "by", "on"...): that day of the interview's month if still ahead, else of
  // the next month; "the 28th of next month".
  std::optional<Reading> ordinal_day(std::size_t i) const {
    const Token* n = number(i);
    if (!n || n->text.size() > 2 || n->number < 1 || n->number > 31 || !has_ordinal_suffix(i + 1))
      return std::nullopt;
    if (auto r = day_then_month_name(i)) return r;
    const std::size_t j = i + 2;
    if (auto end = words(j, {"of", "this", "month"}); end || (end = words(j, {"of", "the", "month"})))
      return clear_if_valid(day_of(month_of(interview_day_), n->number), *end);
    if (auto end = words(j, {"of", "next", "month"}); end || (end = words(j, {"of", "the", "following", "month"})))
      return clear_if_valid(day_of(month_of(interview_day_) + std::chrono::months{1}, n->number), *end);
    const Token* after = token(j);
    const bool ends_here = !after || after->kind != TokenKind::Word ||
                           std::any_of(std::begin(kWordsAfterOrdinalDate), std::end(kWordsAfterOrdinalDate),
                                       [&](std::string_view w) { return word(j, w); }) ||
                           any_phrase(j, {{"or", "so"}, {"or", "earlier"}, {"or", "sooner"}, {"or", "before"}});
    if (!ends_here) return std::nullopt;
    return clear_if_valid(first_day_of_month_on_or_after(n->number, interview_day_), j);
  }

  // "Thursday, January 15", "Thu (15 Jan)", "Friday the 16th": the date written after a weekday.
  std::optional<Reading> date_after_weekday(std::size_t i) const {
    std::size_t j = i;
    if (punct(j, ',') || punct(j, '(') || glued_punct(j, '.')) ++j;
    std::optional<Reading> r;
    if (number(j)) {
      r = numeric_date(j);
      if (!r) r = day_then_month_name(j);
      if (!r) r = ordinal_day(j);
    } else if (word(j, "the")) {
      r = ordinal_day(j + 1);
    } else {
      r = month_name_then_day(j);
    }
    if (r && punct(i, '(') && punct(r->end, ')')) ++r->end;
    return r;
  }

  // A weekday and the date written after it must agree; when they do not, one of them is wrong.
  static Reading reconciled(weekday w, const Reading& written) {
    if (written.date && weekday{sys_days{*written.date}} == w) return written;
    return unclear(written.end);
  }

  // --- weekdays --------------------------------------------------------------------------

  // "Thursday": the first Thursday after the interview; "Thursday next week", "Thursday this week",
  // "Thursday after next", "Thursday, January 15".
  std::optional<Reading> weekday_forms(std::size_t i) const {
    const auto w = weekday_at(i);
    if (!w) return std::nullopt;
    const std::size_t j = i + 1;
    if (auto end = any_phrase(j, {{"next", "week"}, {"of", "next", "week"}, {"on", "next", "week"}}))
      return clear(day_in_next_week(interview_day_, w->iso_encoding()), *end);
    if (auto end = words(j, {"this", "week"}); end || (end = words(j, {"of", "this", "week"}))) {
      const Date d = day_in_week(monday_of_week(interview_day_), w->iso_encoding());
      return d >= interview_day_ ? clear(d, *end) : unclear(*end);
    }
    if (auto end = words(j, {"after", "next"}))
      return clear(add_days(first_weekday_after(interview_day_, *w), 7), *end);
    if (auto written = date_after_weekday(j)) return reconciled(*w, *written);
    return clear(first_weekday_after(interview_day_, *w), j);
  }

  // "next Thursday": the one in the following week or simply the coming one? When Thursday is still
  // ahead in the interview's week, either; when it has passed (or is today), only the coming one.
  // "next week" is the whole following week, so by its Friday; "next month", by its last day.
  std::optional<Reading> next_forms(std::size_t i) const {
    if (!word(i, "next")) return std::nullopt;
    const std::size_t j = i + 1;
    if (const auto w = weekday_at(j)) {
      if (auto written = date_after_weekday(j + 1)) return reconciled(*w, *written);
      if (w->iso_encoding() > iso_weekday(interview_day_)) return unclear(j + 1);
      return clear(first_weekday_after(interview_day_, *w), j + 1);
    }
    if (word(j, "week")) return next_week(j + 1);
    if (word(j, "month")) return clear(last_day_of(month_of(interview_day_) + std::chrono::months{1}), j + 1);
    if (auto end = any_phrase(j, {{"business", "day"}, {"working", "day"}, {"workday"}, {"work", "day"}}))
      return clear(business_days_.after(interview_day_), *end);
    if (word(j, "day")) return clear(add_days(interview_day_, 1), j + 1);
    return std::nullopt;
  }

  // After "next week": "next week Thursday", "next week or two", "next week or the week after".
  Reading next_week(std::size_t i) const {
    const std::size_t j = word(i, "on") ? i + 1 : i;
    if (const auto w = weekday_at(j)) return clear(day_in_next_week(interview_day_, w->iso_encoding()), j + 1);
    if (auto end = words(i, {"or", "two"})) return clear(add_days(interview_day_, 14), *end);
    if (auto end = words(i, {"or", "the", "week", "after"}))
      return clear(add_days(day_in_next_week(interview_day_, 5), 7), *end);
    return clear(day_in_next_week(interview_day_, 5), i);
  }

  // "this Thursday", "this coming Thursday", "coming Thursday", "this week", "this month".
  std::optional<Reading> this_forms(std::size_t i) const {
    std::size_t j = i;
    if (word(j, "this")) ++j;
    if (word(j, "coming")) ++j;
    if (j == i) return std::nullopt;
    if (weekday_at(j)) return weekday_forms(j);
    if (!word(i, "this")) return std::nullopt;
    if (any_word(j, {"week", "weekend"})) return clear(end_of_week(interview_day_), j + 1);
    if (word(j, "month")) return clear(last_day_of(month_of(interview_day_)), j + 1);
    return std::nullopt;
  }

  // --- parts of weeks and months ---------------------------------------------------------

  enum class Part { Early, Middle, Late };

  // A part of next week (early: Tuesday, middle: Wednesday, late: Friday) or of next month (the
  // 10th, the 15th, the last day), after "early", "mid", "the middle of", ...
  std::optional<Reading> part_of_next(std::size_t i, Part part) const {
    static constexpr unsigned kWeekday[] = {2, 3, 5};
    const auto index = static_cast<std::size_t>(part);
    if (auto end = words(i, {"next", "week"}); end || (end = words(i, {"the", "following", "week"})))
      return clear(day_in_next_week(interview_day_, kWeekday[index]), *end);
    if (auto end = words(i, {"next", "month"}); end || (end = words(i, {"the", "following", "month"}))) {
      const year_month next = month_of(interview_day_) + std::chrono::months{1};
      if (part == Part::Late) return clear(last_day_of(next), *end);
      return clear_if_valid(day_of(next, part == Part::Early ? 10u : 15u), *end);
    }
    return std::nullopt;
  }

  // After "end of": the week, next week, the month, next month, the day, the year, November.
  std::optional<Reading> end_of(std::size_t i) const {
    if (auto r = part_of_next(i, Part::Late)) return r;
    const std::size_t j = any_word(i, {"the", "this"}) ? i + 1 : i;
    if (word(j, "week")) return clear(end_of_week(interview_day_), j + 1);
    if (word(j, "month")) return clear(last_day_of(month_of(interview_day_)), j + 1);
    if (word(j, "year")) return clear(Date{interview_day_.year(), std::chrono::December, std::chrono::day{31}}, j + 1);
    if (any_word(j, {"day", "play", "today"})) return day_then_date(j + 1);
    if (word(j, "business")) return day_then_date(word(j + 1, "day") ? j + 2 : j + 1);
    if (const auto month = month_at(j)) {
      const Date last_of_month = last_day_of(year_month{interview_day_.year(), *month});
      return clear(last_of_month >= interview_day_ ? last_of_month
                                                  : last_day_of(year_month{interview_day_.year() + std::chrono::years{1}, *month}),
                   j + 1);
    }
    return std::nullopt;
  }

  // "end of day" alone is the interview's day; "EOD Friday", "end of day on Nov 28" is that date's.
  // Only forms that cannot lead back here are tried, so "EOD EOD EOD ..." cannot recurse deeply.
  Reading day_then_date(std::size_t i) const {
    const std::size_t j = word(i, "on") ? i + 1 : i;
    std::optional<Reading> r = weekday_forms(j);
    if (!r) r = next_forms(j);
    if (!r) r = month_name_then_day(j);
    if (!r && number(j)) r = numeric_date(j);
    if (!r && number(j)) r = day_then_month_name(j);
    if (r && r->date) return *r;
    if (word(j, "tomorrow")) return clear(add_days(interview_day_, 1), j + 1);
    return clear(interview_day_, i);
  }

  // "end of next week", "early next week", "mid-next week", "the middle of next week", "later this
  // week", "the week after next", "EOW", "EOM", "EOD", "close of business".
  std::optional<Reading> period_forms(std::size_t i) const {
    const std::size_t j = word(i, "the") ? i + 1 : i;
    if (word(j, "end") && word(j + 1, "of")) return end_of(j + 2);
    if (any_word(j, {"beginning", "start"}) && word(j + 1, "of")) return part_of(j + 2, Part::Early);
    if (word(j, "middle") && word(j + 1, "of")) {
      if (auto r = part_of(j + 2, Part::Middle)) return r;
      const std::size_t k = any_word(j + 2, {"the", "this"}) ? j + 3 : j + 2;
      if (!word(k, "week")) return std::nullopt;
      const Date wednesday = day_in_week(monday_of_week(interview_day_), 3);
      return wednesday >= interview_day_ ? clear(wednesday, k + 1) : unclear(k + 1);
    }
    if (auto end = words(j, {"week", "after", "next"}); end && j != i)
      return clear(add_days(day_in_next_week(interview_day_, 5), 7), *end);
    if (auto end = words(j, {"following", "week"}); end && j != i)
      return clear(day_in_next_week(interview_day_, 5), *end);
    // "by the weekend": its Friday, like the end of the week. A decision over the weekend is
    // followed up on Monday either way.
    if (word(j, "weekend") && j != i) return clear(end_of_week(interview_day_), j + 1);
    if (j != i) return std::nullopt;
    const std::size_t after_hyphen = glued_punct(i + 1, '-') ? i + 2 : i + 1;  // "mid-January"
    if (word(i, "early")) return part_of(after_hyphen, Part::Early);
    if (word(i, "mid")) return part_of(after_hyphen, Part::Middle);
    if (any_word(i, {"late", "later"})) {
      if (auto r = part_of(after_hyphen, Part::Late)) return r;
      if (auto end = words(i + 1, {"this", "week"})) return clear(end_of_week(interview_day_), *end);
      if (auto end = words(i + 1, {"this", "month"})) return clear(last_day_of(month_of(interview_day_)), *end);
      return std::nullopt;
    }
    if (word(i, "eow")) return clear(end_of_week(interview_day_), i + 1);
    if (word(i, "eom")) return clear(last_day_of(month_of(interview_day_)), i + 1);
    if (any_word(i, {"eod", "cob", "eob"})) return day_then_date(i + 1);
    if (auto end = words(i, {"close", "of", "business"})) return day_then_date(*end);
    return std::nullopt;
  }

  // A part of next week or next month, or of a named month: "early January" is its 10th, "mid
  // January" its 15th, "late January" its last day; the month is the next one not yet over.
  std::optional<Reading> part_of(std::size_t i, Part part) const {
    if (auto r = part_of_next(i, part)) return r;
    const Token* t = token(i);
    if (!t) return std::nullopt;
    const auto month = date_words::month_name(*t, common_words());
    if (!month) return std::nullopt;
    year_month ym{interview_day_.year(), *month};
    if (last_day_of(ym) < interview_day_) ym += std::chrono::years{1};
    if (part == Part::Late) return clear(last_day_of(ym), i + 1);
    return clear_if_valid(day_of(ym, part == Part::Early ? 10u : 15u), i + 1);
  }

  // --- days relative to the interview ----------------------------------------------------

  bool possessive(std::size_t i) const { return glued_punct(i, '\'') && word(i + 1, "s"); }

  // "today", "tonight", "tomorrow", "the day after tomorrow". A "today" that opens a sentence
  // ("Today they said...") tells when something was said, not when the decision comes.
  std::optional<Reading> day_words(std::size_t i) const {
    const std::size_t j = word(i, "the") ? i + 1 : i;
    if (auto end = words(j, {"day", "after", "tomorrow"})) return clear(add_days(interview_day_, 2), *end);
    if (j != i || possessive(i + 1)) return std::nullopt;
    if (word(i, "tomorrow")) return clear(add_days(interview_day_, 1), i + 1);
    if (any_word(i, {"today", "tonight"})) {
      if (mode_ == Mode::InSentence && i == first_word_) return std::nullopt;
      return clear(interview_day_, i + 1);
    }
    return std::nullopt;
  }

  // --- spans: "within 10 days", "in two weeks", "in 1-2 weeks", "10 business days" ---------

  // "in", "within", "over the next", "about", "less than", "the next": where a span begins. In running
  // text a bare "2 weeks" is more often a duration ("a 2 weeks notice") than a promise, so there a
  // span needs "in"/"within" before it or "from now" after it.
  std::optional<Reading> span(std::size_t i) const {
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
  std::size_t skip_time_word(std::size_t i) const {
    std::size_t j = i;
    if (glued_punct(j, '\'')) {
      ++j;
      if (word(j, "s") && tokens_[j].glued) ++j;
    }
    return word(j, "time") ? j + 1 : i;
  }

  // One count: 10, 2.5, ten, a, an, a couple (of), one and a half.
  // `second_of_range`: the 2 of "1-2", which is glued to the hyphen before it.
  std::optional<Quantity> single_quantity(std::size_t i, bool second_of_range = false) const {
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
  std::optional<Quantity> quantity(std::size_t i) const {
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

  std::optional<UnitRead> unit_at(std::size_t i) const {
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
  std::optional<Date> date_after_span(unsigned halves, SpanUnit unit) const {
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

  // --- after an expression written alone -------------------------------------------------

  // "5pm", "at 17:00", "by noon", "10.30 a.m.", "morning".
  std::size_t skip_time_of_day(std::size_t i) const {
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

  std::size_t skip_am_pm(std::size_t i) const {
    if (any_word(i, {"am", "pm", "h"})) return i + 1;
    if (any_word(i, {"a", "p"}) && glued_punct(i + 1, '.') && word(i + 2, "m"))
      return glued_punct(i + 3, '.') ? i + 4 : i + 3;
    return i;
  }

  Tokens tokens_;
  Date interview_day_;
  const BusinessDays& business_days_;
  Mode mode_;
  std::size_t first_word_ = 0;  // the first token that is not punctuation
};

// ---------------------------------------------------------------------------------------------
// An expression alone

bool opens(const Token& t) {
  return t.kind == TokenKind::LineBreak ||
         (t.kind == TokenKind::Punct &&
          (t.punct == '"' || t.punct == '\'' || t.punct == '(' || t.punct == '[' || t.punct == '-' ||
           t.punct == '*' || t.punct == '>' || t.punct == ':'));
}

// The index after `phrase` (lower-case words separated by single spaces) when the tokens at i read
// it. A hyphen inside a compound counts as a space ("follow-up" reads "follow up").
std::optional<std::size_t> phrase_end(Tokens s, std::size_t i, std::string_view phrase) {
  for (;;) {
    const std::size_t space = phrase.find(' ');
    const std::string_view w = phrase.substr(0, space);
    if (i >= s.size() || !date_words::is_word(s[i], w)) return std::nullopt;
    ++i;
    if (space == std::string_view::npos) return i;
    phrase.remove_prefix(space + 1);
    if (i + 1 < s.size() && s[i].kind == TokenKind::Punct && s[i].punct == '-' && s[i].glued && s[i + 1].glued)
      ++i;
  }
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

std::optional<Date> read_alone(Tokens tokens, Date interview_day, const BusinessDays& business_days) {
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

// ---------------------------------------------------------------------------------------------
// Sentences

std::string text_between(const Token& first, const Token& last) {
  const char* begin = first.text.data();
  const char* end = last.text.data() + last.text.size();
  return std::string(begin, static_cast<std::size_t>(end - begin));
}

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

bool ends_sentence(const std::vector<Token>& tokens, std::size_t i) {
  const Token& t = tokens[i];
  if (t.kind == TokenKind::LineBreak) return true;
  if (t.kind != TokenKind::Punct) return false;
  if (t.punct == '!' || t.punct == '?' || t.punct == ';') return true;
  return t.punct == '.' && full_stop_ends_sentence(tokens, i);
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

// How strongly the words before an expression make it the promised date: "by Friday", "within 10
// days", "end of next week" name a deadline; "on Friday", "next week", "in two weeks" a time; a
// bare date may be anything.
enum class Emphasis { None = 0, Time = 1, Deadline = 2 };

// The introducing words at i that are not part of any expression ("by", "on", "no later than").
struct Introducer {
  std::size_t length;
  Emphasis emphasis;
};
std::optional<Introducer> introducer_at(Tokens s, std::size_t i) {
  const auto is = [&](std::size_t k, std::string_view w) { return k < s.size() && date_words::is_word(s[k], w); };
  for (std::string_view w : {"by", "before", "until", "till", "til"})
    if (is(i, w)) return Introducer{1, Emphasis::Deadline};
  if ((is(i, "no") || is(i, "not")) && is(i + 1, "later") && is(i + 2, "than")) return Introducer{3, Emphasis::Deadline};
  if (is(i, "latest") && is(i + 1, "by")) return Introducer{2, Emphasis::Deadline};
  if (is(i, "on")) return Introducer{1, Emphasis::Time};
  return std::nullopt;
}

// The emphasis an expression carries by its own first words.
Emphasis own_emphasis(Tokens s, std::size_t i) {
  const auto is = [&](std::size_t k, std::string_view w) { return k < s.size() && date_words::is_word(s[k], w); };
  const std::size_t j = is(i, "the") ? i + 1 : i;
  for (std::string_view w : {"within", "end", "eod", "eow", "eom", "cob"})
    if (is(j, w)) return Emphasis::Deadline;
  for (std::string_view w : {"in", "inside", "over", "during", "next", "early", "mid", "middle", "late", "later",
                             "this", "coming", "beginning", "start", "week", "following"})
    if (is(j, w)) return Emphasis::Time;
  return Emphasis::None;
}

struct Candidate {
  Reading reading;
  Emphasis emphasis;
};

// The date expression of a sentence: the first clear one with the strongest emphasis. An unclear one
// ("next Thursday", "3/4") wins only over weaker ones, so the sentence then gives no date.
std::optional<Reading> best_expression(const ExpressionReader& reader, Tokens sentence) {
  std::optional<Candidate> best;
  const auto consider = [&](const Reading& r, Emphasis emphasis) {
    if (!best || emphasis > best->emphasis || (emphasis == best->emphasis && r.date && !best->reading.date))
      best = Candidate{r, emphasis};
  };
  for (std::size_t i = 0; i < sentence.size();) {
    if (const auto intro = introducer_at(sentence, i)) {
      if (auto r = reader.read_at(i + intro->length, true)) {
        r = reader.with_later_alternative(*r);
        const Emphasis emphasis = std::max(intro->emphasis, own_emphasis(sentence, i + intro->length));
        if (r->date && emphasis == Emphasis::Deadline) return r;  // nothing can beat it
        consider(*r, emphasis);
        i = r->end;
        continue;
      }
    }
    if (auto r = reader.read_at(i, false)) {
      r = reader.with_later_alternative(*r);
      const Emphasis emphasis = own_emphasis(sentence, i);
      if (r->date && emphasis == Emphasis::Deadline) return r;
      consider(*r, emphasis);
      i = r->end;
      continue;
    }
    ++i;
  }
  if (!best) return std::nullopt;
  return best->reading;
}

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
  const auto date = read_alone(expression, interview_day, business_days);
  if (!date) return std::nullopt;
  std::size_t last = line.size();
  while (last > 0 && line[last - 1].kind == TokenKind::LineBreak) --last;
  return DecisionDate{*date, text_between(line[label], line[last - 1])};
}

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

// What one sentence says about the decision date.
enum class Verdict { Silent, Dated, Unclear };
struct SentenceResult {
  Verdict verdict = Verdict::Silent;
  std::optional<DecisionDate> found;
};

SentenceResult read_sentence(Tokens sentence, bool has_terminator, Date interview_day,
                             const BusinessDays& business_days) {
  if (!speaks_of_decision(sentence)) return {};
  const ExpressionReader reader(sentence, interview_day, business_days, Mode::InSentence);
  const auto reading = best_expression(reader, sentence);
  if (!reading) return {};
  if (!reading->date) return {Verdict::Unclear, std::nullopt};
  return {Verdict::Dated, DecisionDate{*reading->date, sentence_source(sentence, has_terminator, reading->end)}};
}

}  // namespace

std::optional<Date> read_date_expression(std::string_view text, Date interview_day,
                                         const BusinessDays& business_days) {
  const std::vector<Token> tokens = date_words::tokenize(text);
  return read_alone(tokens, interview_day, business_days);
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
