// Dates relative to the interview's day by name: weekdays ("Thursday", "next Thursday"), weeks and
// months ("next week", "end of the month", "mid-January") and days ("tomorrow", "EOD Friday").
#include <cstddef>

#include "rules/date_arithmetic.hpp"
#include "rules/date_expression.hpp"
#include "rules/local_time.hpp"

namespace followup::rules::date_reading {

using date_words::Token;
using std::chrono::year_month;

// --- weekdays ----------------------------------------------------------------------------------

// "Thursday": the first Thursday after the interview; "Thursday next week", "Thursday this week",
// "Thursday after next", "Thursday, January 15".
std::optional<Reading> ExpressionReader::weekday_forms(std::size_t i) const {
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
std::optional<Reading> ExpressionReader::next_forms(std::size_t i) const {
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
Reading ExpressionReader::next_week(std::size_t i) const {
  const std::size_t j = word(i, "on") ? i + 1 : i;
  if (const auto w = weekday_at(j)) return clear(day_in_next_week(interview_day_, w->iso_encoding()), j + 1);
  if (auto end = words(i, {"or", "two"})) return clear(add_days(interview_day_, 14), *end);
  if (auto end = words(i, {"or", "the", "week", "after"}))
    return clear(add_days(day_in_next_week(interview_day_, 5), 7), *end);
  return clear(day_in_next_week(interview_day_, 5), i);
}

// "this Thursday", "this coming Thursday", "coming Thursday", "this week", "this month".
std::optional<Reading> ExpressionReader::this_forms(std::size_t i) const {
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

// --- parts of weeks and months ---------------------------------------------------------------

// A part of next week (early: Tuesday, middle: Wednesday, late: Friday) or of next month (the
// 10th, the 15th, the last day), after "early", "mid", "the middle of", ...
std::optional<Reading> ExpressionReader::part_of_next(std::size_t i, Part part) const {
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
std::optional<Reading> ExpressionReader::end_of(std::size_t i) const {
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
Reading ExpressionReader::day_then_date(std::size_t i) const {
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
std::optional<Reading> ExpressionReader::period_forms(std::size_t i) const {
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
std::optional<Reading> ExpressionReader::part_of(std::size_t i, Part part) const {
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

// --- days relative to the interview ----------------------------------------------------------

bool ExpressionReader::possessive(std::size_t i) const { return glued_punct(i, '\'') && word(i + 1, "s"); }

// "today", "tonight", "tomorrow", "the day after tomorrow". A "today" that opens a sentence
// ("Today they said...") tells when something was said, not when the decision comes.
std::optional<Reading> ExpressionReader::day_words(std::size_t i) const {
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

}  // namespace followup::rules::date_reading
