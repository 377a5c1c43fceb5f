// The HTTP client's log hook (HttpOptions::log), which `-vv` prints: one entry per exchange with its
// method, URL (no user, password or query), status, time and protocol, failed exchanges included; and
// nothing in an entry that could carry a credential. Against the scripted server of tests/sync.
#include <gtest/gtest.h>

#include <vector>

#include "cli/sync_output.hpp"
#include "sync/http_client.hpp"
#include "tests/sync/http_test_server.hpp"

using namespace followup::sync;
using followup::sync::testing::http_reply;
using followup::sync::testing::HttpTestServer;
using followup::sync::testing::ReceivedRequest;
using followup::sync::testing::TestConnection;

namespace {

constexpr const char* kPassword = "Pa55-w0rd-in-the-log?";

HttpOptions logging_into(std::vector<HttpLogEntry>& entries) {
  HttpOptions options;
  options.auth = HttpOptions::Auth::Basic;
  options.username = "alice";
  options.password = kPassword;
  options.connect_timeout = std::chrono::seconds(2);
  options.total_timeout = std::chrono::seconds(5);
  options.retries = 0;  // one exchange, one entry (retries are logged each: http_client_test)
  options.log = [&entries](const HttpLogEntry& entry) { entries.push_back(entry); };
  return options;
}

}  // namespace

TEST(HttpLog, EachHopWithMethodUrlStatusAndTimeButNoQueryOrUser) {
  HttpTestServer server([](const ReceivedRequest& request, TestConnection& connection) {
    if (request.target.starts_with("/cal/?"))
      connection.send(http_reply(301, "Moved", {{"Location", "/calendars/work/"}}));
    else
      connection.send(http_reply(207, "Multi-Status", {{"Set-Cookie", "session=c00kie"}}, "<multistatus/>"));
  });
  std::vector<HttpLogEntry> entries;
  HttpClient client(logging_into(entries));
  const std::string url = server.url("/cal/?access_token=t0ken");
  const auto with_user = "http://alice:" + std::string("inline-secret") + "@" + url.substr(std::string("http://").size());
  EXPECT_EQ(client.perform({"PROPFIND", with_user, {{"Depth", "1"}}, "<propfind/>"}).status, 207);

  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].method, "PROPFIND");
  EXPECT_EQ(entries[0].url, server.url("/cal/"));
  EXPECT_EQ(entries[0].status, 301);
  EXPECT_EQ(entries[1].url, server.url("/calendars/work/"));
  EXPECT_EQ(entries[1].status, 207);
  for (const auto& e : entries) {
    EXPECT_GE(e.elapsed.count(), 0);
    EXPECT_EQ(e.failure, "");
    // The protocol curl used reaches the entry (the scripted server speaks HTTP/1.1; HTTP/2 against
    // a real server: tests/servers/http2-sync).
    EXPECT_EQ(e.http_version, "1.1");
    const std::string line = followup::cli::http_log_line(e);
    for (const char* secret : {kPassword, "inline-secret", "t0ken", "c00kie", "alice", "Authorization"})
      EXPECT_EQ(line.find(secret), std::string::npos) << secret << " in " << line;
  }
  // The server did get the credentials: they were there to be leaked.
  EXPECT_TRUE(server.requests().front().has_header("Authorization"));
}

TEST(HttpLog, AFailedExchangeIsLoggedToo) {
  HttpTestServer server([](const ReceivedRequest&, TestConnection& connection) { connection.close_after_reply(); });
  std::vector<HttpLogEntry> entries;
  HttpClient client(logging_into(entries));
  EXPECT_THROW(client.perform({"REPORT", server.url("/cal/"), {}, "<sync-collection/>"}), followup::Transient);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].method, "REPORT");
  EXPECT_EQ(entries[0].status, 0);
  EXPECT_NE(entries[0].failure, "");
  EXPECT_EQ(entries[0].http_version, "");  // no response, so no protocol to name
  EXPECT_NE(followup::cli::http_log_line(entries[0]).find("HTTP REPORT " + server.url("/cal/") + " failed after "),
            std::string::npos);
}
