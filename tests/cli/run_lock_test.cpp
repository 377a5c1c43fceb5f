// The lock of one run (cli/run_lock.hpp) in this process: flock(2) conflicts between two opens of the
// same file even within one process, which is what lets these tests take it twice. The lock between
// two real `followup` processes is in unattended_test.cpp.
#include "cli/run_lock.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <optional>

#include "temp_dir.hpp"

extern char** environ;

using followup::cli::lock_run;
using followup::cli::RunLock;
using followup::cli::RunLocked;
using followup::testing::read_file;
using followup::testing::TempDir;

namespace {

// The message of the RunLocked that taking `identity` throws, or nullopt when it was taken.
std::optional<std::string> refusal(const std::string& identity, const std::string& shown_as = "") {
  try {
    const RunLock lock = lock_run(identity, shown_as);
    return std::nullopt;
  } catch (const RunLocked& e) {
    return e.what();
  }
}

}  // namespace

TEST(RunLock, ASecondTakerIsRefusedWithTheHoldersPid) {
  TempDir dir;
  const RunLock held = lock_run("file:/home/me/followups.ics");
  EXPECT_EQ(refusal("file:/home/me/followups.ics"),
            "another followup run is working on file:/home/me/followups.ics (pid " + std::to_string(::getpid()) +
                "); try again later");
  EXPECT_EQ(refusal("file:/home/me/followups.ics", "account work"),
            "another followup run is working on account work (pid " + std::to_string(::getpid()) + "); try again later");
  // Another output or account is another lock.
  EXPECT_EQ(refusal("file:/home/me/other.ics"), std::nullopt);
}

TEST(RunLock, AFileOfTheUsersOwnInTheStateFolderThatOutlivesTheRun) {
  TempDir dir;
  std::filesystem::path file;
  {
    const RunLock held = lock_run("vdir:/home/me/calendars/jobs");
    file = held.file();
    EXPECT_EQ(file.parent_path(), dir / "state" / "followup");
    EXPECT_EQ(file.extension(), ".lock");
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(read_file(file), std::to_string(::getpid()) + "\n");
  }
  // Let go, not deleted (a deleted lock file lets two runs hold "the" lock), and no stale pid in it.
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(read_file(file), "");
  EXPECT_EQ(refusal("vdir:/home/me/calendars/jobs"), std::nullopt);
}

TEST(RunLock, ACommandStartedDuringTheRunDoesNotKeepItAfterwards) {
  TempDir dir;
  pid_t child = 0;
  {
    const RunLock held = lock_run("caldav-account:alice https://dav.example/");
    // As a password_command would be: started while the lock is held, still running when the run ends.
    char sleep_path[] = "/bin/sleep";
    char seconds[] = "30";
    char* argv[] = {sleep_path, seconds, nullptr};
    ASSERT_EQ(::posix_spawn(&child, sleep_path, nullptr, nullptr, argv, environ), 0);
  }
  // Had the child inherited the descriptor, the lock would live on in it (flock belongs to the open file).
  EXPECT_EQ(refusal("caldav-account:alice https://dav.example/"), std::nullopt);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
}
