#include "cli/config.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include <unistd.h>

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

// [caldav] (issue 4)
namespace {

std::filesystem::path caldav_file(const std::string& name, const std::string& text, std::filesystem::perms perms) {
  const auto file = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".ini");
  std::ofstream(file, std::ios::trunc) << text;
  std::filesystem::permissions(file, perms);
  return file;
}

}  // namespace

TEST(Config, CaldavEveryKeyIsRead) {
  const auto c = parse(
      "[caldav]\nurl = https://dav.example.com/\nusername = alice\npassword_command = echo x\n"
      "calendars = work, https://dav.example.com/alice/other/\ncalendars = events\n"
      "followups_calendar = work\ntasks_calendar = tasks\ntasks_as = both\nca_file = /etc/ca.pem\n"
      "insecure = yes\ntimeout = 90m\n").caldav;
  EXPECT_EQ(c.url, "https://dav.example.com/");
  EXPECT_EQ(c.username, "alice");
  EXPECT_EQ(c.password_command, "echo x");
  EXPECT_FALSE(c.password);
  EXPECT_EQ(c.calendars, (std::vector<std::string>{"work", "https://dav.example.com/alice/other/", "events"}));
  EXPECT_EQ(c.followups_calendar, "work");
  EXPECT_EQ(c.tasks_calendar, "tasks");
  EXPECT_EQ(c.tasks_as, CaldavSettings::TasksAs::Both);
  EXPECT_EQ(c.ca_file, "/etc/ca.pem");
  EXPECT_TRUE(c.insecure);
  EXPECT_EQ(c.timeout, std::chrono::seconds(5400));
  EXPECT_EQ(parse("[caldav]\nbearer_token_command = get-token\n").caldav.bearer_token_command, "get-token");
  EXPECT_EQ(parse("[caldav]\npassword = s3cret\n").caldav.password, "s3cret");
}

TEST(Config, CaldavDefaults) {
  const auto c = parse("").caldav;
  EXPECT_EQ(c.url, "");
  EXPECT_TRUE(c.calendars.empty());
  EXPECT_EQ(c.tasks_as, CaldavSettings::TasksAs::Vtodo);
  EXPECT_FALSE(c.insecure);
  EXPECT_FALSE(c.timeout);
  EXPECT_EQ(parse("[caldav]\ntasks_as = vevent\n").caldav.tasks_as, CaldavSettings::TasksAs::Vevent);
  EXPECT_EQ(parse("[caldav]\ntasks_as = vtodo\n").caldav.tasks_as, CaldavSettings::TasksAs::Vtodo);
}

TEST(Config, CaldavErrorsNameKeyFileAndLine) {
  EXPECT_EQ(error_of("[caldav]\nurl = https://x/\nnope = 1\n"), "test.ini:3: unknown key 'caldav.nope'");
  EXPECT_EQ(error_of("[caldav]\nurl = ftp://x/\n"),
            "test.ini:2: bad value for 'url' in [caldav]: 'ftp://x/' is not an http:// or https:// URL");
  EXPECT_EQ(error_of("[caldav]\n\ntasks_as = todo\n"),
            "test.ini:3: bad value for 'tasks_as' in [caldav]: 'todo' is not vtodo, vevent or both");
  EXPECT_NE(error_of("[caldav]\ninsecure = maybe\n").find("test.ini:2: bad value for 'insecure' in [caldav]"),
            std::string::npos);
  EXPECT_NE(error_of("[caldav]\ntimeout = soon\n").find("test.ini:2: bad value for 'timeout' in [caldav]"),
            std::string::npos);
  EXPECT_NE(error_of("[caldav]\ntimeout = 0m\n").find("test.ini:2: bad value for 'timeout'"), std::string::npos);
  EXPECT_NE(error_of("[caldav]\ncalendars = ,\n").find("test.ini:2: bad value for 'calendars'"), std::string::npos);
  EXPECT_NE(error_of("[caldav]\nca_file =\n").find("test.ini:2: bad value for 'ca_file'"), std::string::npos);
  EXPECT_NE(error_of("[caldav]\npassword_command =\n").find("test.ini:2: bad value for 'password_command'"),
            std::string::npos);
  EXPECT_NE(error_of("[caldav]\nbearer_token_command =\n").find("test.ini:2: bad value for 'bearer_token_command'"),
            std::string::npos);
  EXPECT_EQ(error_of("[caldav]\nurl = https://x/\nurl = https://y/\n"),
            "test.ini:3: key 'caldav.url' is given more than once");
  const auto both = error_of("[caldav]\npassword = hunter2\npassword_command = echo x\n");
  EXPECT_NE(both.find("test.ini:3: bad value for 'password_command'"), std::string::npos);
  EXPECT_EQ(both.find("hunter2"), std::string::npos);
  const auto bearer = error_of("[caldav]\npassword = hunter2\nbearer_token_command = t\n");
  EXPECT_NE(bearer.find("'bearer_token_command'"), std::string::npos);
  EXPECT_EQ(bearer.find("hunter2"), std::string::npos);
}

TEST(Config, CaldavPasswordRefusedInAFileOthersCanRead) {
  using std::filesystem::perms;
  const auto file = caldav_file("followup-caldav-open", "[caldav]\nurl = https://x/\npassword = hunter2\n",
                                perms::owner_read | perms::owner_write | perms::group_read);
  try {
    load_config(file, {});
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file.string() + ":3"), std::string::npos) << what;
    EXPECT_NE(what.find("chmod 600 " + file.string()), std::string::npos) << what;
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
  }
  std::filesystem::permissions(file, perms::owner_read | perms::owner_write);
  EXPECT_EQ(load_config(file, {}).caldav.password, "hunter2");
  std::filesystem::remove(file);
}

TEST(Config, CaldavPasswordCommandGivesItsFirstLine) {
  auto c = parse("[caldav]\nurl = https://x/\nusername = alice\npassword_command = printf 'pw one\\nsecond\\n'\n").caldav;
  const auto options = caldav_http_options(c);
  EXPECT_EQ(options.username, "alice");
  EXPECT_EQ(options.password, "pw one");
  EXPECT_EQ(run_secret_command("bearer_token_command", "echo tok", "test.ini"), "tok");
  c.timeout = std::chrono::seconds(5);
  EXPECT_EQ(caldav_http_options(c).total_timeout, std::chrono::seconds(5));
  EXPECT_EQ(caldav_http_options(c).connect_timeout, std::chrono::seconds(5));
}

TEST(Config, CaldavFailingSecretCommandIsReported) {
  const auto error = [](const std::string& key, const std::string& command) -> std::string {
    try {
      run_secret_command(key, command, "test.ini");
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(no error)";
  };
  const auto failed = error("password_command", "echo leaked-secret; exit 3");
  EXPECT_EQ(failed, "test.ini: 'password_command' in [caldav]: the command failed (exit status 3)");
  EXPECT_EQ(error("bearer_token_command", "true"),
            "test.ini: 'bearer_token_command' in [caldav]: the command printed nothing");
  const auto c = parse("[caldav]\nurl = https://x/\nusername = a\npassword_command = exit 1\n").caldav;
  EXPECT_THROW(caldav_http_options(c), ConfigError);
  EXPECT_THROW(caldav_http_options(parse("[caldav]\nusername = a\n").caldav), ConfigError);  // no url
}
