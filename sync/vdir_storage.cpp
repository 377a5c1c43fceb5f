#include "sync/vdir_storage.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <optional>

#include "sync/atomic_file.hpp"
#include "sync/file_io.hpp"
#include "sync/href.hpp"

namespace followup::sync {
namespace {

struct DirCloser {
  void operator()(DIR* dir) const noexcept { ::closedir(dir); }
};

// Names vdirsyncer lists: "*.ics", not hidden (temporary files of vdirsyncer, of editors and ours
// start with '.').
bool listed_name(std::string_view name) { return !name.starts_with('.') && name.size() > 4 && name.ends_with(".ics"); }

// An href that names a file directly in the folder; anything else ("../x.ics", "a/b.ics", ".hidden")
// is never opened.
bool safe_href(std::string_view href) {
  return !href.empty() && !href.starts_with('.') && href.find('/') == std::string_view::npos &&
         href.find('\0') == std::string_view::npos;
}

std::string etag_of(const FileStamp& s) {
  return std::to_string(s.mtime_ns) + ";" + std::to_string(s.inode) + ";" + std::to_string(s.size);
}

// The stamp of the file at `path`, or nullopt when there is none.
std::optional<FileStamp> stamp_at(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw_io_error("stat", path, errno);
  }
  if (!S_ISREG(st.st_mode)) return std::nullopt;
  return FileStamp::of(st);
}

}  // namespace

std::vector<ItemRef> VdirStorage::list() {
  const std::unique_ptr<DIR, DirCloser> dir(::opendir(folder_.c_str()));
  if (!dir) {
    if (errno == ENOENT) return {};
    throw_io_error("list", folder_, errno);
  }
  std::vector<ItemRef> refs;
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (!entry) {
      if (errno != 0) throw_io_error("list", folder_, errno);
      break;
    }
    const std::string_view name = entry->d_name;
    if (!listed_name(name)) continue;
    // Gone since readdir (another program's rename): not there.
    if (const auto stamp = stamp_at(folder_ / name)) refs.push_back({std::string(name), etag_of(*stamp)});
  }
  std::sort(refs.begin(), refs.end(), [](const ItemRef& a, const ItemRef& b) { return a.href < b.href; });
  return refs;
}

std::vector<StoredItem> VdirStorage::get(const std::vector<std::string>& hrefs) {
  std::vector<StoredItem> out;
  for (const auto& href : hrefs) {
    if (!safe_href(href)) continue;
    const std::filesystem::path path = folder_ / href;
    // O_NONBLOCK: a FIFO named like an object must not hang the run (it is then skipped as no file).
    const UniqueFd fd = open_if_present(path, O_RDONLY | O_NONBLOCK);
    if (!fd) continue;
    // Tag and text from the one open file: a rename over it meanwhile cannot pair old text with a new tag.
    const FileStamp stamp = stamp_of(fd.fd, path);
    if (!S_ISREG(stamp.mode)) continue;
    out.push_back({{href, etag_of(stamp)}, read_rest(fd.fd, path)});
  }
  return out;
}

std::string VdirStorage::href_for(std::string_view uid) const { return file_name_for_uid(uid); }

ItemRef VdirStorage::create(std::string_view uid, const std::string& ics) {
  make_folders(folder_, 0700);
  const std::string href = href_for(uid);
  TempFile temp(folder_ / href);
  temp.write(ics);
  temp.sync();
  // link(2) fails with EEXIST rather than replace a file: create-only-if-absent, as If-None-Match: *.
  if (!temp.publish_if_absent()) throw AlreadyExists(describe() + ": " + href + " exists");
  return {href, etag_of(stamp_of(temp.fd(), folder_ / href))};
}

ItemRef VdirStorage::update(const ItemRef& ref, const std::string& ics) {
  const std::string changed = describe() + ": " + ref.href + " changed since it was read";
  if (!safe_href(ref.href)) throw VersionMismatch(changed);
  const std::filesystem::path path = folder_ / ref.href;
  const std::optional<FileStamp> old = stamp_at(path);
  if (!old || etag_of(*old) != ref.etag) throw VersionMismatch(changed);

  TempFile temp(path);
  temp.write(ics);
  if (::fchmod(temp.fd(), old->mode & 07777) != 0) throw_io_error("set the permissions of", temp.path(), errno);
  // The tag must change with every write, even one in the same timestamp tick that reuses the inode
  // the previous write freed (same mtime, inode and size would repeat an old tag): the new mtime is
  // made later than the old one.
  if (stamp_of(temp.fd(), path).mtime_ns <= old->mtime_ns) {
    const std::int64_t later = old->mtime_ns + 1;
    const timespec times[2] = {{0, UTIME_OMIT}, {later / 1'000'000'000, later % 1'000'000'000}};
    if (::futimens(temp.fd(), times) != 0) throw_io_error("set the time of", temp.path(), errno);
  }
  temp.sync();
  // Checked again just before the rename, to keep the window for overwriting someone's edit short.
  const std::optional<FileStamp> now = stamp_at(path);
  if (!now || etag_of(*now) != ref.etag) throw VersionMismatch(changed);
  temp.replace_final();
  return {ref.href, etag_of(stamp_of(temp.fd(), path))};
}

void VdirStorage::remove(const ItemRef& ref) {
  const std::string changed = describe() + ": " + ref.href + " changed since it was read";
  if (!safe_href(ref.href)) throw VersionMismatch(changed);
  const std::filesystem::path path = folder_ / ref.href;
  const std::optional<FileStamp> old = stamp_at(path);
  if (!old || etag_of(*old) != ref.etag) throw VersionMismatch(changed);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) throw VersionMismatch(changed);
    throw_io_error("delete", path, errno);
  }
  sync_folder(folder_);
}

}  // namespace followup::sync
