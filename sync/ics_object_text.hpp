#pragma once
// An object handed to IcsFileStorage::create/update (one VCALENDAR: the VTIMEZONEs it uses and the
// components of one UID, RFC 4791 §4.1) taken apart for splicing into a .ics file, and the version tag
// of an object in such a file.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/ics_file_layout.hpp"

namespace followup::sync {

struct ObjectText {
  std::string components;               // its VEVENT/VTODO/VJOURNAL components, raw, in the file's line ending
  std::uint64_t etag = 0;               // what the file's object will have once they are in it
  std::vector<std::string> tzids_used;  // TZID parameters in them
  std::vector<std::pair<std::string, std::string>> zones;  // its VTIMEZONEs: TZID and raw text
};

// Throws BadInput (starting with `where`) when `ics` is not iCalendar, holds no VEVENT, VTODO or
// VJOURNAL, or holds one whose UID is not `uid` (or other kinds of component, which the file would
// not count as part of the object).
ObjectText object_text_for_file(const std::string& ics, std::string_view uid, LineEnding ending,
                                const std::string& where);

// An object's version tag in a file: FNV-1a 64 over the hashes of its components' raw bytes, in file
// order (shown as 16 hex digits). Any byte changed in any of them changes it; nothing outside does.
std::uint64_t object_etag(const std::vector<std::uint64_t>& component_hashes);

}  // namespace followup::sync
