// HttpClient::perform_all() against scripted servers on 127.0.0.1 (issue #7): at most N requests in
// flight and really more than one (the server holds each request until N have arrived, with a deadline
// that fails the test instead of hanging), outcomes in the order of the requests whatever order they
// finish in, a request waiting for its Retry-After leaving its place to the others, redirects and
// credentials decided per request, one request's failure leaving the others alone, and the log entry,
// counts of every exchange and the HTTP version of every response. No timing is asserted: orders and counts are.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http_test_server.hpp"
#include "sync/http_client.hpp"

namespace followup::sync {
namespace {

using namespace std::chrono_literals;
using testing::http_reply;
using testing::HttpTestServer;
using testing::ReceivedRequest;
using testing::TestConnection;

constexpr const char* kBasicHeader = "Basic dXNlcjpzM2NyZXQtUGE1NQ==";  // user:s3cret-Pa55

HttpOptions quick_options() {
  HttpOptions options;
  options.connect_timeout = 2s;
  options.total_timeout = 20s;
  options.low_speed_time = 10s;
  options.retries = 0;
  return options;
}

std::vector<HttpRequest> gets(const HttpTestServer& server, int count) {
  std::vector<HttpRequest> requests;
  for (int i = 0; i < count; ++i) requests.push_back({"GET", server.url("/item/" + std::to_string(i)), {}, {}});
  return requests;
}

// Holds each request until `gate` of them are in the server at once (or until no more can come), so
// that the client must have that many in flight for any to be answered; a deadline ends the wait and
// records that the gate never filled.
class Gate {
 public:
  Gate(std::size_t gate, std::size_t total) : gate_(gate), total_(total) {}

  void pass() {
    std::unique_lock lock(mutex_);
    ++in_flight_;
    ++arrived_;
    most_ = std::max(most_, in_flight_);
    changed_.notify_all();
    const bool filled = changed_.wait_for(lock, 10s, [&] { return in_flight_ >= gate_ || arrived_ == total_; });
    if (!filled) timed_out_ = true;
    // Out before the answer goes: the client may send the next request as soon as it has it.
    --in_flight_;
  }
  std::size_t most() const {
    std::lock_guard lock(mutex_);
    return most_;
  }
  bool timed_out() const {
    std::lock_guard lock(mutex_);
    return timed_out_;
  }

 private:
  const std::size_t gate_;
  const std::size_t total_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t in_flight_ = 0;
  std::size_t arrived_ = 0;
  std::size_t most_ = 0;
  bool timed_out_ = false;
};

TEST(HttpParallel, AtMostNRequestsInFlightAndNReally) {
  constexpr std::size_t kParallel = 3;
  constexpr int kRequests = 10;
  Gate gate(kParallel, kRequests);
  HttpTestServer server([&](const ReceivedRequest& request, TestConnection& connection) {
    gate.pass();
    connection.send(http_reply(200, "OK", {}, request.target));
  });
  HttpClient client(quick_options());
  auto outcomes = client.perform_all(gets(server, kRequests), kParallel);
  ASSERT_EQ(outcomes.size(), std::size_t{kRequests});
  for (auto& outcome : outcomes) EXPECT_EQ(outcome.value().status, 200);
  EXPECT_FALSE(gate.timed_out()) << "the client never had " << kParallel << " requests in flight";
  EXPECT_EQ(gate.most(), kParallel);
  EXPECT_EQ(client.requests_made(), std::size_t{kRequests});
  // Connections are reused: no more of them than requests in flight at once.
  EXPECT_LE(server.connections(), kParallel);
}

TEST(HttpParallel, OneAtATimeNeverOverlaps) {
  std::mutex mutex;
  std::size_t in_flight = 0, most = 0;
  HttpTestServer server([&](const ReceivedRequest& request, TestConnection& connection) {
    {
      std::lock_guard lock(mutex);
      most = std::max(most, ++in_flight);
    }
    std::this_thread::sleep_for(20ms);  // room for a second request to arrive, were one sent
    {
      std::lock_guard lock(mutex);
      --in_flight;
    }
    connection.send(http_reply(200, "OK", {}, request.target));
  });
  HttpClient client(quick_options());
  auto outcomes = client.perform_all(gets(server, 4), 1);
  for (auto& outcome : outcomes) EXPECT_EQ(outcome.value().status, 200);
  EXPECT_EQ(most, std::size_t{1});
  EXPECT_EQ(server.connections(), std::size_t{1});
}

TEST(HttpParallel, OutcomesComeInTheOrderOfTheRequests) {
  // The first request is answered only once the client has told the end of every other one.
  constexpr std::size_t kRequests = 4;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::size_t> finished;
  bool timed_out = false;
  HttpTestServer server([&](const ReceivedRequest& request, TestConnection& connection) {
    if (request.target == "/item/0") {
      std::unique_lock lock(mutex);
      if (!changed.wait_for(lock, 10s, [&] { return finished.size() == kRequests - 1; })) timed_out = true;
    }
    connection.send(http_reply(200, "OK", {}, "body of " + request.target));
  });
  HttpClient client(quick_options());
  auto outcomes = client.perform_all(gets(server, static_cast<int>(kRequests)), HttpBatchOptions{.max_parallel = kRequests},
                                     [&](std::size_t index, HttpOutcome&) {
                                       std::lock_guard lock(mutex);
                                       finished.push_back(index);
                                       changed.notify_all();
                                     });
  EXPECT_FALSE(timed_out) << "the requests were not all in flight at once";
  ASSERT_EQ(outcomes.size(), kRequests);
  for (std::size_t i = 0; i < kRequests; ++i)
    EXPECT_EQ(outcomes[i].value().body, "body of /item/" + std::to_string(i));
  ASSERT_EQ(finished.size(), kRequests);
  EXPECT_EQ(finished.back(), std::size_t{0});  // told as they finished: the first one last
}

TEST(HttpParallel, ARequestWaitingForRetryAfterLetsTheOthersGo) {
  // One place only: were the waiting request holding it, nothing else could be answered before its
  // second try. The server answers that second try only once every other request has come.
  constexpr int kRequests = 5;
  std::mutex mutex;
  std::condition_variable changed;
  int slow_tries = 0, others = 0;
  bool timed_out = false;
  HttpTestServer server([&](const ReceivedRequest& request, TestConnection& connection) {
    std::unique_lock lock(mutex);
    if (request.target != "/item/0") {
      ++others;
      changed.notify_all();
      lock.unlock();
      connection.send(http_reply(200, "OK", {}, "fine"));
      return;
    }
    if (++slow_tries == 1) {
      lock.unlock();
      connection.send(http_reply(503, "Service Unavailable", {{"Retry-After", "1"}}, ""));
      return;
    }
    if (!changed.wait_for(lock, 10s, [&] { return others == kRequests - 1; })) timed_out = true;
    lock.unlock();
    connection.send(http_reply(200, "OK", {}, "at last"));
  });
  HttpOptions options = quick_options();
  options.retries = 1;
  HttpClient client(options);
  std::vector<std::size_t> finished;
  auto outcomes = client.perform_all(gets(server, kRequests), HttpBatchOptions{.max_parallel = 1},
                                     [&](std::size_t index, HttpOutcome&) { finished.push_back(index); });
  EXPECT_FALSE(timed_out) << "the others waited for the retry";
  EXPECT_EQ(slow_tries, 2);
  EXPECT_EQ(outcomes[0].value().status, 200);
  EXPECT_EQ(outcomes[0].value().body, "at last");
  ASSERT_EQ(finished.size(), std::size_t{kRequests});
  EXPECT_EQ(finished.back(), std::size_t{0});
  EXPECT_EQ(client.requests_made(), std::size_t{kRequests + 1});
}

TEST(HttpParallel, RedirectsAndCredentialsAreDecidedPerRequest) {
  HttpTestServer elsewhere([](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(200, "OK", {}, "elsewhere"));
  });
  HttpTestServer server([&](const ReceivedRequest& request, TestConnection& connection) {
    if (request.target == "/moved")
      connection.send(http_reply(307, "Temporary Redirect", {{"Location", "/target"}}, ""));
    else if (request.target == "/away")
      connection.send(http_reply(307, "Temporary Redirect", {{"Location", elsewhere.url("/there")}}, ""));
    else
      connection.send(http_reply(200, "OK", {}, request.target));
  });
  HttpOptions options = quick_options();
  options.auth = HttpOptions::Auth::Basic;
  options.username = "user";
  options.password = "s3cret-Pa55";
  HttpClient client(options);
  const std::vector<HttpRequest> requests{{"PUT", server.url("/moved"), {}, "one"},
                                          {"PUT", server.url("/away"), {}, "two"},
                                          {"PROPFIND", server.url("/plain"), {{"Depth", "0"}}, "three"}};
  auto outcomes = client.perform_all(requests, 3);
  EXPECT_EQ(outcomes[0].value().body, "/target");
  EXPECT_EQ(outcomes[0].value().effective_url, server.url("/target"));
  EXPECT_EQ(outcomes[1].value().body, "elsewhere");
  EXPECT_EQ(outcomes[2].value().body, "/plain");

  // Within the origin: method, body and credentials kept on every hop; to another port: none.
  for (const auto& received : server.requests()) {
    EXPECT_EQ(received.header("Authorization"), kBasicHeader) << received.target;
    EXPECT_NE(received.method, "GET") << received.target;
  }
  const auto there = elsewhere.requests();
  ASSERT_EQ(there.size(), std::size_t{1});
  EXPECT_EQ(there[0].method, "PUT");
  EXPECT_EQ(there[0].body, "two");
  EXPECT_FALSE(there[0].has_header("Authorization"));
  const auto by_method = client.requests_by_method();
  EXPECT_EQ(by_method.at("PUT"), std::size_t{4});  // two hops each
  EXPECT_EQ(by_method.at("PROPFIND"), std::size_t{1});
}

TEST(HttpParallel, DigestIsAnsweredForEachRequestOfTheBatch) {
  // auto (BasicThenDigest): the batch goes out with Basic; each 401 that offers only Digest is answered
  // once more with Digest; libcurl's Digest answer is checked only for being one (no real verification).
  HttpTestServer server([&](const ReceivedRequest& request, TestConnection& connection) {
    const std::string auth = request.header("Authorization");
    if (auth.rfind("Digest ", 0) == 0) {
      connection.send(http_reply(200, "OK", {}, request.target));
      return;
    }
    connection.send(http_reply(401, "Unauthorized", {{"WWW-Authenticate", "Digest realm=\"r\", nonce=\"abc\", qop=\"auth\""}},
                               ""));
  });
  HttpOptions options = quick_options();
  options.auth = HttpOptions::Auth::BasicThenDigest;
  options.username = "user";
  options.password = "s3cret-Pa55";
  HttpClient client(options);
  auto outcomes = client.perform_all(gets(server, 4), 4);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    EXPECT_EQ(outcomes[i].value().status, 200);
    EXPECT_EQ(outcomes[i].value().body, "/item/" + std::to_string(i));
  }
  // Once Digest is chosen, a later request answers the challenge from the start: no Basic any more.
  const std::size_t before = server.requests().size();
  EXPECT_EQ(client.perform({"GET", server.url("/later"), {}, {}}).status, 200);
  const auto all = server.requests();
  for (std::size_t i = before; i < all.size(); ++i)
    EXPECT_EQ(all[i].header("Authorization").rfind("Basic", 0), std::string::npos);
}

TEST(HttpParallel, OneRequestFailingLeavesTheOthersAlone) {
  HttpTestServer server([](const ReceivedRequest& request, TestConnection& connection) {
    connection.send(http_reply(200, "OK", {}, request.target));
  });
  HttpClient client(quick_options());
  const std::vector<HttpRequest> requests{{"GET", server.url("/a"), {}, {}},
                                          {"GET", "http://127.0.0.1:" + std::to_string(testing::unused_port()) + "/", {}, {}},
                                          {"NOT A METHOD", server.url("/b"), {}, {}},
                                          {"GET", server.url("/c"), {}, {}}};
  auto outcomes = client.perform_all(requests, 2);
  EXPECT_EQ(outcomes[0].value().body, "/a");
  EXPECT_THROW(outcomes[1].value(), Transient);
  EXPECT_THROW(outcomes[2].value(), HttpError);
  EXPECT_EQ(outcomes[3].value().body, "/c");
  EXPECT_EQ(server.requests().size(), std::size_t{2});  // the invalid one was never sent
}

TEST(HttpParallel, WhatTheCompletionThrowsEndsTheBatch) {
  HttpTestServer server([](const ReceivedRequest& request, TestConnection& connection) {
    connection.send(http_reply(request.target == "/item/0" ? 401 : 200, "X", {}, ""));
  });
  HttpClient client(quick_options());
  struct Refused {};
  EXPECT_THROW(client.perform_all(gets(server, 20), HttpBatchOptions{.max_parallel = 1},
                                  [](std::size_t, HttpOutcome& outcome) {
                                    if (outcome.value().status == 401) throw Refused{};
                                  }),
               Refused);
  EXPECT_EQ(server.requests().size(), std::size_t{1});  // nothing more was sent
  // The client is still usable afterwards.
  EXPECT_EQ(client.perform({"GET", server.url("/after"), {}, {}}).status, 200);
}

TEST(HttpParallel, EveryExchangeIsLoggedAndItsHttpVersionRecorded) {
  HttpTestServer server([](const ReceivedRequest& request, TestConnection& connection) {
    connection.send(http_reply(200, "OK", {}, request.target));
  });
  std::vector<HttpLogEntry> log;
  HttpOptions options = quick_options();
  options.log = [&](const HttpLogEntry& entry) { log.push_back(entry); };
  HttpClient client(options);
  auto outcomes = client.perform_all(gets(server, 5), 3);
  ASSERT_EQ(log.size(), std::size_t{5});
  for (const auto& entry : log) EXPECT_EQ(entry.status, 200);
  // Plain http is never HTTP/2 here (h2 only through TLS ALPN).
  for (auto& outcome : outcomes) EXPECT_EQ(outcome.value().http_version, "1.1");
}

}  // namespace
}  // namespace followup::sync
