// Several accounts end to end (issue 5): `followup sync` and `followup calendars` against the Radicale
// fixture (tests/servers/README.md), one account per section. Each account runs on its own: one whose
// password is wrong and one whose server cannot be reached do not stop the one that works, and the exit
// code is the most serious of theirs (credentials, 5, before unreachable, 6). The working account takes
// its password from the environment (password_env), which never shows. A missing .env file fails.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "run_command.hpp"
#include "sync/caldav_storage.hpp"
#include "temp_dir.hpp"
#include "tests/sync/caldav_test_server.hpp"

using namespace followup::testing;
using followup::sync::CalDavStorage;
using followup::sync::HttpClient;
using followup::sync::testing::random_uuid;
using followup::sync::testing::read_test_server_env;
using followup::sync::testing::ScratchCalendar;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const std::string now_args = " --now 2026-01-13T12:00:00+01:00";
constexpr const char* kWrongPassword = "Wr0ng-acc0unt-pw";

// A port on 127.0.0.1 that nothing listens on: bound, then closed.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

std::size_t lines_in(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

class Accounts : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv(variable_.c_str(), env_["FOLLOWUP_TEST_PASSWORD"].c_str(), 1); }
  void TearDown() override { ::unsetenv(variable_.c_str()); }

  // [caldav]: alice with a wrong password; [account unreachable]: a closed port; [account good]: alice
  // with her password in the environment, reading and writing this test's scratch calendar only.
  std::string config() {
    const auto file = dir_ / "config.ini";
    const std::string home = env_["FOLLOWUP_TEST_URL"], user = env_["FOLLOWUP_TEST_USER"];
    write_file(file, "[rules]\ntimezone = Europe/Berlin\nme = me@example.com\n\n"
                     "[caldav]\nurl = " + home + "\nusername = " + user + "\npassword = " + kWrongPassword +
                     "\ntimeout = 20s\n\n"
                     "[account unreachable]\nurl = http://127.0.0.1:" + std::to_string(closed_port()) +
                     "/\nusername = " + user + "\npassword_env = " + variable_ + "\ntimeout = 5s\n\n"
                     "[account good]\nurl = " + home + "\nusername = " + user + "\npassword_env = " + variable_ +
                     "\ncalendars = " + calendar_.url() + "\nfollowups_calendar = " + calendar_.url() +
                     "\ntasks_calendar = " + calendar_.url() + "\ntimeout = 20s\n");
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    return " --config " + quoted(file.string());
  }
  // An interview on 13 January 2026 at 10:00 Berlin in the scratch calendar, and the same in a local file
  // for `followup plan`, the oracle.
  void put_interview() {
    ics_ = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup tests//EN\r\nBEGIN:VEVENT\r\nUID:" + uid_ +
           "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260113T100000\r\n"
           "DTEND;TZID=Europe/Berlin:20260113T110000\r\nSUMMARY:Interview with Acme\r\n"
           "DESCRIPTION:They'll decide by Thursday\r\nATTENDEE;CN=Ann Lee:mailto:ann@acme.example\r\n"
           "END:VEVENT\r\nEND:VCALENDAR\r\n";
    HttpClient client(calendar_.options());
    const auto r = client.perform(
        {"PUT", calendar_.url() + uid_ + ".ics", {{"Content-Type", "text/calendar; charset=utf-8"}}, ics_});
    ASSERT_TRUE(r.status == 201 || r.status == 204) << r.status << " " << r.body;
    write_file(dir_ / "interview.ics", ics_);
  }
  // The UIDs `followup plan` gives the interview's follow-ups.
  std::set<std::string> planned_uids(const std::string& config_args) {
    const auto r = run_followup("plan " + quoted((dir_ / "interview.ics").string()) + " --json" + now_args + config_args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> uids;
    const auto doc = json::parse(r.out);
    for (const auto& followup : doc["interviews"].at(0)["followups"]) uids.insert(followup["uid"].get<std::string>());
    return uids;
  }
  // The UIDs in the scratch calendar (folded lines joined).
  std::set<std::string> stored_uids() {
    CalDavStorage store(calendar_.url(), calendar_.options());
    std::vector<std::string> hrefs;
    for (const auto& ref : store.list()) hrefs.push_back(ref.href);
    std::set<std::string> uids;
    for (const auto& item : store.get(hrefs)) {
      std::string text = item.ics;
      for (auto at = text.find("\r\n "); at != std::string::npos; at = text.find("\r\n ")) text.erase(at, 3);
      for (auto at = text.find("\r\nUID:"); at != std::string::npos; at = text.find("\r\nUID:", at + 1))
        uids.insert(text.substr(at + 6, text.find("\r\n", at + 6) - at - 6));
    }
    return uids;
  }
  // Neither password anywhere: the wrong one of the file, the right one of the environment.
  void expect_no_password(const RunResult& r) {
    for (const std::string& secret : {std::string(kWrongPassword), env_["FOLLOWUP_TEST_PASSWORD"]}) {
      EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
      EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
    }
  }

  std::map<std::string, std::string> env_ = read_test_server_env("radicale");
  ScratchCalendar calendar_{"radicale"};
  TempDir dir_;
  std::string uid_ = "interview-" + random_uuid() + "@example.com";
  std::string variable_ = "FOLLOWUP_ACCOUNTS_PW_" + std::to_string(::getpid());
  std::string ics_;
};

}  // namespace

TEST_F(Accounts, SyncGoesOnPastFailingAccountsAndExitsWithTheMostSeriousCode) {
  put_interview();
  const auto args = config();
  const auto r = run_followup("sync" + args + now_args);
  // default: credentials refused (5), unreachable: 6, good: synced. 5 is the more serious.
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  expect_no_password(r);
  EXPECT_NE(r.out.find("Wrote to calendars "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" of account good: "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("account default"), std::string::npos) << r.out;
  EXPECT_EQ(lines_in(r.err), 2U) << r.err;
  EXPECT_NE(r.err.find("followup: account 'unreachable': server unreachable: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("followup: the server refused the credentials: account 'default': "), std::string::npos)
      << r.err;
  // What the good account wrote is the plan, read back from the server.
  std::set<std::string> expected = planned_uids(args);
  ASSERT_FALSE(expected.empty());
  expected.insert(uid_);
  EXPECT_EQ(stored_uids(), expected);
}

TEST_F(Accounts, AccountPicksOneAndJsonListsEach) {
  put_interview();
  const auto args = config();
  // Only the good account: nothing else is asked, so nothing fails.
  auto r = run_followup("sync --json --account good" + args + now_args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  expect_no_password(r);
  auto doc = json::parse(r.out);
  EXPECT_EQ(doc["account"], "good");
  const auto created = doc["created"].get<int>();
  EXPECT_GE(created, 2) << r.out;  // at least a thank-you and a check-in
  EXPECT_EQ(stored_uids().size(), static_cast<std::size_t>(created) + 1);

  // Only the one with the wrong password: exit 5, one line, the others untouched.
  r = run_followup("sync --account default" + args + now_args);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_EQ(lines_in(r.err), 1U) << r.err;
  EXPECT_EQ(r.err.find("unreachable"), std::string::npos) << r.err;
  expect_no_password(r);

  // All of them with --json: one document, an entry per account in the order of the file.
  r = run_followup("sync --json" + args + now_args);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  expect_no_password(r);
  doc = json::parse(r.out);
  ASSERT_EQ(doc["accounts"].size(), 3U) << r.out;
  EXPECT_EQ(doc["accounts"][0]["account"], "default");
  EXPECT_TRUE(doc["accounts"][0]["error"].is_string()) << r.out;
  EXPECT_EQ(doc["accounts"][1]["account"], "unreachable");
  EXPECT_TRUE(doc["accounts"][1]["error"].is_string()) << r.out;
  EXPECT_EQ(doc["accounts"][2]["account"], "good");
  EXPECT_FALSE(doc["accounts"][2].contains("error")) << r.out;
  EXPECT_EQ(doc["accounts"][2]["created"], 0);  // already done by the first run: its state is its own
  EXPECT_EQ(doc["accounts"][2]["unchanged"], created);
}

TEST_F(Accounts, CalendarsListsEachAccountAndGoesOnPastFailures) {
  const auto args = config();
  auto r = run_followup("calendars --account good" + args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(calendar_.url() + "  VEVENT,VTODO  writable"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("account good"), std::string::npos) << "one account: listed as before\n" << r.out;
  expect_no_password(r);

  r = run_followup("calendars" + args);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  expect_no_password(r);
  const auto good = r.out.find("account good (" + env_["FOLLOWUP_TEST_URL"] + "):\n");
  ASSERT_NE(good, std::string::npos) << r.out;
  EXPECT_NE(r.out.find(calendar_.url() + "  VEVENT,VTODO  writable", good), std::string::npos) << r.out;
  EXPECT_EQ(lines_in(r.err), 2U) << r.err;

  r = run_followup("calendars --json" + args);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  const auto doc = json::parse(r.out);
  ASSERT_EQ(doc["accounts"].size(), 3U) << r.out;
  EXPECT_EQ(doc["accounts"][2]["account"], "good");
  EXPECT_EQ(doc["accounts"][2]["thank_you_calendar"], calendar_.url());
}

// password_env with the wrong password in it: refused (5), and the value is nowhere in the output, each
// request logged (-vv) included.
TEST_F(Accounts, PasswordFromTheEnvironmentIsSentAndNeverShown) {
  const auto args = config();
  ::setenv(variable_.c_str(), kWrongPassword, 1);
  const auto r = run_followup("sync --account good -vv" + args + now_args);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  expect_no_password(r);
}
