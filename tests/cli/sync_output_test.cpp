// What `import` and `sync` print for people (cli/sync_output.hpp): when they print at all, the dry
// run's changes under their interviews, the problems for stderr, and the -vv line of an HTTP request.
#include "cli/sync_output.hpp"

#include <gtest/gtest.h>

#include "ical/zone.hpp"

using namespace followup;
using cli::Verbosity;

namespace {

const ical::Zone berlin = *ical::Zone::find("Europe/Berlin");

SysSeconds at(const std::string& iso) { return ical::parse_iso_instant(iso); }

rules::InterviewPlan interview(const std::string& uid, const std::string& summary, const std::string& start) {
  rules::InterviewPlan p;
  p.interview.uid = uid;
  p.interview.summary = summary;
  p.interview.start = at(start);
  p.interview.end = p.interview.start + std::chrono::hours(1);
  return p;
}

sync::Action action(sync::ActionKind kind, const std::string& interview_uid, const std::string& summary,
                    std::optional<std::string> when, bool all_day = false) {
  sync::Action a;
  a.kind = kind;
  a.uid = summary + "-uid";
  a.interview = {interview_uid, ""};
  a.summary = summary;
  if (when) a.when = at(*when);
  a.all_day = all_day;
  return a;
}

sync::SyncReport changed(std::size_t created) {
  sync::SyncReport r;
  r.created = created;
  return r;
}

}  // namespace

TEST(DryRunChanges, GroupedUnderTheirInterviewsWithLocalTimes) {
  sync::SyncReport r;
  // The plan lists interviews by start: Globex on Monday, Acme on Tuesday.
  r.plan.interviews = {interview("globex", "Interview with Globex: SRE", "2026-01-12T15:00:00Z"),
                       interview("acme", "Interview with Acme – Marketing Manager", "2026-01-13T09:00:00Z"),
                       interview("quiet", "Interview with Initech", "2026-01-13T13:00:00Z")};
  using K = sync::ActionKind;
  r.actions = {
      action(K::Update, "acme", "First check-in with Acme", "2026-01-16T08:00:00Z"),
      action(K::Create, "acme", "Thank Mr. Finn for the Acme interview", "2026-01-14T10:00:00Z"),
      action(K::Delete, "cancelled", "Move on from Hooli", "2026-01-30T00:00:00+01:00", true),
      action(K::KeepUserEdit, "globex", "Call Ann again", "2026-01-20T08:00:00Z"),
      action(K::Unchanged, "quiet", "Thank Bob for the Initech interview", "2026-01-14T13:00:00Z"),
      action(K::SkipUserDeleted, "globex", "Move on from Globex", "2026-02-02T00:00:00+01:00", true),
  };
  EXPECT_EQ(cli::dry_run_changes(r, berlin),
            "Interview with Globex: SRE (Monday 12 January 2026, 16:00)\n"
            "  = kept (edited by you) Tuesday 20 January 2026, 09:00  Call Ann again\n"
            "    not recreated (deleted by you) Monday 2 February 2026, all day  Move on from Globex\n"
            "Interview with Acme – Marketing Manager (Tuesday 13 January 2026, 10:00)\n"
            "  + create Wednesday 14 January 2026, 11:00  Thank Mr. Finn for the Acme interview\n"
            "  ~ update Friday 16 January 2026, 09:00  First check-in with Acme\n"
            "An interview no longer in the calendar (UID cancelled)\n"
            "  - delete Friday 30 January 2026, all day  Move on from Hooli\n");
}

TEST(DryRunChanges, TheSummaryFollowsTheChanges) {
  sync::SyncReport r = changed(1);
  r.interviews = 1;
  r.plan.interviews = {interview("acme", "Interview with Acme", "2026-01-13T09:00:00Z")};
  r.actions = {action(sync::ActionKind::Create, "acme", "First check-in with Acme", "2026-01-16T08:00:00Z")};
  EXPECT_EQ(cli::sync_summary_text(r, {}, berlin, true, "out.ics"),
            "Dry run: nothing is written to out.ics.\n"
            "Interview with Acme (Tuesday 13 January 2026, 10:00)\n"
            "  + create Friday 16 January 2026, 09:00  First check-in with Acme\n"
            "Would write to out.ics: 1 interview, 1 created, 0 updated, 0 deleted, 0 unchanged, 0 kept as you "
            "edited them, 0 not recreated (deleted by you)\n");
  EXPECT_EQ(cli::sync_summary_text(r, {{"a.ics:3", "bad"}, {"b.ics:9", "worse"}}, berlin, false, "out.ics"),
            "Wrote to out.ics: 1 interview, 1 created, 0 updated, 0 deleted, 0 unchanged, 0 kept as you edited "
            "them, 0 not recreated (deleted by you); 2 problems (on stderr)\n");
}

TEST(SummaryWanted, CronHearsOnlyOfChangesAndFailures) {
  const std::vector<sync::ItemError> none;
  const std::vector<sync::ItemError> one{{"in.ics:4", "DTSTART is not a date"}};
  sync::SyncReport unchanged;
  unchanged.unchanged = 4;
  unchanged.kept_user_edits = 1;  // steady state, not news
  unchanged.skipped_user_deleted = 1;
  EXPECT_FALSE(cli::summary_wanted(unchanged, none, false, Verbosity::Normal));
  EXPECT_TRUE(cli::summary_wanted(unchanged, one, false, Verbosity::Normal));
  EXPECT_TRUE(cli::summary_wanted(changed(1), none, false, Verbosity::Normal));
  sync::SyncReport deleted;
  deleted.deleted = 1;
  EXPECT_TRUE(cli::summary_wanted(deleted, none, false, Verbosity::Normal));
  EXPECT_TRUE(cli::summary_wanted(unchanged, none, true, Verbosity::Normal));  // a dry run is run to be read
  // -q: never (the problems still go to stderr); -v, -vv: always.
  EXPECT_FALSE(cli::summary_wanted(changed(3), one, true, Verbosity::Quiet));
  EXPECT_TRUE(cli::summary_wanted(unchanged, none, false, Verbosity::Verbose));
  EXPECT_TRUE(cli::summary_wanted(unchanged, none, false, Verbosity::Requests));
}

TEST(ErrorLines, OneLineEachWhereColonReason) {
  EXPECT_EQ(cli::error_lines({{"in.ics:4", "DTSTART is not a date"},
                              {"https://dav.example/cal/x.ics", "PUT /cal/x.ics: 507\r\nInsufficient Storage"}}),
            "in.ics:4: DTSTART is not a date\n"
            "https://dav.example/cal/x.ics: PUT /cal/x.ics: 507  Insufficient Storage\n");
  EXPECT_EQ(cli::error_lines({}), "");
}

TEST(HttpLogLine, MethodUrlStatusAndMilliseconds) {
  EXPECT_EQ(cli::http_log_line({"REPORT", "https://dav.example/cal/", 207, std::chrono::milliseconds(12), "", "2"}),
            "HTTP REPORT https://dav.example/cal/ 207 12 ms (HTTP/2)\n");
  EXPECT_EQ(cli::http_log_line({"REPORT", "https://dav.example/cal/", 207, std::chrono::milliseconds(12), "", ""}),
            "HTTP REPORT https://dav.example/cal/ 207 12 ms\n");
  EXPECT_EQ(cli::http_log_line({"PUT", "https://dav.example/cal/x.ics", 0, std::chrono::milliseconds(30012),
                                "PUT https://dav.example/cal/x.ics: timed out", ""}),
            "HTTP PUT https://dav.example/cal/x.ics failed after 30012 ms: PUT https://dav.example/cal/x.ics: timed out\n");
}
