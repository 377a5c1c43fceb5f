// CalDavStorage against a scripted server (http_test_server.hpp): the answers the real test servers
// never give on purpose. Refused credentials, servers in trouble, a 207 to a write, a PUT answer without
// a usable ETag, a multiget that leaves hrefs out or is not XML, an object the server rewrote, and
// Google's PUT that overwrites despite If-None-Match. What the real servers do is the contract suite's
// (storage_contract_test.cpp, caldav_contract_test).
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "http_test_server.hpp"
#include "storage_test_support.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/caldav_storage.hpp"
#include "sync/server_quirks.hpp"

namespace followup::sync {
namespace {

using testing::http_reply;
using testing::HttpTestServer;
using testing::ReceivedRequest;
using testing::TestConnection;

constexpr const char* kHref = "/cal/followup-a.ics";  // href_for("followup-a") in the collection /cal/

const std::string kIcs =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup//test//EN\r\nBEGIN:VTODO\r\nUID:followup-a\r\n"
    "DTSTAMP:20260113T090000Z\r\nSUMMARY:Send a thank-you note\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

// One try per request: these tests count requests to show what the store sends; the HTTP client's
// retries (HttpOptions::retries) have tests below and in http_client_test.cpp.
HttpOptions quick_options() {
  HttpOptions options;
  options.connect_timeout = std::chrono::seconds{2};
  options.total_timeout = std::chrono::seconds{5};
  options.retries = 0;
  return options;
}

// The client's retries as configured by default (two more tries), with a quick backoff.
HttpOptions retrying_options() {
  HttpOptions options = quick_options();
  options.retries = 2;
  options.retry_backoff = std::chrono::milliseconds{10};
  return options;
}

std::string multistatus(const std::string& responses) {
  return R"(<?xml version="1.0" encoding="utf-8"?>)"
         R"(<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)" +
         responses + "</D:multistatus>";
}

std::string etag_response(const std::string& href, const std::string& etag) {
  return "<D:response><D:href>" + href + "</D:href><D:propstat><D:prop><D:getetag>" + etag +
         "</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>";
}

std::string data_response(const std::string& href, const std::string& etag, const std::string& ics) {
  return "<D:response><D:href>" + href + "</D:href><D:propstat><D:prop><D:getetag>" + etag +
         "</D:getetag><C:calendar-data>" + ics +
         "</C:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>";
}

std::string reply_207(const std::string& body) {
  return http_reply(207, "Multi-Status", {{"Content-Type", "application/xml; charset=utf-8"}}, body);
}

// A server that answers each method with the reply given for it, and 418 to anything else (so that an
// unexpected request shows as a BadInput naming it, never as a success).
testing::TestHandler answering(std::map<std::string, std::string> replies) {
  return [replies = std::move(replies)](const ReceivedRequest& request, TestConnection& connection) {
    const auto it = replies.find(request.method);
    connection.send(it != replies.end() ? it->second : http_reply(418, "Unscripted"));
  };
}

std::vector<std::string> methods_of(const HttpTestServer& server) {
  std::vector<std::string> methods;
  for (const auto& request : server.requests()) methods.push_back(request.method + " " + request.target);
  return methods;
}

// Each of the store's operations, once, on the object at kHref.
using Operation = std::function<void(CalDavStorage&)>;
const std::vector<std::pair<std::string, Operation>>& every_operation() {
  static const std::vector<std::pair<std::string, Operation>> operations{
      {"list", [](CalDavStorage& store) { store.list(); }},
      {"get", [](CalDavStorage& store) { store.get({kHref}); }},
      {"create", [](CalDavStorage& store) { store.create("followup-a", kIcs); }},
      {"update", [](CalDavStorage& store) { store.update({kHref, "\"v1\""}, kIcs); }},
      {"remove", [](CalDavStorage& store) { store.remove({kHref, "\"v1\""}); }},
  };
  return operations;
}

// The message of the E that `call` throws (the test fails if it throws nothing or something else).
template <class E, class Call>
std::string message_of(Call call) {
  try {
    call();
  } catch (const E& error) {
    return error.what();
  } catch (const std::exception& other) {
    ADD_FAILURE() << "another error: " << other.what();
    return {};
  }
  ADD_FAILURE() << "nothing thrown";
  return {};
}

// ---- the user has to act: 401, and 403 without a precondition -------------------------------------

TEST(CalDavStorageFaults, UnauthorizedIsAuthErrorForEveryOperationAfterOneRequest) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(401, "Unauthorized", {{"WWW-Authenticate", "Basic realm=\"cal\""}}));
  });
  HttpOptions options = quick_options();
  options.auth = HttpOptions::Auth::Basic;
  options.username = "alice";
  options.password = "wrong";
  HttpClient client(options);
  CalDavStorage store(server.url("/cal/"), client);
  for (const auto& [name, operation] : every_operation()) {
    const std::size_t before = server.requests().size();
    EXPECT_THROW(operation(store), AuthError) << name;
    // Once: asking again with the same password only gets Nextcloud to throttle (CALDAV-NOTES §4.3).
    EXPECT_EQ(server.requests().size(), before + 1) << name;
  }
}

TEST(CalDavStorageFaults, ForbiddenWithoutPreconditionIsAuthError) {
  // An empty body, an HTML page, and Google's empty DAV:error (CALDAV-NOTES §4.1).
  for (const std::string& body : {std::string(), std::string("<html><body>Forbidden</body></html>"),
                                  std::string(R"(<?xml version="1.0"?><D:error xmlns:D="DAV:"/>)")}) {
    HttpTestServer server([&body](const ReceivedRequest&, TestConnection& connection) {
      connection.send(http_reply(403, "Forbidden", {}, body));
    });
    HttpClient client(quick_options());
    CalDavStorage store(server.url("/cal/"), client);
    for (const auto& [name, operation] : every_operation())
      EXPECT_THROW(operation(store), AuthError) << name << " with body '" << body << "'";
  }
}

TEST(CalDavStorageFaults, ForbiddenWithoutPreconditionIsAccessDeniedToThatCalendar) {
  // The credentials were taken, but this user may not do this here (a calendar shared read-only, or
  // not at all): about one calendar, not the account, so a run can go on with the others.
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(403, "Forbidden", {}, "<html><body>Forbidden</body></html>"));
  });
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  for (const auto& [name, operation] : every_operation()) {
    const std::string message = message_of<AccessDenied>([&store, &op = operation] { op(store); });
    EXPECT_NE(message.find("(403)"), std::string::npos) << name << ": " << message;
    EXPECT_NE(message.find("/cal/"), std::string::npos) << name << ": " << message;
  }
  // Still an AuthError for those that catch only that.
  EXPECT_THROW(store.list(), AuthError);
}

TEST(CalDavStorageFaults, UnauthorizedIsAuthErrorButNotAccessDenied) {
  // 401 is about the credentials (RFC 9110 §15.5.2): the whole account, the run stops.
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(401, "Unauthorized", {{"WWW-Authenticate", "Basic realm=\"cal\""}}));
  });
  HttpOptions options = quick_options();
  options.auth = HttpOptions::Auth::Basic;
  options.username = "alice";
  options.password = "wrong";
  HttpClient client(options);
  CalDavStorage store(server.url("/cal/"), client);
  for (const auto& [name, operation] : every_operation()) {
    try {
      operation(store);
      ADD_FAILURE() << name << ": nothing thrown";
    } catch (const AccessDenied& e) {
      ADD_FAILURE() << name << ": a 401 taken for one calendar's refusal: " << e.what();
    } catch (const AuthError& e) {
      EXPECT_NE(std::string(e.what()).find("(401)"), std::string::npos) << name << ": " << e.what();
    }
  }
}

TEST(CalDavStorageFaults, ForbiddenWithUidConflictIsAlreadyExistsNamingTheExistingHref) {
  // Cyrus: 403 unique-scheduling-object-resource with the href (CALDAV-NOTES §3.1 item 8); the RFC 4791
  // precondition may come the same way.
  for (const char* condition : {"C:unique-scheduling-object-resource", "C:no-uid-conflict"}) {
    const std::string body = std::string(R"(<?xml version="1.0"?><D:error xmlns:D="DAV:" )") +
                             R"(xmlns:C="urn:ietf:params:xml:ns:caldav"><)" + condition +
                             "><D:href>/cal/someone-elses-name.ics</D:href></" + condition + "></D:error>";
    HttpTestServer server(
        answering({{"PUT", http_reply(403, "Forbidden", {{"Content-Type", "application/xml"}}, body)}}));
    HttpClient client(quick_options());
    CalDavStorage store(server.url("/cal/"), client);
    const std::string message = message_of<AlreadyExists>([&] { store.create("followup-a", kIcs); });
    EXPECT_NE(message.find("exists at /cal/someone-elses-name.ics"), std::string::npos) << condition << ": " << message;
    EXPECT_EQ(server.requests().size(), 1u) << condition;
  }
}

TEST(CalDavStorageFaults, ForbiddenWithAnotherPreconditionIsBadInputNamingIt) {
  // Cyrus refuses what it can't store with 403 and a precondition: a defect in what we sent, not the
  // user's credentials.
  const std::string body =
      R"(<?xml version="1.0"?><D:error xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)"
      R"(<C:valid-calendar-data/><D:responsedescription>Missing UID</D:responsedescription></D:error>)";
  HttpTestServer server(answering({{"PUT", http_reply(403, "Forbidden", {}, body)}}));
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  const std::string message = message_of<BadInput>([&] { store.create("followup-a", kIcs); });
  EXPECT_EQ(message, "PUT /cal/followup-a.ics: HTTP 403 valid-calendar-data: Missing UID");
}

// ---- may pass: 5xx and 429, retried by the HTTP client only ---------------------------------------

TEST(CalDavStorageFaults, ServerTroubleIsTransientAndNotRetriedByTheStore) {
  for (const int status : {500, 502, 503, 429}) {
    HttpTestServer server([status](const ReceivedRequest&, TestConnection& connection) {
      connection.send(http_reply(status, "Trouble", {{"Retry-After", "120"}}, "try later"));
    });
    HttpClient client(quick_options());
    CalDavStorage store(server.url("/cal/"), client);
    for (const auto& [name, operation] : every_operation()) {
      const std::size_t before = server.requests().size();
      const std::string message = message_of<Transient>([&store, &op = operation] { op(store); });
      EXPECT_NE(message.find("HTTP " + std::to_string(status)), std::string::npos) << name << ": " << message;
      // Retry-After is passed on for the caller to honour, not obeyed by hammering (CALDAV-NOTES §5.6).
      EXPECT_NE(message.find("Retry-After: 120"), std::string::npos) << name << ": " << message;
      EXPECT_EQ(server.requests().size(), before + 1) << status << " " << name;
    }
    EXPECT_EQ(client.requests_made(), every_operation().size()) << status;
  }
}

TEST(CalDavStorageFaults, ServerAskingForLongerThanTheCapIsNotRetried) {
  // Retry-After: 120 is beyond max_retry_wait (10 s): this run does not sleep for it, the next run tries.
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(503, "Trouble", {{"Retry-After", "120"}}, "try later"));
  });
  HttpClient client(retrying_options());
  CalDavStorage store(server.url("/cal/"), client);
  for (const auto& [name, operation] : every_operation()) {
    const std::size_t before = server.requests().size();
    const std::string message = message_of<Transient>([&store, &op = operation] { op(store); });
    EXPECT_NE(message.find("Retry-After: 120"), std::string::npos) << name << ": " << message;
    EXPECT_EQ(server.requests().size(), before + 1) << name;
  }
}

TEST(CalDavStorageFaults, ServerTroubleIsRetriedThenTransientForEveryOperation) {
  for (const int status : {500, 502, 503, 504, 429}) {
    HttpTestServer server([status](const ReceivedRequest&, TestConnection& connection) {
      connection.send(http_reply(status, "Trouble", {}, "try later"));
    });
    HttpClient client(retrying_options());
    CalDavStorage store(server.url("/cal/"), client);
    for (const auto& [name, operation] : every_operation()) {
      const std::size_t before = server.requests().size();
      const std::string message = message_of<Transient>([&store, &op = operation] { op(store); });
      EXPECT_NE(message.find("HTTP " + std::to_string(status)), std::string::npos) << name << ": " << message;
      EXPECT_EQ(server.requests().size(), before + 3) << "one try and two more: " << status << " " << name;
    }
    EXPECT_EQ(client.requests_made(), 3 * every_operation().size()) << status;
  }
}

TEST(CalDavStorageFaults, ServerTroubleThatPassesIsRetriedToSuccessForEveryOperation) {
  // Each method's first request gets a 503, its second the answer that makes the operation succeed.
  const std::map<std::string, std::string> answers{
      {"REPORT", reply_207(multistatus(data_response(kHref, "\"v1\"", kIcs)))},
      {"PROPFIND", reply_207(multistatus(etag_response(kHref, "\"v1\"")))},
      {"PUT", http_reply(201, "Created", {{"ETag", "\"v2\""}})},
      {"DELETE", http_reply(204, "No Content")},
  };
  for (const auto& [name, operation] : every_operation()) {
    std::mutex mutex;
    std::map<std::string, int> seen;
    HttpTestServer server([&](const ReceivedRequest& request, TestConnection& connection) {
      int count = 0;
      {
        const std::lock_guard lock(mutex);
        count = ++seen[request.method];
      }
      const auto answer = answers.find(request.method);
      if (count == 1)
        connection.send(http_reply(503, "Service Unavailable"));
      else
        connection.send(answer != answers.end() ? answer->second : http_reply(418, "Unscripted"));
    });
    HttpClient client(retrying_options());
    CalDavStorage store(server.url("/cal/"), client);
    EXPECT_NO_THROW(operation(store)) << name;
    const auto requests = server.requests();
    ASSERT_GE(requests.size(), 2u) << name;
    EXPECT_EQ(requests[0].method, requests[1].method) << name;
    EXPECT_EQ(requests[0].body, requests[1].body) << "the same request again: " << name;
    for (const char* header : {"If-Match", "If-None-Match", "Depth"})
      EXPECT_EQ(requests[0].header(header), requests[1].header(header)) << header << " " << name;
  }
}

TEST(CalDavStorageFaults, ARepeatedCreateThatHadTakenEffectIsAlreadyThereNotTwice) {
  // The first PUT was stored but its answer was lost: the repeated one is refused by If-None-Match
  // (412), which the store reports, so the caller re-reads instead of writing a second copy.
  std::atomic<int> puts{0};
  HttpTestServer server([&puts](const ReceivedRequest& request, TestConnection& connection) {
    if (request.method == "PUT" && puts.fetch_add(1) == 0)
      connection.close_after_reply();
    else
      connection.send(http_reply(412, "Precondition Failed"));
  });
  HttpClient client(retrying_options());
  CalDavStorage store(server.url("/cal/"), client);
  EXPECT_THROW(store.create("followup-a", kIcs), AlreadyExists);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& request : requests) EXPECT_EQ(request.header("If-None-Match"), "*");
}

// ---- a 207 to a write is never a success ------------------------------------------------------------

TEST(CalDavStorageFaults, MultiStatusToAWriteIsBadInputNamingTheRequest) {
  // Xandikos reports failed PUTs as 207 (CALDAV-NOTES §3.1 item 4); a 207 to DELETE lists what could not
  // be deleted (RFC 4918 §9.6.1).
  const std::string failure = multistatus(
      "<D:response><D:href>/cal/followup-a.ics</D:href><D:status>HTTP/1.1 500 Internal Server Error</D:status>"
      "<D:responsedescription>could not store</D:responsedescription></D:response>");
  HttpTestServer server(answering({{"PUT", reply_207(failure)}, {"DELETE", reply_207(failure)}}));
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  const std::vector<std::pair<std::string, Operation>> writes{
      {"PUT /cal/followup-a.ics: HTTP 207: HTTP 500; could not store",
       [](CalDavStorage& s) { s.create("followup-a", kIcs); }},
      {"PUT /cal/followup-a.ics: HTTP 207: HTTP 500; could not store",
       [](CalDavStorage& s) { s.update({kHref, "\"v1\""}, kIcs); }},
      {"DELETE /cal/followup-a.ics: HTTP 207: HTTP 500; could not store",
       [](CalDavStorage& s) { s.remove({kHref, "\"v1\""}); }},
  };
  for (const auto& [expected, write] : writes) EXPECT_EQ(message_of<BadInput>([&store, &op = write] { op(store); }), expected);
  // No ETag re-read after a "success" that was none.
  EXPECT_EQ(methods_of(server), (std::vector<std::string>{"PUT " + std::string(kHref), "PUT " + std::string(kHref),
                                                          "DELETE " + std::string(kHref)}));
}

TEST(CalDavStorageFaults, MultiStatusToAPutThatIsNotXmlIsBadInputNamingTheRequest) {
  HttpTestServer server(answering({{"PUT", reply_207("<D:multistatus xmlns:D=\"DAV:\"><D:response>")}}));
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  const std::string message = message_of<BadInput>([&] { store.create("followup-a", kIcs); });
  EXPECT_NE(message.find("PUT /cal/followup-a.ics"), std::string::npos) << message;
}

// ---- the ETag after a PUT ----------------------------------------------------------------------------

// A server whose PUT answers `put_reply` and whose PROPFIND Depth 0 gives the object's ETag "\"stored\"".
testing::TestHandler put_then_propfind(std::string put_reply) {
  return [put_reply = std::move(put_reply)](const ReceivedRequest& request, TestConnection& connection) {
    if (request.method == "PUT")
      connection.send(put_reply);
    else if (request.method == "PROPFIND" && request.header("Depth") == "0" && request.target == kHref)
      connection.send(reply_207(multistatus(etag_response(kHref, "\"stored\""))));
    else
      connection.send(http_reply(418, "Unscripted"));
  };
}

TEST(CalDavStorageFaults, PutWithoutEtagIsFollowedByAPropfindForIt) {
  // Google sends no ETag; DAViCal none when it rewrote the object (CALDAV-NOTES §3.1 item 5).
  HttpTestServer server(put_then_propfind(http_reply(201, "Created")));
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  EXPECT_EQ(store.create("followup-a", kIcs), (ItemRef{kHref, "\"stored\""}));
  EXPECT_EQ(store.update({kHref, "\"stored\""}, kIcs), (ItemRef{kHref, "\"stored\""}));
  EXPECT_EQ(methods_of(server), (std::vector<std::string>{"PUT /cal/followup-a.ics", "PROPFIND /cal/followup-a.ics",
                                                          "PUT /cal/followup-a.ics", "PROPFIND /cal/followup-a.ics"}));
}

TEST(CalDavStorageFaults, PutWithAWeakEtagIsFollowedByAPropfindForIt) {
  // RFC 4791 §5.3.4: a weak ETag says the server changed what it stored.
  HttpTestServer server(put_then_propfind(http_reply(204, "No Content", {{"ETag", "W/\"x\""}})));
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  EXPECT_EQ(store.update({kHref, "\"v1\""}, kIcs), (ItemRef{kHref, "\"stored\""}));
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(CalDavStorageFaults, PutWithAStrongEtagNeedsNoOtherRequest) {
  // DAViCal writes "Etag:" (CALDAV-NOTES §1.2).
  HttpTestServer server(put_then_propfind(http_reply(201, "Created", {{"Etag", "\"s1\""}})));
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  EXPECT_EQ(store.create("followup-a", kIcs), (ItemRef{kHref, "\"s1\""}));
  EXPECT_EQ(methods_of(server), std::vector<std::string>{"PUT /cal/followup-a.ics"});
}

// ---- preconditions that no longer hold -------------------------------------------------------------

TEST(CalDavStorageFaults, FailedPreconditionOrMissingObjectIsVersionMismatch) {
  for (const int status : {412, 404, 410}) {
    HttpTestServer server([status](const ReceivedRequest&, TestConnection& connection) {
      connection.send(http_reply(status, "No"));
    });
    HttpClient client(quick_options());
    CalDavStorage store(server.url("/cal/"), client);
    EXPECT_THROW(store.update({kHref, "W/\"v1\""}, kIcs), VersionMismatch) << status;
    EXPECT_THROW(store.remove({kHref, "W/\"v1\""}), VersionMismatch) << status;
    // The ETag went out exactly as the server gave it, W/ and quotes included (CALDAV-NOTES §3.1 item 3).
    for (const auto& request : server.requests()) EXPECT_EQ(request.header("If-Match"), "W/\"v1\"") << status;
  }
}

// ---- reading ---------------------------------------------------------------------------------------

TEST(CalDavStorageFaults, MultigetThatLeavesAnHrefOutGivesTheOthers) {
  // DAViCal leaves unknown hrefs out instead of answering 404 for them (CALDAV-NOTES §2.2).
  HttpTestServer server(answering({{"REPORT", reply_207(multistatus(data_response("/cal/b.ics", "\"b1\"", kIcs)))}}));
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  const auto items = store.get({"/cal/a.ics", "/cal/b.ics"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].ref, (ItemRef{"/cal/b.ics", "\"b1\""}));
  EXPECT_EQ(items[0].ics, kIcs);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_NE(requests[0].body.find("/cal/a.ics"), std::string::npos) << "both asked for: " << requests[0].body;
}

TEST(CalDavStorageFaults, MultigetAnswerThatIsNotXmlIsBadInputNamingTheRequest) {
  HttpTestServer server(answering({{"REPORT", reply_207("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>")}}));
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  const std::string message = message_of<BadInput>([&] { store.get({kHref}); });
  EXPECT_NE(message.find("REPORT /cal/"), std::string::npos) << message;
}

TEST(CalDavStorageFaults, ObjectTheServerRewroteIsReadBackAsTheServerHasIt) {
  // Radicale adds a VTIMEZONE and still answers with a strong ETag; Google rewrites PRODID and DTSTAMP
  // (CALDAV-NOTES §3.1 item 5, §4.1). What was sent is not what is there: the store reports the latter.
  const std::string rewritten =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Server//Rewritten//EN\r\nBEGIN:VTODO\r\nUID:followup-a\r\n"
      "DTSTAMP:20260114T100000Z\r\nSUMMARY:Send a thank-you note\r\nX-SERVER-ADDED:yes\r\nEND:VTODO\r\n"
      "END:VCALENDAR\r\n";
  std::atomic<int> puts{0};
  HttpTestServer server([&](const ReceivedRequest& request, TestConnection& connection) {
    if (request.method == "PUT") {
      ++puts;
      connection.send(http_reply(201, "Created", {{"ETag", "\"r1\""}}));
    } else if (request.method == "REPORT") {
      connection.send(reply_207(multistatus(data_response(kHref, "\"r1\"", rewritten))));
    } else {
      connection.send(http_reply(418, "Unscripted"));
    }
  });
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  const ItemRef ref = store.create("followup-a", kIcs);
  const auto items = store.get({ref.href});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].ref, ref);
  EXPECT_EQ(items[0].ics, rewritten);
  EXPECT_EQ(puts, 1);  // reading never writes
}

// ---- a server that ignores If-None-Match (Google) --------------------------------------------------

// Holds one object at kHref that any PUT overwrites, If-None-Match or not; PROPFIND finds it.
class OverwritingServer {
  std::atomic<bool> occupied_;
  std::atomic<int> puts_{0};

 public:
  explicit OverwritingServer(bool occupied) : occupied_(occupied) {}

  int puts() const { return puts_; }

  // Last, so that it starts after (and stops before) the state its handler uses.
  HttpTestServer server{[this](const ReceivedRequest& request, TestConnection& connection) {
    if (request.method == "PROPFIND" && request.target == kHref) {
      connection.send(occupied_ ? reply_207(multistatus(etag_response(kHref, "\"theirs\"")))
                                : http_reply(404, "Not Found"));
    } else if (request.method == "PUT" && request.target == kHref) {
      occupied_ = true;
      ++puts_;
      connection.send(http_reply(201, "Created"));  // and no ETag, like Google
    } else {
      connection.send(http_reply(418, "Unscripted"));
    }
  }};
};

ServerQuirks google() { return quirks_for({"apidata.googleusercontent.com", "", "", ""}); }

TEST(CalDavStorageFaults, WithoutTheQuirkSuchAServerOverwrites) {
  // What the quirk guards against: the generic store trusts If-None-Match, and this server ignores it.
  OverwritingServer google_like(/*occupied=*/true);
  HttpClient client(quick_options());
  CalDavStorage store(google_like.server.url("/cal/"), client);
  store.create("followup-a", kIcs);
  EXPECT_EQ(google_like.puts(), 1);
  EXPECT_EQ(google_like.server.requests().front().header("If-None-Match"), "*");
}

TEST(CalDavStorageFaults, ServerIgnoringIfNoneMatchIsNotOverwritten) {
  OverwritingServer google_like(/*occupied=*/true);
  HttpClient client(quick_options());
  CalDavStorage store(google_like.server.url("/cal/"), client);
  ASSERT_TRUE(google().ignores_if_none_match);
  store.set_quirks(google());
  const std::string message = message_of<AlreadyExists>([&] { store.create("followup-a", kIcs); });
  EXPECT_NE(message.find("exists at /cal/followup-a.ics"), std::string::npos) << message;
  EXPECT_EQ(google_like.puts(), 0);
  EXPECT_EQ(methods_of(google_like.server), std::vector<std::string>{"PROPFIND /cal/followup-a.ics"});
  EXPECT_EQ(google_like.server.requests().front().header("Depth"), "0");
}

TEST(CalDavStorageFaults, ServerIgnoringIfNoneMatchGetsTheCreateWhenTheHrefIsFree) {
  OverwritingServer google_like(/*occupied=*/false);
  HttpClient client(quick_options());
  CalDavStorage store(google_like.server.url("/cal/"), client);
  store.set_quirks(google());
  EXPECT_EQ(store.create("followup-a", kIcs), (ItemRef{kHref, "\"theirs\""}));  // ETag read after the PUT
  EXPECT_EQ(google_like.puts(), 1);
  EXPECT_EQ(methods_of(google_like.server),
            (std::vector<std::string>{"PROPFIND /cal/followup-a.ics", "PUT /cal/followup-a.ics",
                                      "PROPFIND /cal/followup-a.ics"}));
  // And the second create of the same UID is refused before any PUT.
  EXPECT_THROW(store.create("followup-a", kIcs), AlreadyExists);
  EXPECT_EQ(google_like.puts(), 1);
}

TEST(CalDavStorageFaults, LookBeforeCreateTakesA404InsideA207AsFree) {
  // RFC 4918 §9.1: a server may answer a PROPFIND of a missing resource with a 207 holding a 404.
  HttpTestServer server([](const ReceivedRequest& request, TestConnection& connection) {
    if (request.method == "PROPFIND")
      connection.send(reply_207(multistatus(
          "<D:response><D:href>/cal/followup-a.ics</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>")));
    else
      connection.send(http_reply(201, "Created", {{"ETag", "\"n1\""}}));
  });
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  store.set_quirks(google());
  EXPECT_EQ(store.create("followup-a", kIcs), (ItemRef{kHref, "\"n1\""}));
  EXPECT_EQ(methods_of(server), (std::vector<std::string>{"PROPFIND /cal/followup-a.ics", "PUT /cal/followup-a.ics"}));
}

TEST(CalDavStorageFaults, LookBeforeCreateThatIsRefusedIsAuthError) {
  HttpTestServer server(answering({{"PROPFIND", http_reply(401, "Unauthorized")}}));
  HttpClient client(quick_options());
  CalDavStorage store(server.url("/cal/"), client);
  store.set_quirks(google());
  EXPECT_THROW(store.create("followup-a", kIcs), AuthError);
  EXPECT_EQ(methods_of(server), std::vector<std::string>{"PROPFIND /cal/followup-a.ics"});
}

}  // namespace
}  // namespace followup::sync
