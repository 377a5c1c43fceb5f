#include "sync/ics_file_storage.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "sync/atomic_file.hpp"
#include "sync/file_io.hpp"
#include "sync/href.hpp"
#include "sync/ics_file_state.hpp"

namespace followup::sync {
namespace {

constexpr std::size_t kWriteBlock = 256 * 1024;  // as IcsFileState reads

// Where to write: through a symbolic link to its target, so that the link stays a link.
std::filesystem::path file_behind(const std::filesystem::path& path) {
  std::error_code error;
  const auto target = std::filesystem::canonical(path, error);
  return error ? path : target;
}

}  // namespace

IcsFileStorage::IcsFileStorage(std::filesystem::path path) : path_(std::move(path)) {}
IcsFileStorage::~IcsFileStorage() = default;

IcsFileState& IcsFileStorage::state() {
  if (!state_) state_ = IcsFileState::read(file_behind(path_));
  return *state_;
}

std::vector<ItemRef> IcsFileStorage::list() {
  std::vector<ItemRef> refs;
  for (const auto& [href, object] : state().objects) refs.push_back({href, to_hex(object.etag)});
  return refs;
}

std::vector<StoredItem> IcsFileStorage::get(const std::vector<std::string>& hrefs) {
  IcsFileState& s = state();
  if (s.fd && !stamp_of(s.fd.fd, s.file).same_version(s.stamp))
    throw Conflict("file " + s.file.string() + " was edited in place since it was read");
  std::vector<StoredItem> out;
  for (const auto& href : hrefs)
    if (const auto it = s.objects.find(href); it != s.objects.end())
      out.push_back({{href, to_hex(it->second.etag)}, s.calendar_text(it->second)});
  return out;
}

std::string IcsFileStorage::href_for(std::string_view uid) const { return file_name_for_uid(uid); }

ItemRef IcsFileStorage::create(std::string_view uid, const std::string& ics) {
  IcsFileState& s = state();
  const std::string href = href_for(uid);
  if (s.objects.contains(href)) throw AlreadyExists(describe() + ": " + href + " exists");
  const ObjectText text = object_text_for_file(ics, uid, s.layout.line_ending, describe() + ": new " + href);
  // At the end of the last calendar, so that the user's own objects keep their places.
  const auto calendar = static_cast<std::uint32_t>(s.layout.calendars.size() - 1);
  const std::uint64_t offset = s.layout.calendars.back().end_line;
  s.add_zones(text, calendar, offset);
  const std::size_t insertion = s.edits.insert(offset, text.components);
  s.objects[href] = IcsFileState::Object{{}, insertion, std::string(uid), text.tzids_used, text.etag, calendar};
  return {href, to_hex(text.etag)};
}

ItemRef IcsFileStorage::update(const ItemRef& ref, const std::string& ics) {
  IcsFileState& s = state();
  const auto it = s.objects.find(ref.href);
  if (it == s.objects.end() || to_hex(it->second.etag) != ref.etag)
    throw VersionMismatch(describe() + ": " + ref.href + " changed since it was read");
  IcsFileState::Object& object = it->second;
  const ObjectText text =
      object_text_for_file(ics, s.uid_of(object), s.layout.line_ending, describe() + ": " + ref.href);
  if (object.insertion) {
    s.add_zones(text, object.calendar, s.edits.offset(*object.insertion));
    s.edits.replace(*object.insertion, text.components);
  } else {
    // In place of its first component; overrides elsewhere in the file go with the rest of it.
    const std::uint64_t offset = s.layout.components[object.components.front()].begin;
    s.add_zones(text, object.calendar, offset);
    object.insertion = s.edits.insert(offset, text.components);
    for (const std::size_t i : object.components)
      s.edits.drop(s.layout.components[i].begin, s.layout.components[i].end);
    object.written_uid = s.uid_of(object);
    object.components.clear();
  }
  object.tzids_used = text.tzids_used;
  object.etag = text.etag;
  return {ref.href, to_hex(object.etag)};
}

void IcsFileStorage::remove(const ItemRef& ref) {
  IcsFileState& s = state();
  const auto it = s.objects.find(ref.href);
  if (it == s.objects.end() || to_hex(it->second.etag) != ref.etag)
    throw VersionMismatch(describe() + ": " + ref.href + " changed since it was read");
  // Its VTIMEZONEs stay: other objects may use them.
  if (it->second.insertion) s.edits.replace(*it->second.insertion, {});
  for (const std::size_t i : it->second.components)
    s.edits.drop(s.layout.components[i].begin, s.layout.components[i].end);
  s.objects.erase(it);
}

void IcsFileStorage::flush() {
  if (!state_ || state_->edits.empty()) return;
  IcsFileState& s = *state_;
  try {
    s.check_unchanged();
    if (!s.exists && s.file.has_parent_path()) make_folders(s.file.parent_path(), 0700);
    TempFile temp(s.file);
    if (s.exists) {
      if (::fchmod(temp.fd(), s.stamp.mode & 07777) != 0) throw_io_error("set the permissions of", temp.path(), errno);
      if ((s.stamp.owner != ::geteuid() || s.stamp.group != ::getegid()) &&
          ::fchown(temp.fd(), s.stamp.owner, s.stamp.group) != 0) {
        // Only root may give a file away; for anyone else the file becomes theirs, same permission bits.
      }
    }
    // The new file is scanned as it is written: its layout is known without reading it again. Small
    // pieces (each inserted item is one) are gathered into blocks: one write(2) per item was thousands
    // of system calls for a large import (issue 7).
    IcsLayoutScanner rescan(s.file.string());
    std::string pending;
    const auto write_pending = [&] {
      temp.write(pending);
      rescan.feed(pending);
      pending.clear();
    };
    const auto out = [&](std::string_view bytes) {
      if (pending.size() + bytes.size() > kWriteBlock && !pending.empty()) write_pending();
      if (bytes.size() >= kWriteBlock) {
        temp.write(bytes);
        rescan.feed(bytes);
        return;
      }
      pending.append(bytes);
    };
    s.edits.render(
        s.layout.size, [&](std::uint64_t begin, std::uint64_t end) { s.copy_original(begin, end, out); }, out);
    if (!pending.empty()) write_pending();
    temp.sync();
    IcsLayout layout = rescan.finish();
    s.check_unchanged();  // once more, just before the rename: the window for losing an edit is kept short
    temp.replace_final();

    const std::filesystem::path file = s.file;
    state_.reset();  // first: never the indexes of a large file twice at once
    state_ = IcsFileState::written(file, temp.release_fd(), std::move(layout));
  } catch (const Conflict&) {
    state_.reset();
    throw;
  }
}

}  // namespace followup::sync
