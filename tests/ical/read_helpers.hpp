#pragma once
// Shared by the reader tests: read text into vectors, and build instants.
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ical/reader.hpp"

namespace followup::ical::testing {

// A limit for the tests that guard against runaway work (a rule walked step by step for centuries,
// backtracking on a long line): far above what the work takes, far below a hang. Instrumented builds
// run several times slower (tests/run sets FOLLOWUP_TIME_SCALE for its sanitized run), so the limit
// grows with them; none of these is a speed target (those are in bench/).
inline double hang_limit(double seconds) {
  const char* scale = std::getenv("FOLLOWUP_TIME_SCALE");
  const double factor = scale ? std::atof(scale) : 1.0;
  return seconds * (factor >= 1.0 ? factor : 1.0);
}

struct Collected final : ItemSink {
  std::vector<Item> items;
  std::vector<ReadProblem> problems;
  void item(Item&& item) override { items.push_back(std::move(item)); }
  void problem(ReadProblem&& problem) override { problems.push_back(std::move(problem)); }

  // All problem lines joined, for failure messages.
  std::string problem_text() const {
    std::string text;
    for (const ReadProblem& p : problems) text += p.where + ": " + p.reason + "\n";
    return text;
  }
};

inline Collected read_text(std::string_view text, const ReadOptions& options = {}, std::string_view source = "test.ics") {
  std::istringstream in{std::string{text}};
  Collected collected;
  read_calendar(in, source, options, collected);
  return collected;
}

inline SysSeconds utc_time(int y, unsigned m, unsigned d, int h = 0, int min = 0, int s = 0) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
         std::chrono::hours{h} + std::chrono::minutes{min} + std::chrono::seconds{s};
}

inline LocalSeconds wall_time(int y, unsigned m, unsigned d, int h = 0, int min = 0, int s = 0) {
  return std::chrono::local_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
         std::chrono::hours{h} + std::chrono::minutes{min} + std::chrono::seconds{s};
}

// Wraps component lines in a VCALENDAR, LF line ends.
inline std::string calendar(std::string_view body) {
  return "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + std::string{body} + "END:VCALENDAR\n";
}

}  // namespace followup::ical::testing
