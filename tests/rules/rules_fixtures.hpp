#pragma once
// Small builders for calendar items and settings, so that each test states only what it is about.
#include <string>

#include "ical/item.hpp"
#include "ical/zone.hpp"
#include "rules/settings.hpp"

namespace followup::testing {

inline ical::Zone zone(const std::string& name) {
  auto z = ical::Zone::find(name);
  if (!z) throw std::runtime_error("test zone not found: " + name);
  return *z;
}

// An instant given as local wall time in a zone: at("2026-01-13T10:00", "Europe/Berlin").
inline SysSeconds at(const std::string& local, const std::string& zone_name) {
  return zone(zone_name).to_sys(LocalSeconds{ical::parse_iso_instant(local + ":00Z").time_since_epoch()});
}

inline ical::Person person(const std::string& email, const std::string& name = "") {
  return ical::Person{email, name, "INDIVIDUAL", "REQ-PARTICIPANT"};
}

inline ical::Item interview_item(const std::string& summary, SysSeconds start, SysSeconds end) {
  ical::Item item;
  item.kind = ical::ComponentKind::Event;
  item.uid = "interview-1@example.com";
  item.summary = summary;
  item.start = start;
  item.end = end;
  item.has_end = true;
  item.where = "test.ics:1";
  return item;
}

inline rules::Settings settings_in(const std::string& zone_name) {
  rules::Settings s;
  s.timezone = zone(zone_name);
  s.me = {"me@example.com"};
  return s;
}

// RULES.md §6, the worked example: Tuesday 2026-01-13 10:00–11:00 Europe/Berlin, Mr. Finn, "They'll
// decide by Thursday"; its `now` is 12:00 that day.
inline ical::Item acme_interview() {
  auto item = interview_item("Interview with Acme – Marketing Manager", at("2026-01-13T10:00", "Europe/Berlin"),
                             at("2026-01-13T11:00", "Europe/Berlin"));
  item.attendees = {person("finn@acme.example", "Mr. Finn"), person("me@example.com", "Me")};
  item.description = "They'll decide by Thursday";
  return item;
}

}  // namespace followup::testing
