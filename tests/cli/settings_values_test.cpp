#include "cli/settings_values.hpp"

#include <gtest/gtest.h>

using namespace std::chrono;
using namespace followup::cli;

TEST(SettingsValues, Durations) {
  EXPECT_EQ(parse_duration("24h"), hours{24});
  EXPECT_EQ(parse_duration("14d"), days{14});
  EXPECT_EQ(parse_duration("2w"), weeks{2});
  EXPECT_EQ(parse_duration("90m"), minutes{90});
  EXPECT_EQ(parse_duration(" 1d12h "), hours{36});
  for (const char* bad : {"", "h", "12", "12x", "-3d", "1.5d", "99999999999d"})
    EXPECT_THROW(parse_duration(bad), std::invalid_argument) << bad;
}

TEST(SettingsValues, TimesOfDay) {
  EXPECT_EQ(parse_time_of_day("09:00"), hours{9});
  EXPECT_EQ(parse_time_of_day("9:30"), hours{9} + minutes{30});
  for (const char* bad : {"24:00", "9", "09:60", "nine", "09:0"})
    EXPECT_THROW(parse_time_of_day(bad), std::invalid_argument) << bad;
}

TEST(SettingsValues, WeekdaysListsAndAddresses) {
  EXPECT_EQ(parse_weekday("Mon"), Monday);
  EXPECT_EQ(parse_weekday("thursday"), Thursday);
  EXPECT_EQ(parse_weekday("su"), Sunday);
  EXPECT_THROW(parse_weekday("t"), std::invalid_argument);
  EXPECT_THROW(parse_weekday("funday"), std::invalid_argument);
  EXPECT_EQ(split_list({"a, b", "c", " ,d,"}), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(normalize_address(" MAILTO:Jane@Example.COM "), "jane@example.com");
  EXPECT_TRUE(parse_bool("Yes"));
  EXPECT_FALSE(parse_bool("off"));
  EXPECT_THROW(parse_bool("maybe"), std::invalid_argument);
}
