#include "sync/ics_file_state.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "ical/errors.hpp"
#include "sync/href.hpp"

namespace followup::sync {
namespace {

constexpr std::size_t kBlock = 256 * 1024;

// What a file that does not exist yet (or is empty) stands for: a calendar with nothing in it.
constexpr std::string_view kNewCalendar =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup//followup 0.1//EN\r\nEND:VCALENDAR\r\n";

// Hrefs for objects href_for() never gives (its names never start with '.'), so that nothing can be
// created at them: components without a UID, and a UID seen again in a later VCALENDAR.
std::string synthetic_href(std::string_view why, std::uint64_t offset) {
  std::string href(".");
  href += why;
  href += "-at-";
  href += std::to_string(offset);
  return href;
}

}  // namespace

std::unique_ptr<IcsFileState> IcsFileState::read(const std::filesystem::path& file) {
  auto s = std::make_unique<IcsFileState>();
  s->file = file;
  s->fd = open_if_present(file, O_RDONLY | O_NONBLOCK);  // a FIFO must not hang the run
  if (s->fd) {
    s->exists = true;
    s->stamp = stamp_of(s->fd.fd, file);
    if (!S_ISREG(s->stamp.mode)) throw IoError("cannot use " + file.string() + ": not a regular file");
  }
  if (!s->fd || s->stamp.size == 0) {
    s->fd.reset();
    s->stand_in = kNewCalendar;
    s->layout = scan_ics_text(s->stand_in, file.string());
  } else {
    IcsLayoutScanner scanner(file.string());
    try {
      std::string block(kBlock, '\0');
      for (std::uint64_t offset = 0;;) {
        const std::size_t n = read_at(s->fd.fd, block.data(), block.size(), offset, file);
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
  return s;
}

std::unique_ptr<IcsFileState> IcsFileState::written(const std::filesystem::path& file, UniqueFd fd, IcsLayout layout) {
  auto s = std::make_unique<IcsFileState>();
  s->file = file;
  s->exists = true;
  s->fd = std::move(fd);
  s->stamp = stamp_of(s->fd.fd, file);
  s->layout = std::move(layout);
  s->index();
  return s;
}

const std::string& IcsFileState::uid_of(const Object& object) const {
  return object.components.empty() ? object.written_uid : layout.components[object.components.front()].uid;
}

// Groups the layout's components into objects.
void IcsFileState::index() {
  // Hrefs of UIDs met again in a later VCALENDAR (rare: usually empty).
  std::map<std::pair<std::uint32_t, std::string>, std::string> repeated;
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
      href = file_name_for_uid(c.uid);
      if (const auto it = objects.find(href); it != objects.end()) {
        const RawComponent& first = layout.components[it->second.components.front()];
        if (first.calendar == c.calendar && first.uid == c.uid) {
          it->second.components.push_back(i);
          continue;
        }
        const auto key = std::make_pair(c.calendar, c.uid);
        if (const auto again = repeated.find(key); again != repeated.end()) {
          objects[again->second].components.push_back(i);
          continue;
        }
        href = synthetic_href("duplicate", c.begin);
        repeated.emplace(key, href);
      }
    }
    objects[href].components.push_back(i);
    objects[href].calendar = c.calendar;
  }
  for (auto& [href, object] : objects) {
    std::vector<std::uint64_t> hashes;
    for (const std::size_t i : object.components) hashes.push_back(layout.components[i].hash);
    object.etag = object_etag(hashes);
  }
}

void IcsFileState::copy_original(std::uint64_t begin, std::uint64_t end,
                                 const std::function<void(std::string_view)>& sink) const {
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

std::string IcsFileState::original(std::uint64_t begin, std::uint64_t end) const {
  std::string out;
  copy_original(begin, end, [&out](std::string_view bytes) { out += bytes; });
  return out;
}

void IcsFileState::check_unchanged() const {
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

void IcsFileState::add_zones(const ObjectText& text, std::uint32_t calendar, std::uint64_t offset) {
  for (const auto& [tzid, zone_text] : text.zones)
    if (!zones[calendar].contains(tzid)) zones[calendar][tzid] = Zone{std::nullopt, edits.insert(offset, zone_text)};
}

std::string IcsFileState::calendar_text(const Object& object) const {
  const std::string eol(line_break(layout.line_ending));
  std::string out = "BEGIN:VCALENDAR" + eol;
  out += layout.version_line.empty() ? "VERSION:2.0" + eol : layout.version_line;
  out += layout.prodid_line.empty() ? "PRODID:-//followup//followup 0.1//EN" + eol : layout.prodid_line;
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
  return out + "END:VCALENDAR" + eol;
}

}  // namespace followup::sync
