// `followup calendars`: what discovery finds at [caldav] url, and where each kind of follow-up would go.
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_discovery.hpp"

namespace followup::cli {
namespace po = boost::program_options;

namespace {

po::options_description calendars_options() {
  po::options_description o("Options");
  o.add_options()
      ("config", po::value<std::string>(), "configuration file (default: $XDG_CONFIG_HOME/followup/config.ini)")
      ("json", "print one JSON document")
      ("help,h", "show this help");
  return o;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string joined(const std::vector<std::string>& list) {
  std::string s;
  for (const auto& item : list) s += (s.empty() ? "" : ",") + item;
  return s.empty() ? "-" : s;
}

// The calendar a configured name or URL stands for, if discovery found it.
const sync::CalendarInfo* find_calendar(const std::vector<sync::CalendarInfo>& calendars, const std::string& wanted) {
  for (const auto& c : calendars)
    if (c.url == wanted || c.display_name == wanted) return &c;
  for (const auto& c : calendars) {  // a URL without its final slash, or the last path segment
    std::string u = c.url;
    if (!u.empty() && u.back() == '/') u.pop_back();
    if (u == wanted || u.substr(u.rfind('/') + 1) == wanted) return &c;
  }
  return nullptr;
}

std::string name_of(const sync::CalendarInfo& c) {
  if (!c.display_name.empty()) return c.display_name;
  std::string u = c.url;
  if (!u.empty() && u.back() == '/') u.pop_back();
  return u.substr(u.rfind('/') + 1);
}

}  // namespace

std::string calendars_help() {
  return command_help("Usage: followup calendars [--config F] [--json]\n\n"
       "Lists the calendars found at [caldav] url: name, URL, components, writable or read-only, and\n"
       "whether the server offers sync-collection; then where thank-yous, check-ins and move-ons would go.\n\n",
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
  const CaldavSettings& settings = config.caldav;
  sync::HttpClient client(caldav_http_options(settings));
  const auto calendars = sync::discover_calendars(client, settings.url);

  // Thank-yous: tasks_calendar, else the first writable calendar that holds VTODO, else VEVENT
  // thank-yous (RULES.md §3) in the calendar the interview is in.
  std::optional<std::string> thank_you_url;
  std::string thank_you_text;
  if (!settings.tasks_calendar.empty()) {
    const auto* c = find_calendar(calendars, settings.tasks_calendar);
    thank_you_url = c ? c->url : settings.tasks_calendar;
    thank_you_text = c ? name_of(*c) + " " + c->url : settings.tasks_calendar + " (not found on the server)";
  } else {
    const auto it = std::find_if(calendars.begin(), calendars.end(),
                                 [](const auto& c) { return c.writable && has(c.components, "VTODO"); });
    if (it != calendars.end()) {
      thank_you_url = it->url;
      thank_you_text = name_of(*it) + " " + it->url;
    } else {
      thank_you_text = "VEVENT thank-yous (no writable calendar holds VTODO), in the calendar the interview is in";
    }
  }
  std::optional<std::string> followups_url;
  std::string followups_text = "the calendar the interview is in";
  if (!settings.followups_calendar.empty()) {
    const auto* c = find_calendar(calendars, settings.followups_calendar);
    followups_url = c ? c->url : settings.followups_calendar;
    followups_text = c ? name_of(*c) + " " + c->url : settings.followups_calendar + " (not found on the server)";
  }

  if (vm.count("json")) {
    nlohmann::ordered_json doc;
    doc["calendars"] = nlohmann::ordered_json::array();
    for (const auto& c : calendars) {
      doc["calendars"].push_back({{"name", name_of(c)},
                                  {"url", c.url},
                                  {"components", c.components},
                                  {"writable", c.writable},
                                  {"sync_collection", c.supports_sync_collection}});
    }
    doc["thank_you_calendar"] = thank_you_url ? nlohmann::ordered_json(*thank_you_url) : nlohmann::ordered_json();
    doc["followups_calendar"] = followups_url ? nlohmann::ordered_json(*followups_url) : nlohmann::ordered_json();
    out << doc.dump(2) << "\n";
    return {};
  }
  for (const auto& c : calendars) {
    out << name_of(c) << "  " << c.url << "  " << joined(c.components) << "  "
        << (c.writable ? "writable" : "read-only") << "  "
        << (c.supports_sync_collection ? "sync-collection" : "no sync-collection") << "\n";
  }
  out << "\nthank-yous: " << thank_you_text << "\n"
      << "check-ins and move-on: " << followups_text << "\n";
  return {};
}

}  // namespace followup::cli
