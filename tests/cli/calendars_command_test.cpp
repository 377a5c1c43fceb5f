// `followup calendars` end to end: the real executable against the Radicale fixture
// (tests/servers/README.md). A missing .env file fails: the server should have been started.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "run_command.hpp"
#include "sync/discovery_cache.hpp"
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

// After `calendars` the next sync discovers again (a calendar just made on the server is seen at once):
// the discovery sync keeps for a day is forgotten, for this account only.
TEST_F(CalendarsCommand, ForgetsTheDiscoveryTheNextSyncWouldReuse) {
  const std::string url = env_["FOLLOWUP_TEST_URL"], user = env_["FOLLOWUP_TEST_USER"];
  const auto ours = followup::sync::discovery_cache_file(url, user);
  const auto other = followup::sync::discovery_cache_file(url, "someone-else");
  for (const auto& file : {ours, other}) {
    std::filesystem::create_directories(file.parent_path());
    write_file(file, "{}");
  }
  const auto r = run_followup("calendars " + config(url, env_["FOLLOWUP_TEST_PASSWORD"]));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(ours)) << ours;
  EXPECT_TRUE(std::filesystem::exists(other)) << other;
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

#ifdef FOLLOWUP_AUTH_FRONT_ENDS
// Built into calendars_auth_test only (tests/cli/CMakeLists.txt): Xandikos behind Apache asking for
// Digest (server_xandikos-digest) and behind nginx asking for a bearer token (server_xandikos-bearer).
namespace {

// The fixture of one front end: its .env must be there and be the one expected.
class AuthFrontEnd : public ::testing::Test {
 protected:
  void check_server(const std::string& name) {
    env_ = server_env();
    ASSERT_EQ(env_["FOLLOWUP_TEST_SERVER"], name)
        << "no " << name << " .env file (FOLLOWUP_TEST_ENV_FILE): server_" << name << " did not start";
  }
  // `[caldav]` with `lines`; mode 0600, as the program demands of a file holding a password.
  std::string config(const std::string& lines) {
    const auto file = dir_ / "config.ini";
    write_file(file, "[caldav]\n" + lines + "timeout = 20s\n");
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return "--config " + quoted(file.string());
  }
  void expect_alices_calendars(const followup::testing::RunResult& r) {
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    for (const char* key : {"FOLLOWUP_TEST_CAL_WORK", "FOLLOWUP_TEST_CAL_TASKS", "FOLLOWUP_TEST_CAL_EVENTS"})
      EXPECT_NE(r.out.find(env_[key] + "  "), std::string::npos) << key << "\n" << r.out;
  }
  // Exit 5, and one line that says so and holds none of `secrets`.
  static void expect_refused(const followup::testing::RunResult& r, std::initializer_list<std::string> secrets) {
    EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
    EXPECT_NE(r.err.find("the server refused the credentials"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    for (const auto& secret : secrets) {
      EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
      EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
    }
  }
  std::map<std::string, std::string> env_;
  TempDir dir_;
};

class CalendarsDigest : public AuthFrontEnd {
 protected:
  void SetUp() override { check_server("xandikos-digest"); }

  std::string password_config(const std::string& password, const std::string& url, const std::string& extra = "") {
    return config("url = " + url + "\nusername = " + env_["FOLLOWUP_TEST_USER"] + "\npassword = " + password +
                  "\n" + extra);
  }
  // The server root with a query no other run sends: Apache logs it with the first request, which tells
  // this run's connection from those of tests running at the same time.
  std::string marked_url() {
    marker_ = "run=" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}());
    return env_["FOLLOWUP_TEST_URL"] + "?" + marker_;
  }
  // The scheme ("Basic", "Digest", "-" for none) of each request on the connection whose first request
  // carried the marker, from the access log ("PORT KEEPALIVES METHOD "URI" STATUS SCHEME", start-server).
  // Apache logs a request after answering it: read until the count stays the same for a moment.
  std::vector<std::string> schemes_of_marked_run() {
    const auto log = std::filesystem::path(env_["FOLLOWUP_TEST_DIR"]) / "logs" / "apache-access.log";
    std::vector<std::string> schemes, previous;
    for (int attempt = 0; attempt < 20; ++attempt) {
      previous = std::move(schemes);
      schemes.clear();
      std::istringstream in(followup::testing::read_file(log));
      std::string port;
      for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string line_port, keepalives, method, uri, status, scheme;
        fields >> line_port >> keepalives >> method >> uri >> status >> scheme;
        if (port.empty() && uri == "\"/?" + marker_ + "\"") port = line_port;
        if (!port.empty() && line_port == port) schemes.push_back(scheme);
      }
      if (!schemes.empty() && schemes == previous) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
    return schemes;
  }
  std::string marker_;
};

TEST_F(CalendarsDigest, AutoListsTheCalendarsSendingBasicOnceThenDigest) {
  const auto r = run_followup("calendars " + password_config(env_["FOLLOWUP_TEST_PASSWORD"], marked_url()));
  expect_alices_calendars(r);
  // Basic with the first request (Yahoo needs it), refused; Digest from then on, no request without
  // credentials, no second Basic (CALDAV-NOTES §5.1, §5.2).
  const auto schemes = schemes_of_marked_run();
  ASSERT_GE(schemes.size(), 4U) << ::testing::PrintToString(schemes);
  EXPECT_EQ(schemes[0], "Basic");
  EXPECT_EQ(std::count(schemes.begin(), schemes.end(), "Basic"), 1) << ::testing::PrintToString(schemes);
  EXPECT_EQ(std::count(schemes.begin(), schemes.end(), "Digest"), static_cast<long>(schemes.size()) - 1)
      << ::testing::PrintToString(schemes);
}

TEST_F(CalendarsDigest, DigestListsTheCalendarsWithoutEverSendingBasic) {
  const auto r = run_followup("calendars " + password_config(env_["FOLLOWUP_TEST_PASSWORD"], marked_url(),
                                                            "auth = digest\n"));
  expect_alices_calendars(r);
  // libcurl asks first (a request without credentials gets the challenge), then answers with Digest.
  const auto schemes = schemes_of_marked_run();
  ASSERT_GE(schemes.size(), 4U) << ::testing::PrintToString(schemes);
  EXPECT_EQ(schemes[0], "-");
  EXPECT_EQ(std::count(schemes.begin(), schemes.end(), "Basic"), 0) << ::testing::PrintToString(schemes);
  EXPECT_GE(std::count(schemes.begin(), schemes.end(), "Digest"), 3) << ::testing::PrintToString(schemes);
}

TEST_F(CalendarsDigest, JsonListsTheCalendarsThroughDigest) {
  const auto r = run_followup("calendars --json " +
                              password_config(env_["FOLLOWUP_TEST_PASSWORD"], env_["FOLLOWUP_TEST_PRINCIPAL"]));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> urls;
  const auto doc = nlohmann::json::parse(r.out);
  for (const auto& c : doc["calendars"]) urls.push_back(c["url"].get<std::string>());
  for (const char* key : {"FOLLOWUP_TEST_CAL_WORK", "FOLLOWUP_TEST_CAL_TASKS", "FOLLOWUP_TEST_CAL_EVENTS"})
    EXPECT_NE(std::find(urls.begin(), urls.end(), env_[key]), urls.end()) << key << "\n" << r.out;
}

TEST_F(CalendarsDigest, WrongPasswordExitsFiveAfterOneTryOfEachScheme) {
  for (const std::string auth : {"auto", "digest"}) {
    const auto r = run_followup("calendars " + password_config("Wr0ngDigestPw", marked_url(), "auth = " + auth + "\n"));
    expect_refused(r, {"Wr0ngDigestPw"});
    // After a 401 to the Digest answer, the program stops (Nextcloud throttles retries).
    const auto schemes = schemes_of_marked_run();
    const std::vector<std::string> expected =
        auth == "auto" ? std::vector<std::string>{"Basic", "Digest"} : std::vector<std::string>{"-", "Digest"};
    EXPECT_EQ(schemes, expected) << auth;
  }
}

TEST_F(CalendarsDigest, BasicOnlyIsRefused) {
  const auto r = run_followup("calendars " + password_config(env_["FOLLOWUP_TEST_PASSWORD"], marked_url(),
                                                            "auth = basic\n"));
  expect_refused(r, {env_["FOLLOWUP_TEST_PASSWORD"]});
  EXPECT_EQ(schemes_of_marked_run(), std::vector<std::string>{"Basic"}) << "refused: not sent again";
}

TEST_F(CalendarsDigest, UnknownAuthIsAConfigurationErrorNamingTheLine) {
  const auto r = run_followup("calendars " + password_config(env_["FOLLOWUP_TEST_PASSWORD"], env_["FOLLOWUP_TEST_URL"],
                                                            "auth = ntlm\n"));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("config.ini:5: bad value for 'auth' in [caldav]: 'ntlm' is not auto, basic or digest"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find(env_["FOLLOWUP_TEST_PASSWORD"]), std::string::npos) << r.err;
}

class CalendarsBearer : public AuthFrontEnd {
 protected:
  void SetUp() override {
    check_server("xandikos-bearer");
    ASSERT_FALSE(env_["FOLLOWUP_TEST_BEARER_TOKEN"].empty());
  }
  std::string token_config(const std::string& token, const std::string& extra = "") {
    return config("url = " + env_["FOLLOWUP_TEST_URL"] + "\nbearer_token_command = printf '%s\\n' " + token + "\n" +
                  extra);
  }
};

TEST_F(CalendarsBearer, ListsTheCalendarsWithTheTokenFromTheCommand) {
  expect_alices_calendars(run_followup("calendars " + token_config(env_["FOLLOWUP_TEST_BEARER_TOKEN"])));
}

TEST_F(CalendarsBearer, WrongTokenExitsFiveWithoutTheToken) {
  const auto r = run_followup("calendars " + token_config("Wr0ngT0ken-b3arer"));
  expect_refused(r, {"Wr0ngT0ken-b3arer", env_["FOLLOWUP_TEST_BEARER_TOKEN"]});
}

TEST_F(CalendarsBearer, AuthSchemeForPasswordsDoesNotGoWithAToken) {
  const auto r = run_followup("calendars " + token_config(env_["FOLLOWUP_TEST_BEARER_TOKEN"], "auth = digest\n"));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("config.ini:4: bad value for 'auth' in [caldav]"), std::string::npos) << r.err;
}

}  // namespace
#endif  // FOLLOWUP_AUTH_FRONT_ENDS
