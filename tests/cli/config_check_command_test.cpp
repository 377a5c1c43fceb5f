// `followup config check` and the account options end to end, through the real executable: what needs
// no server (issue 5). The accounts against a server are in accounts_command_test.cpp.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "run_command.hpp"
#include "temp_dir.hpp"

using followup::testing::quoted;
using followup::testing::run_followup;
using followup::testing::RunResult;
using followup::testing::TempDir;
using followup::testing::write_file;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassword = "Hunter2-file-pw";
constexpr const char* kSecretPassword = "Cl0sed-Env-pw";

class ConfigCheck : public ::testing::Test {
 protected:
  // The file, mode 0600 unless `perms` says otherwise.
  std::string config(const std::string& text, fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
    file_ = dir_ / "config.ini";
    write_file(file_, text);
    fs::permissions(file_, perms);
    return "--config " + quoted(file_.string());
  }
  // A config with every kind of account secret.
  std::string full_config() {
    return config("[rules]\ntimezone = America/New_York\nme = me@example.com\nlookback = 30d\nthank_you_within = 36h\n"
                  "holidays = 2026-12-24, 2026-12-25\nworkdays = mon, tue, wed, thu\n\n"
                  "[caldav]\nurl = https://dav.example.com/\nusername = alice\npassword = " + std::string(kPassword) +
                  "\ntimeout = 90s\nparallel_requests = 2\n\n"
                  "[account work]\nurl = https://work.example.com/\nusername = bob\npassword_command = touch " +
                  quoted((dir_ / "password-command-ran").string()) + "; echo pw\ncalendars = Jobs, Other\n\n"
                  "[account google]\nurl = https://apidata.googleusercontent.com/caldav/v2/\n"
                  "bearer_token_command = touch " + quoted((dir_ / "token-command-ran").string()) +
                  "; echo tok\ntasks_as = vevent\n");
  }
  static void expect_no_secret(const RunResult& r, const std::string& secret) {
    EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
  }
  TempDir dir_;
  fs::path file_;
};

constexpr const char* rules_keys[] = {
    "timezone", "me", "match", "exclude", "lookback", "lookahead", "thank_you_within", "checkin_time",
    "default_wait", "second_checkin_after", "move_on_after", "max_checkins", "workdays", "holidays",
    "holidays_file", "debrief", "thank_you_template", "checkin_template", "move_on_template", "debrief_template"};
constexpr const char* account_keys[] = {
    "url", "username", "password", "password_env", "password_command", "bearer_token_command", "auth",
    "calendars", "followups_calendar", "tasks_calendar", "tasks_as", "ca_file", "insecure", "timeout",
    "parallel_requests"};

}  // namespace

TEST_F(ConfigCheck, ShowsEveryKeyResolvedWithThePasswordMasked) {
  auto r = run_followup("config check " + full_config());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  expect_no_secret(r, kPassword);
  EXPECT_NE(r.out.find("# " + file_.string() + ": valid\n"), std::string::npos) << r.out;
  // Every [rules] key, with the file's values and the defaults, in the form the file takes.
  const auto rules_at = r.out.find("\n[rules]\n");
  ASSERT_NE(rules_at, std::string::npos) << r.out;
  for (const char* key : rules_keys)
    EXPECT_NE(r.out.find("\n" + std::string(key) + " = ", rules_at), std::string::npos) << key << "\n" << r.out;
  for (const char* line : {"timezone = America/New_York", "me = me@example.com", "lookback = 30d",
                           "lookahead = 60d", "thank_you_within = 36h", "checkin_time = 09:00", "default_wait = 14d",
                           "max_checkins = 2", "workdays = mon, tue, wed, thu", "holidays = 2026-12-24, 2026-12-25",
                           "holidays_file = (none)", "debrief = false", "thank_you_template = (built in)"})
    EXPECT_NE(r.out.find("\n" + std::string(line) + "\n"), std::string::npos) << line << "\n" << r.out;
  // Each account with every key; the password masked, the commands as written.
  const auto caldav_at = r.out.find("\n[caldav]\n");
  const auto work_at = r.out.find("\n[account work]\n");
  const auto google_at = r.out.find("\n[account google]\n");
  ASSERT_TRUE(caldav_at != std::string::npos && work_at != std::string::npos && google_at != std::string::npos) << r.out;
  EXPECT_TRUE(rules_at < caldav_at && caldav_at < work_at && work_at < google_at) << r.out;
  for (const auto at : {caldav_at, work_at, google_at})
    for (const char* key : account_keys)
      EXPECT_NE(r.out.find("\n" + std::string(key) + " = ", at), std::string::npos) << key << "\n" << r.out;
  const std::string caldav = r.out.substr(caldav_at, work_at - caldav_at);
  EXPECT_NE(caldav.find("\npassword = ********\n"), std::string::npos) << caldav;
  EXPECT_NE(caldav.find("\nusername = alice\n"), std::string::npos) << caldav;
  EXPECT_NE(caldav.find("\ntimeout = 90s\n"), std::string::npos) << caldav;
  EXPECT_NE(caldav.find("\nparallel_requests = 2\n"), std::string::npos) << caldav;
  const std::string work = r.out.substr(work_at, google_at - work_at);
  EXPECT_NE(work.find("\npassword = (none)\n"), std::string::npos) << work;
  EXPECT_NE(work.find("\npassword_command = touch "), std::string::npos) << work;
  EXPECT_NE(work.find("\ncalendars = Jobs, Other\n"), std::string::npos) << work;
  const std::string google = r.out.substr(google_at);
  EXPECT_NE(google.find("\nbearer_token_command = touch "), std::string::npos) << google;
  EXPECT_NE(google.find("\ntasks_as = vevent\n"), std::string::npos) << google;
  // Neither command was run.
  EXPECT_FALSE(fs::exists(dir_ / "password-command-ran"));
  EXPECT_FALSE(fs::exists(dir_ / "token-command-ran"));
  // A password in the URL is masked too.
  r = run_followup("config check " + config("[caldav]\nurl = https://alice:" + std::string(kPassword) + "@dav.example.com/\n"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\nurl = https://alice:********@dav.example.com/\n"), std::string::npos) << r.out;
  expect_no_secret(r, kPassword);
}

TEST_F(ConfigCheck, JsonHasTheSameWithThePasswordMasked) {
  const auto r = run_followup("config check --json " + full_config());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  expect_no_secret(r, kPassword);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["file"], file_.string());
  for (const char* key : rules_keys) EXPECT_TRUE(doc["rules"].contains(key)) << key;
  EXPECT_EQ(doc["rules"]["lookback"], "30d");
  EXPECT_EQ(doc["rules"]["max_checkins"], 2);
  EXPECT_EQ(doc["rules"]["holidays"], nlohmann::json::array({"2026-12-24", "2026-12-25"}));
  EXPECT_TRUE(doc["rules"]["thank_you_template"].is_null());
  ASSERT_EQ(doc["accounts"].size(), 3U);
  EXPECT_EQ(doc["accounts"][0]["name"], "default");
  EXPECT_EQ(doc["accounts"][0]["password"], "********");
  EXPECT_EQ(doc["accounts"][1]["name"], "work");
  EXPECT_TRUE(doc["accounts"][1]["password"].is_null());
  EXPECT_EQ(doc["accounts"][1]["calendars"], nlohmann::json::array({"Jobs", "Other"}));
  EXPECT_EQ(doc["accounts"][2]["name"], "google");
  for (const auto& account : doc["accounts"])
    for (const char* key : account_keys) EXPECT_TRUE(account.contains(key)) << key << " in " << account.dump();
  EXPECT_FALSE(fs::exists(dir_ / "password-command-ran"));
  EXPECT_FALSE(fs::exists(dir_ / "token-command-ran"));
}

TEST_F(ConfigCheck, RefusesAPasswordInAFileOthersCanRead) {
  const auto args = config("[caldav]\nurl = https://dav.example.com/\nusername = alice\npassword = " +
                               std::string(kPassword) + "\n",
                           fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  const auto r = run_followup("config check " + args);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(file_.string() + ":4: 'password' in [caldav] is refused"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("chmod 600 " + file_.string()), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  expect_no_secret(r, kPassword);
}

TEST_F(ConfigCheck, UnknownKeyIsNamedWithFileAndLine) {
  auto r = run_followup("config check " + config("[caldav]\nurl = https://dav.example.com/\n\n[account work]\n"
                                                  "url = https://work.example.com/\npasword = x\n"));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "followup: " + file_.string() + ":6: unknown key 'pasword' in [account work]\n");
  r = run_followup("config check --json " + config("[rules]\n# a comment\nlookbak = 3d\n"));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "followup: " + file_.string() + ":3: unknown key 'rules.lookbak'\n");
  r = run_followup("config check " + config("[rules]\nmax_checkins = 5\n"));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "followup: " + file_.string() + ":2: bad value for 'max_checkins' in [rules]: '5' is not 0, 1 or 2\n");
}

TEST_F(ConfigCheck, DefaultsWithoutAFileAndAMissingFileIsAnError) {
  auto r = run_followup("config check");  // XDG_CONFIG_HOME is the test's folder, which has no config
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("(not found: the defaults): valid"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nlookback = 90d\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no CalDAV account"), std::string::npos) << r.out;
  r = run_followup("config check --config " + quoted((dir_ / "nowhere.ini").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("config file not found"), std::string::npos) << r.err;
  r = run_followup("config verify");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("followup config check"), std::string::npos) << r.err;
}

// password_env: its value is used, never shown, and a variable that is not set is a configuration error
// (exit 2) naming it, before any server is asked. A closed port stands for the server here.
TEST_F(ConfigCheck, PasswordEnvNeverShowsItsValue) {
  const std::string variable = "FOLLOWUP_CHECK_PW_" + std::to_string(::getpid());
  const auto args = config("[caldav]\nurl = http://127.0.0.1:9/\nusername = alice\npassword_env = " + variable +
                           "\ntimeout = 5s\n");
  ::setenv(variable.c_str(), kSecretPassword, 1);
  auto r = run_followup("config check " + args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\npassword_env = " + variable + "\n"), std::string::npos) << r.out;
  expect_no_secret(r, kSecretPassword);
  r = run_followup("config check --json " + args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  expect_no_secret(r, kSecretPassword);
  for (const char* command : {"sync", "calendars", "sync -vv"}) {
    r = run_followup(std::string(command) + " " + args);
    EXPECT_EQ(r.exit_code, 6) << command << "\n" << r.out << r.err;  // the password was taken, port 9 is closed
    expect_no_secret(r, kSecretPassword);
  }

  ::unsetenv(variable.c_str());
  r = run_followup("config check " + args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;  // the file is valid; this shell just lacks the variable
  EXPECT_NE(r.out.find("\npassword_env = " + variable + " (not set here)\n"), std::string::npos) << r.out;
  r = run_followup("sync " + args);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "followup: " + file_.string() + ": 'password_env' in [caldav]: the environment variable " +
                       variable + " is not set\n");
}

TEST_F(ConfigCheck, UnknownAccountIsAUsageErrorNamingTheKnownOnes) {
  const auto args = config("[caldav]\nurl = http://127.0.0.1:9/\n\n[account work]\nurl = http://127.0.0.1:9/\n");
  for (const char* command : {"sync", "calendars"}) {
    const auto r = run_followup(std::string(command) + " --account home " + args);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.out << r.err;
    EXPECT_EQ(r.err, "followup: --account: no account 'home' in " + file_.string() + " (there are: default, work)\n")
        << command;
  }
  const auto none = run_followup("sync " + config("[rules]\nlookback = 30d\n"));
  EXPECT_EQ(none.exit_code, 2) << none.out << none.err;
  EXPECT_NE(none.err.find("no CalDAV account: add a [caldav] section"), std::string::npos) << none.err;
}
