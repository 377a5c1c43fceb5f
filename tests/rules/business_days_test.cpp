#include "rules/business_days.hpp"

#include <gtest/gtest.h>

using namespace std::chrono;
using followup::Date;
using followup::rules::BusinessDays;

TEST(BusinessDays, FridayIsFollowedByMonday) {
  const BusinessDays b;
  EXPECT_EQ(b.after(Date{2026y / January / 16}), Date(2026y / January / 19));
  EXPECT_EQ(b.on_or_after(Date{2026y / January / 17}), Date(2026y / January / 19));
  EXPECT_EQ(b.on_or_after(Date{2026y / January / 16}), Date(2026y / January / 16));
}

TEST(BusinessDays, HolidaysAreSkipped) {
  const BusinessDays b({Monday, Tuesday, Wednesday, Thursday, Friday}, {Date{2026y / December / 25}});
  // Thursday 24 Dec: the next business day skips Christmas (Friday) and the weekend.
  EXPECT_EQ(b.after(Date{2026y / December / 24}), Date(2026y / December / 28));
  EXPECT_FALSE(b.is_business_day(Date{2026y / December / 25}));
}

TEST(BusinessDays, CustomWorkweek) {
  // A Sunday-to-Thursday week (as in Israel).
  const BusinessDays b({Sunday, Monday, Tuesday, Wednesday, Thursday}, {});
  EXPECT_EQ(b.after(Date{2026y / January / 15}), Date(2026y / January / 18));  // Thu -> Sun
  EXPECT_EQ(b.add_business_days(Date{2026y / January / 15}, 2), Date(2026y / January / 19));
}
