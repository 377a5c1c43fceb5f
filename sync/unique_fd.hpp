#pragma once
// An owned POSIX file descriptor, closed when it goes out of scope (RAII), so that no early return or
// exception leaks one.
#include <unistd.h>

#include <utility>

namespace followup::sync {

struct UniqueFd {
  int fd = -1;

  UniqueFd() = default;
  explicit UniqueFd(int owned) : fd(owned) {}
  UniqueFd(UniqueFd&& other) noexcept : fd(std::exchange(other.fd, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd = std::exchange(other.fd, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  explicit operator bool() const { return fd >= 0; }
  void reset() {
    // close() errors on a descriptor only read from, or already fsync'ed, carry no news.
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

}  // namespace followup::sync
