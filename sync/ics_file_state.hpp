#pragma once
// One .ics file as IcsFileStorage sees it: the file as read (kept open, with its stat() stamp and the
// byte layout of its components), the objects and VTIMEZONEs found in it, and the changes buffered
// since. Objects that are not changed are only offsets into the open file.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/file_io.hpp"
#include "sync/ics_file_edits.hpp"
#include "sync/ics_file_layout.hpp"
#include "sync/ics_object_text.hpp"
#include "sync/unique_fd.hpp"

namespace followup::sync {

struct IcsFileState {
  // One object. Kept small: a large calendar has many, and they are all in memory.
  struct Object {
    std::vector<std::size_t> components;   // in layout.components, while unchanged
    std::optional<std::size_t> insertion;  // its text in `edits`, once written in this session
    std::string written_uid;               // the UID, once written (else that of its components)
    std::vector<std::string> tzids_used;   // of the written text
    std::uint64_t etag = 0;
    std::uint32_t calendar = 0;
  };
  // A VTIMEZONE: in the original file or inserted in this session.
  struct Zone {
    std::optional<std::size_t> component;
    std::optional<std::size_t> insertion;
  };

  std::filesystem::path file;  // symbolic links resolved: the file written
  bool exists = false;
  FileStamp stamp;
  UniqueFd fd;           // the file as scanned: ranges are read from the very bytes the layout describes
  std::string stand_in;  // the text a missing or empty file stands for
  IcsLayout layout;
  IcsFileEdits edits;
  std::map<std::string, Object> objects;           // by href
  std::vector<std::map<std::string, Zone>> zones;  // per calendar, by TZID

  // Reads `file` (a missing or empty one as a calendar with nothing in it). Throws BadInput when it is
  // not iCalendar, Conflict when it changed while being read.
  static std::unique_ptr<IcsFileState> read(const std::filesystem::path& file);
  // The state of a file just written: `fd` open on it, `layout` scanned while writing it.
  static std::unique_ptr<IcsFileState> written(const std::filesystem::path& file, UniqueFd fd, IcsLayout layout);

  const std::string& uid_of(const Object& object) const;

  // Passes the original bytes [begin, end) to `sink`, a block at a time.
  void copy_original(std::uint64_t begin, std::uint64_t end, const std::function<void(std::string_view)>& sink) const;

  // Throws Conflict when the file on disk is not the one read (replaced, edited, created, deleted).
  void check_unchanged() const;

  // Inserts at `offset` the object's VTIMEZONEs the calendar does not have yet (RFC 5545 §3.6.5: one
  // per TZID).
  void add_zones(const ObjectText& text, std::uint32_t calendar, std::uint64_t offset);

  // The object as one VCALENDAR: the file's VERSION and PRODID, the VTIMEZONEs it uses, its components.
  std::string calendar_text(const Object& object) const;

 private:
  void index();
  std::string original(std::uint64_t begin, std::uint64_t end) const;
};

}  // namespace followup::sync
