// Every .ics file of the shared corpus (real files from other projects' test suites, many of them
// broken on purpose) is read without a crash, a hang or an exception.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "read_helpers.hpp"

namespace followup::ical {
namespace {

TEST(Corpus, EveryIcsFileIsReadWithoutCrashOrHang) {
  const std::filesystem::path root = std::filesystem::path{FOLLOWUP_SHARED_DIR} / "corpus";
  ASSERT_TRUE(std::filesystem::is_directory(root))
      << "the iCalendar corpus is missing: " << root.string()
      << " must exist (CI always has it; locally, check out the shared folder beside the project)";

  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator{root})
    if (entry.is_regular_file() && entry.path().extension() == ".ics") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 100u) << "the corpus at " << root.string() << " looks incomplete";

  ReadOptions options;
  options.local_zone = *Zone::find("Europe/Berlin");
  options.window_start = testing::utc_time(1990, 1, 1);
  options.window_end = testing::utc_time(2040, 1, 1);

  std::size_t items = 0, problems = 0;
  double slowest = 0;
  std::string slowest_file;
  for (const std::filesystem::path& file : files) {
    testing::Collected sink;
    const auto begin = std::chrono::steady_clock::now();
    try {
      read_calendar_file(file, options, sink);
    } catch (const std::exception& error) {
      ADD_FAILURE() << file.string() << ": " << error.what();
    }
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    if (took > slowest) {
      slowest = took;
      slowest_file = file.string();
    }
    items += sink.items.size();
    problems += sink.problems.size();
    for (const ReadProblem& problem : sink.problems) {
      EXPECT_EQ(problem.reason.find('\n'), std::string::npos) << problem.where;
      EXPECT_EQ(problem.where.rfind(file.string() + ":", 0), 0u) << problem.where;
    }
  }
  std::cout << "[ corpus   ] " << files.size() << " files, " << items << " items, " << problems
            << " problems; slowest " << slowest << " s (" << slowest_file << ")\n";
  RecordProperty("files", static_cast<int>(files.size()));
  RecordProperty("items", static_cast<int>(items));
  RecordProperty("problems", static_cast<int>(problems));
  EXPECT_GT(items, 100u);
  EXPECT_LT(slowest, 10.0) << slowest_file;  // a hang, not a benchmark: sanitizer builds are slow
}

}  // namespace
}  // namespace followup::ical
