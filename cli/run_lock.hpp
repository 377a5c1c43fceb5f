#pragma once
// One run at a time per account (per target for `import`): an flock(2) on a file in the state folder,
// held for the whole run. cron starts a run every few minutes whether the last one is done or not (a
// slow server, a password_command waiting for a keyring); two runs over the same calendars would each
// decide against what the other is writing, and one's deletions would look to the other like the
// user's.
#include <filesystem>
#include <string>

#include "cli/caldav_settings.hpp"
#include "ical/errors.hpp"
#include "sync/unique_fd.hpp"

namespace followup::cli {

// Another run holds the lock: exit code 7. what() is the one line to show.
class RunLocked : public Error {
 public:
  using Error::Error;
};

// The lock, held while this lives (the kernel lets go when the process ends, however it ends). The file
// is never deleted: a run that deleted it while another waited to open it would let a third run lock a
// new file of the same name while the second held the old one.
class RunLock {
 public:
  RunLock(RunLock&&) noexcept = default;
  RunLock& operator=(RunLock&&) noexcept = default;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

  const std::filesystem::path& file() const { return file_; }

 private:
  friend RunLock lock_run(const std::string& identity, const std::string& shown_as);
  RunLock(sync::UniqueFd fd, std::filesystem::path file) : fd_(std::move(fd)), file_(std::move(file)) {}

  sync::UniqueFd fd_;
  std::filesystem::path file_;
};

// $XDG_STATE_HOME/followup/<name>.lock: named after `identity` as the state files are (default_state_file).
std::filesystem::path run_lock_file(const std::string& identity);

// Takes the lock of `identity` ("file:/home/me/followups.ics", an account's) at once or not at all; the
// file (mode 0600, not inherited by commands we run) holds our pid for the message of the next run.
// Throws RunLocked "another followup run is working on SHOWN_AS (pid N); try again later" (SHOWN_AS:
// `identity` when empty), IoError when the file cannot be opened.
RunLock lock_run(const std::string& identity, const std::string& shown_as = "");

// The lock of a CalDAV account ("account NAME" in the message), taken by every command that writes to it
// (`sync`, `outcome`). It is the login and the server's, as the account's state is, whatever the section is
// called: two configuration files naming the same account exclude each other.
RunLock lock_account(const CaldavSettings& account);

// What lock_account locks: accounts with the same identity exclude each other (run_accounts runs them
// one after the other).
std::string account_lock_identity(const CaldavSettings& account);

}  // namespace followup::cli
