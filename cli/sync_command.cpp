// `followup sync`: the job cron runs. Reads interviews from the CalDAV calendars of [caldav] and writes
// their follow-ups back (issue 4).
#include <algorithm>
#include <iostream>

#include "cli/account_runs.hpp"
#include "cli/calendar_choice.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/run_lock.hpp"
#include "cli/sync_output.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_job.hpp"

namespace followup::cli {
namespace po = boost::program_options;

namespace {

po::options_description sync_options() {
  po::options_description o = caldav_options();
  o.add_options()("dry-run", "show what would be created, updated and deleted, and write nothing");
  return o;
}

std::string_view read_word(const std::optional<sync::MirrorRead>& read) {
  if (!read) return "failed";
  switch (*read) {
    case sync::MirrorRead::Initial: return "initial";
    case sync::MirrorRead::Full: return "full";
    case sync::MirrorRead::Incremental: return "incremental";
  }
  return "failed";
}

nlohmann::ordered_json calendars_json(const std::vector<sync::CalendarActivity>& calendars) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& c : calendars)
    list.push_back({{"name", c.name},
                    {"url", c.url},
                    {"roles", c.roles},
                    {"read", read_word(c.read)},
                    {"fetched", c.fetched},
                    {"created", c.written.created},
                    {"updated", c.written.updated},
                    {"deleted", c.written.deleted},
                    {"unchanged", c.written.unchanged},
                    {"kept_user_edits", c.written.kept_user_edits},
                    {"skipped_user_deleted", c.written.skipped_user_deleted}});
  return list;
}

}  // namespace

std::string sync_help() {
  return command_help("Usage: followup sync [--config F] [--account NAME] [--dry-run] [--json] [--now TIME] [--timezone ZONE]\n"
       "                     [--me ADDRESS]\n\n"
       "Reads interviews from the CalDAV calendars of [caldav] and writes their follow-ups back: thank-you\n"
       "tasks into the task list, check-ins and the move-on into the interview's calendar (see\n"
       "'followup calendars'). Made to run from cron: nothing is duplicated, what you edited or deleted stays\n"
       "as you left it, and nothing it did not create is ever changed. It prints nothing when nothing changed\n"
       "and nothing failed (-v: the summary and each calendar; -vv: also each HTTP request, on stderr);\n"
       "problems go to stderr, one line each. While it works on an account, another run on it exits with\n"
       "code 7 (a --dry-run writes nothing and is not refused).\n\n"
       "With several accounts ([caldav] and [account NAME] sections), each is synced on its own (--account\n"
       "picks one): one that fails does not stop the others, and the exit code is the most serious of\n"
       "theirs, in this order: 1, 2, 3, 5, 6, 4, 7.\n\n",
                      sync_options());
}

namespace {

// One account's sync, written to `output` (account_runs.hpp: kept and printed in its turn when several
// accounts run at once, which also names the account in the summary).
AccountRun sync_account(const CaldavSettings& account, AccountOutput& output, const Config& config, SysSeconds now,
                        bool dry_run, bool json, Verbosity verbosity) {
  std::ostream& out = output.out();
  const bool several = output.several();
  // One run per account at a time (run_lock.hpp), taken before its secrets are fetched. A dry run writes
  // nothing and reads a consistent copy of the state: it needs no lock.
  const std::optional<RunLock> lock = dry_run ? std::nullopt : std::optional(lock_account(account));
  sync::HttpOptions http = caldav_http_options(account);
  if (verbosity == Verbosity::Requests)
    http.log = [&output](const sync::HttpLogEntry& entry) { output.log(http_log_line(entry)); };
  sync::HttpClient client(std::move(http));
  sync::CaldavJob job{account.url, account.username, calendar_choice(account), dry_run};
  job.progress = [&output](std::string_view stage, std::size_t done, std::size_t total) {
    output.progress(stage, done, total);
  };
  const sync::CaldavJobReport report = sync::run_caldav_job(client, job, config.rules, now);
  output.erase_progress();

  std::vector<sync::ItemError> errors = report.problems;
  errors.insert(errors.end(), report.sync.errors.begin(), report.sync.errors.end());
  if (json) {
    nlohmann::ordered_json doc = sync_summary(report.sync, errors, config.rules.timezone);
    doc["requests"] = client.requests_made();
    doc["requests_by_method"] = client.requests_by_method();
    doc["calendars"] = calendars_json(report.calendars);
    output.err() << error_lines(errors);
    return AccountRun{CommandResult{!errors.empty()}, std::move(doc)};
  } else {
    std::string written_to;
    for (const auto& c : report.calendars)
      if (std::find(c.roles.begin(), c.roles.end(), "followups") != c.roles.end() ||
          std::find(c.roles.begin(), c.roles.end(), "tasks") != c.roles.end())
        written_to += (written_to.empty() ? "" : ", ") + c.name;
    if (summary_wanted(report.sync, errors, dry_run, verbosity))
      out << sync_summary_text(report.sync, errors, config.rules.timezone, dry_run,
                               "calendars " + (written_to.empty() ? std::string("(none)") : written_to) +
                                   (several ? " of account " + account.name : std::string()));
    if (verbosity >= Verbosity::Verbose)
      for (const auto& c : report.calendars) {
        out << "  " << c.name << ": " << read_word(c.read) << " read, " << c.fetched << " downloaded";
        if (c.written.created + c.written.updated + c.written.deleted > 0)
          out << ", " << c.written.created << " created, " << c.written.updated << " updated, " << c.written.deleted
              << " deleted";
        out << "\n";
      }
  }
  // Problems on stderr, after the summary of the run they belong to.
  out.flush();
  output.err() << error_lines(errors);
  return AccountRun{CommandResult{!errors.empty()}, {}};
}

}  // namespace

CommandResult run_sync(const std::vector<std::string>& args, std::ostream& out) {
  const auto vm = parse_command_line("sync", args, sync_options());
  if (vm.count("help")) {
    out << sync_help();
    return {};
  }
  if (vm.count("file"))
    throw UsageError("sync: takes no file arguments (the calendars come from [caldav] and [account NAME] in the configuration)");
  const Config config = config_from(vm);
  const SysSeconds now = now_from(vm);
  const bool dry_run = vm.count("dry-run") > 0;
  const bool json = vm.count("json") > 0;
  const Verbosity verbosity = verbosity_from(vm);
  const auto account_name = vm.count("account") ? std::optional(vm["account"].as<std::string>()) : std::nullopt;

  // Each account on its own: its own calendars' state, its own summary; several at the same time, one
  // failing does not stop the others (account_runs.hpp).
  return run_accounts(
      chosen_accounts(config, account_name), json, out, std::cerr,
      [&](const CaldavSettings& account, AccountOutput& output) {
        return sync_account(account, output, config, now, dry_run, json, verbosity);
      },
      verbosity != Verbosity::Quiet && stderr_is_terminal());
}

}  // namespace followup::cli
