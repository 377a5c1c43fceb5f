// Google OAuth2 end to end (issue 5): the real `followup` against a scripted token endpoint
// (tests/sync/http_test_server.hpp). `google-auth` takes the code pasted on stdin, or the browser's
// redirect to its 127.0.0.1 port, and sends the exchange RFC 6749 and RFC 7636 describe; the token
// cache it writes is 0600; a refusal says so; no token or secret is ever printed. Then `calendars`
// against the xandikos-bearer fixture (tests/servers/README.md) gets its bearer token by refreshing
// through the scripted endpoint, and reuses it while it is fresh.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "run_command.hpp"
#include "sync/oauth2_pkce.hpp"
#include "temp_dir.hpp"
#include "tests/sync/http_test_server.hpp"

extern char** environ;

using followup::sync::testing::http_reply;
using followup::sync::testing::HttpTestServer;
using followup::sync::testing::ReceivedRequest;
using followup::sync::testing::TestConnection;
using followup::testing::quoted;
using followup::testing::read_file;
using followup::testing::run_followup;
using followup::testing::RunResult;
using followup::testing::TempDir;
using followup::testing::write_file;

namespace {

constexpr const char* kClientId = "4711-test.apps.googleusercontent.com";
constexpr const char* kSecret = "GOCSPX-cl1ent-S3cret";
constexpr const char* kRefresh = "1//0refresh-T0ken-abc";
constexpr const char* kAccess = "ya29.first-Acc3ss";
constexpr const char* kCode = "4/0AbCdEf-the-c0de";

std::string percent_decoded(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

// The fields of a form body or a query.
std::map<std::string, std::string> fields_of(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::istringstream in(text);
  for (std::string pair; std::getline(in, pair, '&');) {
    const auto eq = pair.find('=');
    fields[percent_decoded(pair.substr(0, eq))] = eq == std::string::npos ? "" : percent_decoded(pair.substr(eq + 1));
  }
  return fields;
}

// A token endpoint answering each POST with the next of `answers` ({status, JSON}); the last repeats.
class TokenEndpoint {
 public:
  explicit TokenEndpoint(std::vector<std::pair<int, std::string>> answers)
      : answers_(std::move(answers)), server_([this](const ReceivedRequest&, TestConnection& connection) {
          std::pair<int, std::string> answer;
          {
            std::lock_guard lock(mutex_);
            answer = answers_[std::min(next_++, answers_.size() - 1)];
          }
          connection.send(http_reply(answer.first, answer.first == 200 ? "OK" : "Bad Request",
                                     {{"Content-Type", "application/json"}}, answer.second));
        }) {}
  std::string url() const { return server_.url("/token"); }
  std::vector<ReceivedRequest> requests() const { return server_.requests(); }

 private:
  std::vector<std::pair<int, std::string>> answers_;
  std::mutex mutex_;
  std::size_t next_ = 0;
  HttpTestServer server_;
};

std::string token_json(const std::string& access, int expires_in, const std::string& refresh = "") {
  return "{\"access_token\": \"" + access + "\", \"expires_in\": " + std::to_string(expires_in) +
         (refresh.empty() ? "" : ", \"refresh_token\": \"" + refresh + "\"") +
         ", \"scope\": \"https://www.googleapis.com/auth/calendar\", \"token_type\": \"Bearer\"}";
}

// `followup ARGS` running, with its stdin and stdout as pipes held by the test (stderr to a file).
class RunningFollowup {
 public:
  RunningFollowup(const std::vector<std::string>& args, const std::filesystem::path& err_file) : err_file_(err_file) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> all{"timeout", "60", FOLLOWUP_EXE};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (::posix_spawnp(&pid_, "timeout", &actions, nullptr, argv.data(), environ) != 0) throw std::runtime_error("spawn");
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    stdout_ = out[0];
  }
  ~RunningFollowup() {
    close_stdin();
    if (stdout_ >= 0) ::close(stdout_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  RunningFollowup(const RunningFollowup&) = delete;
  RunningFollowup& operator=(const RunningFollowup&) = delete;

  // Reads stdout until `text` has appeared (true) or 20 s pass or the output ends (false).
  bool read_until(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (out_.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      pollfd p{stdout_, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(stdout_, buffer, sizeof buffer);
      if (n <= 0) return false;
      out_.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }
  void type(const std::string& line) { ASSERT_EQ(::write(stdin_, line.data(), line.size()), static_cast<ssize_t>(line.size())); }
  void close_stdin() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
  }
  // Waits for the end; the whole output and the exit code.
  RunResult finish() {
    close_stdin();
    for (char buffer[4096];;) {
      const ssize_t n = ::read(stdout_, buffer, sizeof buffer);
      if (n <= 0) break;
      out_.append(buffer, static_cast<std::size_t>(n));
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = out_;
    r.err = read_file(err_file_);
    return r;
  }
  const std::string& out() const { return out_; }

 private:
  std::filesystem::path err_file_;
  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  std::string out_;
};

// An HTTP GET of `target` to 127.0.0.1:port, as the browser sends it after Google's redirect; the status.
int browser_get(int port, const std::string& target) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                              "\r\nUser-Agent: test-browser\r\nAccept: text/html\r\n\r\n";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string reply;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) reply.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  if (reply.rfind("HTTP/1.1 ", 0) != 0) return -2;
  return std::stoi(reply.substr(9, 3));
}

class GoogleAuth : public ::testing::Test {
 protected:
  // [caldav] for Google with the scripted token endpoint; mode 0600 (it holds the client secret).
  std::string config(const std::string& token_url, const std::string& caldav_url = "https://apidata.googleusercontent.com/caldav/v2/") {
    const auto file = dir_ / "config.ini";
    write_file(file, "[caldav]\nurl = " + caldav_url + "\noauth2_client_id = " + kClientId +
                         "\noauth2_client_secret = " + kSecret + "\noauth2_token_url = " + token_url +
                         "\ntimeout = 20s\n");
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return file.string();
  }
  // The token caches in $XDG_STATE_HOME/followup/.
  std::vector<std::filesystem::path> caches() const {
    std::vector<std::filesystem::path> found;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_ / "state" / "followup", ec))
      if (e.path().string().ends_with(".oauth2.json")) found.push_back(e.path());
    return found;
  }
  // The authorization URL's query, from what google-auth printed.
  static std::map<std::string, std::string> printed_authorization(const std::string& out) {
    const auto at = out.find("https://accounts.google.com/o/oauth2/v2/auth?");
    if (at == std::string::npos) return {};
    const auto end = out.find_first_of(" \n", at);
    const std::string url = out.substr(at, end - at);
    return fields_of(url.substr(url.find('?') + 1));
  }
  static void expect_no_secrets(const RunResult& r, std::initializer_list<std::string> more = {}) {
    for (const char* secret : {kSecret, kRefresh, kAccess, kCode}) {
      EXPECT_EQ(r.out.find(secret), std::string::npos) << secret << " in stdout:\n" << r.out;
      EXPECT_EQ(r.err.find(secret), std::string::npos) << secret << " in stderr:\n" << r.err;
    }
    for (const auto& secret : more) {
      EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
      EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
    }
  }
  // The exchange google-auth sent matches what it printed: its redirect_uri, and the verifier of its challenge.
  static void expect_exchange(const ReceivedRequest& request, const std::map<std::string, std::string>& printed) {
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.header("Content-Type"), "application/x-www-form-urlencoded");
    auto sent = fields_of(request.body);
    EXPECT_EQ(sent["grant_type"], "authorization_code");
    EXPECT_EQ(sent["code"], kCode);
    EXPECT_EQ(sent["client_id"], kClientId);
    EXPECT_EQ(sent["client_secret"], kSecret);
    ASSERT_FALSE(printed.empty());
    EXPECT_EQ(sent["redirect_uri"], printed.at("redirect_uri"));
    EXPECT_EQ(followup::sync::pkce_challenge(sent["code_verifier"]), printed.at("code_challenge"));
    EXPECT_EQ(sent["code_verifier"].size(), 43U);
  }
  void expect_one_private_cache() {
    const auto found = caches();
    ASSERT_EQ(found.size(), 1U);
    struct stat st {};
    ASSERT_EQ(::stat(found[0].c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    const std::string text = read_file(found[0]);
    EXPECT_NE(text.find(kRefresh), std::string::npos);
  }
  TempDir dir_;
};

}  // namespace

TEST_F(GoogleAuth, PastedCodeIsExchangedAndCached) {
  TokenEndpoint endpoint({{200, token_json(kAccess, 3599, kRefresh)}});
  RunningFollowup run({"google-auth", "--config", config(endpoint.url())}, dir_ / "err.txt");
  ASSERT_TRUE(run.read_until("Waiting")) << run.out();
  const auto printed = printed_authorization(run.out());
  EXPECT_EQ(printed.at("client_id"), kClientId);
  EXPECT_EQ(printed.at("response_type"), "code");
  EXPECT_EQ(printed.at("scope"), "https://www.googleapis.com/auth/calendar");
  EXPECT_EQ(printed.at("code_challenge_method"), "S256");
  EXPECT_EQ(printed.at("access_type"), "offline");
  EXPECT_EQ(printed.at("prompt"), "consent");
  EXPECT_EQ(printed.at("redirect_uri").rfind("http://127.0.0.1:", 0), 0U);
  EXPECT_NE(run.out().find("ssh -L "), std::string::npos) << run.out();
  run.type(std::string("\n") + kCode + "\n");  // a blank line first: ignored
  const RunResult r = run.finish();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 1U);
  expect_exchange(requests[0], printed);
  expect_one_private_cache();
  expect_no_secrets(r);
  EXPECT_NE(r.out.find("Authorized."), std::string::npos) << r.out;
}

TEST_F(GoogleAuth, BrowserRedirectCompletesIt) {
  TokenEndpoint endpoint({{200, token_json(kAccess, 3599, kRefresh)}});
  RunningFollowup run({"google-auth", "--config", config(endpoint.url())}, dir_ / "err.txt");
  ASSERT_TRUE(run.read_until("Waiting")) << run.out();
  const auto printed = printed_authorization(run.out());
  const std::string uri = printed.at("redirect_uri");
  const int port = std::stoi(uri.substr(std::string("http://127.0.0.1:").size()));
  // A favicon request and an answer of an older attempt are turned away; the wait goes on.
  EXPECT_EQ(browser_get(port, "/favicon.ico"), 404);
  EXPECT_EQ(browser_get(port, "/?state=older-attempt&code=4%2Fstale"), 400);
  EXPECT_EQ(browser_get(port, "/?state=" + printed.at("state") + "&code=" + "4%2F0AbCdEf-the-c0de" +
                                  "&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcalendar"),
            200);
  const RunResult r = run.finish();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 1U) << "the stale code was never exchanged";
  expect_exchange(requests[0], printed);
  expect_one_private_cache();
  expect_no_secrets(r);
}

TEST_F(GoogleAuth, PastedRedirectAddressIsCheckedForItsState) {
  TokenEndpoint endpoint({{200, token_json(kAccess, 3599, kRefresh)}});
  RunningFollowup run({"google-auth", "--config", config(endpoint.url())}, dir_ / "err.txt");
  ASSERT_TRUE(run.read_until("Waiting")) << run.out();
  const auto printed = printed_authorization(run.out());
  run.type(printed.at("redirect_uri") + "?state=someone-elses&code=4%2Fstale\n");
  ASSERT_TRUE(run.read_until("another run of followup google-auth")) << run.out();
  run.type(printed.at("redirect_uri") + "?state=" + printed.at("state") + "&code=4%2F0AbCdEf-the-c0de&scope=x\n");
  const RunResult r = run.finish();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_EQ(endpoint.requests().size(), 1U);
  expect_exchange(endpoint.requests()[0], printed);
}

TEST_F(GoogleAuth, RefusedConsentExitsFive) {
  TokenEndpoint endpoint({{200, token_json(kAccess, 3599, kRefresh)}});
  RunningFollowup run({"google-auth", "--config", config(endpoint.url())}, dir_ / "err.txt");
  ASSERT_TRUE(run.read_until("Waiting")) << run.out();
  const auto printed = printed_authorization(run.out());
  const int port = std::stoi(printed.at("redirect_uri").substr(std::string("http://127.0.0.1:").size()));
  EXPECT_EQ(browser_get(port, "/?error=access_denied&state=" + printed.at("state")), 200);
  const RunResult r = run.finish();
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.err.find("access was not granted (access_denied)"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(endpoint.requests().size(), 0U);
  EXPECT_TRUE(caches().empty());
}

TEST_F(GoogleAuth, RefusedCodeExitsFiveAndWritesNothing) {
  TokenEndpoint endpoint({{400, R"({"error": "invalid_grant", "error_description": "Bad Request"})"}});
  write_file(dir_ / "code.txt", std::string(kCode) + "\n");
  const auto r = run_followup("google-auth --config " + quoted(config(endpoint.url())) + " < " +
                              quoted((dir_ / "code.txt").string()));
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.err.find("refused the authorization code (HTTP 400, invalid_grant: Bad Request)"), std::string::npos)
      << r.err;
  EXPECT_TRUE(caches().empty());
  expect_no_secrets(r);
}

TEST_F(GoogleAuth, AccountWithoutOAuth2IsAConfigurationError) {
  const auto file = dir_ / "plain.ini";
  write_file(file, "[caldav]\nurl = https://dav.example/\nusername = me\npassword_command = echo pw\n");
  const auto r = run_followup("google-auth --config " + quoted(file.string()) + " </dev/null");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("no account has oauth2_client_id"), std::string::npos) << r.err;
}

TEST_F(GoogleAuth, HelpExplainsBothWaysWithoutABrowser) {
  const auto r = run_followup("google-auth --help");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ssh -L PORT:127.0.0.1:PORT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("paste it here"), std::string::npos) << r.out;
  EXPECT_NE(run_followup("--help").out.find("google-auth"), std::string::npos);
}

TEST_F(GoogleAuth, CalendarsBeforeAuthorizationSaysToRunGoogleAuth) {
  TokenEndpoint endpoint({{500, "{}"}});
  const auto r = run_followup("calendars --config " + quoted(config(endpoint.url())));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("has no token yet: run 'followup google-auth' once"), std::string::npos) << r.err;
  EXPECT_EQ(endpoint.requests().size(), 0U);
}

TEST_F(GoogleAuth, RevokedRefreshTokenExitsFiveSayingToAuthorizeAgain) {
  // google-auth hands out an access token that has expired by the next run, then the refresh is refused.
  TokenEndpoint endpoint({{200, token_json(kAccess, 30, kRefresh)},
                          {400, R"({"error": "invalid_grant", "error_description": "Token has been expired or revoked."})"}});
  write_file(dir_ / "code.txt", std::string(kCode) + "\n");
  const std::string conf = quoted(config(endpoint.url()));
  ASSERT_EQ(run_followup("google-auth --config " + conf + " < " + quoted((dir_ / "code.txt").string())).exit_code, 0);
  const auto r = run_followup("calendars --config " + conf);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.err.find("refused the refresh token (HTTP 400, invalid_grant: Token has been expired or revoked.); run "
                       "'followup google-auth' to authorize again"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  expect_no_secrets(r);
  const auto requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 2U);
  auto sent = fields_of(requests[1].body);
  EXPECT_EQ(sent["grant_type"], "refresh_token");
  EXPECT_EQ(sent["refresh_token"], kRefresh);
}

// Registered with the xandikos-bearer fixture (tests/cli/CMakeLists.txt): nginx lets in only
// `Authorization: Bearer FOLLOWUP_TEST_BEARER_TOKEN`.
namespace {

std::map<std::string, std::string> server_env() {
  const char* file = std::getenv("FOLLOWUP_TEST_ENV_FILE");
  std::map<std::string, std::string> env;
  if (!file) return env;
  std::istringstream in(read_file(file));
  for (std::string pair; in >> pair;)
    if (const auto eq = pair.find('='); eq != std::string::npos) env[pair.substr(0, eq)] = pair.substr(eq + 1);
  return env;
}

class GoogleOAuth2Bearer : public GoogleAuth {
 protected:
  void SetUp() override {
    env_ = server_env();
    ASSERT_EQ(env_["FOLLOWUP_TEST_SERVER"], "xandikos-bearer")
        << "no xandikos-bearer .env file (FOLLOWUP_TEST_ENV_FILE): server_xandikos-bearer did not start";
    ASSERT_FALSE(env_["FOLLOWUP_TEST_BEARER_TOKEN"].empty());
  }
  std::map<std::string, std::string> env_;
};

}  // namespace

TEST_F(GoogleOAuth2Bearer, CalendarsRefreshesTheTokenThenReusesIt) {
  const std::string token = env_["FOLLOWUP_TEST_BEARER_TOKEN"];
  // The code exchange gives a token the server does not take, good for 30 s: the next run refreshes
  // (a minute before expiry) and gets the server's token.
  TokenEndpoint endpoint({{200, token_json(kAccess, 30, kRefresh)}, {200, token_json(token, 3600)}});
  const std::string conf = quoted(config(endpoint.url(), env_["FOLLOWUP_TEST_URL"]));
  write_file(dir_ / "code.txt", std::string(kCode) + "\n");
  const auto auth = run_followup("google-auth --config " + conf + " < " + quoted((dir_ / "code.txt").string()));
  ASSERT_EQ(auth.exit_code, 0) << auth.out << auth.err;

  const auto first = run_followup("calendars --config " + conf);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  for (const char* key : {"FOLLOWUP_TEST_CAL_WORK", "FOLLOWUP_TEST_CAL_TASKS", "FOLLOWUP_TEST_CAL_EVENTS"})
    EXPECT_NE(first.out.find(env_[key] + "  "), std::string::npos) << key << "\n" << first.out;
  auto requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 2U);
  auto sent = fields_of(requests[1].body);
  EXPECT_EQ(sent["grant_type"], "refresh_token");
  EXPECT_EQ(sent["refresh_token"], kRefresh);
  EXPECT_EQ(sent["client_secret"], kSecret);
  EXPECT_NE(read_file(caches().at(0)).find(token), std::string::npos) << "the new access token is cached";

  // Fresh for an hour: the next run sends it without asking the endpoint.
  const auto second = run_followup("calendars --json --config " + conf);
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_EQ(endpoint.requests().size(), 2U);
  expect_one_private_cache();
  for (const auto& r : {auth, first, second}) expect_no_secrets(r, {token});
}

// CALDAV-NOTES §5.3: an access token can be revoked before it expires. A 401 with a cached token that
// still looks fresh gets one new token from the refresh token and one more try; a second 401 is final.
TEST_F(GoogleOAuth2Bearer, A401WithAFreshLookingTokenRefreshesOnceAndTriesAgain) {
  const std::string token = env_["FOLLOWUP_TEST_BEARER_TOKEN"];
  // The exchange gives a token good for an hour that the server does not take; the refresh the 401
  // causes gives the server's.
  TokenEndpoint endpoint({{200, token_json(kAccess, 3600, kRefresh)}, {200, token_json(token, 3600)}});
  const std::string conf = quoted(config(endpoint.url(), env_["FOLLOWUP_TEST_URL"]));
  write_file(dir_ / "code.txt", std::string(kCode) + "\n");
  ASSERT_EQ(run_followup("google-auth --config " + conf + " < " + quoted((dir_ / "code.txt").string())).exit_code, 0);

  const auto r = run_followup("calendars --config " + conf);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(env_["FOLLOWUP_TEST_CAL_WORK"] + "  "), std::string::npos) << r.out;
  const auto requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 2U) << "one refresh, not more";
  EXPECT_EQ(fields_of(requests[1].body)["grant_type"], "refresh_token");
  EXPECT_NE(read_file(caches().at(0)).find(token), std::string::npos);
  expect_no_secrets(r, {token});
}

TEST_F(GoogleOAuth2Bearer, A401AfterTheNewTokenTooIsFinal) {
  // Both tokens are ones the server refuses: one refresh, one more try, then exit 5 with one line.
  TokenEndpoint endpoint({{200, token_json(kAccess, 3600, kRefresh)}, {200, token_json("not-the-token", 3600)}});
  const std::string conf = quoted(config(endpoint.url(), env_["FOLLOWUP_TEST_URL"]));
  write_file(dir_ / "code.txt", std::string(kCode) + "\n");
  ASSERT_EQ(run_followup("google-auth --config " + conf + " < " + quoted((dir_ / "code.txt").string())).exit_code, 0);
  const auto r = run_followup("calendars --config " + conf);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(endpoint.requests().size(), 2U);
  expect_no_secrets(r, {"not-the-token"});
}
