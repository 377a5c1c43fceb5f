// `followup import` run as cron runs it, end to end with the real executable: one run per output at a
// time (exit code 7, two real processes), quiet when all is well, -q and -v, problems on stderr, and
// the dry run's diff under its interview.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "background_run.hpp"
#include "run_command.hpp"
#include "temp_dir.hpp"

using namespace followup::testing;
namespace fs = std::filesystem;

namespace {

const std::string worked_example = std::string(FOLLOWUP_SOURCE_DIR) + "/tests/cli/data/worked_example.ics";
const std::string worked_args = " --now 2026-01-13T12:00:00+01:00 --timezone Europe/Berlin --me me@example.com";

std::string import_into(const fs::path& input, const fs::path& out) {
  return "import " + quoted(input.string()) + " --output " + quoted(out.string()) + worked_args;
}

// `text` matched literally inside a regex.
std::string escaped(const std::string& text) {
  return std::regex_replace(text, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
}

}  // namespace

TEST(Unattended, ASecondRunOnTheSameOutputExitsSevenAtOnce) {
  TempDir dir;
  const auto fifo = dir / "calendar.ics";
  const auto out = dir / "followups.ics";
  make_fifo(fifo);
  // The first run takes the lock, then waits for its input: a run that is slow to read.
  BackgroundRun first({"import", fifo.string(), "--output", out.string(), "--now", "2026-01-13T12:00:00+01:00",
                       "--timezone", "Europe/Berlin", "--me", "me@example.com"},
                      dir.path());
  ASSERT_TRUE(wait_for_lock_holder(dir / "state" / "followup", first.pid())) << first.err();

  const auto started = std::chrono::steady_clock::now();
  const auto second = run_followup(import_into(worked_example, out));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << "it waited for the lock";
  EXPECT_EQ(second.exit_code, 7) << second.out << second.err;
  EXPECT_EQ(second.err, "followup: another followup run is working on " + out.string() + " (pid " +
                            std::to_string(first.pid()) + "); try again later\n");
  EXPECT_EQ(second.out, "");
  EXPECT_FALSE(fs::exists(out)) << "the refused run wrote";
  // The lock is the output's: a run into another output goes ahead meanwhile. So does a dry run, which
  // writes nothing (not even a lock).
  EXPECT_EQ(run_followup(import_into(worked_example, dir / "other.ics")).exit_code, 0);
  const auto dry = run_followup(import_into(worked_example, out) + " --dry-run");
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("  + create "), std::string::npos) << dry.out;

  ASSERT_TRUE(feed_fifo(fifo, read_file(worked_example)));
  EXPECT_EQ(first.wait(), 0) << first.err();
  EXPECT_NE(read_file(out).find("X-FOLLOWUP-KIND:thank-you"), std::string::npos);
  // Once it is done, the next run goes ahead (and has nothing to do).
  EXPECT_EQ(run_followup(import_into(worked_example, out)).exit_code, 0);
}

TEST(Unattended, QuietWhenNothingChanged) {
  TempDir dir;
  const auto out = dir / "followups.ics";
  const auto first = run_followup(import_into(worked_example, out));
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find(": 1 interview, 4 created, 0 updated, 0 deleted"), std::string::npos) << first.out;
  EXPECT_EQ(first.err, "");
  // cron mails whatever a job prints: an unchanged run prints nothing at all.
  const auto second = run_followup(import_into(worked_example, out));
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "");
  EXPECT_EQ(second.err, "");
  // -v: the summary even so.
  const auto verbose = run_followup(import_into(worked_example, out) + " -v");
  EXPECT_EQ(verbose.exit_code, 0);
  EXPECT_NE(verbose.out.find(": 1 interview, 0 created, 0 updated, 0 deleted, 4 unchanged"), std::string::npos)
      << verbose.out;
  // --json is asked for: always printed.
  EXPECT_NE(run_followup(import_into(worked_example, out) + " --json").out.find("\"unchanged\": 4"), std::string::npos);
}

TEST(Unattended, QuietPrintsNothingButProblemsOneLineEachOnStderr) {
  TempDir dir;
  const auto out = dir / "followups.ics";
  const auto created = run_followup(import_into(worked_example, out) + " -q");
  EXPECT_EQ(created.exit_code, 0);
  EXPECT_EQ(created.out, "") << "-q printed the summary of a run that created 4 items";
  EXPECT_EQ(created.err, "");
  EXPECT_NE(read_file(out).find("X-FOLLOWUP-KIND:thank-you"), std::string::npos);

  // An interview whose start cannot be read: the run does the rest and says where and why.
  const auto broken = dir / "broken.ics";
  write_file(broken, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
                     "BEGIN:VEVENT\r\nUID:broken@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
                     "DTSTART:tomorrow-ish\r\nSUMMARY:Interview with Initech\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  const auto quiet = run_followup("import " + quoted(worked_example) + " " + quoted(broken.string()) + " --output " +
                                  quoted(out.string()) + worked_args + " -q");
  EXPECT_EQ(quiet.exit_code, 4) << quiet.err;
  EXPECT_EQ(quiet.out, "");
  EXPECT_TRUE(std::regex_match(quiet.err, std::regex(escaped(broken.string()) + ":[0-9]+: [^\n]+\n")))
      << quiet.err;
  // Without -q the summary says there were problems; the problems themselves are still on stderr.
  const auto normal = run_followup("import " + quoted(worked_example) + " " + quoted(broken.string()) +
                                   " --output " + quoted(out.string()) + worked_args);
  EXPECT_EQ(normal.exit_code, 4);
  EXPECT_NE(normal.out.find("; 1 problem (on stderr)\n"), std::string::npos) << normal.out;
  EXPECT_EQ(normal.out.find(broken.string()), std::string::npos) << normal.out;
  EXPECT_EQ(normal.err, quiet.err);
}

TEST(Unattended, QuietAndVerboseTogetherIsAUsageError) {
  TempDir dir;
  const auto r = run_followup(import_into(worked_example, dir / "out.ics") + " -q -v");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("-q (--quiet) or -v (--verbose), not both"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out.ics"));
  // -vv is -v twice, not an error.
  EXPECT_EQ(run_followup(import_into(worked_example, dir / "out.ics") + " -vv").exit_code, 0);
}

TEST(Unattended, DryRunShowsTheDiffUnderItsInterview) {
  TempDir dir;
  const auto input = dir / "calendar.ics";
  const auto out = dir / "followups.ics";
  write_file(input, read_file(worked_example));
  ASSERT_EQ(run_followup(import_into(input, out)).exit_code, 0);
  // The user completes the thank-you and renames check-in 2; the interview moves a day later.
  std::string text = read_file(out);
  text = std::regex_replace(text, std::regex("STATUS:NEEDS-ACTION"), "STATUS:COMPLETED");
  text = std::regex_replace(text, std::regex("SUMMARY:Second check-in[^\r]*"), "SUMMARY:Call Finn again");
  write_file(out, text);
  write_file(input, std::regex_replace(read_file(input), std::regex("20260113T1"), "20260114T1"));
  const std::string before = read_file(out);

  const auto r = run_followup(import_into(input, out) + " --dry-run");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Thursday's decision date still gives Friday's check-in; the move-on stays where it was (unchanged:
  // not listed).
  EXPECT_EQ(r.out, "Dry run: nothing is written to file " + out.string() + ".\n"
                   "Interview with Acme – Marketing Manager (Wednesday 14 January 2026, 10:00)\n"
                   "  = kept (edited by you) Wednesday 14 January 2026, 11:00  Thank Mr. Finn for the Acme interview\n"
                   "  ~ update Friday 16 January 2026, 09:00  First check-in with Acme about Marketing Manager\n"
                   "  = kept (edited by you) Friday 23 January 2026, 09:00  Call Finn again\n"
                   "Would write to file " + out.string() + ": 1 interview, 0 created, 1 updated, 0 deleted, "
                   "1 unchanged, 2 kept as you edited them, 0 not recreated (deleted by you)\n");
  EXPECT_EQ(read_file(out), before);

  // The outcome ends the check-ins: deletions, still under the interview.
  write_file(input, std::regex_replace(read_file(input), std::regex("DESCRIPTION:They'll decide by Thursday"),
                                       "DESCRIPTION:They'll decide by Thursday\\nOutcome: offer"));
  const auto offer = run_followup(import_into(input, out) + " --dry-run");
  EXPECT_NE(offer.out.find("Interview with Acme – Marketing Manager (Wednesday 14 January 2026, 10:00)\n"
                           "  = kept (edited by you) Wednesday 14 January 2026, 11:00  Thank Mr. Finn"),
            std::string::npos)
      << offer.out;
  EXPECT_NE(offer.out.find("  - delete "), std::string::npos) << offer.out;
  EXPECT_EQ(read_file(out), before);
}

TEST(Unattended, HelpListsEveryExitCode) {
  const auto r = run_followup("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (int code = 0; code <= 7; ++code)
    EXPECT_NE(r.out.find("\n  " + std::to_string(code) + "  "), std::string::npos) << code << "\n" << r.out;
  EXPECT_NE(r.out.find("7  another followup run is working on the same account or output"), std::string::npos);
}
