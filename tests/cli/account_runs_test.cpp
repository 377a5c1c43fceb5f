// run_accounts (cli/account_runs.hpp, issue 7) with scripted accounts: several run at the same time,
// and what they print reads as if they had run one after another. Concurrency is proved with barriers
// that only a concurrent run passes (an account waits for another to start or to finish, with a 20 s
// deadline that fails the test), never with timings.
#include "cli/account_runs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ical/errors.hpp"
#include "sync/caldav_errors.hpp"

using followup::cli::AccountOutput;
using followup::cli::AccountRun;
using followup::cli::CaldavSettings;
using followup::cli::CommandResult;
using followup::cli::run_accounts;

namespace {

constexpr auto kDeadline = std::chrono::seconds(20);

CaldavSettings account(const std::string& name, const std::string& user = "") {
  CaldavSettings a;
  a.name = name;
  a.url = "https://dav.example/" + name + "/";
  a.username = user.empty() ? name : user;
  return a;
}

// Events the accounts' threads wait for, by name ("b started"); a wait past the deadline is false.
class Events {
 public:
  void happen(const std::string& what) {
    {
      const std::lock_guard lock(mutex_);
      happened_.insert(what);
    }
    changed_.notify_all();
  }
  bool wait_for(const std::string& what) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kDeadline, [&] { return happened_.count(what) > 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::set<std::string> happened_;
};

// How many accounts run at once, and the most there ever were.
class Gauge {
 public:
  void enter() {
    const std::lock_guard lock(mutex_);
    most_ = std::max(most_, ++now_);
  }
  void leave() {
    const std::lock_guard lock(mutex_);
    --now_;
  }
  int most() {
    const std::lock_guard lock(mutex_);
    return most_;
  }

 private:
  std::mutex mutex_;
  int now_ = 0;
  int most_ = 0;
};

}  // namespace

// Account a cannot finish before account b has started: one after the other, a would wait forever (and
// fail after 20 s).
TEST(AccountRuns, AccountsRunAtTheSameTime) {
  Events events;
  std::ostringstream out, err;
  const auto result = run_accounts({account("a"), account("b")}, false, out, err,
                                   [&](const CaldavSettings& settings, AccountOutput& output) {
                                     events.happen(settings.name + " started");
                                     if (settings.name == "a" && !events.wait_for("b started"))
                                       throw followup::Error("b never started while a ran");
                                     output.out() << settings.name << " done\n";
                                     return AccountRun{};
                                   });
  EXPECT_FALSE(result.partial);
  EXPECT_EQ(out.str(), "a done\nb done\n");
  EXPECT_EQ(err.str(), "");
}

// b finishes before a has written anything; a's text (stdout and stderr) still comes first, each
// account's lines together.
TEST(AccountRuns, TextStaysTogetherInTheConfiguredOrderWhateverFinishesFirst) {
  Events events;
  std::ostringstream out, err;
  run_accounts({account("a"), account("b"), account("c")}, false, out, err,
               [&](const CaldavSettings& settings, AccountOutput& output) {
                 EXPECT_TRUE(output.several());
                 if (settings.name == "a" && !events.wait_for("b done")) throw followup::Error("b never finished");
                 if (settings.name == "c" && !events.wait_for("a done")) throw followup::Error("a never finished");
                 output.out() << settings.name << " line 1\n";
                 output.err() << settings.name << " problem\n";
                 output.out() << settings.name << " line 2\n";
                 events.happen(settings.name + " done");
                 return AccountRun{};
               });
  EXPECT_EQ(out.str(), "a line 1\na line 2\nb line 1\nb line 2\nc line 1\nc line 2\n");
  EXPECT_EQ(err.str(), "a problem\nb problem\nc problem\n");
}

// With --json: one document, an entry per account in the configured order, though b and c finish first;
// the failing one has its error, and the exit is its error, naming it.
TEST(AccountRuns, JsonIsOneDocumentInTheConfiguredOrder) {
  Events events;
  std::ostringstream out, err;
  try {
    run_accounts({account("a"), account("b"), account("c")}, true, out, err,
                 [&](const CaldavSettings& settings, AccountOutput&) {
                   if (settings.name == "a" && !events.wait_for("c done")) throw followup::Error("c never finished");
                   if (settings.name == "b") throw followup::sync::AuthError("the server refused the credentials");
                   events.happen(settings.name + " done");
                   return AccountRun{{}, {{"created", settings.name == "a" ? 1 : 3}}};
                 });
    FAIL() << "b's error was not thrown";
  } catch (const followup::sync::AuthError& e) {
    EXPECT_EQ(std::string(e.what()), "account 'b': the server refused the credentials");
  }
  const auto doc = nlohmann::json::parse(out.str());
  ASSERT_EQ(doc["accounts"].size(), 3U) << out.str();
  EXPECT_EQ(doc["accounts"][0]["account"], "a");
  EXPECT_EQ(doc["accounts"][0]["created"], 1);
  EXPECT_EQ(doc["accounts"][1]["account"], "b");
  EXPECT_EQ(doc["accounts"][1]["error"], "the server refused the credentials");
  EXPECT_EQ(doc["accounts"][2]["account"], "c");
  EXPECT_EQ(doc["accounts"][2]["created"], 3);
  EXPECT_EQ(err.str(), "");
}

// One account failing does not stop the others; the most serious error is thrown (credentials, 5, before
// unreachable, 6), the other written on stderr naming its account; a partial account makes the result
// partial when nothing worse failed.
TEST(AccountRuns, FailuresAreTheSameAsOneAfterAnother) {
  std::ostringstream out, err;
  const auto task = [](const CaldavSettings& settings, AccountOutput& output) -> AccountRun {
    if (settings.name == "down") throw followup::Transient("connection refused");
    if (settings.name == "refused") throw followup::sync::AuthError("the server refused the credentials");
    output.out() << settings.name << " synced\n";
    return AccountRun{CommandResult{settings.name == "partial"}, {}};
  };
  EXPECT_THROW(
      {
        try {
          run_accounts({account("down"), account("good"), account("refused")}, false, out, err, task);
        } catch (const followup::sync::AuthError& e) {
          EXPECT_EQ(std::string(e.what()), "account 'refused': the server refused the credentials");
          throw;
        }
      },
      followup::sync::AuthError);
  EXPECT_EQ(out.str(), "good synced\n");
  EXPECT_EQ(err.str(), "followup: account 'down': server unreachable: connection refused\n");

  std::ostringstream out2, err2;
  EXPECT_TRUE(run_accounts({account("good"), account("partial")}, false, out2, err2, task).partial);
  EXPECT_EQ(out2.str(), "good synced\npartial synced\n");
}

// At most `at_once` at a time, and that many do run together (each waits until a second one is in).
TEST(AccountRuns, AtMostSoManyAtOnce) {
  Gauge gauge;
  Events events;
  std::ostringstream out, err;
  std::vector<CaldavSettings> accounts;
  for (const char* name : {"a", "b", "c", "d", "e", "f"}) accounts.push_back(account(name));
  run_accounts(
      accounts, false, out, err,
      [&](const CaldavSettings& settings, AccountOutput&) {
        gauge.enter();
        events.happen(settings.name + " in");
        // a and b are the first two: each waits for the other.
        if (settings.name == "a" && !events.wait_for("b in")) throw followup::Error("b never ran beside a");
        if (settings.name == "b" && !events.wait_for("a in")) throw followup::Error("a never ran beside b");
        gauge.leave();
        return AccountRun{};
      },
      false, 2);
  EXPECT_EQ(gauge.most(), 2);
  EXPECT_EQ(err.str(), "");
}

// Two sections with the same login on the same server share a run lock and the state: they run one after
// the other (in the configured order), while another account runs beside them.
TEST(AccountRuns, SameLoginOnTheSameServerRunsOneAfterTheOther) {
  Events events;
  std::mutex mutex;
  std::vector<std::string> same_login_order;
  int same_login_now = 0, same_login_most = 0;
  std::vector<CaldavSettings> accounts{account("first", "me"), account("other"), account("second", "me")};
  accounts[2].url = accounts[0].url;
  std::ostringstream out, err;
  run_accounts(accounts, false, out, err, [&](const CaldavSettings& settings, AccountOutput&) {
    if (settings.name == "other") {
      events.happen("other started");
      return AccountRun{};
    }
    {
      const std::lock_guard lock(mutex);
      same_login_order.push_back(settings.name);
      same_login_most = std::max(same_login_most, ++same_login_now);
    }
    // The first waits for the other account: a concurrent run, not a queue of one.
    if (settings.name == "first" && !events.wait_for("other started")) throw followup::Error("other never ran");
    const std::lock_guard lock(mutex);
    --same_login_now;
    return AccountRun{};
  });
  EXPECT_EQ(err.str(), "");
  EXPECT_EQ(same_login_most, 1);
  EXPECT_EQ(same_login_order, (std::vector<std::string>{"first", "second"}));
}

// -vv lines go to stderr at once, each whole and naming its account, however the threads interleave;
// with one account, as before (no name).
TEST(AccountRuns, LogLinesAreWholeAndNameTheirAccount) {
  std::ostringstream out, err;
  constexpr int kLines = 500;
  run_accounts({account("a"), account("b"), account("c")}, false, out, err,
               [&](const CaldavSettings& settings, AccountOutput& output) {
                 for (int i = 0; i < kLines; ++i)
                   output.log("HTTP PROPFIND https://dav.example/" + settings.name + "/ 207 " + std::to_string(i) + " ms\n");
                 return AccountRun{};
               });
  std::map<std::string, int> lines_of;
  std::istringstream lines(err.str());
  for (std::string line; std::getline(lines, line);) {
    const std::string name = line.substr(8, 1);
    EXPECT_EQ(line.rfind("account " + name + ": HTTP PROPFIND https://dav.example/" + name + "/ 207 ", 0), 0U) << line;
    EXPECT_EQ(line.substr(line.size() - 3), " ms") << line;
    ++lines_of[name];
  }
  EXPECT_EQ(lines_of, (std::map<std::string, int>{{"a", kLines}, {"b", kLines}, {"c", kLines}}));

  std::ostringstream one_out, one_err;
  run_accounts({account("a")}, false, one_out, one_err, [](const CaldavSettings&, AccountOutput& output) {
    EXPECT_FALSE(output.several());
    output.log("HTTP GET https://dav.example/a/ 200 3 ms\n");
    output.out() << "straight out\n";
    EXPECT_EQ(output.kept_out(), "");
    return AccountRun{};
  });
  EXPECT_EQ(one_err.str(), "HTTP GET https://dav.example/a/ 200 3 ms\n");
  EXPECT_EQ(one_out.str(), "straight out\n");
}
