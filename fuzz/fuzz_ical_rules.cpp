// Fuzz target: bytes as an .ics file, read the way `followup plan` and `followup sync` read calendars
// (sync::input_read_options: the user's zone, the rules' window) and turned into a plan with fixed
// settings and a fixed `now`. Broken input must end in a ReadProblem or a followup::Error, never in a
// crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ical/errors.hpp"
#include "ical/zone.hpp"
#include "rules/interview.hpp"
#include "rules/plan.hpp"
#include "rules/settings.hpp"
#include "sync/calendar_input.hpp"

namespace {

using namespace followup;

// Built once: the zone lookup goes through libical and ICU, and the settings never change.
const rules::Settings& fixed_settings() {
  static const rules::Settings settings = [] {
    rules::Settings s;
    s.timezone = *ical::Zone::find("Europe/Berlin");  // a zone with DST, so both offsets are exercised
    s.me = {"me@example.org"};
    return s;
  }();
  return settings;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const rules::Settings& settings = fixed_settings();
  static const SysSeconds now = ical::parse_iso_instant("2026-11-20T10:00:00+01:00");
  const rules::InterviewFinder finder(settings);
  ical::ReadOptions options = sync::input_read_options(finder, settings, now);
  // The cheap pre-filter would skip every component that does not name an interview: without it the
  // reader parses all of them, which covers more of it (the rules still pick the interviews).
  options.keep = nullptr;
  sync::CalendarInput input;
  try {
    sync::read_calendar_object(std::string(reinterpret_cast<const char*>(data), size), "fuzz.ics", options, input);
    const rules::Plan plan = rules::make_plan(input.items, settings, now);
    (void)plan;
  } catch (const Error&) {
    // Reported to the user as bad input: fine.
  }
  return 0;
}
