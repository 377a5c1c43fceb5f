#pragma once
// A `followup` run in the background, as cron would start one while another is still going: its pid,
// its output in files, and a wait for it to end. And the FIFO tricks that hold such a run at a known
// point without any hook in the program: it blocks opening an input (or a password_command's `cat`)
// until the test writes to it.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.hpp"

extern char** environ;

namespace followup::testing {

class BackgroundRun {
 public:
  // Starts FOLLOWUP_EXE with `args` (no shell), stdout and stderr into files in `dir`.
  BackgroundRun(const std::vector<std::string>& args, const std::filesystem::path& dir)
      : out_(dir / "background.out"), err_(dir / "background.err") {
    std::vector<std::string> words{FOLLOWUP_EXE};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int failed = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed) throw std::runtime_error("cannot start " + words[0]);
  }
  // A test that failed half-way leaves no process behind.
  ~BackgroundRun() {
    if (!exit_code_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;

  pid_t pid() const { return pid_; }

  // Its exit code (128 + signal when killed), waiting at most `limit`; nullopt when it still runs.
  std::optional<int> wait(std::chrono::seconds limit = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!exit_code_ && std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_)
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return exit_code_;
  }
  std::string out() const { return read_file(out_); }
  std::string err() const { return read_file(err_); }

 private:
  pid_t pid_ = 0;
  std::optional<int> exit_code_;
  std::filesystem::path out_;
  std::filesystem::path err_;
};

// Waits (at most 20 s) until a lock file in `state_folder` names `pid`: that run holds its lock.
inline bool wait_for_lock_holder(const std::filesystem::path& state_folder, pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(state_folder, ec))
      if (entry.path().extension() == ".lock" && read_file(entry.path()) == std::to_string(pid) + "\n") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// Writes `text` into the FIFO once a reader has opened it (waiting at most 20 s for one; false if none came).
inline bool feed_fifo(const std::filesystem::path& fifo, const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int fd = -1;
  // O_NONBLOCK: opening for writing fails (ENXIO) rather than waits while no one reads.
  while ((fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
    if (errno != ENXIO || std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::fcntl(fd, F_SETFL, 0);
  bool ok = true;
  for (std::size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return ok;
}

inline void make_fifo(const std::filesystem::path& path) {
  if (::mkfifo(path.c_str(), 0600) != 0) throw std::runtime_error("mkfifo " + path.string());
}

}  // namespace followup::testing
