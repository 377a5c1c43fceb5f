#include "sync/file_io.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <memory>
#include <optional>
#include <system_error>

#include "ical/errors.hpp"

namespace followup::sync {
namespace {

// The name mkostemp makes of "<prefix><final name>.XXXXXX": the final name is what lies between.
std::optional<std::string_view> final_name_of_temp(std::string_view name) {
  constexpr std::size_t kSuffix = 7;  // ".XXXXXX", mkostemp's letters and digits
  if (!name.starts_with(kTempFilePrefix) || name.size() <= kTempFilePrefix.size() + kSuffix) return std::nullopt;
  const std::string_view suffix = name.substr(name.size() - kSuffix);
  const auto alnum = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (suffix[0] != '.' || !std::all_of(suffix.begin() + 1, suffix.end(), alnum)) return std::nullopt;
  return name.substr(kTempFilePrefix.size(), name.size() - kTempFilePrefix.size() - kSuffix);
}

struct DirCloser {
  void operator()(DIR* dir) const noexcept { ::closedir(dir); }
};

// Unlinks the regular files of this user in `folder` that are our temporary files for a final name
// `wanted` accepts. A missing folder has none.
std::size_t remove_ours(const std::filesystem::path& folder, const std::function<bool(std::string_view)>& wanted) {
  const std::unique_ptr<DIR, DirCloser> dir(::opendir(folder.c_str()));
  if (!dir) {
    if (errno == ENOENT || errno == ENOTDIR) return 0;
    throw_io_error("list", folder, errno);
  }
  std::size_t removed = 0;
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (!entry) {
      if (errno != 0) throw_io_error("list", folder, errno);
      break;
    }
    const std::string_view name = entry->d_name;
    const std::optional<std::string_view> final_name = final_name_of_temp(name);
    if (!final_name || !wanted(*final_name)) continue;
    // Never through a symbolic link, never a folder, never another user's file (a shared folder).
    struct stat st {};
    if (::fstatat(::dirfd(dir.get()), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone meanwhile
    if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if (::unlinkat(::dirfd(dir.get()), entry->d_name, 0) == 0)
      ++removed;
    else if (errno != ENOENT)
      throw_io_error("remove", folder / name, errno);
  }
  // No sync_folder: should a crash undo the removal, the next run removes them again.
  return removed;
}

}  // namespace

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

std::size_t remove_stale_temp_files(const std::filesystem::path& final_path) {
  std::error_code error;
  const std::filesystem::path target = std::filesystem::canonical(final_path, error);
  const std::filesystem::path& file = error ? final_path : target;  // a file not written yet: as given
  const std::string final_name = file.filename().string();
  return remove_ours(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."),
                     [&](std::string_view name) { return name == final_name; });
}

std::size_t remove_stale_temp_files_in(const std::filesystem::path& folder) {
  return remove_ours(folder, [](std::string_view) { return true; });
}

}  // namespace followup::sync
