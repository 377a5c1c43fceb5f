#pragma once
// The time zones one VCALENDAR can name: its own VTIMEZONEs first, then Zone::find. Private to ical/.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "ical/zone.hpp"

namespace followup::ical {

class CalendarZones {
 public:
  using Report = std::function<void(std::size_t line, std::string reason)>;
  explicit CalendarZones(Report report) : report_(std::move(report)) {}

  // Keeps a VTIMEZONE's text; it is parsed only when a TZID that names it is read.
  void define(std::string tzid, std::string vtimezone_text, std::size_t line);
  bool defines(const std::string& tzid) const { return definitions_.count(tzid) != 0; }

  // The zone a TZID parameter names (RFC 5545 §3.2.19): this calendar's VTIMEZONE with that TZID
  // (its rules win even over a built-in zone of the same name), else Zone::find. nullopt: unknown.
  const std::optional<Zone>& resolve(const std::string& tzid);

  // A new VCALENDAR: its TZIDs mean nothing in the next one.
  void clear();

 private:
  struct Definition {
    std::string text;
    std::size_t line = 0;
  };
  Report report_;
  std::unordered_map<std::string, Definition> definitions_;
  std::unordered_map<std::string, std::optional<Zone>> resolved_;
};

}  // namespace followup::ical
