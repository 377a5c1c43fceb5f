#include "cli/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "sync/file_io.hpp"
#include "sync/state_db.hpp"

namespace followup::cli {
namespace {

int flock_retrying(int fd, int operation) {
  int result = 0;
  do result = ::flock(fd, operation);
  while (result != 0 && errno == EINTR);
  return result;
}

// The pid the holder wrote. It writes it right after taking the lock, so an empty file is a holder
// between the two steps: give it a moment.
std::string holder_pid(int fd, const std::filesystem::path& file) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    char buffer[32] = {};
    const std::size_t n = sync::read_at(fd, buffer, sizeof buffer - 1, 0, file);
    std::string pid(buffer, n);
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    if (!pid.empty()) return pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "unknown";
}

}  // namespace

RunLock::~RunLock() {
  // Emptied before it is let go, so that a pid in the file is always the holder's (or a crashed one's).
  // Failing to is harmless: the next holder writes its own.
  if (fd_ && ::ftruncate(fd_.fd, 0) != 0) return;
}

std::filesystem::path run_lock_file(const std::string& identity) {
  return std::filesystem::path(sync::default_state_file(identity)).replace_extension(".lock");
}

RunLock lock_run(const std::string& identity, const std::string& shown_as) {
  const std::filesystem::path file = run_lock_file(identity);
  sync::make_folders(file.parent_path(), 0700);
  // O_CLOEXEC: a password_command we start must not inherit the lock and hold it after we are gone.
  sync::UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) sync::throw_io_error("open the lock file", file, errno);
  if (flock_retrying(fd.fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) sync::throw_io_error("lock", file, errno);
    throw RunLocked("another followup run is working on " + (shown_as.empty() ? identity : shown_as) + " (pid " +
                    holder_pid(fd.fd, file) + "); try again later");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd.fd, 0) != 0) sync::throw_io_error("write", file, errno);
  sync::write_all(fd.fd, pid, file);
  return RunLock(std::move(fd), file);
}

std::string account_lock_identity(const CaldavSettings& account) {
  return "caldav-account:" + account.username + " " + account.url;
}

RunLock lock_account(const CaldavSettings& account) {
  return lock_run(account_lock_identity(account), "account " + account.name);
}

}  // namespace followup::cli
