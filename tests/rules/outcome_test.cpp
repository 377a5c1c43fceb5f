#include "rules/outcome.hpp"

#include <gtest/gtest.h>

using namespace std::chrono;
using namespace followup;
using namespace followup::rules;

TEST(Outcome, FinalWords) {
  const BusinessDays b;
  const Date day{2026y / January / 13};
  EXPECT_EQ(read_outcome("Outcome: offer", day, b)->kind, OutcomeKind::Offer);
  EXPECT_EQ(read_outcome("notes\n  outcome : Rejected.\n", day, b)->kind, OutcomeKind::Rejected);
  EXPECT_EQ(read_outcome("Outcome: withdrawn", day, b)->kind, OutcomeKind::Withdrawn);
  EXPECT_EQ(read_outcome("Outcome: accepted\r\n", day, b)->kind, OutcomeKind::Accepted);
  EXPECT_FALSE(read_outcome("The outcome is unclear", day, b));
  EXPECT_FALSE(read_outcome("Outcome: maybe", day, b));
}

TEST(Outcome, WaitingUntilADate) {
  const BusinessDays b;
  const auto o = read_outcome("Outcome: waiting until 2026-02-02", Date{2026y / January / 13}, b);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->kind, OutcomeKind::WaitingUntil);
  EXPECT_EQ(*o->waiting_until, Date(2026y / February / 2));
  EXPECT_FALSE(read_outcome("Outcome: waiting until someday", Date{2026y / January / 13}, b));
}

TEST(Outcome, FinalWinsOverWaiting) {
  const std::vector<Outcome> all{{OutcomeKind::WaitingUntil, Date{2026y / March / 1}, "a"},
                                 {OutcomeKind::Rejected, std::nullopt, "b"},
                                 {OutcomeKind::WaitingUntil, Date{2026y / April / 1}, "c"}};
  EXPECT_EQ(combine_outcomes(all)->kind, OutcomeKind::Rejected);
  const std::vector<Outcome> waiting{all[0], all[2]};
  EXPECT_EQ(*combine_outcomes(waiting)->waiting_until, Date(2026y / April / 1));
  EXPECT_FALSE(combine_outcomes({}));
}
