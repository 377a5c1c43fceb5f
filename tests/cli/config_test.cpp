#include "cli/config.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "ical/errors.hpp"

using namespace std::chrono;
using namespace followup;
using namespace followup::cli;

namespace {

Config parse(const std::string& text, const Overrides& o = {}) {
  return parse_config(text, "test.ini", std::filesystem::temp_directory_path(), o);
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(Config, EveryKeyIsRead) {
  const auto c = parse(
      "[rules]\ntimezone = America/New_York\nme = A@Example.com\nme = b@example.com, c@example.com\n"
      "match = interview, Vorstellungsgespräch\nexclude = prep\nlookback = 30d\nlookahead = 2w\n"
      "thank_you_within = 36h\ncheckin_time = 08:30\ndefault_wait = 10d\nsecond_checkin_after = 5d\n"
      "move_on_after = 3d\nmax_checkins = 1\nworkdays = sun, mon, tue, wed, thu\n"
      "holidays = 2026-12-24, 2026-12-25\ndebrief = yes\n");
  const auto& s = c.rules;
  EXPECT_EQ(s.timezone.name(), "America/New_York");
  EXPECT_EQ(s.me, (std::vector<std::string>{"a@example.com", "b@example.com", "c@example.com"}));
  EXPECT_EQ(s.match, (std::vector<std::string>{"interview", "Vorstellungsgespräch"}));
  EXPECT_EQ(s.exclude, (std::vector<std::string>{"prep"}));
  EXPECT_EQ(s.lookback, days{30});
  EXPECT_EQ(s.lookahead, weeks{2});
  EXPECT_EQ(s.thank_you_within, hours{36});
  EXPECT_EQ(s.checkin_time, hours{8} + minutes{30});
  EXPECT_EQ(s.default_wait, days{10});
  EXPECT_EQ(s.second_checkin_after, days{5});
  EXPECT_EQ(s.move_on_after, days{3});
  EXPECT_EQ(s.max_checkins, 1);
  EXPECT_TRUE(s.debrief);
  EXPECT_TRUE(s.business_days.is_business_day(Date{2026y / November / 22}));   // a Sunday
  EXPECT_FALSE(s.business_days.is_business_day(Date{2026y / November / 27}));  // a Friday
  EXPECT_FALSE(s.business_days.is_business_day(Date{2026y / December / 24}));
}

TEST(Config, MicrosoftZoneNameIsAccepted) {
  EXPECT_EQ(parse("[rules]\ntimezone = W. Europe Standard Time\n").rules.timezone.name(), "Europe/Berlin");
}

TEST(Config, ErrorsNameTheKeyAndTheFile) {
  EXPECT_NE(error_of("[rules]\nfrobnicate = 1\n").find("'rules.frobnicate'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\nfrobnicate = 1\n").find("test.ini"), std::string::npos);
  EXPECT_NE(error_of("[rules]\nlookback = forever\n").find("'lookback'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\ntimezone = Mars/Olympus\n").find("'timezone'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\nmax_checkins = 3\n").find("'max_checkins'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\ncheckin_time = 25:00\n").find("'checkin_time'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\nworkdays = someday\n").find("'workdays'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\nholidays = 2026-02-30\n").find("'holidays'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\ndebrief = perhaps\n").find("'debrief'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\nthank_you_template = /nonexistent/t.txt\n").find("thank_you_template"), std::string::npos);
  EXPECT_NE(error_of("[rules]\nholidays_file = /nonexistent/h.ics\n").find("'holidays_file'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\ntimezone = UTC\ntimezone = UTC\n").find("timezone"), std::string::npos);
  EXPECT_NE(error_of("[other]\nkey = 1\n").find("'other.key'"), std::string::npos);
  EXPECT_NE(error_of("[rules]\nme = not-an-address\n").find("'me'"), std::string::npos);
  // The line is named too.
  EXPECT_NE(error_of("[rules]\n# comment\nlookback = forever\n").find("test.ini:3:"), std::string::npos);
  EXPECT_NE(error_of("[rules]\n\nfrobnicate = 1\n").find("test.ini:3:"), std::string::npos);
}

TEST(Config, CommandLineOverridesTheFile) {
  Overrides o;
  o.timezone = "Asia/Tokyo";
  o.me = {"x@example.com"};
  const auto c = parse("[rules]\ntimezone = Europe/Berlin\nme = y@example.com\n", o);
  EXPECT_EQ(c.rules.timezone.name(), "Asia/Tokyo");
  EXPECT_EQ(c.rules.me, std::vector<std::string>{"x@example.com"});
  o.timezone = "Nowhere/Land";
  EXPECT_THROW(parse("", o), ConfigError);
}

TEST(Config, HolidaysFileAndTemplates) {
  const auto dir = std::filesystem::temp_directory_path() / "followup-config-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "holidays.ics") << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:h1\r\n"
                                         "DTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261227\r\nSUMMARY:Xmas\r\n"
                                         "END:VEVENT\r\nEND:VCALENDAR\r\n";
  std::ofstream(dir / "thanks.txt") << "Thanks, {interviewer}!\n\nMy own words.\n";
  const auto c = parse_config("[rules]\nholidays_file = holidays.ics\nthank_you_template = thanks.txt\n", "t.ini", dir, {});
  EXPECT_FALSE(c.rules.business_days.is_business_day(Date{2026y / December / 24}));
  EXPECT_FALSE(c.rules.business_days.is_business_day(Date{2026y / December / 25}));
  EXPECT_TRUE(c.rules.business_days.is_business_day(Date{2026y / December / 28}));
  EXPECT_EQ(c.rules.templates.thank_you, "Thanks, {interviewer}!\n\nMy own words.\n");
  std::filesystem::remove_all(dir);
}
