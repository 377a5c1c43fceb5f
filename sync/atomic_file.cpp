#include "sync/atomic_file.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc 2.28+)
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "sync/file_io.hpp"

namespace followup::sync {
namespace {

std::filesystem::path folder_of(const std::filesystem::path& file) {
  return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

}  // namespace

TempFile::TempFile(std::filesystem::path final_path) : final_(std::move(final_path)) {
  // Appended to, not prepended: GCC 12 warns falsely (-Wrestrict) on "literal" + string.
  std::string name(kTempFilePrefix);  // ours, so that a later run may remove it (remove_stale_temp_files)
  name += final_.filename().string();
  name += ".XXXXXX";
  std::string pattern = (folder_of(final_) / name).string();
  // mkostemp: O_CREAT | O_EXCL, mode 0600.
  fd_ = UniqueFd(::mkostemp(pattern.data(), O_CLOEXEC));
  if (!fd_) throw_io_error("create a file in", folder_of(final_), errno);
  temp_ = pattern;
}

TempFile::~TempFile() {
  if (!published_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void TempFile::write(std::string_view data) { write_all(fd_.fd, data, final_); }

void TempFile::sync() {
  if (::fsync(fd_.fd) != 0) throw_io_error("write", final_, errno);
}

void TempFile::replace_final() {
  if (::rename(temp_.c_str(), final_.c_str()) != 0) throw_io_error("replace", final_, errno);
  published_ = true;
  sync_folder(folder_of(final_));
}

bool TempFile::publish_if_absent() {
  if (::link(temp_.c_str(), final_.c_str()) != 0) {
    if (errno == EEXIST) return false;
    // File systems without hard links (FAT, some FUSE and SMB mounts): the same promise by rename.
    if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS) throw_io_error("create", final_, errno);
    if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, final_.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno == EEXIST) return false;
      throw_io_error("create", final_, errno);
    }
    published_ = true;
    sync_folder(folder_of(final_));
    return true;
  }
  published_ = true;
  ::unlink(temp_.c_str());  // the final name holds the file now; a leftover link would only be hidden clutter
  sync_folder(folder_of(final_));
  return true;
}

}  // namespace followup::sync
