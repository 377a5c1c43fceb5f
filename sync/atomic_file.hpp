#pragma once
// A file written beside its final name and put in place only when complete (temporary file, fsync,
// then rename or link, then fsync of the folder), so that a reader, or the next run after a crash or
// a full disk, sees the old content or the new one and never half of a file. This is what vdirsyncer
// does for vdirs (its atomicwrites dependency) and what editors do when they save.
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "sync/unique_fd.hpp"

namespace followup::sync {

class TempFile {
 public:
  // Creates "<folder of final_path>/.followup-tmp-<final name>.XXXXXX" (kTempFilePrefix, file_io.hpp)
  // with mode 0600 (O_EXCL: never someone else's file). The leading dot and the suffix keep it out of
  // vdir listings (vdirsyncer and khal skip hidden files and names not ending in ".ics"); the prefix
  // lets a later run holding the lock remove it, should this run be killed before it is put in place.
  explicit TempFile(std::filesystem::path final_path);
  // Removes the temporary file unless it was put in place.
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_.fd; }
  const std::filesystem::path& path() const { return temp_; }

  void write(std::string_view data);
  // fsync: the content is on disk before any name points to it.
  void sync();

  // Renames the file over the final name (replacing what is there) and syncs the folder.
  void replace_final();
  // Gives the file the final name only if nothing has it (link(2) never overwrites), then drops the
  // temporary name and syncs the folder. False: the final name was taken.
  bool publish_if_absent();

  // The open descriptor, now of the final file (valid after replace_final/publish_if_absent).
  UniqueFd release_fd() { return std::move(fd_); }

 private:
  std::filesystem::path final_;
  std::filesystem::path temp_;
  UniqueFd fd_;
  bool published_ = false;
};

}  // namespace followup::sync
