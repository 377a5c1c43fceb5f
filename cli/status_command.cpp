// `followup status`: where each application stands (issue 5). Reads what `sync` reads, changes nothing:
// the job runs as a dry run on a copy of the saved state.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/account_runs.hpp"
#include "cli/calendar_choice.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/sync_output.hpp"
#include "ical/errors.hpp"
#include "rules/local_time.hpp"
#include "rules/status.hpp"
#include "sync/caldav_job.hpp"

namespace followup::cli {
namespace po = boost::program_options;

namespace {

std::string_view stage_word(rules::Stage stage) {
  switch (stage) {
    case rules::Stage::Upcoming: return "upcoming";
    case rules::Stage::ThankYouDue: return "thank-you-due";
    case rules::Stage::WaitingForDecision: return "waiting";
    case rules::Stage::CheckInDue: return "check-in-due";
    case rules::Stage::MovedOn: return "moved-on";
    case rules::Stage::Decided: return "decided";
  }
  return "waiting";
}

// "Fri 16 Jan 09:00" (or "Fri 16 Jan" for a day), in the user's zone: short enough for one line.
std::string short_time(SysSeconds t, bool all_day, const ical::Zone& zone) {
  const std::string words = all_day ? rules::date_in_words(rules::local_date(t, zone)) : rules::time_in_words(t, zone);
  // "Friday 16 January 2026, 09:00" -> "Fri 16 Jan 09:00"
  std::istringstream in(words);
  std::string weekday, day, month, year, time;
  in >> weekday >> day >> month >> year >> time;
  std::string out = weekday.substr(0, 3) + " " + day + " " + month.substr(0, 3);
  if (!time.empty()) out += " " + time;
  return out;
}

std::string company_and_position(const rules::Interview& iv) {
  if (iv.company_known && iv.position_known) return iv.company + ", " + iv.position;
  if (iv.company_known) return iv.company;
  if (iv.position_known) return iv.position;
  return iv.summary;
}

struct StatusLine {
  const rules::Interview* interview;
  rules::InterviewStatus status;
};

std::string table(const std::vector<StatusLine>& lines, const ical::Zone& zone) {
  std::size_t what_width = 0;
  std::size_t stage_width = 0;
  for (const auto& l : lines) {
    what_width = std::max(what_width, company_and_position(*l.interview).size());
    stage_width = std::max(stage_width, l.status.stage_text.size());
  }
  what_width = std::min<std::size_t>(what_width, 48);
  std::ostringstream out;
  for (const auto& l : lines) {
    std::string what = company_and_position(*l.interview);
    if (what.size() > what_width) what = what.substr(0, what_width - 1) + "~";
    out << short_time(l.interview->start, l.interview->all_day, zone).substr(0, 10) << "  " << std::left
        << std::setw(static_cast<int>(what_width)) << what << "  " << std::setw(static_cast<int>(stage_width))
        << l.status.stage_text;
    if (l.status.next)
      out << "  next: " << l.status.next->what << ", " << short_time(l.status.next->when, l.status.next->all_day, zone);
    if (l.status.overdue) out << "  OVERDUE";
    out << "\n";
  }
  if (lines.empty()) out << "No interviews in the window.\n";
  return out.str();
}

nlohmann::ordered_json json_of(const std::vector<StatusLine>& lines, const ical::Zone& zone) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& l : lines) {
    const rules::Interview& iv = *l.interview;
    nlohmann::ordered_json entry = {{"uid", iv.uid},
                                    {"recurrence_id", iv.recurrence_id},
                                    {"summary", iv.summary},
                                    {"company", iv.company_known ? nlohmann::ordered_json(iv.company) : nullptr},
                                    {"position", iv.position_known ? nlohmann::ordered_json(iv.position) : nullptr},
                                    {"start", ical::format_iso(iv.start, zone)},
                                    {"stage", stage_word(l.status.stage)},
                                    {"stage_text", l.status.stage_text},
                                    {"thank_yous", l.status.thank_yous},
                                    {"thank_yous_sent", l.status.thank_yous_sent},
                                    {"overdue", l.status.overdue}};
    if (l.status.next)
      entry["next"] = {{"action", l.status.next->what},
                       {l.status.next->all_day ? "date" : "when",
                        l.status.next->all_day ? format_date(rules::local_date(l.status.next->when, zone))
                                               : ical::format_iso(l.status.next->when, zone)}};
    else
      entry["next"] = nullptr;
    list.push_back(std::move(entry));
  }
  return list;
}

}  // namespace

std::string status_help() {
  return command_help("Usage: followup status [--config F] [--account NAME] [--json] [--now TIME] [--timezone ZONE]\n"
       "                       [--me ADDRESS]\n\n"
       "Where each application stands: one line per interview in the window with its company and position,\n"
       "its stage (interview ahead, thank-you due, waiting for decision, check-in due, moved on, or the\n"
       "outcome), the next thing to do and when; OVERDUE where that time has passed. Reads the calendars\n"
       "'followup sync' reads and changes nothing.\n\n",
                      caldav_options());
}

CommandResult run_status(const std::vector<std::string>& args, std::ostream& out) {
  const auto vm = parse_command_line("status", args, caldav_options());
  if (vm.count("help")) {
    out << status_help();
    return {};
  }
  if (vm.count("file")) throw UsageError("status: takes no file arguments (the calendars come from the configuration)");
  const Config config = config_from(vm);
  const SysSeconds now = now_from(vm);
  const bool json = vm.count("json") > 0;
  const auto account_name = vm.count("account") ? std::optional(vm["account"].as<std::string>()) : std::nullopt;
  const ical::Zone& zone = config.rules.timezone;

  return run_accounts(chosen_accounts(config, account_name), json, out, std::cerr,
                      [&](const CaldavSettings& account, AccountOutput& output) {
                        sync::HttpClient client(caldav_http_options(account));
                        const sync::CaldavJob job{account.url, account.username, calendar_choice(account), true};
                        const sync::CaldavJobReport report = sync::run_caldav_job(client, job, config.rules, now);
                        std::vector<StatusLine> lines;
                        for (const auto& p : report.sync.plan.interviews)
                          lines.push_back({&p.interview, rules::interview_status(p, report.sync.generated_status, now)});
                        std::vector<sync::ItemError> errors = report.problems;
                        errors.insert(errors.end(), report.sync.errors.begin(), report.sync.errors.end());
                        if (json) {
                          output.err() << error_lines(errors);
                          nlohmann::ordered_json doc = {{"interviews", json_of(lines, zone)}};
                          nlohmann::ordered_json list = nlohmann::ordered_json::array();
                          for (const auto& e : errors) list.push_back({{"where", e.where}, {"reason", e.reason}});
                          doc["errors"] = list;
                          return AccountRun{CommandResult{!errors.empty()}, std::move(doc)};
                        }
                        if (output.several()) output.out() << "account " << account.name << ":\n";
                        output.out() << table(lines, zone);
                        output.out().flush();
                        output.err() << error_lines(errors);
                        return AccountRun{CommandResult{!errors.empty()}, {}};
                      });
}

}  // namespace followup::cli
