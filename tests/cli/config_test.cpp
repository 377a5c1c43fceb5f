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

// The one account of `text`.
CaldavSettings account_of(const std::string& text) {
  const auto accounts = parse(text).accounts;
  if (accounts.size() != 1) throw std::runtime_error(std::to_string(accounts.size()) + " accounts in " + text);
  return accounts.front();
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
  const auto c = account_of(
      "[caldav]\nurl = https://dav.example.com/\nusername = alice\npassword_command = echo x\n"
      "calendars = work, https://dav.example.com/alice/other/\ncalendars = events\n"
      "followups_calendar = work\ntasks_calendar = tasks\ntasks_as = both\nca_file = /etc/ca.pem\n"
      "insecure = yes\ntimeout = 90m\n");
  EXPECT_EQ(c.name, "default");
  EXPECT_EQ(c.section(), "[caldav]");
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
  EXPECT_EQ(account_of("[caldav]\nurl = https://x/\nbearer_token_command = get-token\n").bearer_token_command, "get-token");
  EXPECT_EQ(account_of("[caldav]\nurl = https://x/\npassword = s3cret\n").password, "s3cret");
  EXPECT_EQ(account_of("[caldav]\nurl = https://x/\npassword_env = MY_PW_1\n").password_env, "MY_PW_1");
}

TEST(Config, CaldavDefaults) {
  EXPECT_TRUE(parse("").accounts.empty());
  EXPECT_TRUE(parse("[rules]\nlookback = 30d\n").accounts.empty());
  const auto c = account_of("[caldav]\nurl = https://x/\n");
  EXPECT_EQ(c.username, "");
  EXPECT_FALSE(c.password || c.password_env || c.password_command || c.bearer_token_command);
  EXPECT_TRUE(c.calendars.empty());
  EXPECT_EQ(c.tasks_as, CaldavSettings::TasksAs::Vtodo);
  EXPECT_FALSE(c.insecure);
  EXPECT_FALSE(c.timeout);
  EXPECT_EQ(account_of("[caldav]\nurl = https://x/\ntasks_as = vevent\n").tasks_as, CaldavSettings::TasksAs::Vevent);
  EXPECT_EQ(account_of("[caldav]\nurl = https://x/\ntasks_as = vtodo\n").tasks_as, CaldavSettings::TasksAs::Vtodo);
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
  EXPECT_EQ(load_config(file, {}).accounts.at(0).password, "hunter2");
  std::filesystem::remove(file);
}

TEST(Config, CaldavPasswordCommandGivesItsFirstLine) {
  auto c = account_of("[caldav]\nurl = https://x/\nusername = alice\npassword_command = printf 'pw one\\nsecond\\n'\n");
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
  const auto c = account_of("[caldav]\nurl = https://x/\nusername = a\npassword_command = exit 1\n");
  EXPECT_THROW(caldav_http_options(c), ConfigError);
  EXPECT_EQ(error_of("[caldav]\nusername = a\n"),
            "test.ini:1: [caldav] has no 'url' (the server, your principal, your calendar home or a calendar)");
}

// Accounts (issue 5): [caldav] is "default", each [account NAME] one more, in the order of the file.
TEST(Config, AccountsAreReadInTheOrderOfTheFile) {
  const auto c = parse(
      "[account work]\nurl = https://work.example.com/\nusername = w\npassword_env = WORK_PW\n"
      "calendars = Jobs\n\n"
      "[rules]\nlookback = 30d\n\n"
      "[caldav]\nurl = https://dav.example.com/\nusername = alice\n\n"
      "[account\tgoogle_2]\nurl = https://apidata.googleusercontent.com/caldav/v2/\nbearer_token_command = tok\n"
      "tasks_as = vevent\n");
  ASSERT_EQ(c.accounts.size(), 3U);
  EXPECT_EQ(c.accounts[0].name, "default");
  EXPECT_EQ(c.accounts[0].url, "https://dav.example.com/");
  EXPECT_EQ(c.accounts[0].username, "alice");
  EXPECT_EQ(c.accounts[1].name, "work");
  EXPECT_EQ(c.accounts[1].section(), "[account work]");
  EXPECT_EQ(c.accounts[1].url, "https://work.example.com/");
  EXPECT_EQ(c.accounts[1].username, "w");
  EXPECT_EQ(c.accounts[1].password_env, "WORK_PW");
  EXPECT_EQ(c.accounts[1].calendars, std::vector<std::string>{"Jobs"});
  EXPECT_EQ(c.accounts[2].name, "google_2");
  EXPECT_EQ(c.accounts[2].bearer_token_command, "tok");
  EXPECT_EQ(c.accounts[2].tasks_as, CaldavSettings::TasksAs::Vevent);
  EXPECT_TRUE(c.accounts[2].calendars.empty());  // nothing leaks from one account into another
  EXPECT_EQ(c.rules.lookback, days{30});
  for (const auto& account : c.accounts) EXPECT_EQ(account.source, "test.ini");
  // Without [caldav], the accounts are only the named ones.
  EXPECT_EQ(parse("[account a]\nurl = https://a/\n").accounts.at(0).name, "a");
}

TEST(Config, AccountErrorsNameTheSectionFileAndLine) {
  EXPECT_EQ(error_of("[caldav]\nurl = https://x/\n[account work]\nurl = https://y/\nnope = 1\n"),
            "test.ini:5: unknown key 'nope' in [account work]");
  EXPECT_EQ(error_of("[account work]\nurl = https://y/\n\ntasks_as = todo\n"),
            "test.ini:4: bad value for 'tasks_as' in [account work]: 'todo' is not vtodo, vevent or both");
  EXPECT_EQ(error_of("[caldav]\nurl = https://x/\n[account work]\nusername = w\n"),
            "test.ini:3: [account work] has no 'url' (the server, your principal, your calendar home or a calendar)");
  EXPECT_EQ(error_of("[account]\nurl = https://y/\n"), "test.ini:1: [account] names no account: write [account NAME]");
  EXPECT_EQ(error_of("[rules]\n[account a.b]\nurl = https://y/\n"),
            "test.ini:2: account name 'a.b' may hold only letters, digits, '-' and '_'");
  EXPECT_EQ(error_of("[account default]\nurl = https://y/\n"),
            "test.ini:1: the account 'default' is [caldav]: give this account another name");
  EXPECT_EQ(error_of("[account w]\nurl = https://y/\n[account  w]\n"),
            "test.ini:3: account 'w' is given twice (first at line 1)");
  EXPECT_EQ(error_of("[account w]\nurl = https://y/\n[account w]\nurl = https://z/\n"),
            "test.ini:4: key 'account w.url' is given more than once");
  // A section that only looks like one is an unknown key, as before.
  EXPECT_EQ(error_of("[accounts]\nurl = https://y/\n"), "test.ini:2: unknown key 'accounts.url'");
  // The 0600 rule for a password holds in every account, and names the account's line.
  using std::filesystem::perms;
  const auto file = caldav_file("followup-account-open",
                                "[caldav]\nurl = https://x/\n\n[account w]\nurl = https://y/\npassword = hunter2\n",
                                perms::owner_read | perms::owner_write | perms::others_read);
  try {
    load_config(file, {});
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file.string() + ":6: 'password' in [account w] is refused"), std::string::npos) << what;
    EXPECT_NE(what.find("chmod 600 " + file.string()), std::string::npos) << what;
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
  }
  std::filesystem::remove(file);
}

TEST(Config, ChosenAccounts) {
  const auto c = parse("[caldav]\nurl = https://x/\n[account work]\nurl = https://y/\n");
  const auto all = chosen_accounts(c, std::nullopt);
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].name, "default");
  EXPECT_EQ(all[1].name, "work");
  const auto work = chosen_accounts(c, "work");
  ASSERT_EQ(work.size(), 1U);
  EXPECT_EQ(work[0].url, "https://y/");
  EXPECT_EQ(chosen_accounts(c, "default").at(0).url, "https://x/");
  try {
    chosen_accounts(c, "home");
    ADD_FAILURE() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("no account 'home'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(there are: default, work)"), std::string::npos) << e.what();
  }
  try {
    chosen_accounts(parse("[rules]\nlookback = 1d\n"), std::nullopt);
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("no CalDAV account: add a [caldav] section"), std::string::npos) << e.what();
  }
}

TEST(Config, PasswordEnvIsReadWhenNeededAndNeverQuoted) {
  const std::string variable = "FOLLOWUP_CONFIG_TEST_PW_" + std::to_string(::getpid());
  const auto c = account_of("[account w]\nurl = https://x/\nusername = alice\npassword_env = " + variable + "\n");
  ::unsetenv(variable.c_str());
  try {
    caldav_http_options(c);
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "test.ini: 'password_env' in [account w]: the environment variable " + variable + " is not set");
  }
  ::setenv(variable.c_str(), "", 1);
  try {
    caldav_http_options(c);
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "test.ini: 'password_env' in [account w]: the environment variable " + variable + " is empty");
  }
  ::setenv(variable.c_str(), "pa ss=w0rd#1", 1);  // taken as it is: no INI rules apply to it
  const auto options = caldav_http_options(c);
  EXPECT_EQ(options.username, "alice");
  EXPECT_EQ(options.password, "pa ss=w0rd#1");
  ::unsetenv(variable.c_str());

  // Only one source of the password, and a name that is a variable's (the value is not quoted back, in
  // case the password itself was put there).
  const auto two = error_of("[caldav]\nurl = https://x/\npassword_env = PW\npassword_command = echo x\n");
  EXPECT_EQ(two, "test.ini:4: bad value for 'password_command' in [caldav]: give only one of 'password', "
                 "'password_env' and 'password_command'");
  EXPECT_NE(error_of("[caldav]\nurl = https://x/\npassword = hunter2\npassword_env = PW\n")
                .find("test.ini:4: bad value for 'password_env'"),
            std::string::npos);
  EXPECT_NE(error_of("[caldav]\nurl = https://x/\npassword_env = PW\nbearer_token_command = t\n")
                .find("test.ini:4: bad value for 'bearer_token_command' in [caldav]: a bearer token replaces the "
                      "password: remove 'password_env'"),
            std::string::npos);
  const auto bad_name = error_of("[caldav]\nurl = https://x/\npassword_env = hunter2!\n");
  EXPECT_EQ(bad_name, "test.ini:3: bad value for 'password_env' in [caldav]: not the name of an environment variable "
                      "(letters, digits and '_')");
  EXPECT_NE(error_of("[caldav]\nurl = https://x/\npassword_env = 1PW\n").find("'password_env'"), std::string::npos);
}

TEST(Config, UrlForDisplayMasksAPasswordInIt) {
  EXPECT_EQ(url_for_display("https://me:hunter2@dav.example.com/cal/"), "https://me:********@dav.example.com/cal/");
  EXPECT_EQ(url_for_display("https://me:p@ss@dav.example.com:8443"), "https://me:********@dav.example.com:8443");
  EXPECT_EQ(url_for_display("https://me@dav.example.com/"), "https://me@dav.example.com/");
  EXPECT_EQ(url_for_display("https://dav.example.com/a@b:c/"), "https://dav.example.com/a@b:c/");
  EXPECT_EQ(url_for_display("https://dav.example.com"), "https://dav.example.com");
}
