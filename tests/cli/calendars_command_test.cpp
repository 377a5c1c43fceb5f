// `followup calendars` end to end: the real executable against the Radicale fixture
// (tests/servers/README.md). A missing .env file fails: the server should have been started.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_command.hpp"
#include "temp_dir.hpp"

using followup::testing::quoted;
using followup::testing::run_followup;
using followup::testing::TempDir;
using followup::testing::write_file;

namespace {

std::map<std::string, std::string> server_env() {
  const char* file = std::getenv("FOLLOWUP_TEST_ENV_FILE");
  std::map<std::string, std::string> env;
  if (!file) return env;
  std::istringstream in(followup::testing::read_file(file));
  for (std::string pair; in >> pair;)
    if (const auto eq = pair.find('='); eq != std::string::npos) env[pair.substr(0, eq)] = pair.substr(eq + 1);
  return env;
}

class CalendarsCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = server_env();
    ASSERT_FALSE(env_["FOLLOWUP_TEST_URL"].empty())
        << "no server .env file (FOLLOWUP_TEST_ENV_FILE): server_radicale did not start";
  }
  std::string config(const std::string& url, const std::string& password, const std::string& extra = "") {
    const auto file = dir_ / "config.ini";
    write_file(file, "[caldav]\nurl = " + url + "\nusername = " + env_["FOLLOWUP_TEST_USER"] +
                         "\npassword = " + password + "\ntimeout = 20s\n" + extra);
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return "--config " + quoted(file.string());
  }
  std::map<std::string, std::string> env_;
  TempDir dir_;
};

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

}  // namespace

TEST_F(CalendarsCommand, ListsTheCalendarsAndWhereFollowupsGo) {
  const auto r = run_followup("calendars " + config(env_["FOLLOWUP_TEST_URL"], env_["FOLLOWUP_TEST_PASSWORD"]));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* key : {"FOLLOWUP_TEST_CAL_WORK", "FOLLOWUP_TEST_CAL_TASKS", "FOLLOWUP_TEST_CAL_EVENTS"})
    EXPECT_NE(r.out.find(env_[key] + "  "), std::string::npos) << key << "\n" << r.out;
  EXPECT_NE(r.out.find(env_["FOLLOWUP_TEST_CAL_WORK"] + "  VEVENT,VTODO  writable"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(env_["FOLLOWUP_TEST_CAL_EVENTS"] + "  VEVENT  writable"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(env_["FOLLOWUP_TEST_CAL_READONLY"] + "  VEVENT,VTODO  read-only"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("check-ins and move-on: the calendar the interview is in"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("thank-yous: "), std::string::npos) << r.out;
}

TEST_F(CalendarsCommand, JsonShape) {
  const auto r = run_followup("calendars --json " +
                              config(env_["FOLLOWUP_TEST_URL"], env_["FOLLOWUP_TEST_PASSWORD"], "tasks_calendar = tasks\n"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_TRUE(doc["calendars"].is_array());
  std::map<std::string, nlohmann::json> by_url;
  for (const auto& c : doc["calendars"]) {
    for (const char* key : {"name", "url", "components", "writable", "sync_collection"})
      EXPECT_TRUE(c.contains(key)) << key << " in " << c.dump();
    by_url[c["url"].get<std::string>()] = c;
  }
  ASSERT_TRUE(by_url.count(env_["FOLLOWUP_TEST_CAL_TASKS"])) << r.out;
  EXPECT_EQ(by_url[env_["FOLLOWUP_TEST_CAL_TASKS"]]["components"], nlohmann::json::array({"VTODO"}));
  EXPECT_EQ(by_url[env_["FOLLOWUP_TEST_CAL_TASKS"]]["writable"], true);
  EXPECT_EQ(by_url[env_["FOLLOWUP_TEST_CAL_READONLY"]]["writable"], false);
  EXPECT_EQ(by_url[env_["FOLLOWUP_TEST_CAL_WORK"]]["name"], "Work");  // its displayname
  EXPECT_EQ(doc["thank_you_calendar"], env_["FOLLOWUP_TEST_CAL_TASKS"]);
  EXPECT_TRUE(doc["followups_calendar"].is_null());
}

TEST_F(CalendarsCommand, WrongPasswordExitsFiveWithoutThePassword) {
  const auto r = run_followup("calendars " + config(env_["FOLLOWUP_TEST_URL"], "Wr0ngPassw0rd"));
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.err.find("the server refused the credentials"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Wr0ngPassw0rd"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(CalendarsCommand, ClosedPortExitsSix) {
  const auto r = run_followup("calendars " + config("http://127.0.0.1:" + std::to_string(closed_port()) + "/",
                                                    env_["FOLLOWUP_TEST_PASSWORD"]));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_NE(r.err.find("server unreachable"), std::string::npos) << r.err;
}
