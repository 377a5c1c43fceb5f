// Several accounts at the same time, end to end (issue 7): the real `followup` against two scripted
// servers (tests/sync/http_test_server.hpp), one per account. Account a's server holds its first answer
// until account b's server has been asked something (or, in the order test, until b's run is over): one
// account after the other, a would wait for b forever, and the server gives up after 20 s with a 500,
// which fails the test. No timing is asserted.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "background_run.hpp"
#include "run_command.hpp"
#include "temp_dir.hpp"
#include "tests/sync/http_test_server.hpp"

using namespace followup::testing;
using followup::sync::testing::http_reply;
using followup::sync::testing::HttpTestServer;
using followup::sync::testing::ReceivedRequest;
using followup::sync::testing::TestConnection;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr auto kDeadline = std::chrono::seconds(20);

// Waits until `ready` says yes, at most kDeadline.
template <typename Ready>
bool wait_until(Ready ready) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (!ready()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// A calendar named `name` at /cal/, writable, events and tasks: the answer to every PROPFIND discovery
// makes of it (RFC 4791 §5.2, RFC 3744 §5.4).
std::string calendar_answer(const std::string& name) {
  return http_reply(207, "Multi-Status", {{"Content-Type", "application/xml; charset=utf-8"}},
                    "<?xml version=\"1.0\"?>\n"
                    "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:response>"
                    "<d:href>/cal/</d:href><d:propstat><d:prop>"
                    "<d:resourcetype><d:collection/><c:calendar/></d:resourcetype>"
                    "<d:displayname>" + name + "</d:displayname>"
                    "<c:supported-calendar-component-set><c:comp name=\"VEVENT\"/><c:comp name=\"VTODO\"/>"
                    "</c:supported-calendar-component-set>"
                    "<d:current-user-privilege-set><d:privilege><d:write/></d:privilege>"
                    "<d:privilege><d:read/></d:privilege></d:current-user-privilege-set>"
                    "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>");
}

std::string refused_answer() {
  return http_reply(401, "Unauthorized", {{"WWW-Authenticate", "Basic realm=\"test\""}}, "no");
}

class ConcurrentAccounts : public ::testing::Test {
 protected:
  // [account a] and [account b] on the two servers (in that order), with a password each.
  std::string config(const HttpTestServer& a, const HttpTestServer& b, const std::string& a_extra = "") {
    const auto file = dir_ / "config.ini";
    write_file(file, "[rules]\ntimezone = Europe/Berlin\n\n"
                     "[account a]\nurl = " + a.url("/cal/") + "\nusername = ann\npassword = pw-a\ntimeout = 30s\n" +
                         a_extra + "\n"
                     "[account b]\nurl = " + b.url("/cal/") + "\nusername = bob\npassword = pw-b\ntimeout = 30s\n");
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    return file.string();
  }

  TempDir dir_;
  std::atomic<bool> a_gave_up_{false};
};

}  // namespace

// a's first answer waits until b's server has a request: only a concurrent run gets past it.
TEST_F(ConcurrentAccounts, SecondAccountIsAskedWhileTheFirstWaits) {
  std::atomic<std::size_t> b_requests{0};
  HttpTestServer b([&](const ReceivedRequest&, TestConnection& connection) {
    ++b_requests;
    connection.send(calendar_answer("Bob's"));
  });
  HttpTestServer a([&](const ReceivedRequest&, TestConnection& connection) {
    if (!wait_until([&] { return b_requests > 0; })) {
      a_gave_up_ = true;
      connection.send(http_reply(500, "Gave up waiting for account b"));
      return;
    }
    connection.send(calendar_answer("Ann's"));
  });
  const auto r = run_followup("calendars --config " + quoted(config(a, b)));
  EXPECT_FALSE(a_gave_up_) << "account b was not asked while account a waited: the accounts ran one after the other";
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto a_at = r.out.find("account a (");
  const auto b_at = r.out.find("account b (");
  ASSERT_NE(a_at, std::string::npos) << r.out;
  ASSERT_NE(b_at, std::string::npos) << r.out;
  EXPECT_LT(a_at, b_at) << r.out;
  EXPECT_NE(r.out.find("Ann's  " + a.url("/cal/") + "  VEVENT,VTODO  writable", a_at), std::string::npos) << r.out;
}

// b's run is over (its client has hung up) before a's server answers anything, and a's list still comes
// first, whole.
TEST_F(ConcurrentAccounts, FirstAccountsTextComesFirstThoughTheSecondFinishedFirst) {
  std::atomic<bool> b_over{false};
  std::atomic<std::size_t> b_requests{0};
  HttpTestServer b([&](const ReceivedRequest&, TestConnection& connection) {
    connection.send(calendar_answer("Bob's"));
    // Discovery of a calendar URL: a PROPFIND to probe it, one to describe it; then the run ends and
    // the client hangs up.
    if (++b_requests == 2 && connection.wait_for_hangup(kDeadline)) b_over = true;
  });
  HttpTestServer a([&](const ReceivedRequest&, TestConnection& connection) {
    if (!wait_until([&] { return b_over.load(); })) {
      a_gave_up_ = true;
      connection.send(http_reply(500, "Gave up waiting for account b"));
      return;
    }
    connection.send(calendar_answer("Ann's"));
  });
  const auto r = run_followup("calendars --config " + quoted(config(a, b)));
  EXPECT_FALSE(a_gave_up_) << "account b's run did not end while account a waited";
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto a_at = r.out.find("account a (" + a.url("/cal/") + "):\nAnn's  ");
  const auto b_at = r.out.find("account b (" + b.url("/cal/") + "):\nBob's  ");
  ASSERT_NE(a_at, std::string::npos) << r.out;
  ASSERT_NE(b_at, std::string::npos) << r.out;
  EXPECT_LT(a_at, b_at) << r.out;
  // a's text is whole: its last line comes before b's first.
  EXPECT_LT(r.out.find("check-ins and move-on: ", a_at), b_at) << r.out;
  EXPECT_EQ(r.err, "");
}

// One account refused: the other's list is printed, one line on stderr names the refused one, the exit
// code is 5; with --json, one document with both in the order of the file.
TEST_F(ConcurrentAccounts, OneFailingAccountDoesNotStopTheOther) {
  HttpTestServer b([&](const ReceivedRequest&, TestConnection& connection) { connection.send(refused_answer()); });
  HttpTestServer a([&](const ReceivedRequest&, TestConnection& connection) {
    connection.send(calendar_answer("Ann's"));
  });
  const std::string args = " --config " + quoted(config(a, b));
  auto r = run_followup("calendars" + args);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.out.find("account a (" + a.url("/cal/") + "):\nAnn's  "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("account b"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("followup: the server refused the credentials: account 'b': "), 0U) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

  r = run_followup("calendars --json" + args);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  const auto doc = json::parse(r.out);
  ASSERT_EQ(doc["accounts"].size(), 2U) << r.out;
  EXPECT_EQ(doc["accounts"][0]["account"], "a");
  EXPECT_EQ(doc["accounts"][0]["calendars"][0]["name"], "Ann's");
  EXPECT_EQ(doc["accounts"][1]["account"], "b");
  EXPECT_TRUE(doc["accounts"][1]["error"].is_string()) << r.out;
}

// Account a's lock is held by another followup process (blocked on its password_command): this run's a
// stops at once with the lock's message while b goes on (refused: 5, the more serious code; 7 alone
// would be the lock's). The other process's run is not disturbed. -vv lines name their account.
TEST_F(ConcurrentAccounts, AnAccountLockedByAnotherProcessDoesNotStopTheOthers) {
  HttpTestServer b([&](const ReceivedRequest&, TestConnection& connection) { connection.send(refused_answer()); });
  HttpTestServer a([&](const ReceivedRequest&, TestConnection& connection) { connection.send(refused_answer()); });
  const auto fifo = dir_ / "password.fifo";
  make_fifo(fifo);
  // a's password comes from the FIFO: the holder waits there, lock in hand.
  const auto file = config(a, b, "");
  auto text = read_file(file);
  text.replace(text.find("password = pw-a"), 15, "password_command = cat " + quoted(fifo.string()));
  write_file(file, text);
  BackgroundRun holder({"sync", "--account", "a", "--config", file, "--now", "2026-01-13T12:00:00+01:00"}, dir_.path());
  ASSERT_TRUE(wait_for_lock_holder(dir_ / "state" / "followup", holder.pid())) << holder.err();

  const auto r = run_followup("sync -vv --config " + quoted(file) + " --now 2026-01-13T12:00:00+01:00");
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.err.find("followup: account 'a': another followup run is working on account a (pid " +
                       std::to_string(holder.pid()) + ")"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("followup: the server refused the credentials: account 'b': "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("account b: HTTP PROPFIND " + b.url("/cal/") + " 401 "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("account a: HTTP"), std::string::npos) << r.err;
  EXPECT_EQ(a.requests().size(), 0U) << "the locked account was not synced";

  ASSERT_TRUE(feed_fifo(fifo, "pw-a\n"));
  EXPECT_EQ(holder.wait(), std::optional<int>(5)) << holder.err();
  EXPECT_GE(a.requests().size(), 1U);
}
