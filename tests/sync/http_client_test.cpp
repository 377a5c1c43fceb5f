// HttpClient against scripted servers on 127.0.0.1 (and a python3 HTTPS server for TLS): statuses are
// data, headers are found whatever their case, one connection serves many requests, the network's
// failures are Transient and come in time, responses are bounded, credentials go to the request's
// origin only, redirects keep method and body and never downgrade to http, and no message holds a secret.
#include "sync/http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "http_test_server.hpp"
#include "http_tls_server.hpp"

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

HttpOptions quick_options() {
  HttpOptions options;
  options.connect_timeout = 2s;
  options.total_timeout = 5s;
  options.low_speed_time = 2s;
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

}  // namespace
}  // namespace followup::sync
