#pragma once
// What the rules need to know about one calendar component occurrence, as plain values.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ical/time.hpp"

namespace followup::ical {

struct Person {
  std::string email;   // lower-cased address without "mailto:", may be empty
  std::string name;    // CN parameter, unescaped; may be empty
  std::string cutype;  // CUTYPE parameter upper-cased ("INDIVIDUAL" when absent)
  std::string role;    // ROLE parameter upper-cased, may be empty
};

enum class ComponentKind { Event, Todo };

// One VEVENT occurrence (recurrences are expanded) or one VTODO, read from a file or a server.
struct Item {
  ComponentKind kind = ComponentKind::Event;
  std::string uid;
  // For an occurrence of a recurring event: its RECURRENCE-ID as an instant (UTC, for DATE values the
  // start of that day in the reading zone) and as written ("20260113T100000" or "20260113").
  std::optional<SysSeconds> recurrence_id;
  std::string recurrence_id_text;
  std::string summary;
  std::string description;
  std::string location;
  std::vector<std::string> categories;  // one entry per category, unescaped
  std::string status;                   // upper-cased STATUS, may be empty

  // VEVENT: the occurrence's start and end (end per RFC 5545 §3.6.1: DTEND, else DTSTART + DURATION,
  // else DTSTART for timed and DTSTART + 1 day for all-day). VTODO: DTSTART if present.
  std::optional<SysSeconds> start;
  std::optional<SysSeconds> end;
  std::optional<SysSeconds> due;        // VTODO DUE
  std::optional<SysSeconds> completed;  // VTODO COMPLETED
  bool has_end = false;                 // DTEND or DURATION was given (the rules apply their own default)
  bool all_day = false;                 // DTSTART is a DATE
  std::optional<Date> start_date;       // all-day: first day
  std::optional<Date> end_date;         // all-day: the exclusive DTEND day (RFC 5545 §3.6.1)
  bool floating = false;                // DTSTART had neither Z nor TZID (read in the user's zone)
  std::string tzid;                     // DTSTART's TZID as written, may be empty

  int priority = 0;                     // PRIORITY, 0 when absent (RFC 5545 §3.8.1.9)
  std::string transparency;             // TRANSP upper-cased, may be empty
  std::string url;                      // URL, may be empty
  // One entry per VALARM: "ACTION TRIGGER-value [RELATED]" ("DISPLAY -PT15M", "DISPLAY -PT3H END").
  std::vector<std::string> alarms;

  std::vector<Person> attendees;
  std::optional<Person> organizer;
  std::vector<std::string> related_to;           // RELATED-TO values
  std::map<std::string, std::string> x_props;    // X- properties: upper-cased name -> first value

  std::string where;  // "file.ics:123": source and the line its BEGIN stands on
};

}  // namespace followup::ical
