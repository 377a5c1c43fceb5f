#include "sync/ics_file_storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <optional>

#include "sync/atomic_file.hpp"
#include "sync/file_io.hpp"
#include "sync/href.hpp"
#include "sync/ics_file_edits.hpp"
#include "sync/ics_file_layout.hpp"
#include "sync/ics_object_text.hpp"

namespace followup::sync {
namespace {

constexpr std::size_t kBlock = 256 * 1024;

// What a file that does not exist yet (or is empty) stands for: a calendar with nothing in it.
constexpr std::string_view kNewCalendar =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup//followup 0.1//EN\r\nEND:VCALENDAR\r\n";

// Hrefs for objects href_for() never gives (its names never start with '.'), so that nothing can be
// created at them: components without a UID, and a UID seen again in a later VCALENDAR.
std::string synthetic_href(std::string_view why, std::uint64_t offset) {
  return "." + std::string(why) + "-at-" + std::to_string(offset);
}

// Where to write: through a symbolic link to its target, so that the link stays a link.
std::filesystem::path file_behind(const std::filesystem::path& path) {
  std::error_code error;
  const auto target = std::filesystem::canonical(path, error);
  return error ? path : target;
}

}  // namespace

struct IcsFileStorage::Loaded {
  struct Object {
    std::string uid;
    std::uint32_t calendar = 0;
    std::vector<std::size_t> components;   // in layout.components, while unchanged
    std::optional<std::size_t> insertion;  // its text in `edits`, once written in this session
    std::vector<std::string> tzids_used;   // of that text
    std::string etag;
  };
  // A VTIMEZONE: in the original file or inserted in this session.
  struct Zone {
    std::optional<std::size_t> component;
    std::optional<std::size_t> insertion;
  };

  std::filesystem::path file;
  bool exists = false;
  FileStamp stamp;
  UniqueFd fd;             // the file as scanned: ranges are read from the very bytes the layout describes
  std::string stand_in;    // the text a missing or empty file stands for
  IcsLayout layout;
  IcsFileEdits edits;
  std::map<std::string, Object> objects;  // by href
  std::vector<std::map<std::string, Zone>> zones;  // per calendar, by TZID

  // Groups the layout's components into objects.
  void index() {
    std::map<std::pair<std::uint32_t, std::string>, std::string> href_of_uid;
    zones.assign(layout.calendars.size(), {});
    for (std::size_t i = 0; i < layout.components.size(); ++i) {
      const RawComponent& c = layout.components[i];
      if (c.kind == RawKind::Timezone) {
        if (!c.tzid.empty()) zones[c.calendar].try_emplace(c.tzid, Zone{i, std::nullopt});
        continue;
      }
      if (c.kind == RawKind::Other) continue;  // VFREEBUSY, X- components: not objects, kept as they are
      std::string href;
      if (c.uid.empty()) {
        href = synthetic_href("no-uid", c.begin);
      } else {
        const auto key = std::make_pair(c.calendar, c.uid);
        if (const auto it = href_of_uid.find(key); it != href_of_uid.end()) {
          objects[it->second].components.push_back(i);
          continue;
        }
        href = file_name_for_uid(c.uid);
        if (objects.contains(href)) href = synthetic_href("duplicate", c.begin);
        href_of_uid.emplace(key, href);
      }
      objects[href] = Object{c.uid, c.calendar, {i}, std::nullopt, {}, {}};
    }
    for (auto& [href, object] : objects) {
      std::vector<std::uint64_t> hashes;
      for (const std::size_t i : object.components) hashes.push_back(layout.components[i].hash);
      object.etag = object_etag(hashes);
    }
  }

  // Passes the original bytes [begin, end) to `sink`, a block at a time.
  template <typename Sink>
  void copy_original(std::uint64_t begin, std::uint64_t end, Sink&& sink) const {
    if (!fd) {
      sink(std::string_view(stand_in).substr(begin, end - begin));
      return;
    }
    std::string block(static_cast<std::size_t>(std::min<std::uint64_t>(end - begin, kBlock)), '\0');
    while (begin < end) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(end - begin, block.size()));
      if (read_at(fd.fd, block.data(), want, begin, file) != want)
        throw Conflict("file " + file.string() + " became shorter while it was read");
      sink(std::string_view(block).substr(0, want));
      begin += want;
    }
  }

  std::string original(std::uint64_t begin, std::uint64_t end) const {
    std::string out;
    copy_original(begin, end, [&out](std::string_view bytes) { out += bytes; });
    return out;
  }

  // Throws Conflict when the file on disk is not the one read (replaced, edited, created, deleted).
  void check_unchanged() const {
    const std::string message = "file " + file.string() + " changed on disk since it was read";
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
      if (errno != ENOENT) throw_io_error("stat", file, errno);
      if (exists) throw Conflict(message + " (it was deleted)");
    } else if (!exists) {
      throw Conflict(message + " (it was created)");
    } else if (!FileStamp::of(st).same_version(stamp)) {
      throw Conflict(message);
    }
    if (fd && !stamp_of(fd.fd, file).same_version(stamp)) throw Conflict(message);
  }

  // Inserts the object's VTIMEZONEs the calendar does not have yet (RFC 5545 §3.6.5: one per TZID).
  void add_zones(const ObjectText& text, std::uint32_t calendar, std::uint64_t offset) {
    for (const auto& [tzid, zone_text] : text.zones)
      if (!zones[calendar].contains(tzid)) zones[calendar][tzid] = Zone{std::nullopt, edits.insert(offset, zone_text)};
  }

  // The object as one VCALENDAR: the file's VERSION and PRODID, the VTIMEZONEs it uses, its components.
  std::string calendar_text(const Object& object) const {
    const std::string_view eol = line_break(layout.line_ending);
    std::string out = "BEGIN:VCALENDAR" + std::string(eol);
    out += layout.version_line.empty() ? "VERSION:2.0" + std::string(eol) : layout.version_line;
    out += layout.prodid_line.empty() ? "PRODID:-//followup//followup 0.1//EN" + std::string(eol) : layout.prodid_line;
    std::vector<std::string> tzids = object.tzids_used;
    for (const std::size_t i : object.components)
      for (const auto& tzid : layout.components[i].tzids_used)
        if (std::find(tzids.begin(), tzids.end(), tzid) == tzids.end()) tzids.push_back(tzid);
    for (const auto& tzid : tzids) {
      const auto zone = zones[object.calendar].find(tzid);
      if (zone == zones[object.calendar].end()) continue;
      if (zone->second.insertion) {
        out += edits.text(*zone->second.insertion);
      } else {
        const RawComponent& c = layout.components[*zone->second.component];
        out += original(c.begin, c.end);
      }
    }
    if (object.insertion) out += edits.text(*object.insertion);
    for (const std::size_t i : object.components) out += original(layout.components[i].begin, layout.components[i].end);
    out += "END:VCALENDAR";
    out += eol;
    return out;
  }
};

IcsFileStorage::IcsFileStorage(std::filesystem::path path) : path_(std::move(path)) {}
IcsFileStorage::~IcsFileStorage() = default;

IcsFileStorage::Loaded& IcsFileStorage::loaded() {
  if (loaded_) return *loaded_;
  auto s = std::make_unique<Loaded>();
  s->file = file_behind(path_);
  s->fd = open_if_present(s->file, O_RDONLY);
  if (s->fd) {
    s->exists = true;
    s->stamp = stamp_of(s->fd.fd, s->file);
    if (!S_ISREG(s->stamp.mode)) throw IoError("cannot use " + s->file.string() + ": not a regular file");
  }
  if (!s->fd || s->stamp.size == 0) {
    s->fd.reset();
    s->stand_in = kNewCalendar;
    s->layout = scan_ics_text(s->stand_in, s->file.string());
  } else {
    IcsLayoutScanner scanner(s->file.string());
    try {
      std::string block(kBlock, '\0');
      for (std::uint64_t offset = 0;;) {
        const std::size_t n = read_at(s->fd.fd, block.data(), block.size(), offset, s->file);
        if (n == 0) break;
        scanner.feed(std::string_view(block).substr(0, n));
        offset += n;
      }
      s->layout = scanner.finish();
    } catch (const BadInput&) {
      // Half of a file another program is writing in place is not a broken calendar.
      s->check_unchanged();
      throw;
    }
    s->check_unchanged();
  }
  s->index();
  loaded_ = std::move(s);
  return *loaded_;
}

std::vector<ItemRef> IcsFileStorage::list() {
  std::vector<ItemRef> refs;
  for (const auto& [href, object] : loaded().objects) refs.push_back({href, object.etag});
  return refs;
}

std::vector<StoredItem> IcsFileStorage::get(const std::vector<std::string>& hrefs) {
  Loaded& s = loaded();
  if (s.fd && !stamp_of(s.fd.fd, s.file).same_version(s.stamp))
    throw Conflict("file " + s.file.string() + " was edited in place since it was read");
  std::vector<StoredItem> out;
  for (const auto& href : hrefs)
    if (const auto it = s.objects.find(href); it != s.objects.end())
      out.push_back({{href, it->second.etag}, s.calendar_text(it->second)});
  return out;
}

std::string IcsFileStorage::href_for(std::string_view uid) const { return file_name_for_uid(uid); }

ItemRef IcsFileStorage::create(std::string_view uid, const std::string& ics) {
  Loaded& s = loaded();
  const std::string href = href_for(uid);
  if (s.objects.contains(href)) throw AlreadyExists(describe() + ": " + href + " exists");
  const ObjectText text = object_text_for_file(ics, uid, s.layout.line_ending, describe() + ": new " + href);
  // At the end of the last calendar, so that the user's own objects keep their places.
  const auto calendar = static_cast<std::uint32_t>(s.layout.calendars.size() - 1);
  const std::uint64_t offset = s.layout.calendars.back().end_line;
  s.add_zones(text, calendar, offset);
  const std::size_t insertion = s.edits.insert(offset, text.components);
  s.objects[href] = Loaded::Object{std::string(uid), calendar, {}, insertion, text.tzids_used, text.etag};
  return {href, text.etag};
}

ItemRef IcsFileStorage::update(const ItemRef& ref, const std::string& ics) {
  Loaded& s = loaded();
  const auto it = s.objects.find(ref.href);
  if (it == s.objects.end() || it->second.etag != ref.etag)
    throw VersionMismatch(describe() + ": " + ref.href + " changed since it was read");
  Loaded::Object& object = it->second;
  const ObjectText text = object_text_for_file(ics, object.uid, s.layout.line_ending, describe() + ": " + ref.href);
  if (object.insertion) {
    s.add_zones(text, object.calendar, s.edits.offset(*object.insertion));
    s.edits.replace(*object.insertion, text.components);
  } else {
    // In place of its first component; overrides elsewhere in the file go with the rest of it.
    const std::uint64_t offset = s.layout.components[object.components.front()].begin;
    s.add_zones(text, object.calendar, offset);
    object.insertion = s.edits.insert(offset, text.components);
    for (const std::size_t i : object.components) s.edits.drop(s.layout.components[i].begin, s.layout.components[i].end);
    object.components.clear();
  }
  object.tzids_used = text.tzids_used;
  object.etag = text.etag;
  return {ref.href, object.etag};
}

void IcsFileStorage::remove(const ItemRef& ref) {
  Loaded& s = loaded();
  const auto it = s.objects.find(ref.href);
  if (it == s.objects.end() || it->second.etag != ref.etag)
    throw VersionMismatch(describe() + ": " + ref.href + " changed since it was read");
  // Its VTIMEZONEs stay: other objects may use them.
  if (it->second.insertion) s.edits.replace(*it->second.insertion, {});
  for (const std::size_t i : it->second.components) s.edits.drop(s.layout.components[i].begin, s.layout.components[i].end);
  s.objects.erase(it);
}

void IcsFileStorage::flush() {
  if (!loaded_ || loaded_->edits.empty()) return;
  Loaded& s = *loaded_;
  try {
    s.check_unchanged();
    if (!s.exists && s.file.has_parent_path()) make_folders(s.file.parent_path(), 0700);
    TempFile temp(s.file);
    if (s.exists) {
      if (::fchmod(temp.fd(), s.stamp.mode & 07777) != 0) throw_io_error("set the permissions of", temp.path(), errno);
      // Only root may give a file away; anyone else keeps owning what they write.
      if ((s.stamp.owner != ::geteuid() || s.stamp.group != ::getegid()) &&
          ::fchown(temp.fd(), s.stamp.owner, s.stamp.group) != 0) {
        // Not ours to give away: the file stays the writer's, with the same permission bits.
      }
    }
    // The new file is scanned as it is written: its layout is known without reading it again.
    IcsLayoutScanner rescan(s.file.string());
    const auto out = [&](std::string_view bytes) {
      temp.write(bytes);
      rescan.feed(bytes);
    };
    s.edits.render(s.layout.size, [&](std::uint64_t begin, std::uint64_t end) { s.copy_original(begin, end, out); }, out);
    temp.sync();
    IcsLayout layout = rescan.finish();
    s.check_unchanged();  // once more, just before the rename: the window for a lost edit is as short as it gets
    temp.replace_final();

    auto fresh = std::make_unique<Loaded>();
    fresh->file = s.file;
    fresh->exists = true;
    fresh->fd = temp.release_fd();
    fresh->stamp = stamp_of(fresh->fd.fd, fresh->file);
    fresh->layout = std::move(layout);
    fresh->index();
    loaded_ = std::move(fresh);
  } catch (const Conflict&) {
    loaded_.reset();
    throw;
  }
}

}  // namespace followup::sync
