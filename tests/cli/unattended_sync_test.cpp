// `followup sync` run as cron runs it, against the Radicale fixture (tests/servers/README.md), each
// test in a scratch calendar of its own: -vv logs every request and no secret, quiet when nothing
// changed, --dry-run leaves every ETag as it was, and a second run while one holds the account's lock
// exits 7 at once. A missing .env file fails the test.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <regex>

#include "background_run.hpp"
#include "run_command.hpp"
#include "sync/caldav_storage.hpp"
#include "temp_dir.hpp"
#include "tests/sync/caldav_test_server.hpp"

using namespace followup::testing;
using followup::sync::CalDavStorage;
using followup::sync::HttpClient;
using followup::sync::testing::random_uuid;
using followup::sync::testing::read_test_server_env;
using followup::sync::testing::ScratchCalendar;
namespace fs = std::filesystem;

namespace {

const std::string now_args = " --now 2026-01-13T12:00:00+01:00 --timezone Europe/Berlin --me me@example.com";

class SyncUnattended : public ::testing::Test {
 protected:
  // [caldav] for alice with `secret_line` (a password or a password_command), reading and writing the
  // scratch calendar only; mode 0600, as a file holding a password must be.
  std::string config(const std::string& secret_line, const std::string& name = "config.ini") {
    const auto file = dir_ / name;
    write_file(file, "[caldav]\nurl = " + env_["FOLLOWUP_TEST_URL"] + "\nusername = " + env_["FOLLOWUP_TEST_USER"] +
                         "\n" + secret_line + "\ncalendars = " + calendar_.url() + "\nfollowups_calendar = " +
                         calendar_.url() + "\ntasks_calendar = " + calendar_.url() + "\ntimeout = 20s\n");
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    return file.string();
  }
  std::string sync(const std::string& options = "") {
    return "sync --config " + quoted(config("password = " + env_["FOLLOWUP_TEST_PASSWORD"])) + now_args + options;
  }
  // An interview on 13 (or another day of) January 2026 at 10:00 Berlin, under a UID of this test's own.
  void put_interview(const std::string& uid, const std::string& company, const std::string& day = "13") {
    const std::string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup tests//EN\r\nBEGIN:VEVENT\r\nUID:" +
                            uid + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:202601" + day +
                            "T100000\r\nDTEND;TZID=Europe/Berlin:202601" + day + "T110000\r\nSUMMARY:Interview with " +
                            company + "\r\nDESCRIPTION:They'll decide by Thursday\r\nATTENDEE;CN=Ann Lee:mailto:ann@" +
                            company + ".example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    HttpClient client(calendar_.options());
    const auto url = calendar_.url() + uid + ".ics";
    const auto r = client.perform({"PUT", url, {{"Content-Type", "text/calendar; charset=utf-8"}}, ics});
    ASSERT_TRUE(r.status == 201 || r.status == 204) << r.status << " " << r.body;
  }
  // href -> ETag of every object in the scratch calendar (PROPFIND Depth 1, as the store lists).
  std::map<std::string, std::string> etags() {
    CalDavStorage store(calendar_.url(), calendar_.options());
    std::map<std::string, std::string> out;
    for (const auto& ref : store.list()) out[ref.href] = ref.etag;
    return out;
  }

  std::map<std::string, std::string> env_ = read_test_server_env("radicale");
  ScratchCalendar calendar_{"radicale"};
  TempDir dir_;
  std::string uid_ = "interview-" + random_uuid() + "@example.com";
};

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_F(SyncUnattended, VeryVerboseLogsEachRequestAndNoSecret) {
  put_interview(uid_, "Acme");
  const auto r = run_followup(sync(" -vv"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string all = r.out + r.err;
  EXPECT_EQ(all.find(env_["FOLLOWUP_TEST_PASSWORD"]), std::string::npos) << all;
  EXPECT_EQ(all.find("Authorization: Basic"), std::string::npos) << all;
  EXPECT_EQ(all.find("Authorization"), std::string::npos) << all;
  const std::string calendar = std::regex_replace(calendar_.url(), std::regex("[.?+]"), "\\$&");
  EXPECT_TRUE(std::regex_search(r.err, std::regex("(^|\n)HTTP REPORT " + calendar + " 207 [0-9]+ ms \\(HTTP/1\\.[01]\\)\n"))) << r.err;
  EXPECT_TRUE(std::regex_search(r.err, std::regex("(^|\n)HTTP PUT " + calendar + "[^ ]+\\.ics 201 [0-9]+ ms \\(HTTP/1\\.[01]\\)\n"))) << r.err;
  EXPECT_TRUE(std::regex_search(r.err, std::regex("(^|\n)HTTP PROPFIND [^ ]+ 207 [0-9]+ ms \\(HTTP/1\\.[01]\\)\n"))) << r.err;
  // -vv is -v too: the summary and the calendar's line.
  EXPECT_NE(r.out.find(": 1 interview, 4 created"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  followup contract test: initial read"), std::string::npos) << r.out;
}

TEST_F(SyncUnattended, QuietWhenNothingChanged) {
  put_interview(uid_, "Acme");
  const auto first = run_followup(sync());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find(": 1 interview, 4 created"), std::string::npos) << first.out;
  EXPECT_EQ(first.out.find("initial read"), std::string::npos) << "calendar lines are for -v\n" << first.out;
  EXPECT_EQ(first.err, "");

  const auto second = run_followup(sync());
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "");
  EXPECT_EQ(second.err, "");

  const auto verbose = run_followup(sync(" -v"));
  EXPECT_EQ(verbose.exit_code, 0) << verbose.err;
  EXPECT_NE(verbose.out.find("0 created, 0 updated, 0 deleted, 4 unchanged"), std::string::npos) << verbose.out;
  EXPECT_NE(verbose.out.find("  followup contract test: incremental read, 0 downloaded\n"), std::string::npos)
      << verbose.out;
  EXPECT_EQ(verbose.err, "");  // -v logs no requests
}

TEST_F(SyncUnattended, DryRunLeavesEveryEtagAsItWas) {
  put_interview(uid_, "Acme");
  ASSERT_EQ(run_followup(sync(" -q")).exit_code, 0);
  // Acme moves a day later (its follow-ups would be updated) and Globex is new (they would be created).
  put_interview(uid_, "Acme", "14");
  put_interview("interview-" + random_uuid() + "@example.com", "Globex");
  const auto before = etags();
  ASSERT_EQ(before.size(), 6u);

  const auto dry = run_followup(sync(" --dry-run"));
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(etags(), before);
  EXPECT_NE(dry.out.find("Dry run: nothing is written to calendars followup contract test.\n"), std::string::npos)
      << dry.out;
  const auto acme = dry.out.find("Interview with Acme (Wednesday 14 January 2026, 10:00)\n  ~ update ");
  const auto globex = dry.out.find("Interview with Globex (Tuesday 13 January 2026, 10:00)\n  + create ");
  EXPECT_NE(acme, std::string::npos) << dry.out;
  EXPECT_NE(globex, std::string::npos) << dry.out;
  EXPECT_LT(globex, acme) << "interviews in the order of their start";
  EXPECT_EQ(count_of(dry.out, "\n  + create "), 4u) << dry.out;
  // Nor was the state written: the real run after it does all of it.
  const auto real = run_followup(sync());
  EXPECT_NE(real.out.find(": 2 interviews, 4 created, " + std::to_string(count_of(dry.out, "\n  ~ update ")) + " updated"),
            std::string::npos)
      << real.out << dry.out;
  EXPECT_NE(etags(), before);
}

TEST_F(SyncUnattended, ASecondRunOnTheSameAccountExitsSevenAtOnce) {
  put_interview(uid_, "Acme");
  // The first run holds the account's lock while its password_command waits for the password.
  const auto fifo = dir_ / "password";
  make_fifo(fifo);
  const std::string slow_config = config("password_command = cat " + fifo.string());
  BackgroundRun first({"sync", "--config", slow_config, "--now", "2026-01-13T12:00:00+01:00", "--timezone",
                       "Europe/Berlin", "--me", "me@example.com", "-q"},
                      dir_.path());
  ASSERT_TRUE(wait_for_lock_holder(dir_ / "state" / "followup", first.pid())) << first.err();

  // Another configuration file naming the same login on the same server: the same account, the same lock.
  const std::string quick_config = config("password = " + env_["FOLLOWUP_TEST_PASSWORD"], "quick.ini");
  const auto started = std::chrono::steady_clock::now();
  const auto second = run_followup("sync --config " + quoted(quick_config) + now_args);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << "it waited for the lock";
  EXPECT_EQ(second.exit_code, 7) << second.out << second.err;
  EXPECT_EQ(second.err, "followup: another followup run is working on account default (pid " +
                            std::to_string(first.pid()) + "); try again later\n");
  EXPECT_EQ(second.out, "");
  EXPECT_EQ(etags().size(), 1u) << "the refused run wrote";
  // A dry run writes nothing and takes no lock: it goes ahead.
  const auto dry = run_followup("sync --config " + quoted(quick_config) + now_args + " --dry-run");
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(count_of(dry.out, "\n  + create "), 4u) << dry.out;

  ASSERT_TRUE(feed_fifo(fifo, env_["FOLLOWUP_TEST_PASSWORD"] + "\n"));
  EXPECT_EQ(first.wait(), 0) << first.err();
  EXPECT_EQ(etags().size(), 5u) << "the first run wrote the 4 follow-ups";
}
