// HttpClient against scripted servers on 127.0.0.1 (and a python3 HTTPS server for TLS): statuses are
// data, headers are found whatever their case, one connection serves many requests, the network's
// failures are Transient and come in time, responses are bounded, credentials go to the request's
// origin only, redirects keep method and body and never downgrade to http, and no message holds a secret.
// Also: Basic first then Digest (auth = auto), requests counted by method, and a credential domain that
// lets credentials follow a redirect to its https hosts (iCloud's partitions). Retries (issue #6): 429
// and 5xx that may pass, and network failures, are tried again a bounded number of times with backoff or
// the Retry-After asked for (up to a cap, within the total timeout); nothing else is.
#include "sync/http_client.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "http_test_server.hpp"
#include "http_tls_server.hpp"
#include "sync/http_client_auth.hpp"

namespace followup::sync {
namespace {

using namespace std::chrono_literals;
using testing::http_reply;
using testing::HttpTestServer;
using testing::ReceivedRequest;
using testing::TestConnection;

constexpr const char* kPassword = "s3cret-Pa55";
constexpr const char* kBasicHeader = "Basic dXNlcjpzM2NyZXQtUGE1NQ==";  // user:s3cret-Pa55
constexpr const char* kToken = "tok-XYZ-123";

// One try: each test here is about what one exchange does; the retries have tests of their own (with
// retrying_options()).
HttpOptions quick_options() {
  HttpOptions options;
  options.connect_timeout = 2s;
  options.total_timeout = 5s;
  options.low_speed_time = 2s;
  options.retries = 0;
  return options;
}

// Two more tries, after 20 and 40 ms.
HttpOptions retrying_options() {
  HttpOptions options = quick_options();
  options.retries = 2;
  options.retry_backoff = 20ms;
  return options;
}

HttpOptions basic_options() {
  HttpOptions options = quick_options();
  options.auth = HttpOptions::Auth::Basic;
  options.username = "user";
  options.password = kPassword;
  return options;
}

HttpOptions bearer_options() {
  HttpOptions options = quick_options();
  options.auth = HttpOptions::Auth::Bearer;
  options.bearer_token = kToken;
  options.password = kPassword;  // set too: it must not show up anywhere either
  return options;
}

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

void reply_ok(const ReceivedRequest&, TestConnection& connection) { connection.send(http_reply(200, "OK", {}, "ok")); }

// The message of the E that `call` throws (the test fails if it throws nothing).
template <class E, class Call>
std::string message_of(Call call) {
  try {
    call();
  } catch (const E& error) {
    return error.what();
  }
  ADD_FAILURE() << "nothing thrown";
  return {};
}

template <class Call>
HttpError::Reason http_error_reason(Call call) {
  try {
    call();
  } catch (const HttpError& error) {
    return error.reason();
  }
  ADD_FAILURE() << "no HttpError thrown";
  return HttpError::Reason::InvalidRequest;
}

void expect_no_secrets(const std::string& message) {
  for (const char* secret : {kPassword, "dXNlcjpzM2NyZXQtUGE1NQ", "czNjcmV0LVBhNTU", kToken})
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
}

// ---- statuses, headers, requests ------------------------------------------------------------------

TEST(HttpClient, StatusesAreReturnedNotThrown) {
  HttpTestServer server([](const ReceivedRequest& request, TestConnection& connection) {
    if (request.target == "/missing") connection.send(http_reply(404, "Not Found", {}, "no such thing"));
    if (request.target == "/broken") connection.send(http_reply(500, "Internal Server Error", {}, "oops"));
    if (request.target == "/locked") connection.send(http_reply(401, "Unauthorized", {}, ""));
  });
  HttpClient client(quick_options());
  const HttpResponse missing = client.perform(get(server.url("/missing")));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "no such thing");
  EXPECT_EQ(client.perform(get(server.url("/broken"))).status, 500);
  EXPECT_EQ(client.perform(get(server.url("/locked"))).status, 401);
}

TEST(HttpClient, HeadersAreFoundWhateverTheirCaseAndRepeatedOnesJoined) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    // Cyrus and DAViCal send several DAV lines; DAViCal writes "Etag" (CALDAV-NOTES §1.1, §1.2).
    connection.send(http_reply(200, "OK",
                               {{"DAV", "1, 2, 3, calendar-access"},
                                {"Etag", "\"abc\""},
                                {"dav", "calendar-auto-schedule"},
                                {"Content-type", "text/calendar; charset=\"utf-8\""}}));
  });
  HttpClient client(quick_options());
  const HttpResponse response = client.perform(get(server.url("/")));
  EXPECT_EQ(response.header("DAV"), "1, 2, 3, calendar-access, calendar-auto-schedule");
  EXPECT_EQ(response.header("ETag"), "\"abc\"");
  EXPECT_EQ(response.header("content-type"), "text/calendar; charset=\"utf-8\"");
  EXPECT_EQ(response.header("Schedule-Tag"), "");
  const HttpHeaders expected_etag{{"Etag", "\"abc\""}};
  EXPECT_NE(std::find(response.headers.begin(), response.headers.end(), expected_etag[0]), response.headers.end())
      << "names as received";
}

TEST(HttpClient, FoldedHeaderLinesAreJoined) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send("HTTP/1.1 200 OK\r\nDAV: 1, 2,\r\n calendar-access\r\nContent-Length: 0\r\n\r\n");
  });
  HttpClient client(quick_options());
  EXPECT_EQ(client.perform(get(server.url("/"))).header("DAV"), "1, 2, calendar-access");
}

TEST(HttpClient, SendsMethodHeadersAndBodyAsGiven) {
  HttpTestServer server(reply_ok);
  HttpClient client(quick_options());
  HttpRequest request;
  request.method = "PROPFIND";
  request.url = server.url("/dav/calendars/user/");
  request.headers = {{"Depth", "1"}, {"Content-Type", "application/xml; charset=utf-8"}, {"X-Empty", ""}};
  request.body = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:allprop/></d:propfind>";
  EXPECT_EQ(client.perform(request).status, 200);

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "PROPFIND");
  EXPECT_EQ(requests[0].target, "/dav/calendars/user/");
  EXPECT_EQ(requests[0].header("Depth"), "1");
  EXPECT_EQ(requests[0].header("Content-Type"), "application/xml; charset=utf-8");
  EXPECT_TRUE(requests[0].has_header("X-Empty"));
  EXPECT_EQ(requests[0].body, request.body);
  EXPECT_FALSE(requests[0].has_header("Expect")) << "no 100-continue round trip";
  EXPECT_FALSE(requests[0].has_header("Authorization"));
  EXPECT_EQ(requests[0].header("User-Agent"), "followup");
}

TEST(HttpClient, BodiesWithoutContentTypeAreNotLabelledAsForms) {
  HttpTestServer server(reply_ok);
  HttpClient client(quick_options());
  HttpRequest put;
  put.method = "PUT";
  put.url = server.url("/cal/empty.ics");
  client.perform(put);  // an empty PUT still says Content-Length: 0
  HttpRequest remove;
  remove.method = "DELETE";
  remove.url = server.url("/cal/a.ics");
  remove.headers = {{"If-Match", "\"e1\""}};
  client.perform(remove);
  HttpRequest report;
  report.method = "REPORT";
  report.url = server.url("/cal/");
  report.body = "<x/>";
  client.perform(report);

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3U);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].header("Content-Length"), "0");
  EXPECT_EQ(requests[1].method, "DELETE");
  EXPECT_EQ(requests[1].header("If-Match"), "\"e1\"");
  EXPECT_EQ(requests[2].method, "REPORT");
  for (const auto& request : requests) EXPECT_FALSE(request.has_header("Content-Type")) << request.method;
}

TEST(HttpClient, HeadGetsHeadersOnly) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send("HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 1000\r\n\r\n");
  });
  HttpClient client(quick_options());
  HttpRequest head = get(server.url("/a.ics"));
  head.method = "HEAD";
  const HttpResponse response = client.perform(head);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("ETag"), "\"e\"");
  EXPECT_EQ(response.body, "");
}

TEST(HttpClient, OneConnectionServesManyRequests) {
  HttpTestServer server(reply_ok);
  HttpClient client(quick_options());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.perform(get(server.url("/r" + std::to_string(i)))).body, "ok");
  EXPECT_EQ(server.connections(), 1U);
  EXPECT_EQ(client.requests_made(), 3U);
}

// ---- bounded responses ----------------------------------------------------------------------------

TEST(HttpClient, ResponseOverTheCapIsCutOff) {
  constexpr std::size_t kStream = std::size_t{32} * 1024 * 1024;
  std::atomic<std::size_t> sent{0};
  std::string message;
  {
    HttpTestServer server([&](const ReceivedRequest&, TestConnection& connection) {
      // No Content-Length: only counting the bytes can stop it.
      connection.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
      const std::string chunk(64 * 1024, 'x');
      while (connection.bytes_sent() < kStream && !connection.stopping() && connection.send(chunk)) {
      }
      sent = connection.bytes_sent();
      connection.close_after_reply();
    });
    HttpOptions options = basic_options();
    options.max_response_bytes = 256 * 1024;
    HttpClient client(options);
    const std::string url = server.url("/huge");
    EXPECT_EQ(http_error_reason([&] { client.perform(get(url)); }), HttpError::Reason::ResponseTooLarge);
    message = message_of<HttpError>([&] { client.perform(get(url)); });
  }
  EXPECT_NE(message.find("larger than 262144 bytes"), std::string::npos) << message;
  EXPECT_NE(message.find("GET http://127.0.0.1:"), std::string::npos) << message;
  expect_no_secrets(message);
  EXPECT_LT(sent.load(), kStream) << "the transfer was aborted, not read to the end";
}

TEST(HttpClient, DeclaredLengthOverTheCapIsRefusedAtOnce) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n");
    connection.wait_for_hangup(5s);
    connection.close_after_reply();
  });
  HttpOptions options = quick_options();
  options.max_response_bytes = 1024 * 1024;
  HttpClient client(options);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(http_error_reason([&] { client.perform(get(server.url("/"))); }), HttpError::Reason::ResponseTooLarge);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(HttpClient, HeadersCountTowardsTheCap) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(200, "OK", {{"X-Padding", std::string(8000, 'p')}}));
  });
  HttpOptions options = quick_options();
  options.max_response_bytes = 4096;
  HttpClient client(options);
  EXPECT_EQ(http_error_reason([&] { client.perform(get(server.url("/"))); }), HttpError::Reason::ResponseTooLarge);
}

// ---- network failures -----------------------------------------------------------------------------

TEST(HttpClient, ConnectionRefusedIsTransient) {
  const int port = testing::unused_port();
  HttpClient client(basic_options());
  const std::string message =
      message_of<Transient>([&] { client.perform(get("http://127.0.0.1:" + std::to_string(port) + "/dav/")); });
  EXPECT_NE(message.find("GET http://127.0.0.1:" + std::to_string(port) + "/dav/: could not connect"),
            std::string::npos)
      << message;
  expect_no_secrets(message);
}

TEST(HttpClient, ServerHangingUpIsTransient) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) { connection.close_after_reply(); });
  HttpClient client(basic_options());
  const std::string message = message_of<Transient>([&] { client.perform(get(server.url("/"))); });
  EXPECT_NE(message.find("connection lost"), std::string::npos) << message;
  expect_no_secrets(message);
}

TEST(HttpClient, StalledResponseIsTransientAfterTheLowSpeedTime) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nBEGIN:VCALENDAR");
    connection.wait_for_hangup(10s);
    connection.close_after_reply();
  });
  HttpOptions options = bearer_options();
  // libcurl averages the speed over the last 5 seconds or so: with 1 byte/s the first burst would hide
  // the stall for that long (a 30 s low_speed_time becomes 30 to 36 s).
  options.low_speed_bytes_per_second = 1000;
  options.low_speed_time = 1s;
  options.total_timeout = 10s;
  HttpClient client(options);
  const auto start = std::chrono::steady_clock::now();
  const std::string message = message_of<Transient>([&] { client.perform(get(server.url("/stall"))); });
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_NE(message.find("timed out"), std::string::npos) << message;
  expect_no_secrets(message);
}

TEST(HttpClient, SlowTrickleIsTransientAfterTheTotalTimeout) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    // Fast enough for the stall check (1 byte/s for 10 s), too slow to ever finish.
    connection.send("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
    while (!connection.stopping() && connection.send("x")) std::this_thread::sleep_for(50ms);
    connection.close_after_reply();
  });
  HttpOptions options = basic_options();
  options.low_speed_time = 10s;
  options.total_timeout = 1500ms;
  HttpClient client(options);
  const auto start = std::chrono::steady_clock::now();
  const std::string message = message_of<Transient>([&] { client.perform(get(server.url("/trickle"))); });
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 1400ms);
  EXPECT_LT(took, 4s);
  EXPECT_NE(message.find("timed out"), std::string::npos) << message;
  expect_no_secrets(message);
}

TEST(HttpClient, RequestsThatCannotBeSentAreRefusedBeforeSending) {
  HttpTestServer server(reply_ok);
  HttpClient client(basic_options());
  HttpRequest injected = get(server.url("/"));
  injected.headers = {{"If-Match", "\"e\"\r\nX-Evil: 1"}};
  EXPECT_EQ(http_error_reason([&] { client.perform(injected); }), HttpError::Reason::InvalidRequest);
  HttpRequest bad_method = get(server.url("/"));
  bad_method.method = "GET / HTTP/1.1\r\n";
  EXPECT_EQ(http_error_reason([&] { client.perform(bad_method); }), HttpError::Reason::InvalidRequest);
  EXPECT_EQ(http_error_reason([&] { client.perform(get("file:///etc/passwd")); }), HttpError::Reason::InvalidRequest);
  const std::string message = message_of<HttpError>(
      [&] { client.perform(get(std::string("ftp://user:") + kPassword + "@127.0.0.1/")); });
  expect_no_secrets(message);
  EXPECT_TRUE(server.requests().empty());
}

// ---- authentication -------------------------------------------------------------------------------

TEST(HttpClient, BasicCredentialsGoWithTheFirstRequest) {
  HttpTestServer server(reply_ok);
  HttpClient client(basic_options());
  client.perform(get(server.url("/")));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U) << "preemptive: Yahoo sends no challenge (CALDAV-NOTES §4.14)";
  EXPECT_EQ(requests[0].header("Authorization"), kBasicHeader);
}

TEST(HttpClient, RejectedCredentialsComeBackAs401) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(401, "Unauthorized", {{"WWW-Authenticate", "Basic realm=\"dav\""}}));
  });
  HttpClient client(basic_options());
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 401);
  EXPECT_LE(server.requests().size(), 2U) << "no retry loop (Nextcloud throttles them)";
}

// Answers without Authorization with a Digest challenge, and anything with Authorization with 200.
void digest_server(const ReceivedRequest& request, TestConnection& connection) {
  if (request.has_header("Authorization")) {
    connection.send(http_reply(201, "Created"));
    return;
  }
  connection.send(http_reply(
      401, "Unauthorized",
      {{"WWW-Authenticate", "Digest realm=\"dav\", nonce=\"bm9uY2U\", qop=\"auth\", algorithm=MD5"}}, "login"));
}

void expect_digest_answer(HttpTestServer& server, const std::string& body) {
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_FALSE(requests[0].has_header("Authorization"));
  const std::string answer = requests[1].header("Authorization");
  EXPECT_TRUE(answer.starts_with("Digest ")) << answer;
  EXPECT_NE(answer.find("username=\"user\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("nonce=\"bm9uY2U\""), std::string::npos) << answer;
  expect_no_secrets(answer);
  EXPECT_EQ(requests[1].method, "PUT");
  EXPECT_EQ(requests[1].body, body) << "the body is sent again after the challenge";
}

TEST(HttpClient, DigestAnswersTheChallengeAndSendsTheBodyAgain) {
  HttpTestServer server(digest_server);
  HttpOptions options = basic_options();
  options.auth = HttpOptions::Auth::Digest;
  HttpClient client(options);
  HttpRequest put;
  put.method = "PUT";
  put.url = server.url("/cal/a.ics");
  put.body = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  const HttpResponse response = client.perform(put);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "") << "the challenge's body is not the response's";
  expect_digest_answer(server, put.body);
  EXPECT_EQ(client.requests_made(), 2U) << "the challenge counts as a request";
}

TEST(HttpClient, BasicOrDigestTakesDigestWhenOffered) {
  HttpTestServer server(digest_server);
  HttpOptions options = basic_options();
  options.auth = HttpOptions::Auth::BasicOrDigest;
  HttpClient client(options);
  HttpRequest put;
  put.method = "PUT";
  put.url = server.url("/cal/a.ics");
  put.body = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  EXPECT_EQ(client.perform(put).status, 201);
  expect_digest_answer(server, put.body);
}

TEST(HttpClient, BasicOrDigestAsksOnceThenAnswersAtOnce) {
  // libcurl keeps the scheme it picked on the handle: later requests carry credentials at once.
  for (const std::string challenge : {"Basic realm=\"dav\"", "Digest realm=\"dav\", nonce=\"bm9uY2U\", qop=\"auth\""}) {
    HttpTestServer server([&challenge](const ReceivedRequest& request, TestConnection& connection) {
      if (request.has_header("Authorization"))
        connection.send(http_reply(200, "OK"));
      else
        connection.send(http_reply(401, "Unauthorized", {{"WWW-Authenticate", challenge}}));
    });
    HttpOptions options = basic_options();
    options.auth = HttpOptions::Auth::BasicOrDigest;
    HttpClient client(options);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(client.perform(get(server.url("/" + std::to_string(i)))).status, 200);
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 4U) << challenge;
    EXPECT_FALSE(requests[0].has_header("Authorization"));
    const std::string scheme = challenge.substr(0, challenge.find(' '));
    for (std::size_t i = 1; i < requests.size(); ++i)
      EXPECT_TRUE(requests[i].header("Authorization").starts_with(scheme + " ")) << requests[i].header("Authorization");
    EXPECT_EQ(client.requests_made(), 4U);
  }
}

TEST(HttpClient, BearerTokenIsSentAsAuthorizationHeader) {
  HttpTestServer server(reply_ok);
  HttpClient client(bearer_options());
  client.perform(get(server.url("/")));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].header("Authorization"), std::string("Bearer ") + kToken);
}

// ---- redirects ------------------------------------------------------------------------------------

// Redirects "/from" to `location`, answers anything else with 200 "landed".
testing::TestHandler redirecting_to(std::string location, int status = 301) {
  return [location = std::move(location), status](const ReceivedRequest& request, TestConnection& connection) {
    if (request.target == "/from")
      connection.send(http_reply(status, "Moved", {{"Location", location}}));
    else
      connection.send(http_reply(200, "OK", {}, "landed"));
  };
}

TEST(HttpClient, RedirectWithinTheOriginKeepsMethodBodyAndCredentials) {
  for (const int status : {301, 302, 303, 307, 308}) {
    HttpTestServer server(redirecting_to("/to", status));
    HttpClient client(basic_options());
    HttpRequest request;
    request.method = "PROPFIND";
    request.url = server.url("/from");
    request.headers = {{"Depth", "0"}};
    request.body = "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>";
    const HttpResponse response = client.perform(request);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "landed");
    EXPECT_EQ(response.effective_url, server.url("/to"));
    EXPECT_EQ(client.requests_made(), 2U);

    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 2U);
    EXPECT_EQ(requests[1].target, "/to") << status;
    EXPECT_EQ(requests[1].method, "PROPFIND") << status;
    EXPECT_EQ(requests[1].body, request.body) << status;
    EXPECT_EQ(requests[1].header("Depth"), "0") << status;
    EXPECT_EQ(requests[1].header("Authorization"), kBasicHeader) << status;
  }
}

TEST(HttpClient, RedirectToAnotherPortCarriesNoCredentials) {
  for (const HttpOptions& options : {basic_options(), bearer_options()}) {
    HttpTestServer other(reply_ok);
    HttpTestServer server(redirecting_to(other.url("/landed")));
    HttpClient client(options);
    HttpRequest request = get(server.url("/from"));
    request.headers = {{"Cookie", "session=abc"}, {"Depth", "1"}};
    EXPECT_EQ(client.perform(request).status, 200);

    ASSERT_EQ(server.requests().size(), 1U);
    EXPECT_TRUE(server.requests()[0].has_header("Authorization"));
    const auto landed = other.requests();
    ASSERT_EQ(landed.size(), 1U);
    EXPECT_FALSE(landed[0].has_header("Authorization")) << landed[0].header("Authorization");
    EXPECT_FALSE(landed[0].has_header("Cookie"));
    EXPECT_EQ(landed[0].header("Depth"), "1") << "other headers still go";
  }
}

// A server's answer may name a URL on another host (a calendar-home-set, an href): with the configured
// URL as the credential origin, a request made there directly carries no credentials either.
TEST(HttpClient, RequestsOutsideTheCredentialOriginCarryNoCredentials) {
  for (HttpOptions options : {basic_options(), bearer_options()}) {
    HttpTestServer configured(reply_ok);
    HttpTestServer elsewhere(reply_ok);
    options.credential_origin = configured.url("/dav/");
    HttpClient client(options);
    EXPECT_EQ(client.perform(get(configured.url("/dav/calendars/"))).status, 200);
    EXPECT_EQ(client.perform(get(elsewhere.url("/dav/calendars/"))).status, 200);
    ASSERT_EQ(configured.requests().size(), 1U);
    EXPECT_TRUE(configured.requests()[0].has_header("Authorization"));
    ASSERT_EQ(elsewhere.requests().size(), 1U);
    EXPECT_FALSE(elsewhere.requests()[0].has_header("Authorization")) << elsewhere.requests()[0].header("Authorization");
  }
}

TEST(HttpClient, RedirectToAnotherHostNameCarriesNoCredentials) {
  // 127.0.0.1 and localhost are the same server to the network, different hosts to the client.
  for (const HttpOptions& options : {basic_options(), bearer_options()}) {
    int port = 0;
    HttpTestServer server([&port](const ReceivedRequest& request, TestConnection& connection) {
      if (request.target == "/from")
        connection.send(
            http_reply(307, "Temporary Redirect", {{"Location", "http://localhost:" + std::to_string(port) + "/x"}}));
      else
        connection.send(http_reply(200, "OK"));
    });
    port = server.port();
    HttpClient client(options);
    EXPECT_EQ(client.perform(get(server.url("/from"))).status, 200);
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 2U);
    EXPECT_TRUE(requests[0].has_header("Authorization"));
    EXPECT_EQ(requests[1].header("Host"), "localhost:" + std::to_string(port));
    EXPECT_FALSE(requests[1].has_header("Authorization")) << requests[1].header("Authorization");
  }
}

TEST(HttpClient, CredentialsGoAgainWhenARedirectComesBackToTheOrigin) {
  int origin_port = 0;
  HttpTestServer other([&origin_port](const ReceivedRequest&, TestConnection& connection) {
    const std::string back = "http://127.0.0.1:" + std::to_string(origin_port) + "/back";
    connection.send(http_reply(302, "Found", {{"Location", back}}));
  });
  HttpTestServer origin(redirecting_to(other.url("/away")));
  origin_port = origin.port();
  HttpClient client(basic_options());
  EXPECT_EQ(client.perform(get(origin.url("/from"))).body, "landed");
  ASSERT_EQ(other.requests().size(), 1U);
  EXPECT_FALSE(other.requests()[0].has_header("Authorization"));
  const auto at_origin = origin.requests();
  ASSERT_EQ(at_origin.size(), 2U);
  EXPECT_EQ(at_origin[1].header("Authorization"), kBasicHeader);
}

TEST(HttpClient, RedirectLoopsEndAfterMaxRedirects) {
  HttpTestServer server(redirecting_to("/from", 302));
  HttpOptions options = basic_options();
  options.max_redirects = 3;
  HttpClient client(options);
  const std::string message = message_of<HttpError>([&] { client.perform(get(server.url("/from"))); });
  EXPECT_NE(message.find("more than 3 redirects"), std::string::npos) << message;
  EXPECT_EQ(server.requests().size(), 4U);
  expect_no_secrets(message);
}

TEST(HttpClient, RedirectWithoutLocationIsReturned) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(302, "Found", {}, "nowhere"));
  });
  HttpClient client(quick_options());
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 302);
}

TEST(HttpClient, RedirectToOtherSchemesIsRefused) {
  HttpTestServer server(redirecting_to("file:///etc/passwd"));
  HttpClient client(quick_options());
  EXPECT_EQ(http_error_reason([&] { client.perform(get(server.url("/from"))); }), HttpError::Reason::RedirectRefused);
}

// ---- TLS ------------------------------------------------------------------------------------------

class HttpClientTls : public ::testing::Test {
 protected:
  // One server for the suite: making a certificate and starting python3 takes a moment.
  static void SetUpTestSuite() {
    server_ = std::make_unique<testing::HttpsTestServer>();
    if (const auto problem = testing::HttpsTestServer::start(*server_)) {
      problem_ = *problem;
      server_.reset();
    }
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    // openssl and python3 are installed by the test command: a missing TLS server is a failure.
    ASSERT_TRUE(server_) << problem_;
  }

  static std::unique_ptr<testing::HttpsTestServer> server_;
  static std::string problem_;
};
std::unique_ptr<testing::HttpsTestServer> HttpClientTls::server_;
std::string HttpClientTls::problem_;

TEST_F(HttpClientTls, UntrustedCertificateIsAnErrorNotTransient) {
  HttpClient client(basic_options());
  try {
    client.perform(get(server_->url("/")));
    FAIL() << "a self-signed certificate was accepted";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.reason(), HttpError::Reason::TlsVerification);
    EXPECT_NE(std::string(error.what()).find("ca_file"), std::string::npos) << error.what();
    expect_no_secrets(error.what());
  }
}

TEST_F(HttpClientTls, CaFileMakesTheServerTrusted) {
  HttpOptions options = basic_options();
  options.ca_file = server_->certificate().string();
  HttpClient client(options);
  EXPECT_EQ(client.perform(get(server_->url("/"))).body, "tls ok");
}

TEST_F(HttpClientTls, InsecureSkipsVerification) {
  HttpOptions options = quick_options();
  options.insecure = true;
  HttpClient client(options);
  EXPECT_EQ(client.perform(get(server_->url("/"))).body, "tls ok");
}

TEST_F(HttpClientTls, UnreadableCaFileIsAnError) {
  HttpOptions options = quick_options();
  options.ca_file = "/nonexistent/ca.pem";
  HttpClient client(options);
  EXPECT_EQ(http_error_reason([&] { client.perform(get(server_->url("/"))); }), HttpError::Reason::TlsVerification);
}

TEST_F(HttpClientTls, RedirectFromHttpsToHttpIsRefused) {
  HttpTestServer plain(reply_ok);
  HttpOptions options = basic_options();
  options.ca_file = server_->certificate().string();
  HttpClient client(options);
  const std::string message = message_of<HttpError>(
      [&] { client.perform(get(server_->url("/to-http/" + std::to_string(plain.port())))); });
  EXPECT_NE(message.find("from https to http refused"), std::string::npos) << message;
  EXPECT_TRUE(plain.requests().empty());
  expect_no_secrets(message);
}

// ---- Basic first, then Digest (auth = auto) ---------------------------------------------------------

HttpOptions basic_then_digest_options() {
  HttpOptions options = basic_options();
  options.auth = HttpOptions::Auth::BasicThenDigest;
  return options;
}

constexpr const char* kDigestChallenge = "Digest realm=\"dav\", nonce=\"bm9uY2U\", qop=\"auth\", algorithm=MD5";

// Wants Digest only (Baikal set to Digest, Apache's mod_auth_digest): a Digest answer gets 200 or, with
// `accept` false, 401 again; anything else (no Authorization, Basic) gets the Digest challenge.
testing::TestHandler digest_only_server(bool accept = true) {
  return [accept](const ReceivedRequest& request, TestConnection& connection) {
    if (accept && request.header("Authorization").starts_with("Digest ")) {
      connection.send(http_reply(200, "OK", {}, "ok"));
      return;
    }
    connection.send(http_reply(401, "Unauthorized", {{"WWW-Authenticate", kDigestChallenge}}, "login"));
  };
}

std::string scheme_sent(const ReceivedRequest& request) {
  const std::string answer = request.header("Authorization");
  return answer.empty() ? "none" : answer.substr(0, answer.find(' '));
}

std::vector<std::string> schemes_sent(const HttpTestServer& server) {
  std::vector<std::string> schemes;
  for (const auto& request : server.requests()) schemes.push_back(scheme_sent(request));
  return schemes;
}

TEST(HttpClient, BasicThenDigestSendsBasicWithTheFirstRequest) {
  HttpTestServer server(reply_ok);  // Yahoo: never a challenge (CALDAV-NOTES §5.1)
  HttpClient client(basic_then_digest_options());
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 200);
  EXPECT_EQ(client.perform(get(server.url("/again"))).status, 200);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  for (const auto& request : requests) EXPECT_EQ(request.header("Authorization"), kBasicHeader);
}

TEST(HttpClient, BasicThenDigestSwitchesToDigestForTheRestOfTheRun) {
  HttpTestServer server(digest_only_server());
  HttpClient client(basic_then_digest_options());
  HttpRequest put;
  put.method = "PUT";
  put.url = server.url("/cal/a.ics");
  put.body = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  const HttpResponse response = client.perform(put);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ok") << "the challenge's body is not the response's";

  // Basic first (as for Yahoo), then Digest answering the challenge that refused it: libcurl keeps the
  // challenge, so no probe in between.
  auto requests = server.requests();
  ASSERT_EQ(schemes_sent(server), (std::vector<std::string>{"Basic", "Digest"}));
  EXPECT_NE(requests[1].header("Authorization").find("username=\"user\""), std::string::npos);
  EXPECT_NE(requests[1].header("Authorization").find("nonce=\"bm9uY2U\""), std::string::npos);
  EXPECT_EQ(requests[1].method, "PUT");
  EXPECT_EQ(requests[1].body, put.body) << "the body is sent again with Digest";
  EXPECT_EQ(client.requests_made(), 2U);

  // Later requests answer with Digest at once: no Basic again, no challenge round trip.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.perform(get(server.url("/" + std::to_string(i)))).status, 200);
  EXPECT_EQ(schemes_sent(server), (std::vector<std::string>{"Basic", "Digest", "Digest", "Digest", "Digest"}));
  requests = server.requests();
  for (std::size_t i = 1; i < requests.size(); ++i) expect_no_secrets(requests[i].header("Authorization"));
  EXPECT_EQ(client.requests_made(), 5U);
}

TEST(HttpClient, BasicThenDigestAcceptsARefusedBasicWhenBasicWasOffered) {
  // Basic offered (beside Digest, or beside iCloud's own scheme): the refusal is about the password, and
  // asking again, with whatever scheme, only gets Nextcloud to throttle (CALDAV-NOTES §4.2, §5.2).
  const std::vector<HttpHeaders> challenges = {
      {{"WWW-Authenticate", "Basic realm=\"dav\""}},
      {{"WWW-Authenticate", std::string(kDigestChallenge) + ", Basic realm=\"dav\""}},
      {{"WWW-Authenticate", kDigestChallenge}, {"WWW-Authenticate", "Basic realm=\"dav\""}},
      {{"WWW-Authenticate", "X-MobileMe-AuthToken realm=\"Newcastle\", Basic realm=\"Newcastle\""}},
      {},  // no challenge at all
  };
  for (const auto& challenge : challenges) {
    HttpTestServer server([&challenge](const ReceivedRequest&, TestConnection& connection) {
      connection.send(http_reply(401, "Unauthorized", challenge));
    });
    HttpClient client(basic_then_digest_options());
    EXPECT_EQ(client.perform(get(server.url("/"))).status, 401);
    EXPECT_EQ(schemes_sent(server), std::vector<std::string>{"Basic"}) << ::testing::PrintToString(challenge);
    EXPECT_EQ(client.perform(get(server.url("/next"))).status, 401);
    EXPECT_EQ(schemes_sent(server), (std::vector<std::string>{"Basic", "Basic"})) << "still Basic";
  }
}

TEST(HttpClient, BasicThenDigestDoesNotInsistWhenDigestIsRefusedToo) {
  HttpTestServer server(digest_only_server(false));
  HttpClient client(basic_then_digest_options());
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 401);
  EXPECT_EQ(schemes_sent(server), (std::vector<std::string>{"Basic", "Digest"})) << "one change, no loop";
  EXPECT_EQ(client.requests_made(), 2U);

  // The next request goes with Digest at once (the server wants it). Refused, libcurl answers the fresh
  // challenge once (a nonce may have expired: RFC 7616 §3.3 stale), and the 401 is the answer.
  EXPECT_EQ(client.perform(get(server.url("/next"))).status, 401);
  EXPECT_EQ(schemes_sent(server), (std::vector<std::string>{"Basic", "Digest", "Digest", "Digest"}));
}

TEST(HttpClient, BasicThenDigestSendsNothingToAnotherOrigin) {
  // The Digest challenge comes from where the credentials may not go: nothing to answer it with.
  HttpTestServer other(digest_only_server());
  HttpTestServer server(redirecting_to(other.url("/landed"), 307));
  HttpClient client(basic_then_digest_options());
  EXPECT_EQ(client.perform(get(server.url("/from"))).status, 401);
  EXPECT_EQ(schemes_sent(server), std::vector<std::string>{"Basic"});
  EXPECT_EQ(schemes_sent(other), std::vector<std::string>{"none"});
}

TEST(HttpClient, ChallengesAreReadSchemeByScheme) {
  const auto offered = [](HttpHeaders headers) { return offered_auth_schemes(headers); };
  using Set = std::set<std::string>;
  EXPECT_EQ(offered({{"WWW-Authenticate", kDigestChallenge}}), Set{"digest"});
  EXPECT_EQ(offered({{"www-authenticate", "basic realm=\"a\""}, {"WWW-Authenticate", "DIGEST realm=\"b\""}}),
            (Set{"basic", "digest"}));
  // A comma or a scheme's name inside a quoted realm is not a challenge; nor is a token68 or a parameter
  // spelt with blanks around "=".
  EXPECT_EQ(offered({{"WWW-Authenticate", "Digest realm=\"Sales, Basic \\\"x\\\" dept\", nonce = \"n\""}}),
            Set{"digest"});
  EXPECT_EQ(offered({{"WWW-Authenticate", "Newauth abc==, X-MobileMe-AuthToken realm=\"N\",Basic"}}),
            (Set{"newauth", "x-mobileme-authtoken", "basic"}));
  EXPECT_EQ(offered({{"WWW-Authenticate", ""}, {"Proxy-Authenticate", "Basic"}}), Set{});
}

// ---- requests by method -----------------------------------------------------------------------------

TEST(HttpClient, RequestsAreCountedByMethodLikeRequestsMade) {
  HttpTestServer server([](const ReceivedRequest& request, TestConnection& connection) {
    if (request.target == "/from")
      connection.send(http_reply(301, "Moved", {{"Location", "/to"}}));
    else if (request.method == "PUT")
      digest_server(request, connection);
    else if (request.target == "/huge")
      connection.send(http_reply(200, "OK", {}, std::string(4096, 'x')));
    else
      connection.send(http_reply(207, "Multi-Status"));
  });
  HttpOptions options = basic_options();
  options.auth = HttpOptions::Auth::BasicOrDigest;  // every request probes, then answers: two each
  options.max_response_bytes = 2048;
  HttpClient client(options);
  EXPECT_TRUE(client.requests_by_method().empty());

  HttpRequest propfind = get(server.url("/from"));
  propfind.method = "PROPFIND";
  propfind.body = "<x/>";
  client.perform(propfind);  // redirect hop and target
  HttpRequest put = get(server.url("/cal/a.ics"));
  put.method = "PUT";
  put.body = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  client.perform(put);
  EXPECT_EQ(http_error_reason([&] { client.perform(get(server.url("/huge"))); }), HttpError::Reason::ResponseTooLarge);

  const auto by_method = client.requests_by_method();
  std::size_t sum = 0;
  for (const auto& [method, count] : by_method) sum += count;
  EXPECT_EQ(sum, client.requests_made()) << ::testing::PrintToString(by_method);
  std::map<std::string, std::size_t> sent;
  for (const auto& request : server.requests()) ++sent[request.method];
  EXPECT_EQ(by_method, sent) << "each hop and each authentication round trip, and the response cut off";
  EXPECT_GE(by_method.at("PROPFIND"), 2U);
  EXPECT_EQ(by_method.at("PUT"), 2U);
  EXPECT_GE(by_method.at("GET"), 1U);
}

TEST(HttpClient, RequestsByMethodLeavesOutWhatNeverGotAnAnswer) {
  HttpClient client(quick_options());
  EXPECT_THROW(client.perform(get("http://127.0.0.1:" + std::to_string(testing::unused_port()) + "/")), Transient);
  EXPECT_TRUE(client.requests_by_method().empty());
  EXPECT_EQ(client.requests_made(), 0U);
}

// ---- credential domain (iCloud's partition hosts) ---------------------------------------------------

TEST(HttpClient, CredentialDomainCoversItsHttpsHostsOnly) {
  const auto may = [](const char* from, const char* to, const char* domain = "icloud.com") {
    return may_carry_credentials(from, to, domain);
  };
  EXPECT_TRUE(may("https://caldav.icloud.com/", "https://p42-caldav.icloud.com/123/calendars/"));
  EXPECT_TRUE(may("https://caldav.icloud.com/", "https://icloud.com/"));
  EXPECT_TRUE(may("https://caldav.icloud.com/", "https://P42-CALDAV.iCloud.com:8443/x"));
  EXPECT_TRUE(may("https://caldav.icloud.com/", "https://p1.caldav.icloud.com/", ".icloud.com."));
  EXPECT_FALSE(may("https://caldav.icloud.com/", "http://p42-caldav.icloud.com/")) << "never in clear text";
  EXPECT_FALSE(may("https://caldav.icloud.com/", "https://evilicloud.com/")) << "a suffix, not a subdomain";
  EXPECT_FALSE(may("https://caldav.icloud.com/", "https://icloud.com.evil.example/"));
  EXPECT_FALSE(may("https://caldav.icloud.com/", "https://p42-caldav.icloud.com/", ""));
  EXPECT_FALSE(may("https://caldav.icloud.com/", "https://1.2.3.4/", "3.4")) << "an address has no domain";
  EXPECT_FALSE(may("https://caldav.icloud.com/", "https://[::1]/", "1]"));
  EXPECT_FALSE(may("https://caldav.icloud.com/", "file:///etc/passwd"));
  // The request's own origin always, and nothing else of it without the domain.
  EXPECT_TRUE(may("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b", ""));
  EXPECT_FALSE(may("http://127.0.0.1:8080/a", "http://127.0.0.1:8081/b", ""));
  EXPECT_FALSE(may("https://host.example/a", "http://host.example/b", "host.example"));
}

// An HTTPS server on 127.0.0.1 whose certificate names both 127.0.0.1 and localhost (two hosts, one
// server): "/redirect/<URL>" answers 307 to <URL>, anything else 200 with the Authorization it got.
class HeaderEchoTlsServer {
 public:
  HeaderEchoTlsServer() {
    const auto& dir = dir_.path();
    cert_ = dir / "cert.pem";
    const std::string make_cert =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost"
        " -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" + (dir / "key.pem").string() + "' -out '" +
        cert_.string() + "' >/dev/null 2>&1";
    if (std::system(make_cert.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
    testing::write_file(dir / "server.py", kScript);
    const std::string command = "exec python3 '" + (dir / "server.py").string() + "' '" + cert_.string() + "' '" +
                                (dir / "key.pem").string() + "' 2>/dev/null";
    // The server ends when its standard input closes: when this object closes the pipe.
    int to_server[2], from_server[2];
    if (::pipe(to_server) != 0 || ::pipe(from_server) != 0) throw std::runtime_error("pipe() failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_server[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_server[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, to_server[1]);
    posix_spawn_file_actions_addclose(&actions, from_server[0]);
    const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
    const int spawned = ::posix_spawn(&pid_, "/bin/sh", &actions, nullptr, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_server[0]);
    ::close(from_server[1]);
    stdin_fd_ = to_server[1];
    if (spawned != 0) {
      ::close(from_server[0]);
      pid_ = -1;
      throw std::runtime_error("sh could not be started");
    }
    FILE* port_line = ::fdopen(from_server[0], "r");
    if (!port_line || std::fscanf(port_line, "%d", &port_) != 1) port_ = 0;
    if (port_line) std::fclose(port_line);
    if (port_ == 0) throw std::runtime_error("the python3 HTTPS server did not start");
  }
  ~HeaderEchoTlsServer() {
    ::close(stdin_fd_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  HeaderEchoTlsServer(const HeaderEchoTlsServer&) = delete;
  HeaderEchoTlsServer& operator=(const HeaderEchoTlsServer&) = delete;

  std::string url(const std::string& host, const std::string& path) const {
    return "https://" + host + ":" + std::to_string(port_) + path;
  }
  const std::filesystem::path& certificate() const { return cert_; }

 private:
  static constexpr const char* kScript = R"(import http.server, ssl, sys, threading, os
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        if self.path.startswith("/redirect/"):
            self.send_response(307)
            self.send_header("Location", self.path[len("/redirect/"):])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = ("authorization=" + self.headers.get("Authorization", "none")).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
print(server.server_address[1], flush=True)
sys.stdin.read()
os._exit(0)
)";

  testing::TempDir dir_;
  std::filesystem::path cert_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int port_ = 0;
};

TEST(HttpClient, CredentialDomainLetsCredentialsFollowARedirectToItsHttpsHosts) {
  HeaderEchoTlsServer server;
  for (HttpOptions options : {basic_options(), bearer_options()}) {
    options.ca_file = server.certificate().string();
    const std::string sent = options.auth == HttpOptions::Auth::Bearer ? std::string("Bearer ") + kToken
                                                                       : std::string(kBasicHeader);
    const std::string to_localhost = server.url("127.0.0.1", "/redirect/" + server.url("localhost", "/landed"));

    // Without a domain, "localhost" is another origin than "127.0.0.1" (the same server, another host).
    HttpClient same_origin_only(options);
    const HttpResponse kept = same_origin_only.perform(get(to_localhost));
    EXPECT_EQ(kept.status, 200);
    EXPECT_EQ(kept.effective_url, server.url("localhost", "/landed"));
    EXPECT_EQ(kept.body, "authorization=none");

    options.credential_domain = "localhost";
    HttpClient with_domain(options);
    EXPECT_EQ(with_domain.perform(get(to_localhost)).body, "authorization=" + sent);
    EXPECT_EQ(with_domain.perform(get(server.url("127.0.0.1", "/direct"))).body, "authorization=" + sent)
        << "the request's own origin, as ever";
    // Back to the address: not in the domain.
    EXPECT_EQ(with_domain.perform(get(server.url("localhost", "/redirect/" + server.url("127.0.0.1", "/back")))).body,
              "authorization=none");
  }
}

TEST(HttpClient, CredentialDomainNeverSendsCredentialsOverHttp) {
  // http://127.0.0.1 to http://localhost, with "localhost" the domain: in the domain, but in clear text.
  for (HttpOptions options : {basic_options(), bearer_options()}) {
    options.credential_domain = "localhost";
    int port = 0;
    HttpTestServer server([&port](const ReceivedRequest& request, TestConnection& connection) {
      if (request.target == "/from")
        connection.send(http_reply(302, "Found", {{"Location", "http://localhost:" + std::to_string(port) + "/x"}}));
      else
        connection.send(http_reply(200, "OK"));
    });
    port = server.port();
    HttpClient client(options);
    EXPECT_EQ(client.perform(get(server.url("/from"))).status, 200);
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 2U);
    EXPECT_TRUE(requests[0].has_header("Authorization")) << "the request's own origin";
    EXPECT_EQ(requests[1].header("Host"), "localhost:" + std::to_string(port));
    EXPECT_FALSE(requests[1].has_header("Authorization")) << requests[1].header("Authorization");
  }
}

// ---- retries (issue #6) ------------------------------------------------------------------------------

// A server answering `status` (with `headers`) to the first `failing` requests and 200 "ok" to the rest.
testing::TestHandler failing_first(std::size_t failing, int status, HttpHeaders headers = {}) {
  auto seen = std::make_shared<std::atomic<std::size_t>>(0);
  return [=](const ReceivedRequest&, TestConnection& connection) {
    if (seen->fetch_add(1) < failing)
      connection.send(http_reply(status, "Trouble", headers, "later"));
    else
      connection.send(http_reply(200, "OK", {}, "ok"));
  };
}

using Arrivals = std::vector<std::chrono::steady_clock::time_point>;

// A copy of the times the server saw requests arrive, taken under its lock.
Arrivals arrival_times(std::mutex& mutex, const Arrivals& times) {
  const std::lock_guard lock(mutex);
  return times;
}

TEST(HttpClient, RetriesByDefaultTwiceAfterHalfASecondThenASecondWithinACap) {
  const HttpOptions options;
  EXPECT_EQ(options.retries, 2);
  EXPECT_EQ(options.retry_backoff, 500ms);
  EXPECT_EQ(options.max_retry_wait, 10s);
}

TEST(HttpClient, StatusesThatMayPassAreTriedAgainThenReturned) {
  for (const int status : {429, 500, 502, 503, 504}) {
    HttpTestServer server(failing_first(100, status));
    std::vector<HttpLogEntry> log;
    HttpOptions options = retrying_options();
    options.log = [&log](const HttpLogEntry& entry) { log.push_back(entry); };
    HttpClient client(options);
    HttpRequest request{"PROPFIND", server.url("/cal/"), {{"Depth", "1"}}, "<propfind/>"};
    EXPECT_EQ(client.perform(request).status, status);
    EXPECT_EQ(server.requests().size(), 3u) << status;
    EXPECT_EQ(client.requests_made(), 3u) << status;
    EXPECT_EQ(client.requests_by_method().at("PROPFIND"), 3u) << status;
    ASSERT_EQ(log.size(), 3u) << "each try is logged: " << status;
    for (const auto& entry : log) EXPECT_EQ(entry.status, status);
    for (const auto& sent : server.requests()) {
      EXPECT_EQ(sent.body, "<propfind/>");
      EXPECT_EQ(sent.header("Depth"), "1");
    }
  }
}

TEST(HttpClient, AWriteThatPassesOnTheSecondTryIsSentAgainAsItWas) {
  HttpTestServer server(failing_first(1, 503));
  HttpClient client(retrying_options());
  const HttpRequest put{"PUT", server.url("/cal/a.ics"), {{"If-Match", "\"v1\""}, {"Content-Type", "text/calendar"}},
                        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"};
  const HttpResponse response = client.perform(put);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ok");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& sent : requests) {
    EXPECT_EQ(sent.method, "PUT");
    EXPECT_EQ(sent.header("If-Match"), "\"v1\"") << "the write stays conditional when repeated";
    EXPECT_EQ(sent.body, put.body);
  }
}

TEST(HttpClient, OtherStatusesAreAnswersAndNeverRetried) {
  for (const int status : {400, 401, 403, 404, 405, 409, 412, 413, 501, 505}) {
    HttpTestServer server(failing_first(100, status));
    HttpClient client(retrying_options());
    EXPECT_EQ(client.perform(get(server.url("/"))).status, status);
    EXPECT_EQ(server.requests().size(), 1u) << status;
  }
}

TEST(HttpClient, RefusedCredentialsAreNotRetried) {
  // No retry storm: Nextcloud throttles a client that keeps sending refused credentials.
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(401, "Unauthorized", {{"WWW-Authenticate", "Basic realm=\"dav\""}}));
  });
  HttpOptions options = retrying_options();
  options.auth = HttpOptions::Auth::Basic;
  options.username = "user";
  options.password = kPassword;
  HttpClient client(options);
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 401);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpClient, NoRetriesMeansOneTry) {
  HttpTestServer server(failing_first(100, 503));
  HttpClient client(quick_options());
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 503);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpClient, BackoffDoublesBetweenTries) {
  std::mutex mutex;
  Arrivals times;
  HttpTestServer server([&](const ReceivedRequest&, TestConnection& connection) {
    {
      const std::lock_guard lock(mutex);
      times.push_back(std::chrono::steady_clock::now());
    }
    connection.send(http_reply(502, "Bad Gateway"));
  });
  HttpOptions options = retrying_options();
  options.retry_backoff = 200ms;
  HttpClient client(options);
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 502);
  const auto seen = arrival_times(mutex, times);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_GE(seen[1] - seen[0], 200ms);
  EXPECT_GE(seen[2] - seen[1], 400ms);
  EXPECT_LT(seen[2] - seen[0], 2s);
}

TEST(HttpClient, RetryAfterInSecondsIsWaitedFor) {
  std::mutex mutex;
  Arrivals times;
  HttpTestServer server([&](const ReceivedRequest&, TestConnection& connection) {
    std::size_t seen;
    {
      const std::lock_guard lock(mutex);
      times.push_back(std::chrono::steady_clock::now());
      seen = times.size();
    }
    connection.send(seen == 1 ? http_reply(429, "Too Many Requests", {{"Retry-After", "1"}})
                              : http_reply(200, "OK", {}, "ok"));
  });
  HttpClient client(retrying_options());  // its own backoff would be 20 ms
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 200);
  const auto seen = arrival_times(mutex, times);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_GE(seen[1] - seen[0], 1s);
  EXPECT_LT(seen[1] - seen[0], 3s);
}

// An IMF-fixdate (RFC 9110 §5.6.7) `ahead` from now.
std::string http_date_in(std::chrono::seconds ahead) {
  const std::time_t when = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + ahead);
  std::tm parts{};
  gmtime_r(&when, &parts);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return text;
}

TEST(HttpClient, RetryAfterAsAnHttpDateIsWaitedFor) {
  std::mutex mutex;
  Arrivals times;
  HttpTestServer server([&](const ReceivedRequest&, TestConnection& connection) {
    std::size_t seen;
    {
      const std::lock_guard lock(mutex);
      times.push_back(std::chrono::steady_clock::now());
      seen = times.size();
    }
    // Whole seconds: 2 s ahead is more than 1 s ahead however the clock's fraction falls.
    connection.send(seen == 1 ? http_reply(503, "Service Unavailable", {{"Retry-After", http_date_in(2s)}})
                              : http_reply(200, "OK", {}, "ok"));
  });
  HttpClient client(retrying_options());
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 200);
  const auto seen = arrival_times(mutex, times);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_GE(seen[1] - seen[0], 900ms);
  EXPECT_LT(seen[1] - seen[0], 4s);
}

TEST(HttpClient, RetryAfterBeyondTheCapIsReturnedAtOnce) {
  for (const std::string& wait : {std::string("120"), http_date_in(1h), std::string("99999999999999999999")}) {
    HttpTestServer server(failing_first(100, 503, {{"Retry-After", wait}}));
    HttpClient client(retrying_options());  // max_retry_wait: 10 s
    const auto start = std::chrono::steady_clock::now();
    const HttpResponse response = client.perform(get(server.url("/")));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s) << wait;
    EXPECT_EQ(response.status, 503);
    EXPECT_EQ(response.header("Retry-After"), wait) << "the caller can still read it";
    EXPECT_EQ(server.requests().size(), 1u) << wait;
  }
}

TEST(HttpClient, UnreadableRetryAfterFallsBackToTheBackoff) {
  HttpTestServer server(failing_first(1, 503, {{"Retry-After", "soon"}}));
  HttpClient client(retrying_options());
  EXPECT_EQ(client.perform(get(server.url("/"))).status, 200);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(HttpClient, WaitsCountWithinTheTotalTimeout) {
  {
    // A Retry-After within the cap, but past the deadline: that answer is returned at once.
    HttpTestServer server(failing_first(100, 503, {{"Retry-After", "3"}}));
    HttpOptions options = retrying_options();
    options.total_timeout = 1s;
    HttpClient client(options);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(client.perform(get(server.url("/"))).status, 503);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 900ms);
    EXPECT_EQ(server.requests().size(), 1u);
  }
  {
    // Tries at 0 and 400 ms; the next would start at 1200 ms, after the 1 s deadline.
    HttpTestServer server(failing_first(100, 500));
    HttpOptions options = retrying_options();
    options.retries = 5;
    options.retry_backoff = 400ms;
    options.total_timeout = 1s;
    HttpClient client(options);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(client.perform(get(server.url("/"))).status, 500);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    EXPECT_EQ(server.requests().size(), 2u);
  }
}

TEST(HttpClient, NetworkFailuresAreRetriedForEveryMethod) {
  for (const char* method : {"GET", "PROPFIND", "REPORT", "PUT", "DELETE"}) {
    auto seen = std::make_shared<std::atomic<std::size_t>>(0);
    HttpTestServer server([seen](const ReceivedRequest&, TestConnection& connection) {
      // The first request is cut off without an answer (its effect, if any, unknown to the client).
      if (seen->fetch_add(1) == 0)
        connection.close_after_reply();
      else
        connection.send(http_reply(204, "No Content"));
    });
    HttpClient client(retrying_options());
    const HttpRequest request{method, server.url("/cal/a.ics"), {{"If-Match", "\"v1\""}},
                              std::string_view(method) == "PUT" ? "BEGIN:VCALENDAR" : ""};
    EXPECT_EQ(client.perform(request).status, 204) << method;
    EXPECT_EQ(server.requests().size(), 2u) << method;
    EXPECT_EQ(client.requests_made(), 1u) << "the cut-off try got no answer: " << method;
  }
}

TEST(HttpClient, ConnectionRefusedIsTriedAgainThenTransient) {
  const int port = testing::unused_port();
  std::vector<HttpLogEntry> log;
  HttpOptions options = retrying_options();
  options.retry_backoff = 100ms;
  options.log = [&log](const HttpLogEntry& entry) { log.push_back(entry); };
  HttpClient client(options);
  const auto start = std::chrono::steady_clock::now();
  const std::string message =
      message_of<Transient>([&] { client.perform(get("http://127.0.0.1:" + std::to_string(port) + "/dav/")); });
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms) << "100 ms, then 200 ms";
  EXPECT_NE(message.find("could not connect"), std::string::npos) << message;
  ASSERT_EQ(log.size(), 3u);
  for (const auto& entry : log) EXPECT_NE(entry.failure, "");
  EXPECT_EQ(client.requests_made(), 0u);
}

TEST(HttpClient, ATimeoutThatUsedTheTotalTimeoutIsNotRetried) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.wait_for_hangup(10s);
    connection.close_after_reply();
  });
  HttpOptions options = retrying_options();
  options.total_timeout = 800ms;
  HttpClient client(options);
  const auto start = std::chrono::steady_clock::now();
  const std::string message = message_of<Transient>([&] { client.perform(get(server.url("/"))); });
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
  EXPECT_NE(message.find("timed out"), std::string::npos) << message;
  EXPECT_EQ(server.requests().size(), 1u);
}

}  // namespace
}  // namespace followup::sync
