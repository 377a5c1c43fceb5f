// `followup import` end to end: the real executable, real files, and real clients (python3-icalendar,
// khal, todoman) reading back what it wrote.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <regex>

#include "run_command.hpp"
#include "temp_dir.hpp"

using namespace followup::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = FOLLOWUP_SOURCE_DIR;
const std::string worked_example = source_dir + "/tests/cli/data/worked_example.ics";
const std::string example = source_dir + "/examples/interviews.ics";
const std::string worked_args = " --now 2026-01-13T12:00:00+01:00 --timezone Europe/Berlin --me me@example.com";
const std::string example_args =
    " --config " + quoted(source_dir + "/examples/config.ini") + " --now 2026-01-13T12:00:00+01:00";

json import_json(const std::string& args, int expected_exit = 0) {
  const auto r = run_followup("import " + args + " --json");
  EXPECT_EQ(r.exit_code, expected_exit) << r.err << r.out;
  return r.out.empty() ? json() : json::parse(r.out);
}

RunResult run_shell(const std::string& command) {
  RunResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  std::array<char, 4096> buf;
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// python3-icalendar (Debian's) parses the file, and every TZID our items use has its VTIMEZONE (the
// user's own items are theirs: the example calendar deliberately names zones it does not define).
void expect_valid_for_other_programs(const fs::path& file) {
  const std::string script =
      "import sys, icalendar\n"
      "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
      "zones = {str(c['TZID']) for c in cal.walk('VTIMEZONE')}\n"
      "used = set()\n"
      "for c in cal.walk():\n"
      "    if 'X-FOLLOWUP-KIND' not in c: continue\n"
      "    for name, value in c.property_items(recursive=False):\n"
      "        tzid = getattr(value, 'params', {}).get('TZID') if hasattr(value, 'params') else None\n"
      "        if tzid: used.add(str(tzid))\n"
      "missing = used - zones\n"
      "assert not missing, 'TZIDs without VTIMEZONE: %s' % missing\n"
      "ours = [c for c in cal.walk() if 'X-FOLLOWUP-KIND' in c]\n"
      "assert ours, 'no follow-ups in the file'\n"
      "print('ok', len(ours))\n";
  const auto script_file = file.parent_path() / "check.py";
  write_file(script_file, script);
  const auto r = run_shell("/usr/bin/python3 " + quoted(script_file.string()) + " " + quoted(file.string()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(r.out.starts_with("ok ")) << r.out;
}

}  // namespace

TEST(ImportCommand, TwiceWithNothingChangedWritesNothing) {
  TempDir dir;
  const auto out = dir / "followups.ics";
  json first = import_json(quoted(worked_example) + " --output " + quoted(out.string()) + worked_args);
  EXPECT_EQ(first["interviews"], 1);
  EXPECT_EQ(first["created"], 4);
  EXPECT_TRUE(first["errors"].empty());
  const std::string bytes = read_file(out);
  json second = import_json(quoted(worked_example) + " --output " + quoted(out.string()) + worked_args);
  EXPECT_EQ(second["created"], 0);
  EXPECT_EQ(second["updated"], 0);
  EXPECT_EQ(second["deleted"], 0);
  EXPECT_EQ(second["unchanged"], 4);
  EXPECT_EQ(read_file(out), bytes);
  expect_valid_for_other_programs(out);
}

TEST(ImportCommand, OutcomeOfferRemovesTheEventsAndKeepsTheThankYou) {
  TempDir dir;
  const auto input = dir / "calendar.ics";
  const auto out = dir / "followups.ics";
  write_file(input, read_file(worked_example));
  import_json(quoted(input.string()) + " --output " + quoted(out.string()) + worked_args);
  write_file(input, std::regex_replace(read_file(input), std::regex("DESCRIPTION:They'll decide by Thursday"),
                                       "DESCRIPTION:They'll decide by Thursday\\nOutcome: offer"));
  const json r = import_json(quoted(input.string()) + " --output " + quoted(out.string()) + worked_args);
  EXPECT_EQ(r["deleted"], 3);
  const std::string text = read_file(out);
  EXPECT_NE(text.find("X-FOLLOWUP-KIND:thank-you"), std::string::npos);
  EXPECT_EQ(text.find("X-FOLLOWUP-KIND:check-in"), std::string::npos);
  EXPECT_EQ(text.find("X-FOLLOWUP-KIND:move-on"), std::string::npos);
}

TEST(ImportCommand, IntoTheInputFileKeepsEveryOtherItemAsItWas) {
  TempDir dir;
  const auto calendar = dir / "mine.ics";
  const std::string original = read_file(example);
  write_file(calendar, original);
  const json r = import_json(quoted(calendar.string()) + " --output " + quoted(calendar.string()) + example_args);
  EXPECT_EQ(r["interviews"], 7);
  EXPECT_GT(r["created"].get<int>(), 20);
  const std::string merged = read_file(calendar);
  // The user's calendar is untouched up to where the follow-ups were added at its end.
  const auto end = original.rfind("END:VCALENDAR");
  EXPECT_EQ(merged.substr(0, end), original.substr(0, end));
  // Run again: the generated items are read back, never taken for interviews, nothing changes.
  const json again = import_json(quoted(calendar.string()) + " --output " + quoted(calendar.string()) + example_args);
  EXPECT_EQ(again["interviews"], 7);
  EXPECT_EQ(again["created"], 0);
  EXPECT_EQ(again["updated"], 0);
  EXPECT_EQ(read_file(calendar), merged);
  expect_valid_for_other_programs(calendar);
}

TEST(ImportCommand, DryRunShowsTheChangesAndWritesNothing) {
  TempDir dir;
  const auto out = dir / "followups.ics";
  const auto r = run_followup("import " + quoted(worked_example) + " --output " + quoted(out.string()) + worked_args + " --dry-run");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("+ create Friday 16 January 2026, 09:00  First check-in with Acme"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+ create Friday 30 January 2026, all day  Move on from Acme"), std::string::npos) << r.out;
  // In time order: the thank-you (Wednesday) before the check-ins.
  EXPECT_LT(r.out.find("Thank Mr. Finn"), r.out.find("First check-in"));
  const json j = import_json(quoted(worked_example) + " --output " + quoted(out.string()) + worked_args + " --dry-run");
  ASSERT_EQ(j["changes"].size(), 4u);
  EXPECT_EQ(j["changes"][0]["action"], "create");
  EXPECT_EQ(j["changes"][0]["when"], "2026-01-14T11:00:00+01:00");
  EXPECT_EQ(j["changes"][3]["date"], "2026-01-30");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir / "state" / "followup")) << "a dry run wrote its state";
}

TEST(ImportCommand, HandEditsAndDeletionsAreKept) {
  TempDir dir;
  const auto input = dir / "calendar.ics";
  const auto out = dir / "followups.ics";
  write_file(input, read_file(worked_example));
  import_json(quoted(input.string()) + " --output " + quoted(out.string()) + worked_args);
  // The user, in a text editor: completes the thank-you, renames check-in 2, deletes the move-on.
  std::string text = read_file(out);
  text = std::regex_replace(text, std::regex("STATUS:NEEDS-ACTION"), "STATUS:COMPLETED");
  text = std::regex_replace(text, std::regex("SUMMARY:Second check-in"), "SUMMARY:Call Finn again");
  text = std::regex_replace(text, std::regex("BEGIN:VEVENT\r\n(?:(?!END:VEVENT)[\\s\\S])*X-FOLLOWUP-KIND:move-on[\\s\\S]*?END:VEVENT\r\n"), "");
  ASSERT_EQ(text.find("move-on"), std::string::npos);
  write_file(out, text);
  // Then the interview moves a day later: the plan would move everything.
  write_file(input, std::regex_replace(read_file(input), std::regex("20260113T1"), "20260114T1"));
  const json r = import_json(quoted(input.string()) + " --output " + quoted(out.string()) + worked_args);
  EXPECT_EQ(r["kept_user_edits"], 2);
  EXPECT_EQ(r["skipped_user_deleted"], 1);
  EXPECT_EQ(r["updated"], 1);  // check-in 1, which the user did not touch
  const std::string after = read_file(out);
  EXPECT_NE(after.find("STATUS:COMPLETED"), std::string::npos);
  EXPECT_NE(after.find("SUMMARY:Call Finn again"), std::string::npos);
  EXPECT_EQ(after.find("move-on"), std::string::npos);
}

TEST(ImportCommand, ReserializedByAnotherProgramIsNotAnEdit) {
  TempDir dir;
  const auto input = dir / "calendar.ics";
  const auto out = dir / "followups.ics";
  write_file(input, read_file(worked_example));
  import_json(quoted(input.string()) + " --output " + quoted(out.string()) + worked_args);
  // python3-icalendar reads and writes the whole file back: other folding, other property order.
  const auto script = dir / "rewrite.py";
  write_file(script, "import sys, icalendar\n"
                     "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
                     "open(sys.argv[1], 'wb').write(cal.to_ical())\n");
  ASSERT_EQ(run_shell("/usr/bin/python3 " + quoted(script.string()) + " " + quoted(out.string())).exit_code, 0);
  json r = import_json(quoted(input.string()) + " --output " + quoted(out.string()) + worked_args);
  EXPECT_EQ(r["kept_user_edits"], 0);
  EXPECT_EQ(r["unchanged"], 4);
  write_file(input, std::regex_replace(read_file(input), std::regex("DESCRIPTION:They'll decide by Thursday"),
                                       "DESCRIPTION:They'll decide by Thursday\\nOutcome: rejected"));
  r = import_json(quoted(input.string()) + " --output " + quoted(out.string()) + worked_args);
  EXPECT_EQ(r["deleted"], 3);
}

TEST(ImportCommand, VdirIsReadByKhalAndTodoman) {
  TempDir dir;
  const auto vdir = dir / "calendars" / "jobs";  // a new calendar in the user's folder of calendars
  fs::create_directories(dir / "calendars");
  const json r = import_json(quoted(worked_example) + " --vdir " + quoted(vdir.string()) + worked_args);
  EXPECT_EQ(r["created"], 4);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(vdir)) files += entry.path().extension() == ".ics";
  EXPECT_EQ(files, 4u);

  const auto khal_config = dir / "khal.conf";
  write_file(khal_config, "[calendars]\n[[jobs]]\npath = " + vdir.string() + "\n"
                          "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
                          "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
                          "default_timezone = Europe/Berlin\nlocal_timezone = Europe/Berlin\n");
  const auto khal = run_shell("khal -c " + quoted(khal_config.string()) + " list 2026-01-13 2026-02-28");
  EXPECT_EQ(khal.exit_code, 0) << khal.out;
  EXPECT_NE(khal.out.find("09:00-09:15 First check-in with Acme about Marketing Manager"), std::string::npos) << khal.out;
  EXPECT_NE(khal.out.find("Second check-in with Acme"), std::string::npos) << khal.out;
  EXPECT_NE(khal.out.find("Move on from Acme"), std::string::npos) << khal.out;
  EXPECT_NE(khal.out.find("2026-01-30"), std::string::npos) << khal.out;

  const auto todo_config = dir / "todoman.py";
  write_file(todo_config, "path = \"" + (dir / "calendars").string() + "/*\"\n"
                          "date_format = \"%Y-%m-%d\"\ntime_format = \"%H:%M\"\n");
  const auto todo = run_shell("todoman --config " + quoted(todo_config.string()) + " --porcelain list");
  ASSERT_EQ(todo.exit_code, 0) << todo.out;
  const json tasks = json::parse(todo.out);
  ASSERT_EQ(tasks.size(), 1u) << todo.out;
  EXPECT_EQ(tasks[0]["summary"], "Thank Mr. Finn for the Acme interview");
}

TEST(ImportCommand, UsageErrors) {
  TempDir dir;
  auto r = run_followup("import " + quoted(worked_example));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--output"), std::string::npos);
  r = run_followup("import " + quoted(worked_example) + " --output a.ics --vdir b");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(ImportCommand, OutputInAFolderThatDoesNotExistIsRefused) {
  TempDir dir;
  const auto out = dir / "no-such-folder" / "followups.ics";
  const auto r = run_followup("import " + quoted(worked_example) + " --output " + quoted(out.string()) + worked_args);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "no-such-folder"));
}

TEST(ImportCommand, UnreadableOrNonCalendarOutputIsRefusedAndLeftAsItWas) {
  TempDir dir;
  const auto out = dir / "notes.txt";
  write_file(out, "my shopping list\n");
  const auto r = run_followup("import " + quoted(worked_example) + " --output " + quoted(out.string()) + worked_args);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(out.string()), std::string::npos) << r.err;
  EXPECT_EQ(read_file(out), "my shopping list\n");
}
