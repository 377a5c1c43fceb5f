#pragma once
// Streaming reader of iCalendar text (RFC 5545). The input is read component by component: only the
// VTIMEZONEs and the components that pass the caller's cheap filter are ever parsed, so memory does not
// grow with the size of the file.
#include <filesystem>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "ical/item.hpp"
#include "ical/zone.hpp"

namespace followup::ical {

struct ReadProblem {
  std::string where;   // "file.ics:123"
  std::string reason;  // one line, for a person
};

struct ReadOptions {
  // Floating times and DATE values are read in this zone (RULES.md §1).
  Zone local_zone = Zone::utc();
  // Occurrences of VEVENTs that do not overlap [window_start, window_end) are dropped, and recurrences
  // are expanded only inside it. VTODOs are not filtered by time.
  SysSeconds window_start = SysSeconds::min();
  SysSeconds window_end = SysSeconds::max();
  // Cheap pre-filter on a top-level component's unfolded text (property lines joined with '\n',
  // escapes left as written); false: skip it without parsing. The default keeps everything.
  std::function<bool(std::string_view component_name, std::string_view unfolded_text)> keep;
  // Upper bound on the occurrences one recurring event may produce inside the window, and on the
  // recurrence steps taken to find them; past it the event is reported as a problem and stops there.
  std::size_t max_occurrences = 1000;
  std::size_t max_recurrence_steps = 200000;
};

class ItemSink {
 public:
  virtual ~ItemSink() = default;
  virtual void item(Item&& item) = 0;
  virtual void problem(ReadProblem&& problem) = 0;
};

// Reads every VCALENDAR in the stream. `source` names the input in problems ("interviews.ics").
// Broken components are reported with their line and skipped; the rest is still read.
void read_calendar(std::istream& in, std::string_view source, const ReadOptions& options, ItemSink& sink);
// Opens and reads a file; throws IoError when it cannot be opened or read.
void read_calendar_file(const std::filesystem::path& file, const ReadOptions& options, ItemSink& sink);

}  // namespace followup::ical
