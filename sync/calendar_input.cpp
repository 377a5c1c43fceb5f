#include "sync/calendar_input.hpp"

#include <sstream>

#include "rules/interview.hpp"

namespace followup::sync {
namespace {

class Collector : public ical::ItemSink {
 public:
  explicit Collector(CalendarInput& out) : out_(out) {}
  void item(ical::Item&& item) override { out_.items.push_back(std::move(item)); }
  void problem(ical::ReadProblem&& problem) override { out_.problems.push_back(std::move(problem)); }

 private:
  CalendarInput& out_;
};

// Follow-ups of an interview near the end of the window fall after it (the move-on comes weeks
// later); they are read too, so that their "Outcome:" notes count.
constexpr auto followup_horizon = std::chrono::days{366};

}  // namespace

ical::ReadOptions input_read_options(const rules::InterviewFinder& finder, const rules::Settings& settings,
                                     SysSeconds now) {
  const rules::Window window = rules::interview_window(settings, now);
  ical::ReadOptions options;
  options.local_zone = settings.timezone;
  options.window_start = window.start;
  options.window_end = window.end + followup_horizon;
  options.keep = [&finder](std::string_view, std::string_view raw) { return finder.may_be_relevant(raw); };
  return options;
}

void read_calendar_object(const std::string& text, const std::string& where, const ical::ReadOptions& options,
                          CalendarInput& input) {
  std::istringstream in(text);
  Collector collector(input);
  ical::read_calendar(in, where, options, collector);
}

CalendarInput read_calendar_files(const std::vector<std::filesystem::path>& files, const rules::Settings& settings,
                                  SysSeconds now) {
  const rules::InterviewFinder finder(settings);
  const ical::ReadOptions options = input_read_options(finder, settings, now);
  CalendarInput input;
  Collector collector(input);
  for (const auto& file : files) {
    const std::size_t items_before = input.items.size();
    const std::size_t problems_before = input.problems.size();
    ical::read_calendar_file(file, options, collector);
    // Components the cheap filter skipped are not counted, so a file of only other events is "empty"
    // here: that only makes deletions for want of an interview more careful.
    if (input.items.size() > items_before && input.problems.size() == problems_before) input.sources.insert(file.string());
  }
  return input;
}

}  // namespace followup::sync
