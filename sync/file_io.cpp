#include "sync/file_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "ical/errors.hpp"

namespace followup::sync {

void throw_io_error(std::string_view action, const std::filesystem::path& path, int error) {
  throw IoError("cannot " + std::string(action) + " " + path.string() + ": " + std::system_category().message(error));
}

FileStamp FileStamp::of(const struct stat& st) {
  FileStamp s;
  s.device = st.st_dev;
  s.inode = st.st_ino;
  s.size = static_cast<std::uint64_t>(st.st_size);
  s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  s.mode = st.st_mode;
  s.owner = st.st_uid;
  s.group = st.st_gid;
  return s;
}

FileStamp stamp_of(int fd, const std::filesystem::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw_io_error("stat", path, errno);
  return FileStamp::of(st);
}

UniqueFd open_if_present(const std::filesystem::path& path, int flags) {
  UniqueFd fd;
  do fd = UniqueFd(::open(path.c_str(), flags | O_CLOEXEC));
  while (!fd && errno == EINTR);
  if (!fd && errno != ENOENT && errno != ENOTDIR) throw_io_error("open", path, errno);
  return fd;
}

std::size_t read_at(int fd, char* buffer, std::size_t size, std::uint64_t offset, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, buffer + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io_error("read", path, errno);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

std::string read_rest(int fd, const std::filesystem::path& path) {
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io_error("read", path, errno);
    }
    if (n == 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

void write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io_error("write", path, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void sync_folder(const std::filesystem::path& folder) {
  const UniqueFd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) throw_io_error("open folder", folder, errno);
  // Some file systems (and FUSE mounts) cannot fsync a directory; they make no promise to keep.
  if (::fsync(fd.fd) != 0 && errno != EINVAL && errno != ENOTSUP && errno != EROFS)
    throw_io_error("sync folder", folder, errno);
}

void make_folders(const std::filesystem::path& folder, mode_t mode) {
  if (folder.empty()) return;
  struct stat st {};
  if (::stat(folder.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw_io_error("use as a folder", folder, ENOTDIR);
    return;
  }
  if (folder.has_parent_path() && folder.parent_path() != folder) make_folders(folder.parent_path(), mode);
  if (::mkdir(folder.c_str(), mode) != 0 && errno != EEXIST) throw_io_error("create folder", folder, errno);
}

}  // namespace followup::sync
