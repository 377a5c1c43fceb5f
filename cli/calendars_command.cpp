// `followup calendars`: what discovery finds at the url of each account ([caldav], [account NAME]), and
// where each kind of follow-up would go.
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/account_runs.hpp"
#include "cli/calendar_choice.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_discovery.hpp"
#include "sync/discovery_cache.hpp"
#include "sync/server_quirks.hpp"

namespace followup::cli {
namespace po = boost::program_options;

namespace {

po::options_description calendars_options() {
  po::options_description o("Options");
  o.add_options()
      ("config", po::value<std::string>(), "configuration file (default: $XDG_CONFIG_HOME/followup/config.ini)")
      ("account", po::value<std::string>(), "the CalDAV account: 'default' ([caldav]) or NAME ([account NAME]); default: all")
      ("json", "print one JSON document")
      ("help,h", "show this help");
  return o;
}

std::string joined(const std::vector<std::string>& list) {
  std::string s;
  for (const auto& item : list) s += (s.empty() ? "" : ",") + item;
  return s.empty() ? "-" : s;
}

// One account's calendars, written to `output` (account_runs.hpp); with several accounts, the account's
// name above them.
AccountRun list_calendars(const CaldavSettings& settings, AccountOutput& output, bool json) {
  std::ostream& out = output.out();
  const bool several = output.several();
  sync::HttpClient client(caldav_http_options(settings));
  const auto calendars = sync::discover_calendars(client, settings.url);
  // A user lists the calendars after making or renaming one: the next sync must see what this saw,
  // not the discovery it keeps for a day (sync/discovery_cache.hpp), so that is forgotten.
  sync::forget_discovery_cache(sync::discovery_cache_file(settings.url, settings.username));

  if (several && !json) out << "account " << settings.name << " (" << url_for_display(settings.url) << "):\n";
  for (const auto& c : calendars) {
    if (json) break;
    out << sync::calendar_name(c) << "  " << c.url << "  " << joined(c.components) << "  "
        << (c.writable ? "writable" : "read-only") << "  "
        << (c.supports_sync_collection ? "sync-collection" : "no sync-collection") << "\n";
  }
  out.flush();
  // The same choice `followup sync` makes (a configured calendar that is missing or unusable is an
  // error here too, after the list that shows what there is).
  sync::CalendarChoice choice = calendar_choice(settings);
  choice.server_has_no_vtodo = !calendars.empty() && sync::quirks_for(calendars.front().server).no_vtodo;
  const sync::CalendarRoles roles = sync::assign_roles(calendars, choice);
  std::optional<std::string> thank_you_url;
  std::string thank_you_text;
  if (roles.tasks) {
    thank_you_url = calendars[*roles.tasks].url;
    thank_you_text = sync::calendar_name(calendars[*roles.tasks]) + " " + *thank_you_url;
  }
  if (roles.event_thank_yous) {
    // RULES.md §3: where no task list takes a VTODO, the thank-you is an event beside the check-ins.
    thank_you_text += std::string(thank_you_text.empty() ? "" : ", and ") +
                      (roles.tasks ? "VEVENT thank-yous with the check-ins" :
                                     "VEVENT thank-yous (no writable calendar holds VTODO), with the check-ins");
  }
  std::optional<std::string> followups_url;
  std::string followups_text = "the calendar the interview is in";
  if (roles.followups) {
    followups_url = calendars[*roles.followups].url;
    followups_text = sync::calendar_name(calendars[*roles.followups]) + " " + *followups_url;
  } else if (roles.fallback) {
    followups_text += " (" + sync::calendar_name(calendars[*roles.fallback]) + " for read-only ones)";
  }

  if (json) {
    nlohmann::ordered_json doc;
    doc["calendars"] = nlohmann::ordered_json::array();
    for (const auto& c : calendars) {
      doc["calendars"].push_back({{"name", sync::calendar_name(c)},
                                  {"url", c.url},
                                  {"components", c.components},
                                  {"writable", c.writable},
                                  {"sync_collection", c.supports_sync_collection}});
    }
    doc["thank_you_calendar"] = thank_you_url ? nlohmann::ordered_json(*thank_you_url) : nlohmann::ordered_json();
    doc["followups_calendar"] = followups_url ? nlohmann::ordered_json(*followups_url) : nlohmann::ordered_json();
    return AccountRun{{}, std::move(doc)};
  }
  out << "\nthank-yous: " << thank_you_text << "\n"
      << "check-ins and move-on: " << followups_text << "\n";
  if (several) out << "\n";
  return {};
}

}  // namespace

std::string calendars_help() {
  return command_help("Usage: followup calendars [--config F] [--account NAME] [--json]\n\n"
       "Lists the calendars found at the url of each account ([caldav], [account NAME]; --account picks\n"
       "one): name, URL, components, writable or read-only, and whether the server offers sync-collection;\n"
       "then where thank-yous, check-ins and move-ons would go. The next 'followup sync' discovers again\n"
       "instead of using what it found within the last day. An account that fails does not stop the\n"
       "others; the exit code is that of the most serious failure (see 'followup sync --help').\n\n",
                      calendars_options());
}

CommandResult run_calendars(const std::vector<std::string>& args, std::ostream& out) {
  const auto vm = parse_command_line("calendars", args, calendars_options());
  if (vm.count("help")) {
    out << calendars_help();
    return {};
  }
  if (vm.count("file")) throw UsageError("calendars: takes no file arguments");
  const Config config = config_from(vm);
  const bool json = vm.count("json") > 0;
  const auto account_name = vm.count("account") ? std::optional(vm["account"].as<std::string>()) : std::nullopt;
  return run_accounts(chosen_accounts(config, account_name), json, out, std::cerr,
                      [&](const CaldavSettings& account, AccountOutput& output) {
                        return list_calendars(account, output, json);
                      });
}

}  // namespace followup::cli
