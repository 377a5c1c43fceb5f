// Dates written out: numeric ("2026-11-28", "28.11.", "11/28"), with a month name ("28 Nov",
// "November 28"), a day-of-month ordinal ("the 28th") and the date written after a weekday.
#include <algorithm>
#include <cstdint>
#include <iterator>

#include "rules/date_arithmetic.hpp"
#include "rules/date_expression.hpp"

namespace followup::rules::date_reading {

using date_words::Token;
using date_words::TokenKind;
using std::chrono::sys_days;
using std::chrono::weekday;

namespace {

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

}  // namespace

// A date with day and month but maybe no year: the year written, else the first one ahead.
Reading ExpressionReader::dated(std::chrono::month month, unsigned day, std::optional<int> year,
                                std::size_t end) const {
  if (year) {
    const Date date{std::chrono::year{*year}, month, std::chrono::day{day}};
    return date.ok() ? clear(date, end) : unclear(end);
  }
  return clear_if_valid(first_date_on_or_after(month, day, interview_day_), end);
}

// ", 2026" after a day and month.
std::pair<std::optional<int>, std::size_t> ExpressionReader::optional_year(std::size_t i) const {
  const std::size_t k = punct(i, ',') ? i + 1 : i;
  const Token* t = number(k);
  if (t && t->text.size() == 4 && t->number >= 1970 && t->number <= 2999 && !glued_punct(k + 1, ':'))
    return {static_cast<int>(t->number), k + 1};
  return {std::nullopt, i};
}

// 2026-11-28, 2026/11/28, 28.11.2026, 28.11., 11/28, 28/11/2026, 20261128 (alone).
// `range_end`: the date after the hyphen of "1/20-1/22", which is glued to it.
std::optional<Reading> ExpressionReader::numeric_date(std::size_t i, bool range_end) const {
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
std::optional<Reading> ExpressionReader::compact_date(std::size_t i) const {
  const std::uint32_t n = tokens_[i].number;
  const Date date{std::chrono::year{static_cast<int>(n / 10000)}, std::chrono::month{n / 100 % 100},
                  std::chrono::day{n % 100}};
  return date.ok() ? std::optional<Reading>{clear(date, skip_iso_time(i + 1))} : std::nullopt;
}

// The time part of an ISO 8601 or iCalendar date-time written alone: "T17:00:00Z", "T170000",
// "T17:00+01:00". The date is what counts.
std::size_t ExpressionReader::skip_iso_time(std::size_t i) const {
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

std::optional<Reading> ExpressionReader::year_first_date(std::size_t i) const {
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
std::optional<Reading> ExpressionReader::dotted_date(std::size_t i) const {
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
std::optional<Reading> ExpressionReader::slash_date(std::size_t i) const {
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
std::optional<Reading> ExpressionReader::day_then_month_name(std::size_t i) const {
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
std::optional<Reading> ExpressionReader::month_name_then_day(std::size_t i) const {
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
std::optional<Reading> ExpressionReader::ordinal_day(std::size_t i) const {
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
std::optional<Reading> ExpressionReader::date_after_weekday(std::size_t i) const {
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
Reading ExpressionReader::reconciled(weekday w, const Reading& written) {
  if (written.date && weekday{sys_days{*written.date}} == w) return written;
  return unclear(written.end);
}

}  // namespace followup::rules::date_reading
