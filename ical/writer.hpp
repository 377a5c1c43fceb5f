#pragma once
// Writes iCalendar objects (RFC 5545) for the items this program generates: one VCALENDAR per object,
// with the VTIMEZONE of every TZID used (RFC 4791 §4.1), TZIDs as plain IANA names (libical's built-in
// "/freeassociation.sourceforge.net/" prefix is rewritten: iCloud wants locations), CRLF line ends and
// 75-octet folding (content_lines.hpp: libical's own folding is broken at the line's end).
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ical/item.hpp"
#include "ical/zone.hpp"

namespace followup::ical {

struct Alarm {
  std::chrono::minutes before{0};  // TRIGGER relative to the start (events) or due (tasks)
  std::string description;
};

struct NewItem {
  ComponentKind kind = ComponentKind::Event;
  std::string uid;
  SysSeconds stamp;  // DTSTAMP (and CREATED/LAST-MODIFIED)
  std::string summary;
  std::string description;
  std::optional<SysSeconds> start;  // DTSTART, written in the zone
  std::optional<SysSeconds> end;    // VEVENT DTEND
  std::optional<SysSeconds> due;    // VTODO DUE
  std::optional<Date> date;         // all-day VEVENT: DTSTART;VALUE=DATE, DTEND the next day
  std::string status;               // STATUS, may be empty
  bool transparent = false;         // TRANSP:TRANSPARENT
  std::optional<Alarm> alarm;
  std::vector<std::string> categories;
  std::string related_to;                                  // RELATED-TO, may be empty
  std::vector<std::pair<std::string, std::string>> x_props;  // X- properties, written as given
  int sequence = 0;
};

// One VCALENDAR holding `item` and the VTIMEZONE of `zone` (none for UTC).
std::string write_object(const NewItem& item, const Zone& zone);

// write_object(), and the Item a reader (reader.hpp, `reading_zone` as its local zone) makes of the
// text, taken from the component as built rather than by parsing the text again: libical's parse of
// every follow-up was a fifth of a large `followup import` (issue 7). The reader's own code reads the
// component, with the zone made from the VTIMEZONE text written; only the text round trip is skipped,
// so `as_read` is given only where that round trip is the identity (plain text values; see
// writer.cpp). Otherwise nullopt, and the caller reads `text`. The Item's `where` is its UID.
struct WrittenObject {
  std::string text;
  std::optional<Item> as_read;
};
WrittenObject write_object_as_read(const NewItem& item, const Zone& zone, const Zone& reading_zone);

}  // namespace followup::ical
