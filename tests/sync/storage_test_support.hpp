#pragma once
// Helpers for the storage tests: a temporary folder, whole-file reads and writes, and iCalendar texts.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "sync/storage.hpp"

namespace followup::sync {
// Failed comparisons show the href and ETag, not bytes (CalDAV hrefs and ETags differ in spelling).
inline void PrintTo(const ItemRef& ref, std::ostream* os) { *os << "{" << ref.href << " " << ref.etag << "}"; }
}  // namespace followup::sync

namespace followup::sync::testing {

// A fresh folder, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "followup-store-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    // Tests take permissions away; give them back so that everything can be removed.
    for (auto it = std::filesystem::recursive_directory_iterator(path_, ignored);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ignored))
      if (it->is_directory(ignored) && !it->is_symlink(ignored))
        std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all, std::filesystem::perm_options::add,
                                     ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string text(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return text;
}

inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline mode_t permission_bits(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("cannot stat " + path.string());
  return st.st_mode & 07777;
}

// "\n" line ends turned into CRLF (RFC 5545 §3.1), for texts written in the test sources with "\n".
inline std::string crlf(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// A VTIMEZONE as calendar apps write it, for the tests' objects (RFC 5545 §3.6.5).
inline std::string berlin_zone() {
  return crlf(
      "BEGIN:VTIMEZONE\n"
      "TZID:Europe/Berlin\n"
      "BEGIN:DAYLIGHT\n"
      "TZOFFSETFROM:+0100\n"
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\n"
      "DTSTART:19810329T020000\n"
      "TZNAME:CEST\n"
      "TZOFFSETTO:+0200\n"
      "END:DAYLIGHT\n"
      "BEGIN:STANDARD\n"
      "TZOFFSETFROM:+0200\n"
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\n"
      "DTSTART:19961027T030000\n"
      "TZNAME:CET\n"
      "TZOFFSETTO:+0100\n"
      "END:STANDARD\n"
      "END:VTIMEZONE\n");
}

inline std::string new_york_zone() {
  return crlf(
      "BEGIN:VTIMEZONE\n"
      "TZID:America/New_York\n"
      "BEGIN:DAYLIGHT\n"
      "TZOFFSETFROM:-0500\n"
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\n"
      "DTSTART:20070311T020000\n"
      "TZNAME:EDT\n"
      "TZOFFSETTO:-0400\n"
      "END:DAYLIGHT\n"
      "BEGIN:STANDARD\n"
      "TZOFFSETFROM:-0400\n"
      "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\n"
      "DTSTART:20071104T020000\n"
      "TZNAME:EST\n"
      "TZOFFSETTO:-0500\n"
      "END:STANDARD\n"
      "END:VTIMEZONE\n");
}

// The VTODO of a follow-up as the writer makes it (CRLF), due at 09:00 in `tzid` ("" for a date).
inline std::string follow_up_todo(std::string_view uid, std::string_view summary, std::string_view tzid = "") {
  std::string due = tzid.empty() ? "DUE;VALUE=DATE:20260116\n" : "DUE;TZID=" + std::string(tzid) + ":20260116T090000\n";
  return crlf(
      "BEGIN:VTODO\n"
      "UID:" +
      std::string(uid) +
      "\n"
      "DTSTAMP:20260113T120000Z\n"
      "SUMMARY:" +
      std::string(summary) + "\n" + due +
      "CATEGORIES:Follow-up\n"
      "X-FOLLOWUP-KIND:thank-you\n"
      "END:VTODO\n");
}

// A whole object: one VCALENDAR with the VTIMEZONE it uses and the follow-up (RFC 4791 §4.1).
inline std::string follow_up_object(std::string_view uid, std::string_view summary, std::string_view tzid = "") {
  std::string zone;
  if (tzid == "Europe/Berlin") zone = berlin_zone();
  if (tzid == "America/New_York") zone = new_york_zone();
  return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//followup//followup 0.1//EN\n") + zone +
         follow_up_todo(uid, summary, tzid) + crlf("END:VCALENDAR\n");
}

}  // namespace followup::sync::testing
