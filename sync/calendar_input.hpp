#pragma once
// Reads the calendar items the rules need from .ics files: interviews and the follow-ups generated
// earlier, skipping cheaply what can be neither. One bad component never stops the rest.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "ical/item.hpp"
#include "ical/reader.hpp"
#include "rules/interview.hpp"
#include "rules/settings.hpp"

namespace followup::sync {

struct CalendarInput {
  std::vector<ical::Item> items;
  std::vector<ical::ReadProblem> problems;  // components skipped or read with an assumption
  // The files read whole that held at least one component: an input that is suddenly empty (a failed
  // export, a truncated download) is not taken as "every interview in it was deleted".
  std::set<std::string> sources;
};

// How inputs are read: in the user's zone, over the rules' window (plus the follow-ups after it),
// skipping cheaply what can be neither an interview nor a follow-up.
ical::ReadOptions input_read_options(const rules::InterviewFinder& finder, const rules::Settings& settings,
                                     SysSeconds now);

// Reads one calendar object (a CalDAV member) into `input`; `where` names it in messages and in each
// item's Item::where ("https://host/cal/x.ics", lines are added).
void read_calendar_object(const std::string& text, const std::string& where, const ical::ReadOptions& options,
                          CalendarInput& input);

// Reads every file; a file that cannot be opened throws IoError naming it.
CalendarInput read_calendar_files(const std::vector<std::filesystem::path>& files, const rules::Settings& settings,
                                  SysSeconds now);

}  // namespace followup::sync
