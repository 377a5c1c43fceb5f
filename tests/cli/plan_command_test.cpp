// `followup plan` end to end: the real executable on real files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "run_command.hpp"

using followup::testing::quoted;
using followup::testing::run_followup;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string data_dir = std::string(FOLLOWUP_SOURCE_DIR) + "/tests/cli/data";
const std::string worked_example = data_dir + "/worked_example.ics";
const std::string worked_now = "--now 2026-01-13T12:00:00+01:00 --timezone Europe/Berlin --me me@example.com";

fs::path temp_copy(const std::string& from, const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("followup-plan-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto to = dir / name;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  return to;
}

json plan_json(const std::string& args) {
  const auto r = run_followup("plan " + args + " --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

const json& followup_of(const json& interview, const std::string& kind, int number = 0) {
  for (const auto& f : interview["followups"])
    if (f["kind"] == kind && (number == 0 || f.value("number", 0) == number)) return f;
  throw std::runtime_error("no " + kind);
}

}  // namespace

TEST(PlanCommand, WorkedExampleOfRules6) {
  const json doc = plan_json(quoted(worked_example) + " " + worked_now);
  ASSERT_EQ(doc["interviews"].size(), 1u);
  const json& iv = doc["interviews"][0];
  EXPECT_EQ(iv["uid"], "worked-example@example.com");
  EXPECT_TRUE(iv["recurrence_id"].is_null());
  EXPECT_EQ(iv["start"], "2026-01-13T10:00:00+01:00");
  EXPECT_EQ(iv["end"], "2026-01-13T11:00:00+01:00");
  EXPECT_EQ(iv["company"], "Acme");
  EXPECT_EQ(iv["position"], "Marketing Manager");
  EXPECT_EQ(iv["decision_date"], "2026-01-15");
  EXPECT_EQ(iv["decision_source"], "They'll decide by Thursday");
  EXPECT_TRUE(iv["outcome"].is_null());
  ASSERT_EQ(iv["interviewers"].size(), 1u);
  EXPECT_EQ(iv["interviewers"][0]["name"], "Mr. Finn");
  EXPECT_EQ(iv["interviewers"][0]["email"], "finn@acme.example");

  ASSERT_EQ(iv["followups"].size(), 4u);
  const json& thanks = followup_of(iv, "thank-you");
  EXPECT_EQ(thanks["component"], "VTODO");
  EXPECT_EQ(thanks["due"], "2026-01-14T11:00:00+01:00");
  EXPECT_EQ(thanks["start"], "2026-01-13T11:00:00+01:00");
  EXPECT_EQ(thanks["interviewer"], "finn@acme.example");
  const json& c1 = followup_of(iv, "check-in", 1);
  EXPECT_EQ(c1["component"], "VEVENT");
  EXPECT_EQ(c1["start"], "2026-01-16T09:00:00+01:00");
  EXPECT_EQ(c1["end"], "2026-01-16T09:15:00+01:00");
  EXPECT_TRUE(c1["interviewer"].is_null());
  const json& c2 = followup_of(iv, "check-in", 2);
  EXPECT_EQ(c2["start"], "2026-01-23T09:00:00+01:00");
  EXPECT_EQ(c2["end"], "2026-01-23T09:15:00+01:00");
  const json& move_on = followup_of(iv, "move-on");
  EXPECT_EQ(move_on["date"], "2026-01-30");
  EXPECT_EQ(move_on["component"], "VEVENT");
  EXPECT_TRUE(doc["skipped"].empty());
}

TEST(PlanCommand, RunAgainNothingChangesThenOutcomeOfferKeepsOnlyTheThankYou) {
  const auto first = run_followup("plan " + quoted(worked_example) + " " + worked_now + " --json");
  const auto second = run_followup("plan " + quoted(worked_example) + " " + worked_now + " --json");
  EXPECT_EQ(first.out, second.out);

  const auto file = temp_copy(worked_example, "offer.ics");
  {
    std::ifstream in(file);
    std::stringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    text = std::regex_replace(text, std::regex("DESCRIPTION:They'll decide by Thursday"),
                              "DESCRIPTION:They'll decide by Thursday\\nOutcome: offer");
    std::ofstream(file, std::ios::trunc) << text;
  }
  const json doc = plan_json(quoted(file.string()) + " " + worked_now);
  const json& iv = doc["interviews"][0];
  EXPECT_EQ(iv["outcome"], "offer");
  ASSERT_EQ(iv["followups"].size(), 1u);
  EXPECT_EQ(iv["followups"][0]["kind"], "thank-you");
  EXPECT_EQ(iv["followups"][0]["uid"], json::parse(first.out)["interviews"][0]["followups"][0]["uid"]);
  fs::remove_all(file.parent_path());
}

TEST(PlanCommand, ReadableReportShowsLocalTimesAndWeekdays) {
  const auto r = run_followup("plan " + quoted(worked_example) + " " + worked_now);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Interview with Acme – Marketing Manager"), std::string::npos);
  EXPECT_NE(r.out.find("Thursday 15 January 2026"), std::string::npos);
  EXPECT_NE(r.out.find("They'll decide by Thursday"), std::string::npos);
  EXPECT_NE(r.out.find("Wednesday 14 January 2026, 11:00"), std::string::npos);
  EXPECT_NE(r.out.find("Friday 16 January 2026, 09:00"), std::string::npos);
  EXPECT_NE(r.out.find("Friday 30 January 2026, all day"), std::string::npos);
}

TEST(PlanCommand, BundledExampleRuns) {
  const auto r = run_followup("plan " + quoted(std::string(FOLLOWUP_SOURCE_DIR) + "/examples/interviews.ics") +
                              " --config " + quoted(std::string(FOLLOWUP_SOURCE_DIR) + "/examples/config.ini") +
                              " --now 2026-01-13T12:00:00+01:00 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  std::set<std::string> companies;
  for (const auto& iv : doc["interviews"]) companies.insert(iv["company"]);
  // Acme, Globex (Microsoft TZID), Initech (New York), Hooli (all-day), Umbrella (floating), Stark (two
  // occurrences); not the cancelled one, the prep session or the dentist.
  EXPECT_EQ(companies, (std::set<std::string>{"Acme", "Globex", "Initech", "Hooli", "Umbrella", "Stark Industries"}));
  EXPECT_EQ(doc["interviews"].size(), 7u);
}

TEST(PlanCommand, HelpAndVersion) {
  auto r = run_followup("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
  r = run_followup("plan --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--timezone"), std::string::npos);
  r = run_followup("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("followup "));
}

TEST(PlanCommand, ErrorsHaveOneClearLineAndTheirExitCode) {
  auto r = run_followup("plan /nonexistent/cal.ics");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("/nonexistent/cal.ics"), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);

  r = run_followup("plan " + quoted(worked_example) + " --now yesterday");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--now"), std::string::npos);

  r = run_followup("plan");
  EXPECT_EQ(r.exit_code, 2);
  r = run_followup("plan --bogus x.ics");
  EXPECT_EQ(r.exit_code, 2);
  r = run_followup("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  r = run_followup("plan " + quoted(worked_example) + " --config /nonexistent/config.ini");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/config.ini"), std::string::npos);
  // --account picks a CalDAV account; plan and import read files and refuse it rather than ignore it.
  for (const std::string command : {"plan ", "import "}) {
    r = run_followup(command + quoted(worked_example) + " --account work " + worked_now);
    EXPECT_EQ(r.exit_code, 2) << command << r.out << r.err;
    EXPECT_NE(r.err.find("account"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(run_followup("plan --help").out.find("--account"), std::string::npos);
}

TEST(PlanCommand, BrokenComponentIsSkippedWithFileAndLineAndTheRestIsRead) {
  const auto dir = fs::temp_directory_path() / ("followup-broken-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto file = dir / "broken.ics";
  std::ofstream(file) << "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n"
                         "BEGIN:VEVENT\nUID:bad\nSUMMARY:Interview with Broken\nDTSTART:notadate\nEND:VEVENT\n"
                         "BEGIN:VEVENT\nUID:good\nSUMMARY:Interview with Good\nDTSTART:20260113T100000Z\n"
                         "DTEND:20260113T110000Z\nEND:VEVENT\nEND:VCALENDAR\n";
  const auto r = run_followup("plan " + quoted(file.string()) + " " + worked_now + " --json");
  EXPECT_EQ(r.exit_code, 4) << r.err;
  const json doc = json::parse(r.out);
  ASSERT_EQ(doc["interviews"].size(), 1u);
  EXPECT_EQ(doc["interviews"][0]["uid"], "good");
  ASSERT_GE(doc["skipped"].size(), 1u);
  EXPECT_EQ(doc["skipped"][0]["where"], file.string() + ":4");
  fs::remove_all(dir);
}

// Every file of the shared corpus goes through `followup plan` without a crash or a hang.
TEST(PlanCommand, EveryCorpusFileWithoutCrashOrHang) {
  const fs::path corpus = fs::path(FOLLOWUP_SHARED_DIR) / "corpus";
  ASSERT_TRUE(fs::is_directory(corpus)) << "the shared corpus is missing: " << corpus;
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".ics") continue;
    ++files;
    const auto r = run_followup("plan " + quoted(entry.path().string()) +
                                " --now 2026-01-13T12:00:00Z --timezone Europe/Berlin --json >/dev/null");
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 4) << entry.path() << " exit " << r.exit_code << ": " << r.err;
  }
  EXPECT_GT(files, 250u);
}
