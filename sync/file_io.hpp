#pragma once
// Small POSIX file helpers shared by the file-backed stores: errors as IoError naming the file, whole
// reads and writes that survive short counts and EINTR, a file's identity and version from stat(), and
// fsync of a folder (a rename, link or unlink is durable only once its folder is synced).
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "sync/unique_fd.hpp"

namespace followup::sync {

// Throws IoError "cannot <action> <path>: <strerror(error)>".
[[noreturn]] void throw_io_error(std::string_view action, const std::filesystem::path& path, int error);

// What stat() tells about a file that matters for noticing a change: which file it is (device and
// inode: a rename over it gives a new one) and its content version (size and modification time).
struct FileStamp {
  dev_t device = 0;
  ino_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  mode_t mode = 0;
  uid_t owner = 0;
  gid_t group = 0;

  static FileStamp of(const struct stat& st);
  bool same_version(const FileStamp& other) const {
    return device == other.device && inode == other.inode && size == other.size && mtime_ns == other.mtime_ns;
  }
};

// fstat() of an open file; throws IoError naming `path`.
FileStamp stamp_of(int fd, const std::filesystem::path& path);

// Opens `path`; ENOENT (and ENOTDIR: a parent is a file) give an empty UniqueFd, other errors throw.
UniqueFd open_if_present(const std::filesystem::path& path, int flags);

// Reads up to `size` bytes at `offset` (fewer only at the end of the file).
std::size_t read_at(int fd, char* buffer, std::size_t size, std::uint64_t offset, const std::filesystem::path& path);
// The whole rest of the file from the current position.
std::string read_rest(int fd, const std::filesystem::path& path);
void write_all(int fd, std::string_view data, const std::filesystem::path& path);

// Makes the entries of `folder` (a new name, a rename, an unlink) durable.
void sync_folder(const std::filesystem::path& folder);

// Creates `folder` and missing parents with `mode` (0700: calendars are private).
void make_folders(const std::filesystem::path& folder, mode_t mode);

// Our temporary files (TempFile, atomic_file.hpp) are named "<kTempFilePrefix><final name>.XXXXXX":
// hidden (vdir readers skip them), and marked as ours, so that a later run can tell its own leftovers
// from the temporary files of editors, vdirsyncer or any other program, which it never touches.
inline constexpr std::string_view kTempFilePrefix = ".followup-tmp-";

// Removes the temporary files that a run killed mid-write (kill -9, a power cut) left beside
// `final_path` (through a symbolic link: beside the file it points to, where they were made). Only
// ours: regular files owned by this user named kTempFilePrefix + <final name> + ".XXXXXX". Call it
// only while holding the run lock of the target (cli/run_lock.hpp): without it, the file could be
// that of a run writing now. Returns how many were removed.
std::size_t remove_stale_temp_files(const std::filesystem::path& final_path);
// The same for every final name in `folder`: a vdir, all of whose files belong to the one target.
std::size_t remove_stale_temp_files_in(const std::filesystem::path& folder);

}  // namespace followup::sync
