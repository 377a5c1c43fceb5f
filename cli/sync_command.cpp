// `followup sync`: the job cron runs. Reads interviews from the CalDAV calendars of [caldav] and writes
// their follow-ups back (issue 4).
#include <algorithm>
#include <iostream>

#include "cli/calendar_choice.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/sync_output.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_job.hpp"

namespace followup::cli {
namespace po = boost::program_options;

namespace {

po::options_description sync_options() {
  po::options_description o = common_options();
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
  return command_help("Usage: followup sync [--config F] [--dry-run] [--json] [--now TIME] [--timezone ZONE] [--me ADDRESS]\n\n"
       "Reads interviews from the CalDAV calendars of [caldav] and writes their follow-ups back: thank-you\n"
       "tasks into the task list, check-ins and the move-on into the interview's calendar (see\n"
       "'followup calendars'). Made to run from cron: nothing is duplicated, what you edited or deleted stays\n"
       "as you left it, and nothing it did not create is ever changed.\n\n",
                      sync_options());
}

CommandResult run_sync(const std::vector<std::string>& args, std::ostream& out) {
  const auto vm = parse_command_line("sync", args, sync_options());
  if (vm.count("help")) {
    out << sync_help();
    return {};
  }
  if (vm.count("file")) throw UsageError("sync: takes no file arguments (the calendars come from [caldav] in the configuration)");
  const Config config = config_from(vm);
  const SysSeconds now = now_from(vm);
  const bool dry_run = vm.count("dry-run") > 0;

  sync::HttpClient client(caldav_http_options(config.caldav));
  const sync::CaldavJob job{config.caldav.url, config.caldav.username, calendar_choice(config.caldav), dry_run};
  const sync::CaldavJobReport report = sync::run_caldav_job(client, job, config.rules, now);

  std::vector<sync::ItemError> errors = report.problems;
  errors.insert(errors.end(), report.sync.errors.begin(), report.sync.errors.end());
  if (vm.count("json")) {
    nlohmann::ordered_json doc = sync_summary(report.sync, errors, config.rules.timezone);
    doc["requests"] = client.requests_made();
    doc["requests_by_method"] = client.requests_by_method();
    doc["calendars"] = calendars_json(report.calendars);
    out << json_text(doc);
  } else {
    std::string written_to;
    for (const auto& c : report.calendars)
      if (std::find(c.roles.begin(), c.roles.end(), "followups") != c.roles.end() ||
          std::find(c.roles.begin(), c.roles.end(), "tasks") != c.roles.end())
        written_to += (written_to.empty() ? "" : ", ") + c.name;
    out << sync_summary_text(report.sync, errors, config.rules.timezone, dry_run,
                             "calendars " + (written_to.empty() ? std::string("(none)") : written_to));
    for (const auto& c : report.calendars) {
      out << "  " << c.name << ": " << read_word(c.read) << " read, " << c.fetched << " downloaded";
      if (c.written.created + c.written.updated + c.written.deleted > 0)
        out << ", " << c.written.created << " created, " << c.written.updated << " updated, " << c.written.deleted
            << " deleted";
      out << "\n";
    }
  }
  return CommandResult{!errors.empty()};
}

}  // namespace followup::cli
