#include "rules/decision_date.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace std::chrono;
using followup::Date;
using followup::format_date;
using followup::rules::BusinessDays;
using followup::rules::find_decision_date;
using followup::rules::read_date_expression;

namespace {

// The worked example's interview (RULES.md §6): Tuesday 2026-01-13.
constexpr Date kTuesday{2026y / January / 13};

struct Case {
  std::string_view text;
  std::optional<Date> expected;  // nullopt: no date
};

std::string shown(std::optional<Date> date) { return date ? format_date(*date) : "no date"; }

// Compares as text, so a failure names both dates and the input.
void expect_expressions(Date interview, std::initializer_list<Case> cases,
                        const BusinessDays& business_days = BusinessDays{}) {
  for (const Case& c : cases)
    EXPECT_EQ(shown(read_date_expression(c.text, interview, business_days)), shown(c.expected))
        << "read_date_expression(\"" << c.text << "\") for an interview on " << format_date(interview);
}

void expect_found(Date interview, std::initializer_list<Case> cases,
                  const BusinessDays& business_days = BusinessDays{}) {
  for (const Case& c : cases) {
    const auto found = find_decision_date(c.text, interview, business_days);
    EXPECT_EQ(shown(found ? std::optional<Date>{found->date} : std::nullopt), shown(c.expected))
        << "find_decision_date(\"" << c.text << "\") for an interview on " << format_date(interview);
  }
}

// The sentence (or line) a date was found in.
std::string source_of(std::string_view notes, Date interview = kTuesday) {
  const auto found = find_decision_date(notes, interview, BusinessDays{});
  return found ? found->source : "(nothing found)";
}

BusinessDays weekdays_with_holiday(Date holiday) {
  return BusinessDays({Monday, Tuesday, Wednesday, Thursday, Friday}, {holiday});
}

}  // namespace

// --- read_date_expression: numeric dates ---------------------------------------------------------

TEST(ReadDateExpression, IsoDates) {
  expect_expressions(kTuesday, {
                                   {"2026-11-28", 2026y / November / 28},
                                   {"2026/11/28", 2026y / November / 28},
                                   {"by 2026-11-28", 2026y / November / 28},
                                   {"On 2026-11-28.", 2026y / November / 28},
                                   {"no later than 2026-11-28!", 2026y / November / 28},
                                   {"2025-12-01", 2025y / December / 1},  // as written, even if past
                               });
}

TEST(ReadDateExpression, IsoDatesThatDoNotExistGiveNothing) {
  expect_expressions(kTuesday, {{"2026-02-30", std::nullopt},
                                {"2026-13-01", std::nullopt},
                                {"2026-11-28-5", std::nullopt}});
}

TEST(ReadDateExpression, CompactICalendarDate) {
  expect_expressions(kTuesday, {{"20261128", 2026y / November / 28},
                                {"20261128T170000Z", 2026y / November / 28},
                                {"20261332", std::nullopt}});
}

TEST(ReadDateExpression, IsoDateTimesCountTheirDate) {
  expect_expressions(kTuesday, {{"2026-11-28T17:00:00Z", 2026y / November / 28},
                                {"2026-11-28T17:00:00.000+01:00", 2026y / November / 28},
                                {"2026-11-28 17:00", 2026y / November / 28},
                                {"2026-11-28T", std::nullopt}});
}

TEST(ReadDateExpression, DottedDatesAreDayMonth) {
  expect_expressions(kTuesday, {
                                   {"28.11.2026", 2026y / November / 28},
                                   {"28.11.", 2026y / November / 28},
                                   {"28.11", 2026y / November / 28},
                                   {"28.11.26", 2026y / November / 28},
                                   {"5.1.", 2027y / January / 5},  // January 5 has passed
                                   {"31.11.", std::nullopt},
                                   {"1.2.3.4", std::nullopt},
                               });
}

TEST(ReadDateExpression, SlashDatesAreMonthDayAsInTheUS) {
  expect_expressions(kTuesday, {
                                   {"11/28", 2026y / November / 28},
                                   {"11/28/2026", 2026y / November / 28},
                                   {"11/28/26", 2026y / November / 28},
                                   {"by 11/28.", 2026y / November / 28},
                               });
}

TEST(ReadDateExpression, SlashDatesWithADayFirstAreDayMonth) {
  expect_expressions(kTuesday, {{"28/11", 2026y / November / 28}, {"28/11/2026", 2026y / November / 28}});
}

TEST(ReadDateExpression, SlashDatesThatCouldBeEitherOrderGiveNothing) {
  expect_expressions(kTuesday, {
                                   {"3/4", std::nullopt},
                                   {"12/1", std::nullopt},
                                   {"1/12/2026", std::nullopt},
                                   {"5/5", 2026y / May / 5},  // the same either way
                                   {"13/13", std::nullopt},
                                   {"24/7", std::nullopt},
                               });
}

// --- month names ---------------------------------------------------------------------------------

TEST(ReadDateExpression, MonthNameThenDay) {
  expect_expressions(kTuesday, {
                                   {"November 28", 2026y / November / 28},
                                   {"Nov 28th", 2026y / November / 28},
                                   {"Nov. 28", 2026y / November / 28},
                                   {"nov 28", 2026y / November / 28},
                                   {"NOVEMBER 28TH", 2026y / November / 28},
                                   {"November 28, 2026", 2026y / November / 28},
                                   {"November 28 2027", 2027y / November / 28},
                                   {"Sept 3", 2026y / September / 3},
                                   {"Sep 3rd", 2026y / September / 3},
                                   {"Jan. 21st", 2026y / January / 21},
                                   {"by Nov 28-30", 2026y / November / 30},  // a range: its end
                               });
}

TEST(ReadDateExpression, DayThenMonthName) {
  expect_expressions(kTuesday, {
                                   {"28 Nov", 2026y / November / 28},
                                   {"28th of November", 2026y / November / 28},
                                   {"the 28th of November", 2026y / November / 28},
                                   {"28 November 2026", 2026y / November / 28},
                                   {"28 Nov, 2027", 2027y / November / 28},
                                   {"2nd Feb", 2026y / February / 2},
                               });
}

TEST(ReadDateExpression, MonthNameWithoutYearIsTheNextSuchDate) {
  const Date december_30{2026y / December / 30};
  expect_expressions(december_30, {
                                      {"Jan 5", 2027y / January / 5},
                                      {"January 5th", 2027y / January / 5},
                                      {"December 30", 2026y / December / 30},  // on the day counts
                                      {"December 29", 2027y / December / 29},
                                  });
  expect_expressions(kTuesday, {{"Feb 29", 2028y / February / 29}});
}

TEST(ReadDateExpression, DaysAMonthDoesNotHaveGiveNothing) {
  expect_expressions(kTuesday, {{"November 31", std::nullopt},
                                {"Feb 30", std::nullopt},
                                {"February 29, 2026", std::nullopt}});
}

// --- the Nth -------------------------------------------------------------------------------------

TEST(ReadDateExpression, DayOfMonthIsThisMonthIfAheadElseNext) {
  expect_expressions(kTuesday, {
                                   {"the 28th", 2026y / January / 28},
                                   {"by the 28th", 2026y / January / 28},
                                   {"28th", 2026y / January / 28},
                                   {"the 13th", 2026y / January / 13},  // the interview's day
                                   {"the 3rd", 2026y / February / 3},
                                   {"on the 1st", 2026y / February / 1},
                                   {"the 28th of next month", 2026y / February / 28},
                                   {"the 20th of this month", 2026y / January / 20},
                               });
}

TEST(ReadDateExpression, DayOfMonthSkipsMonthsWithoutThatDay) {
  expect_expressions(2026y / April / 10, {{"the 31st", 2026y / May / 31}});
  expect_expressions(2026y / January / 31, {{"the 30th", 2026y / March / 30}});
  expect_expressions(2026y / January / 13, {{"the 32nd", std::nullopt}});
}

// --- weekdays ------------------------------------------------------------------------------------

TEST(ReadDateExpression, WeekdayIsTheFirstOneAfterTheInterview) {
  expect_expressions(kTuesday, {
                                   {"Thursday", 2026y / January / 15},
                                   {"Thu", 2026y / January / 15},
                                   {"thurs", 2026y / January / 15},
                                   {"THU.", 2026y / January / 15},
                                   {"on Friday", 2026y / January / 16},
                                   {"by Friday.", 2026y / January / 16},
                                   {"Monday", 2026y / January / 19},
                                   {"Tuesday", 2026y / January / 20},  // strictly after
                                   {"Sunday", 2026y / January / 18},
                                   {"Wed", 2026y / January / 14},
                               });
}

TEST(ReadDateExpression, ThisWeekdayIsTheComingOne) {
  expect_expressions(kTuesday, {{"this Thursday", 2026y / January / 15},
                                {"this coming Thursday", 2026y / January / 15},
                                {"this Tuesday", 2026y / January / 20}});
}

TEST(ReadDateExpression, NextWeekdayStillAheadThisWeekIsAmbiguous) {
  expect_expressions(kTuesday, {{"next Wednesday", std::nullopt},
                                {"next Thursday", std::nullopt},
                                {"next Sunday", std::nullopt}});
}

TEST(ReadDateExpression, NextWeekdayAlreadyPassedOrTodayIsTheComingOne) {
  expect_expressions(kTuesday, {{"next Monday", 2026y / January / 19},
                                {"next Tuesday", 2026y / January / 20}});
}

TEST(ReadDateExpression, NextWeekdayFromASundayInterview) {
  expect_expressions(2026y / January / 18, {{"next Monday", 2026y / January / 19},
                                            {"next Thursday", 2026y / January / 22},
                                            {"next Sunday", 2026y / January / 25}});
}

TEST(ReadDateExpression, WeekdayWithAWrittenDateMustAgree) {
  expect_expressions(kTuesday, {
                                   {"Thursday, January 15", 2026y / January / 15},
                                   {"Thu 15 Jan", 2026y / January / 15},
                                   {"Thursday (Jan 15)", 2026y / January / 15},
                                   {"Friday the 16th", 2026y / January / 16},
                                   {"Friday, January 15", std::nullopt},  // one of them is wrong
                                   {"next Thursday, January 22", 2026y / January / 22},
                                   {"next Thursday, January 15", 2026y / January / 15},
                               });
}

TEST(ReadDateExpression, WeekdayOfANamedWeek) {
  expect_expressions(kTuesday, {
                                   {"Thursday next week", 2026y / January / 22},
                                   {"Thursday of next week", 2026y / January / 22},
                                   {"next week Thursday", 2026y / January / 22},
                                   {"next week on Monday", 2026y / January / 19},
                                   {"Thursday this week", 2026y / January / 15},
                                   {"Monday this week", std::nullopt},  // already past
                                   {"Thursday after next", 2026y / January / 22},
                               });
}

// --- days ----------------------------------------------------------------------------------------

TEST(ReadDateExpression, DaysRelativeToTheInterview) {
  expect_expressions(kTuesday, {
                                   {"tomorrow", 2026y / January / 14},
                                   {"today", 2026y / January / 13},
                                   {"tonight", 2026y / January / 13},
                                   {"end of day", 2026y / January / 13},
                                   {"by the end of the day", 2026y / January / 13},
                                   {"EOD", 2026y / January / 13},
                                   {"COB", 2026y / January / 13},
                                   {"close of business", 2026y / January / 13},
                                   {"the day after tomorrow", 2026y / January / 15},
                                   {"day after tomorrow", 2026y / January / 15},
                                   {"next day", 2026y / January / 14},
                               });
}

TEST(ReadDateExpression, EndOfDayOfANamedDay) {
  expect_expressions(kTuesday, {{"EOD Friday", 2026y / January / 16},
                                {"end of day on Nov 28", 2026y / November / 28},
                                {"EOD tomorrow", 2026y / January / 14}});
}

TEST(ReadDateExpression, NextBusinessDay) {
  expect_expressions(kTuesday, {{"next business day", 2026y / January / 14}});
  expect_expressions(2026y / January / 16, {{"next working day", 2026y / January / 20}},
                     weekdays_with_holiday(2026y / January / 19));
}

// --- weeks ---------------------------------------------------------------------------------------

TEST(ReadDateExpression, EndOfThisWeekIsItsFriday) {
  expect_expressions(kTuesday, {
                                   {"end of the week", 2026y / January / 16},
                                   {"end of this week", 2026y / January / 16},
                                   {"by the end of the week", 2026y / January / 16},
                                   {"this week", 2026y / January / 16},
                                   {"later this week", 2026y / January / 16},
                                   {"EOW", 2026y / January / 16},
                                   {"within the week", 2026y / January / 16},
                               });
}

TEST(ReadDateExpression, PartsOfNextWeek) {
  expect_expressions(kTuesday, {
                                   {"next week", 2026y / January / 23},
                                   {"early next week", 2026y / January / 20},
                                   {"beginning of next week", 2026y / January / 20},
                                   {"the start of next week", 2026y / January / 20},
                                   {"mid next week", 2026y / January / 21},
                                   {"mid-next week", 2026y / January / 21},
                                   {"middle of next week", 2026y / January / 21},
                                   {"the middle of next week", 2026y / January / 21},
                                   {"end of next week", 2026y / January / 23},
                                   {"late next week", 2026y / January / 23},
                                   {"the following week", 2026y / January / 23},
                                   {"the week after next", 2026y / January / 30},
                                   {"next week or the week after", 2026y / January / 30},
                               });
}

TEST(ReadDateExpression, WeeksFromAFridayInterview) {
  const Date friday{2026y / January / 16};
  expect_expressions(friday, {
                                 {"end of this week", 2026y / January / 16},
                                 {"next week", 2026y / January / 23},
                                 {"early next week", 2026y / January / 20},
                                 {"Friday", 2026y / January / 23},
                                 {"next Friday", 2026y / January / 23},
                                 {"next Monday", 2026y / January / 19},
                                 {"tomorrow", 2026y / January / 17},
                             });
}

TEST(ReadDateExpression, WeeksFromAWeekendInterview) {
  // The week's Friday has passed: "end of the week" is the coming Friday, as is "next week"'s end.
  expect_expressions(2026y / January / 17, {{"end of the week", 2026y / January / 23},
                                            {"next week", 2026y / January / 23},
                                            {"early next week", 2026y / January / 20}});
  expect_expressions(2026y / January / 18, {{"end of this week", 2026y / January / 23}});
}

// --- months --------------------------------------------------------------------------------------

TEST(ReadDateExpression, EndsOfMonths) {
  expect_expressions(kTuesday, {
                                   {"end of the month", 2026y / January / 31},
                                   {"end of this month", 2026y / January / 31},
                                   {"EOM", 2026y / January / 31},
                                   {"within the month", 2026y / January / 31},
                                   {"later this month", 2026y / January / 31},
                                   {"end of next month", 2026y / February / 28},
                                   {"next month", 2026y / February / 28},
                                   {"early next month", 2026y / February / 10},
                                   {"mid next month", 2026y / February / 15},
                                   {"end of November", 2026y / November / 30},
                               });
}

TEST(ReadDateExpression, PartsOfNamedMonths) {
  expect_expressions(kTuesday, {
                                   {"early February", 2026y / February / 10},
                                   {"mid-February", 2026y / February / 15},
                                   {"mid February", 2026y / February / 15},
                                   {"the middle of February", 2026y / February / 15},
                                   {"the beginning of March", 2026y / March / 10},
                                   {"late Feb", 2026y / February / 28},
                                   {"mid-January", 2026y / January / 15},
                                   {"late December", 2026y / December / 31},
                               });
  // A month that is over means next year's.
  expect_expressions(2026y / February / 3, {{"mid-January", 2027y / January / 15}});
}

TEST(ReadDateExpression, TheWeekendIsTheEndOfTheWeek) {
  expect_expressions(kTuesday, {{"the weekend", 2026y / January / 16},
                                {"before the weekend", 2026y / January / 16},
                                {"this weekend", 2026y / January / 16}});
  expect_expressions(2026y / January / 17, {{"this weekend", 2026y / January / 23}});
}

TEST(ReadDateExpression, ChoicesAndRangesOfDatesPromiseTheLaterOne) {
  expect_expressions(kTuesday, {
                                   {"Wednesday or Thursday", 2026y / January / 15},
                                   {"Thursday or Wednesday", 2026y / January / 15},
                                   {"1/20-1/22", 2026y / January / 22},
                                   {"Jan 20 - Jan 22", 2026y / January / 22},
                                   {"Jan 20 to Jan 22", 2026y / January / 22},
                                   {"20-22 Jan", 2026y / January / 22},
                                   {"tomorrow or the day after", 2026y / January / 15},
                                   {"Friday or next week", 2026y / January / 23},
                                   {"Friday or by Monday", 2026y / January / 19},
                                   {"Friday or next Thursday", std::nullopt},  // the second is unclear
                                   {"Friday or 3/4", std::nullopt},
                               });
}

TEST(ReadDateExpression, AcrossTheYearEnd) {
  const Date december_30{2026y / December / 30};  // a Wednesday
  expect_expressions(december_30, {
                                      {"end of next month", 2027y / January / 31},
                                      {"next week", 2027y / January / 8},
                                      {"in two weeks", 2027y / January / 13},
                                      {"the 3rd", 2027y / January / 3},
                                      {"1/15", 2027y / January / 15},
                                      {"end of the year", 2026y / December / 31},
                                      {"end of December", 2026y / December / 31},
                                      {"Friday", 2027y / January / 1},
                                  });
}

// --- spans ---------------------------------------------------------------------------------------

TEST(ReadDateExpression, SpansOfDaysAndWeeks) {
  expect_expressions(kTuesday, {
                                   {"within 10 days", 2026y / January / 23},
                                   {"in 10 days", 2026y / January / 23},
                                   {"10 days", 2026y / January / 23},
                                   {"10 days from now", 2026y / January / 23},
                                   {"in two weeks", 2026y / January / 27},
                                   {"in two weeks' time", 2026y / January / 27},
                                   {"within a week", 2026y / January / 20},
                                   {"within the next week", 2026y / January / 20},
                                   {"in a fortnight", 2026y / January / 27},
                                   {"within twenty days", 2026y / February / 2},
                                   {"in about 2 weeks", 2026y / January / 27},
                                   {"in less than 10 days", 2026y / January / 23},
                               });
}

TEST(ReadDateExpression, CouplesAndRangesCountTheirUpperBound) {
  expect_expressions(kTuesday, {
                                   {"in a couple of weeks", 2026y / January / 27},
                                   {"a couple weeks", 2026y / January / 27},
                                   {"in 1-2 weeks", 2026y / January / 27},
                                   {"in 1\u20132 weeks", 2026y / January / 27},  // en dash
                                   {"1 to 2 weeks", 2026y / January / 27},
                                   {"one or two weeks", 2026y / January / 27},
                                   {"a week or two", 2026y / January / 27},
                                   {"in the next week or two", 2026y / January / 27},
                                   {"in the next day or two", 2026y / January / 15},
                                   {"over the next couple of days", 2026y / January / 15},
                                   {"between 5 and 10 days", 2026y / January / 23},
                                   {"2-3 business days", 2026y / January / 16},
                               });
}

TEST(ReadDateExpression, HalvesRoundUpToWholeDays) {
  expect_expressions(kTuesday, {
                                   {"in 2.5 weeks", 2026y / January / 31},  // 17.5 days
                                   {"a week and a half", 2026y / January / 24},
                                   {"one and a half weeks", 2026y / January / 24},
                                   {"in 2.3 weeks", std::nullopt},
                               });
}

TEST(ReadDateExpression, SpansOfMonthsClampToTheMonthsEnd) {
  expect_expressions(kTuesday, {{"in a month", 2026y / February / 13}, {"in 3 months", 2026y / April / 13}});
  expect_expressions(2026y / January / 31, {{"in a month", 2026y / February / 28}});
  expect_expressions(2028y / January / 31, {{"in a month", 2028y / February / 29}});
  expect_expressions(2026y / March / 31, {{"in 1 month", 2026y / April / 30}});
  expect_expressions(2026y / December / 31, {{"in 2 months", 2027y / February / 28}});
}

TEST(ReadDateExpression, HoursBecomeWholeDays) {
  expect_expressions(kTuesday, {
                                   {"48 hours", 2026y / January / 15},
                                   {"within 48 hours", 2026y / January / 15},
                                   {"within 24 hours", 2026y / January / 14},
                                   {"in 36 hrs", 2026y / January / 15},
                                   {"48h", 2026y / January / 15},
                               });
}

TEST(ReadDateExpression, BusinessDaySpansSkipWeekends) {
  expect_expressions(kTuesday, {
                                   {"within 10 business days", 2026y / January / 27},
                                   {"10 working days", 2026y / January / 27},
                                   {"in 5 workdays", 2026y / January / 20},
                                   {"3 business-days", 2026y / January / 16},
                               });
}

TEST(ReadDateExpression, BusinessDaySpansSkipHolidays) {
  const BusinessDays with_holiday = weekdays_with_holiday(2026y / January / 19);
  expect_expressions(kTuesday, {{"within 10 business days", 2026y / January / 28},
                                {"4 working days", 2026y / January / 20},
                                {"within 10 days", 2026y / January / 23}},  // calendar days: no effect
                     with_holiday);
}

TEST(ReadDateExpression, VagueOrAbsurdSpansGiveNothing) {
  expect_expressions(kTuesday, {
                                   {"a few days", std::nullopt},
                                   {"in a few days", std::nullopt},
                                   {"several days", std::nullopt},
                                   {"a couple", std::nullopt},
                                   {"soon", std::nullopt},
                                   {"shortly", std::nullopt},
                                   {"in due course", std::nullopt},
                                   {"in the coming days", std::nullopt},
                                   {"over the next days", std::nullopt},
                                   {"in 0 days", std::nullopt},
                                   {"in 99999 days", std::nullopt},
                                   {"in 5000 weeks", std::nullopt},
                               });
}

// --- everything else -----------------------------------------------------------------------------

TEST(ReadDateExpression, AnythingElseGivesNothing) {
  expect_expressions(kTuesday, {
                                   {"", std::nullopt},
                                   {"   ", std::nullopt},
                                   {"banana", std::nullopt},
                                   {"Friday banana", std::nullopt},
                                   {"Freitag", std::nullopt},
                                   {"2026", std::nullopt},
                                   {"28", std::nullopt},
                                   {"3.14", std::nullopt},
                                   {"Nov", std::nullopt},
                                   {"November", std::nullopt},
                                   {"next", std::nullopt},
                                   {"in", std::nullopt},
                                   {"by", std::nullopt},
                                   {"Fridays", std::nullopt},
                                   {"Mon-Fri", std::nullopt},
                               });
}

TEST(ReadDateExpression, WordsAroundAnExpressionAlone) {
  expect_expressions(kTuesday, {
                                   {"Friday 5pm", 2026y / January / 16},
                                   {"Friday at 17:00", 2026y / January / 16},
                                   {"Thursday 10.30 a.m.", 2026y / January / 15},
                                   {"by Friday noon", 2026y / January / 16},
                                   {"tomorrow morning", 2026y / January / 14},
                                   {"Friday, at the latest", 2026y / January / 16},
                                   {"next week or so", 2026y / January / 23},
                                   {"(Friday)", 2026y / January / 16},
                                   {"\"Friday\"", 2026y / January / 16},
                                   {"expected by Friday", 2026y / January / 16},
                                   {"Friday 3", std::nullopt},
                               });
}

TEST(ReadDateExpression, IgnoresCase) {
  expect_expressions(kTuesday, {
                                   {"NEXT WEEK", 2026y / January / 23},
                                   {"By FRIDAY", 2026y / January / 16},
                                   {"end OF the MONTH", 2026y / January / 31},
                                   {"WITHIN TEN DAYS", 2026y / January / 23},
                                   // Alone, everyday words that are also names are names.
                                   {"sat", 2026y / January / 17},
                                   {"may 5", 2026y / May / 5},
                               });
}

TEST(ReadDateExpression, LineBreaksAndNonAsciiAroundTheExpression) {
  expect_expressions(kTuesday, {
                                   {"Friday\r\n", 2026y / January / 16},
                                   {"\n  Friday  \n", 2026y / January / 16},
                                   {"Friday \xF0\x9F\x99\x82", 2026y / January / 16},  // an emoji
                                   {"\xE2\x80\x9C" "Friday" "\xE2\x80\x9D", 2026y / January / 16},
                                   {"Friday\nMonday", std::nullopt},
                                   {"Fri\xC3\xA4", std::nullopt},  // "Friä" is another word
                                   {"\xFF\xFE" "Friday", 2026y / January / 16},  // stray bytes
                               });
}

// --- find_decision_date --------------------------------------------------------------------------

TEST(FindDecisionDate, TheExamplesOfTheRules) {
  expect_found(kTuesday, {
                             {"They'll decide by Thursday", 2026y / January / 15},
                             {"Decision expected by November 28", 2026y / November / 28},
                             {"We should hear back by 28 Nov", 2026y / November / 28},
                             {"She will let me know by 2026-11-28", 2026y / November / 28},
                             {"They will make a decision by 11/28", 2026y / November / 28},
                             {"We will get back to you within 10 days", 2026y / January / 23},
                             {"Final decision in two weeks", 2026y / January / 27},
                             {"They'll decide next week", 2026y / January / 23},
                             {"I should hear back early next week", 2026y / January / 20},
                             {"Hiring decision end of next week", 2026y / January / 23},
                             {"They will let me know by the 28th", 2026y / January / 28},
                             {"Decision: 2026-02-02", 2026y / February / 2},
                             {"decision: Friday", 2026y / January / 16},
                             {"Decision next week", 2026y / January / 23},
                             {"They'll decide soon", std::nullopt},
                             {"The interview is on Thursday", std::nullopt},
                         });
}

TEST(FindDecisionDate, SentencesWithoutADecisionWordGiveNothing) {
  expect_found(kTuesday, {
                             {"Parking on Friday", std::nullopt},
                             {"Bring portfolio by Thursday", std::nullopt},
                             {"Second round next week.", std::nullopt},
                             {"Start date would be 2026-03-01.", std::nullopt},
                             {"", std::nullopt},
                         });
}

TEST(FindDecisionDate, DecisionWordsWithoutADateGiveNothing) {
  expect_found(kTuesday, {
                             {"They'll decide soon", std::nullopt},
                             {"Decision pending", std::nullopt},
                             {"They will let me know in a few days", std::nullopt},
                             {"No news yet.", std::nullopt},
                         });
}

TEST(FindDecisionDate, ManyWaysOfSpeakingOfTheDecision) {
  expect_found(kTuesday, {
                             {"You'll hear from us by Friday", 2026y / January / 16},
                             {"They will get back to me by Friday", 2026y / January / 16},
                             {"Recruiter to come back to me Friday", 2026y / January / 16},
                             {"They will respond by Friday", 2026y / January / 16},
                             {"Expect a response by Friday", 2026y / January / 16},
                             {"Answer by Friday", 2026y / January / 16},
                             {"Feedback by Friday", 2026y / January / 16},
                             {"News by Friday", 2026y / January / 16},
                             {"They'll send an update on Friday", 2026y / January / 16},
                             {"Next steps: call on Friday", 2026y / January / 16},
                             {"HR will follow-up on Friday", 2026y / January / 16},
                             {"They will get in touch by Friday", 2026y / January / 16},
                             {"They'll reach out Friday", 2026y / January / 16},
                             {"They will contact you by Friday", 2026y / January / 16},
                             {"Offer expected by Friday", 2026y / January / 16},
                             {"I'll hear by Friday", 2026y / January / 16},
                             {"They hope to decide before the weekend", 2026y / January / 16},
                             {"Decision by mid-February", 2026y / February / 15},
                         });
}

TEST(FindDecisionDate, DecisionLine) {
  expect_found(kTuesday, {
                             {"Decision: 2026-02-02", 2026y / February / 2},
                             {"decision: Friday", 2026y / January / 16},
                             {"DECISION:friday", 2026y / January / 16},
                             {"Decision date: Feb 2", 2026y / February / 2},
                             {"Decision expected: next week", 2026y / January / 23},
                             {"  Decision : Friday", 2026y / January / 16},
                             {"- Decision: Friday", 2026y / January / 16},
                             {"X-FOLLOWUP-DECISION: 2026-02-02", 2026y / February / 2},
                             {"Notes\nDecision: by end of next week\nThanks", 2026y / January / 23},
                         });
}

TEST(FindDecisionDate, DecisionLineSourceIsTheLineAsWritten) {
  EXPECT_EQ(source_of("Met the team.\n  Decision : 2026-02-02  \nThanks"), "Decision : 2026-02-02");
  EXPECT_EQ(source_of("Decision date: Feb 2"), "Decision date: Feb 2");
}

TEST(FindDecisionDate, DecisionLineWinsOverAnEarlierSentence) {
  const std::string_view notes = "They'll decide by Thursday.\nDecision: 2026-02-02";
  expect_found(kTuesday, {{notes, 2026y / February / 2}});
  EXPECT_EQ(source_of(notes), "Decision: 2026-02-02");
}

TEST(FindDecisionDate, DecisionLineThatDoesNotParseFallsBackToSentences) {
  expect_found(kTuesday, {
                             {"Decision: they'll tell me next week", 2026y / January / 23},
                             {"Decision: ???\nThey'll let me know by Friday", 2026y / January / 16},
                             {"Decision:", std::nullopt},
                         });
}

TEST(FindDecisionDate, SourceIsTheSentenceTrimmed) {
  EXPECT_EQ(source_of("Great chat with Mr. Finn. They'll decide by Thursday. Parking was easy."),
            "They'll decide by Thursday");
  EXPECT_EQ(source_of("  They'll decide by Thursday!  "), "They'll decide by Thursday");
  EXPECT_EQ(source_of("- They'll decide by Thursday\n- Parking"), "They'll decide by Thursday");
  EXPECT_EQ(source_of("They will let me know by 28.11. Parking on Friday."), "They will let me know by 28.11.");
}

TEST(FindDecisionDate, PeriodsInsideDatesAndAbbreviationsDoNotSplitSentences) {
  expect_found(kTuesday, {
                             {"Decision by Nov. 28. Parking Friday.", 2026y / November / 28},
                             {"They will let me know by 28.11. Parking on Friday.", 2026y / November / 28},
                             {"They will let me know by 28.11.2026.", 2026y / November / 28},
                             {"Decision by 2026-11-28. Thanks", 2026y / November / 28},
                             {"Mr. Finn will decide by Friday", 2026y / January / 16},
                             {"They'll decide... by Friday", 2026y / January / 16},
                             {"Dr. Smith et al. will decide by Friday, e.g. by phone.", 2026y / January / 16},
                         });
}

TEST(FindDecisionDate, DatesOutsideTheDecisionSentenceDoNotCount) {
  expect_found(kTuesday, {
                             {"Parking Friday. They'll decide soon.", std::nullopt},
                             {"Parking Friday\nthey'll decide soon", std::nullopt},
                             {"Parking Friday! They'll decide soon.", std::nullopt},
                             {"Parking Friday; they'll decide soon.", std::nullopt},
                         });
}

TEST(FindDecisionDate, TheFirstDecisionSentenceWithADateWins) {
  expect_found(kTuesday, {{"They'll decide soon. Hear back by Friday. Update next week.", 2026y / January / 16}});
  EXPECT_EQ(source_of("They'll decide soon. Hear back by Friday. Update next week."), "Hear back by Friday");
}

TEST(FindDecisionDate, DeadlineWordsWinWithinASentence) {
  expect_found(kTuesday, {
                             {"On Monday they said they'd decide by Thursday", 2026y / January / 15},
                             {"Monday's panel will decide before Thursday", 2026y / January / 15},
                             {"They'll decide by Thursday or maybe next week", 2026y / January / 15},
                             {"After the call on Monday they will decide within 10 days", 2026y / January / 23},
                         });
}

TEST(FindDecisionDate, ChoicesOfDatesPromiseTheLaterOne) {
  expect_found(kTuesday, {
                             {"They will have an answer for me by Wednesday or Thursday.", 2026y / January / 15},
                             {"Feedback should come 1/20-1/22.", 2026y / January / 22},
                             {"He promised feedback tomorrow or the day after.", 2026y / January / 15},
                             {"Decision by Friday to discuss the offer", 2026y / January / 16},
                         });
}

TEST(FindDecisionDate, AnUnclearDateInTheDecisionSentenceEndsTheSearch) {
  expect_found(kTuesday, {
                             {"They'll decide next Thursday. I'll follow up Friday.", std::nullopt},
                             {"Decision by 3/4", std::nullopt},
                             {"They'll decide next Thursday (January 22)", 2026y / January / 22},
                             {"They'll decide next Monday", 2026y / January / 19},
                         });
}

TEST(FindDecisionDate, EverydayWordsAreNotNamesInRunningText) {
  expect_found(kTuesday, {
                             {"I sat with the team and they will decide soon", std::nullopt},
                             {"They're in the office Mon-Fri and will decide soon", std::nullopt},
                             {"The decision may take 2 weeks or more", std::nullopt},
                             {"They may decide soon", std::nullopt},
                             {"They'll decide Wed", 2026y / January / 14},
                             {"Decision by May 5", 2026y / May / 5},
                         });
}

TEST(FindDecisionDate, TodayOpeningASentenceIsWhenSomethingWasSaid) {
  expect_found(kTuesday, {
                             {"Today they said they'd decide soon", std::nullopt},
                             {"They'll let me know today", 2026y / January / 13},
                             {"Today's panel will decide by Friday", 2026y / January / 16},
                             {"They'll let me know tomorrow", 2026y / January / 14},
                         });
}

TEST(FindDecisionDate, NumbersThatAreNotDates) {
  expect_found(kTuesday, {
                             {"They'll decide after the 2nd round", std::nullopt},
                             {"They'll decide once the 3rd and final round is done", std::nullopt},
                             {"They'll let me know by the 28th or so", 2026y / January / 28},
                             {"They'll let me know by the 28th at the latest", 2026y / January / 28},
                             {"Feedback: rated 4.5 out of 5.", std::nullopt},
                             {"Feedback about the 24/7 support", std::nullopt},
                             {"Decision meeting at 10.30", std::nullopt},
                             {"Offer would be 120000", std::nullopt},
                             {"Response took 2 weeks last time", std::nullopt},
                         });
}

TEST(FindDecisionDate, BareSpansNeedAnchoringInRunningText) {
  expect_found(kTuesday, {
                             {"Decision 10 days from now", 2026y / January / 23},
                             {"Decision 2 weeks after the interview", 2026y / January / 27},
                             {"Decision within 2 weeks", 2026y / January / 27},
                             {"Decision in the next 10 days", 2026y / January / 23},
                         });
}

TEST(FindDecisionDate, BusinessDaysComeFromTheCalendar) {
  expect_found(kTuesday, {{"We will respond within 10 business days", 2026y / January / 28}},
               weekdays_with_holiday(2026y / January / 19));
}

TEST(FindDecisionDate, WindowsLineEndings) {
  const std::string_view notes = "Notes\r\nThey'll decide by Thursday\r\nThanks";
  expect_found(kTuesday, {{notes, 2026y / January / 15}});
  EXPECT_EQ(source_of(notes), "They'll decide by Thursday");
  expect_found(kTuesday, {{"Decision: Friday\r\nThanks", 2026y / January / 16}});
  EXPECT_EQ(source_of("Decision: Friday\r\n"), "Decision: Friday");
}

TEST(FindDecisionDate, NonAsciiAroundThePhrases) {
  expect_found(kTuesday, {
                             {"Gespr\xC3\xA4" "ch mit Frau M\xC3\xBCller \xE2\x80\x93 they'll decide by Thursday "
                              "\xF0\x9F\x99\x82 Gr\xC3\xBC\xC3\x9F" "e",
                              2026y / January / 15},
                             {"M\xC3\xBCller will decide by Friday", 2026y / January / 16},
                             {"Entscheidung bis Freitag", std::nullopt},
                             {"\xE9\x9D\xA2\xE8\xAF\x95\xE5\xBE\x88\xE5\xA5\xBD\xE3\x80\x82They'll let me know "
                              "by Friday\xE3\x80\x82\xE8\xB0\xA2\xE8\xB0\xA2",
                              2026y / January / 16},
                             {"They\xE2\x80\x99ll decide by Friday", 2026y / January / 16},  // curly apostrophe
                             {"\xFF decide by Friday \xC3", 2026y / January / 16},  // invalid UTF-8
                         });
  EXPECT_EQ(source_of("\xE9\x9D\xA2\xE8\xAF\x95\xE3\x80\x82They'll let me know by Friday\xE3\x80\x82"),
            "They'll let me know by Friday");
}

TEST(FindDecisionDate, WholeWordsOnly) {
  expect_found(kTuesday, {
                             {"They are undecided about Friday", std::nullopt},
                             {"Decisionmakers meet Friday", std::nullopt},
                             {"Decision by Fridays", std::nullopt},
                             {"Decision bypass Thursday", 2026y / January / 15},  // a bare weekday still counts
                         });
}

TEST(FindDecisionDate, LiteralBackslashNIsALineBreak) {
  expect_found(kTuesday, {{"Parking Friday\\nThey'll decide soon", std::nullopt},
                          {"Notes\\nDecision: Friday", 2026y / January / 16}});
}

// --- long and hostile input ----------------------------------------------------------------------

namespace {

// A megabyte of notes made of words, numbers, dates, punctuation, line breaks, non-ASCII and
// invalid bytes, in an order fixed by the seed.
std::string random_notes(unsigned seed, std::size_t size) {
  static const std::vector<std::string> pieces = {
      "decide", "by", "Friday", "next", "week", "Thursday", "the", "28th", "in", "two", "weeks", "within",
      "10", "days", "Nov", ".", "28", "11", "/", "-", "2026", ":", "Decision", "\n", "\r\n", ",", ";",
      "!", "?", "hear", "back", "end", "of", "month", "\xC3\xBC", "\xE3\x80\x82", "\xFF", "\xF0\x9F",
      "a", "couple", "3/4", "EOD", "close", "business", "'", "s", "Mr", "today", "tomorrow", "1.5",
      "mid", "early", "and", "half", "or", "between", "\\n", "x"};
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::bernoulli_distribution space(0.6);
  std::string text;
  while (text.size() < size) {
    text += pieces[pick(random)];
    if (space(random)) text += ' ';
  }
  return text;
}

}  // namespace

TEST(LongInput, RandomMegabytesDoNotBreakAnything) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const std::string notes = random_notes(seed, 1 << 20);
    const auto found = find_decision_date(notes, kTuesday, BusinessDays{});
    if (found) { EXPECT_TRUE(found->date.ok()) << "seed " << seed; }
    EXPECT_FALSE(read_date_expression(notes, kTuesday, BusinessDays{}).has_value()) << "seed " << seed;
  }
}

TEST(LongInput, ADecisionAfterAMegabyteOfOneSentence) {
  std::string notes;
  for (int i = 0; i < 100'000; ++i) notes += "by the way, ";
  notes += "they'll decide by Friday";
  const auto found = find_decision_date(notes, kTuesday, BusinessDays{});
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->date, Date(2026y / January / 16));
}

TEST(LongInput, ADecisionAfterAMegabyteOfLines) {
  std::string notes;
  for (int i = 0; i < 100'000; ++i) notes += "Parking on Friday\n";
  notes += "Decision: 2026-02-02\n";
  const auto found = find_decision_date(notes, kTuesday, BusinessDays{});
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->date, Date(2026y / February / 2));
}

TEST(LongInput, RepetitionsThatCouldRecurseOrBacktrack) {
  for (std::string_view unit : {"EOD ", "close of business ", "end of ", "next ", "the ", "1/", "1.", "1-",
                                "a week or ", "in in ", "Friday, ", "((((", "....", "decide "}) {
    std::string notes = "Decision: ";
    while (notes.size() < (1 << 18)) notes += unit;  // deep enough to overflow a recursive reader
    SCOPED_TRACE("repeating \"" + std::string(unit) + "\"");
    const auto found = find_decision_date(notes, kTuesday, BusinessDays{});
    if (found) { EXPECT_TRUE(found->date.ok()); }
    const auto alone = read_date_expression(notes, kTuesday, BusinessDays{});
    if (alone) { EXPECT_TRUE(alone->ok()); }
  }
}

TEST(LongInput, HugeNumbers) {
  const std::string digits(1 << 20, '9');
  expect_expressions(kTuesday, {{digits, std::nullopt}});
  expect_found(kTuesday, {{"Decision in " + digits + " days", std::nullopt}});
}
