// `followup config check`: reads the configuration file as every command does and shows what it
// resolves to, defaults included, with secrets masked (issue 5). It contacts no server and runs no
// command: password_command and bearer_token_command are shown as written (a command is not a secret,
// what it prints is), a password never.
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/sync_output.hpp"
#include "ical/errors.hpp"
#include "ical/time.hpp"

namespace followup::cli {
namespace po = boost::program_options;

namespace {

constexpr const char* kMasked = "********";

po::options_description config_options() {
  po::options_description o("Options");
  o.add_options()
      ("config", po::value<std::string>(), "configuration file (default: $XDG_CONFIG_HOME/followup/config.ini)")
      ("json", "print one JSON document")
      ("help,h", "show this help");
  return o;
}

// "24h", "14d", "90m", "2m": the largest unit that divides the span, days from two days on (so that the
// thank-you's "24h" reads as it is usually written). parse_duration reads it back.
std::string duration_text(std::chrono::seconds span) {
  const long long s = span.count();
  if (s % 86400 == 0 && s >= 2 * 86400) return std::to_string(s / 86400) + "d";
  if (s % 3600 == 0 && s != 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0 && s != 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

std::string time_of_day_text(std::chrono::minutes t) {
  std::ostringstream s;
  s << std::setfill('0') << std::setw(2) << t.count() / 60 << ":" << std::setw(2) << t.count() % 60;
  return s.str();
}

std::string weekday_text(std::chrono::weekday d) {
  static constexpr const char* names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  return names[d.c_encoding() % 7];
}

std::string joined(const std::vector<std::string>& list) {
  std::string s;
  for (const auto& item : list) s += (s.empty() ? "" : ", ") + item;
  return s;
}

// One resolved key: how the text shows it (a value, or what applies when it is not set, in
// parentheses) and its JSON value (null when not set).
struct Entry {
  std::string key;
  std::string text;
  nlohmann::ordered_json json;
};

Entry text_entry(std::string key, const std::string& value) { return {std::move(key), value, value}; }

Entry optional_entry(std::string key, const std::optional<std::string>& value, const std::string& when_unset) {
  if (!value) return {std::move(key), when_unset, nullptr};
  return text_entry(std::move(key), *value);
}

Entry list_entry(std::string key, const std::vector<std::string>& values, const std::string& when_empty) {
  return {std::move(key), values.empty() ? when_empty : joined(values), values};
}

std::vector<Entry> rules_entries(const Config& config) {
  const rules::Settings& s = config.rules;
  const RulesSources& given = config.rules_sources;
  std::vector<Entry> e;
  e.push_back(text_entry("timezone", s.timezone.name()));
  e.push_back(list_entry("me", s.me, "(none)"));
  e.push_back(list_entry("match", s.match, "(none)"));
  e.push_back(list_entry("exclude", s.exclude, "(none)"));
  e.push_back(text_entry("lookback", duration_text(s.lookback)));
  e.push_back(text_entry("lookahead", duration_text(s.lookahead)));
  e.push_back(text_entry("thank_you_within", duration_text(s.thank_you_within)));
  e.push_back(text_entry("checkin_time", time_of_day_text(s.checkin_time)));
  e.push_back(text_entry("default_wait", duration_text(s.default_wait)));
  e.push_back(text_entry("second_checkin_after", duration_text(s.second_checkin_after)));
  e.push_back(text_entry("move_on_after", duration_text(s.move_on_after)));
  e.push_back({"max_checkins", std::to_string(s.max_checkins), s.max_checkins});
  std::vector<std::string> workdays;
  for (const auto d : given.workdays) workdays.push_back(weekday_text(d));
  e.push_back(list_entry("workdays", workdays, "(none)"));
  std::vector<std::string> holidays;
  for (const auto& d : given.holidays) holidays.push_back(format_date(d));
  e.push_back(list_entry("holidays", holidays, "(none)"));
  std::vector<std::string> files, files_text;
  for (const auto& [file, days] : given.holidays_files) {
    files.push_back(file.string());
    files_text.push_back(file.string() + " (" + std::to_string(days) + (days == 1 ? " day)" : " days)"));
  }
  e.push_back({"holidays_file", files.empty() ? "(none)" : joined(files_text), files});
  e.push_back({"debrief", s.debrief ? "true" : "false", s.debrief});
  for (const char* key : {"thank_you_template", "checkin_template", "move_on_template", "debrief_template"}) {
    const auto it = given.template_files.find(key);
    e.push_back(optional_entry(key, it == given.template_files.end() ? std::nullopt : std::optional(it->second.string()),
                               "(built in)"));
  }
  return e;
}

std::string auth_text(CaldavSettings::Auth auth) {
  switch (auth) {
    case CaldavSettings::Auth::Basic: return "basic";
    case CaldavSettings::Auth::Digest: return "digest";
    case CaldavSettings::Auth::Auto: break;
  }
  return "auto";
}

std::string tasks_as_text(CaldavSettings::TasksAs tasks_as) {
  switch (tasks_as) {
    case CaldavSettings::TasksAs::Vevent: return "vevent";
    case CaldavSettings::TasksAs::Both: return "both";
    case CaldavSettings::TasksAs::Vtodo: break;
  }
  return "vtodo";
}

std::optional<std::string> unless_empty(const std::string& value) {
  return value.empty() ? std::nullopt : std::optional(value);
}

std::vector<Entry> account_entries(const CaldavSettings& a) {
  std::vector<Entry> e;
  e.push_back(text_entry("url", url_for_display(a.url)));
  e.push_back(optional_entry("username", unless_empty(a.username), "(none)"));
  // The password itself never: only that there is one.
  e.push_back(optional_entry("password", a.password ? std::optional<std::string>(kMasked) : std::nullopt, "(none)"));
  Entry variable = optional_entry("password_env", a.password_env, "(none)");
  if (a.password_env) {
    // Whether it is set here, not its value: cron's environment may differ from this shell's.
    const char* value = std::getenv(a.password_env->c_str());
    if (!value || !*value) variable.text += value ? " (empty here)" : " (not set here)";
  }
  e.push_back(std::move(variable));
  e.push_back(optional_entry("password_command", a.password_command, "(none)"));
  e.push_back(optional_entry("bearer_token_command", a.bearer_token_command, "(none)"));
  // OAuth2 (Google): the client secret masked as the password is; the rest only when it is used.
  e.push_back(optional_entry("oauth2_client_id", a.oauth2_client_id, "(none)"));
  if (a.oauth2_client_id) {
    e.push_back(optional_entry("oauth2_client_secret",
                               a.oauth2_client_secret ? std::optional<std::string>(kMasked) : std::nullopt, "(none)"));
    e.push_back(optional_entry("oauth2_client_secret_command", a.oauth2_client_secret_command, "(none)"));
    e.push_back(text_entry("oauth2_token_url", a.oauth2_token_url));
    e.push_back(text_entry("oauth2_auth_url", a.oauth2_auth_url));
  }
  e.push_back(text_entry("auth", auth_text(a.auth)));
  e.push_back(list_entry("calendars", a.calendars, "(every calendar with events)"));
  e.push_back(optional_entry("followups_calendar", unless_empty(a.followups_calendar), "(the interview's calendar)"));
  e.push_back(optional_entry("tasks_calendar", unless_empty(a.tasks_calendar), "(the first writable task list)"));
  e.push_back(text_entry("tasks_as", tasks_as_text(a.tasks_as)));
  e.push_back(optional_entry("ca_file", unless_empty(a.ca_file), "(the system's certificates)"));
  e.push_back({"insecure", a.insecure ? "true" : "false", a.insecure});
  e.push_back(optional_entry("timeout", a.timeout ? std::optional(duration_text(*a.timeout)) : std::nullopt,
                              "(default: 2m)"));
  e.push_back({"parallel_requests", std::to_string(a.parallel_requests), a.parallel_requests});
  return e;
}

void print_section(std::ostream& out, const std::string& header, const std::vector<Entry>& entries) {
  out << "\n" << header << "\n";
  for (const auto& entry : entries) out << entry.key << " = " << entry.text << "\n";
}

nlohmann::ordered_json json_of(const std::vector<Entry>& entries) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& entry : entries) object[entry.key] = entry.json;
  return object;
}

}  // namespace

std::string config_help() {
  return command_help("Usage: followup config check [--config F] [--json]\n\n"
       "Reads the configuration file as every command does and prints what it resolves to: every [rules]\n"
       "key with its value (defaults included), then each account ([caldav], [account NAME]) with its keys.\n"
       "Passwords are masked; password_command and bearer_token_command are shown as written and not run;\n"
       "no server is contacted. Exit code 0 when the file is valid, 2 with the error (file:line) when not.\n\n",
                      config_options());
}

CommandResult run_config(const std::vector<std::string>& args, std::ostream& out) {
  if (!args.empty() && (args.front() == "--help" || args.front() == "-h")) {
    out << config_help();
    return {};
  }
  if (args.empty() || args.front() != "check")
    throw UsageError("config: the command is 'followup config check [--config F] [--json]'");
  const auto vm = parse_command_line("config check", {args.begin() + 1, args.end()}, config_options());
  if (vm.count("help")) {
    out << config_help();
    return {};
  }
  if (vm.count("file")) throw UsageError("config check: takes no file arguments (use --config F)");
  std::optional<std::filesystem::path> file;
  if (vm.count("config")) file = vm["config"].as<std::string>();
  const Config config = load_config(file, {});

  const auto rules = rules_entries(config);
  if (vm.count("json")) {
    nlohmann::ordered_json doc;
    doc["file"] = config.file ? nlohmann::ordered_json(config.file->string()) : nlohmann::ordered_json();
    doc["rules"] = json_of(rules);
    doc["accounts"] = nlohmann::ordered_json::array();
    for (const auto& account : config.accounts) {
      nlohmann::ordered_json a{{"name", account.name}};
      a.update(json_of(account_entries(account)));
      doc["accounts"].push_back(std::move(a));
    }
    out << json_text(doc);
    return {};
  }
  out << "# " << (config.file ? config.file->string() : default_config_path().string() + " (not found: the defaults)")
      << ": valid\n";
  print_section(out, "[rules]", rules);
  for (const auto& account : config.accounts) print_section(out, account.section(), account_entries(account));
  if (config.accounts.empty()) out << "\n# no CalDAV account: 'followup sync' and 'followup calendars' need [caldav]\n";
  return {};
}

}  // namespace followup::cli
