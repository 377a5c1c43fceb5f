#include "cli/config.hpp"

#include <boost/program_options.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "cli/settings_values.hpp"
#include "ical/errors.hpp"
#include "ical/reader.hpp"
#include "rules/ascii_text.hpp"
#include "rules/local_time.hpp"

namespace followup::cli {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

// Every key of [rules], named as in RULES.md.
struct RulesKey {
  const char* name;
  bool is_list;
};
constexpr RulesKey rules_keys[] = {
    {"timezone", false},          {"me", true},
    {"match", true},              {"exclude", true},
    {"lookback", false},          {"lookahead", false},
    {"thank_you_within", false},  {"checkin_time", false},
    {"default_wait", false},      {"second_checkin_after", false},
    {"move_on_after", false},     {"max_checkins", false},
    {"workdays", true},           {"holidays", true},
    {"holidays_file", true},      {"debrief", false},
    {"thank_you_template", false}, {"checkin_template", false},
    {"move_on_template", false},  {"debrief_template", false},
};

// Every key of [caldav] (issue 4).
constexpr RulesKey caldav_keys[] = {
    {"url", false},           {"username", false},          {"password", false},
    {"password_command", false}, {"bearer_token_command", false}, {"calendars", true},
    {"followups_calendar", false}, {"tasks_calendar", false},   {"tasks_as", false},
    {"ca_file", false},       {"insecure", false},          {"timeout", false},
    {"auth", false},
};

std::string read_text_file(const fs::path& file, const std::string& what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(what + ": cannot read " + file.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path relative_to(const fs::path& base_dir, const std::string& value) {
  fs::path p(value);
  if (!value.empty() && value.front() == '~') {
    if (const char* home = std::getenv("HOME")) p = fs::path(home) / value.substr(value.size() > 1 ? 2 : 1);
  }
  return p.is_absolute() ? p : base_dir / p;
}

// The days of the events in an .ics file (RULES.md §3: "the events of an .ics file named there").
class HolidayCollector : public ical::ItemSink {
 public:
  HolidayCollector(std::set<Date>& days, const ical::Zone& zone) : days_(days), zone_(zone) {}
  void item(ical::Item&& item) override {
    if (item.kind != ical::ComponentKind::Event || !item.start) return;
    if (item.all_day && item.start_date) {
      const Date last = item.end_date && *item.end_date > *item.start_date ? rules::add_days(*item.end_date, -1)
                                                                            : *item.start_date;
      for (Date d = *item.start_date; d <= last; d = rules::add_days(d, 1)) days_.insert(d);
    } else {
      days_.insert(rules::local_date(*item.start, zone_));
    }
  }
  void problem(ical::ReadProblem&& p) override { problems_.push_back(p.where + ": " + p.reason); }
  std::vector<std::string> problems_;

 private:
  std::set<Date>& days_;
  const ical::Zone& zone_;
};

// "config.ini:12" for the (last) line that sets "section.key"; just the file when it cannot be told.
// Boost.Program_options reports no lines, and a person wants to know where to look.
std::string where_is(const std::string& text, const std::string& file, const std::string& dotted_key) {
  const auto dot = dotted_key.find('.');
  const std::string section = dot == std::string::npos ? "" : dotted_key.substr(0, dot);
  const std::string key = dot == std::string::npos ? dotted_key : dotted_key.substr(dot + 1);
  std::istringstream in(text);
  std::string line, current;
  std::size_t number = 0, found = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string_view t = rules::trim(line);
    if (t.size() >= 2 && t.front() == '[' && t.back() == ']') {
      current = std::string(rules::trim(t.substr(1, t.size() - 2)));
    } else if (const auto eq = t.find('='); eq != std::string_view::npos && current == section &&
                                              rules::trim(t.substr(0, eq)) == key) {
      found = number;
    }
  }
  return found ? file + ":" + std::to_string(found) : file;
}

// [caldav]: values only; secrets from commands are fetched when needed (caldav_settings.hpp).
void parse_caldav(const po::variables_map& vm, const std::string& text, const std::string& name,
                  const fs::path& base_dir, CaldavSettings& c) {
  c.source = name;
  const auto value = [&](const char* key) -> std::optional<std::string> {
    const auto it = vm.find(std::string("caldav.") + key);
    if (it == vm.end()) return std::nullopt;
    return it->second.as<std::string>();
  };
  // Never quotes the value: it may be a secret.
  const auto bad = [&](const char* key, const std::string& why) {
    return ConfigError(where_is(text, name, std::string("caldav.") + key) + ": bad value for '" + key +
                       "' in [caldav]: " + why);
  };
  const auto command = [&](const char* key) -> std::optional<std::string> {
    auto v = value(key);
    if (v && std::string(rules::trim(*v)).empty()) throw bad(key, "no command given");
    return v;
  };
  if (auto v = value("url")) {
    const std::string url(rules::trim(*v));
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
      throw bad("url", "'" + url + "' is not an http:// or https:// URL");
    c.url = url;
  }
  if (auto v = value("username")) c.username = std::string(rules::trim(*v));
  c.password = value("password");
  if (c.password && c.password->empty()) throw bad("password", "empty");
  c.password_command = command("password_command");
  c.bearer_token_command = command("bearer_token_command");
  if (c.password && c.password_command)
    throw bad("password_command", "give either 'password' or 'password_command', not both");
  if (c.bearer_token_command && (c.password || c.password_command))
    throw bad("bearer_token_command", "a bearer token replaces the password: remove 'password' and 'password_command'");
  if (auto v = value("auth")) {
    const std::string a(rules::trim(*v));
    if (a == "auto")
      c.auth = CaldavSettings::Auth::Auto;
    else if (a == "basic")
      c.auth = CaldavSettings::Auth::Basic;
    else if (a == "digest")
      c.auth = CaldavSettings::Auth::Digest;
    else
      throw bad("auth", "'" + a + "' is not auto, basic or digest");
    // The scheme of a user name and password: a bearer token is a scheme of its own (CALDAV-NOTES §5.3).
    if (c.auth != CaldavSettings::Auth::Auto && c.bearer_token_command)
      throw bad("auth", "'" + a + "' does not go with 'bearer_token_command' (a bearer token is sent as it is)");
  }
  if (const auto it = vm.find("caldav.calendars"); it != vm.end()) {
    c.calendars = split_list(it->second.as<std::vector<std::string>>());
    if (c.calendars.empty()) throw bad("calendars", "no calendar given");
  }
  if (auto v = value("followups_calendar")) c.followups_calendar = std::string(rules::trim(*v));
  if (auto v = value("tasks_calendar")) c.tasks_calendar = std::string(rules::trim(*v));
  if (auto v = value("tasks_as")) {
    const std::string t(rules::trim(*v));
    if (t == "vtodo")
      c.tasks_as = CaldavSettings::TasksAs::Vtodo;
    else if (t == "vevent")
      c.tasks_as = CaldavSettings::TasksAs::Vevent;
    else if (t == "both")
      c.tasks_as = CaldavSettings::TasksAs::Both;
    else
      throw bad("tasks_as", "'" + t + "' is not vtodo, vevent or both");
  }
  if (auto v = value("ca_file")) {
    if (std::string(rules::trim(*v)).empty()) throw bad("ca_file", "no file given");
    c.ca_file = relative_to(base_dir, std::string(rules::trim(*v))).string();
  }
  if (auto v = value("insecure")) try {
      c.insecure = parse_bool(*v);
    } catch (const std::invalid_argument& e) {
      throw bad("insecure", e.what());
    }
  if (auto v = value("timeout")) {
    try {
      c.timeout = parse_duration(*v);
    } catch (const std::invalid_argument& e) {
      throw bad("timeout", e.what());
    }
    if (*c.timeout <= std::chrono::seconds::zero()) throw bad("timeout", "must be more than zero");
  }
}

}  // namespace

fs::path default_config_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path(xdg) / "followup" / "config.ini";
  const char* home = std::getenv("HOME");
  return fs::path(home ? home : ".") / ".config" / "followup" / "config.ini";
}

std::string system_zone_name() {
  if (const char* tz = std::getenv("TZ"); tz && *tz) return tz[0] == ':' ? tz + 1 : tz;
  if (std::ifstream f("/etc/timezone"); f) {
    std::string name;
    if (std::getline(f, name) && !name.empty()) return name;
  }
  std::error_code ec;
  const auto target = fs::read_symlink("/etc/localtime", ec).string();
  if (const auto at = target.find("zoneinfo/"); !ec && at != std::string::npos) return target.substr(at + 9);
  return "UTC";
}

Config parse_config(const std::string& text, const std::string& name, const fs::path& base_dir,
                    const Overrides& overrides) {
  po::options_description description;
  for (const auto& key : rules_keys) {
    const std::string full = std::string("rules.") + key.name;
    if (key.is_list)
      description.add_options()(full.c_str(), po::value<std::vector<std::string>>()->composing());
    else
      description.add_options()(full.c_str(), po::value<std::string>());
  }
  for (const auto& key : caldav_keys) {
    const std::string full = std::string("caldav.") + key.name;
    if (key.is_list)
      description.add_options()(full.c_str(), po::value<std::vector<std::string>>()->composing());
    else
      description.add_options()(full.c_str(), po::value<std::string>());
  }
  po::variables_map vm;
  try {
    std::istringstream in(text);
    po::store(po::parse_config_file(in, description, false), vm);
  } catch (const po::unknown_option& e) {
    throw ConfigError(where_is(text, name, e.get_option_name()) + ": unknown key '" + e.get_option_name() + "'");
  } catch (const po::multiple_occurrences& e) {
    throw ConfigError(where_is(text, name, e.get_option_name()) + ": key '" + e.get_option_name() +
                      "' is given more than once");
  } catch (const po::error& e) {
    throw ConfigError(name + ": " + e.what());
  }

  Config config;
  rules::Settings& s = config.rules;
  const auto value = [&](const char* key) -> std::optional<std::string> {
    const auto it = vm.find(std::string("rules.") + key);
    if (it == vm.end()) return std::nullopt;
    return it->second.as<std::string>();
  };
  const auto list = [&](const char* key) -> std::optional<std::vector<std::string>> {
    const auto it = vm.find(std::string("rules.") + key);
    if (it == vm.end()) return std::nullopt;
    return split_list(it->second.as<std::vector<std::string>>());
  };
  // Every value error names the key and the file.
  const auto bad = [&](const char* key, const std::string& why) {
    return ConfigError(where_is(text, name, std::string("rules.") + key) + ": bad value for '" + key +
                       "' in [rules]: " + why);
  };
  const auto duration = [&](const char* key, std::chrono::seconds& out) {
    if (auto v = value(key)) try {
        out = parse_duration(*v);
      } catch (const std::invalid_argument& e) {
        throw bad(key, e.what());
      }
  };

  const std::string zone_name = overrides.timezone ? *overrides.timezone : value("timezone").value_or(system_zone_name());
  if (auto zone = ical::Zone::find(zone_name)) {
    s.timezone = *zone;
  } else if (overrides.timezone) {
    throw ConfigError("--timezone: unknown time zone '" + zone_name + "'");
  } else {
    throw bad("timezone", "unknown time zone '" + zone_name + "'");
  }

  for (const auto& address : overrides.me.empty() ? list("me").value_or(std::vector<std::string>{}) : split_list(overrides.me)) {
    std::string normalized = normalize_address(address);
    if (normalized.find('@') == std::string::npos) {
      if (!overrides.me.empty()) throw ConfigError("--me: '" + address + "' is not an e-mail address");
      throw bad("me", "'" + address + "' is not an e-mail address");
    }
    s.me.push_back(std::move(normalized));
  }
  if (auto v = list("match")) {
    if (v->empty()) throw bad("match", "no pattern given");
    s.match = *v;
  }
  if (auto v = list("exclude")) s.exclude = *v;
  duration("lookback", s.lookback);
  duration("lookahead", s.lookahead);
  duration("thank_you_within", s.thank_you_within);
  duration("default_wait", s.default_wait);
  duration("second_checkin_after", s.second_checkin_after);
  duration("move_on_after", s.move_on_after);
  if (auto v = value("checkin_time")) try {
      s.checkin_time = parse_time_of_day(*v);
    } catch (const std::invalid_argument& e) {
      throw bad("checkin_time", e.what());
    }
  if (auto v = value("max_checkins")) {
    if (*v != "0" && *v != "1" && *v != "2") throw bad("max_checkins", "'" + *v + "' is not 0, 1 or 2");
    s.max_checkins = std::stoi(*v);
  }
  if (auto v = value("debrief")) try {
      s.debrief = parse_bool(*v);
    } catch (const std::invalid_argument& e) {
      throw bad("debrief", e.what());
    }

  std::vector<std::chrono::weekday> workdays{std::chrono::Monday, std::chrono::Tuesday, std::chrono::Wednesday,
                                             std::chrono::Thursday, std::chrono::Friday};
  if (auto v = list("workdays")) {
    workdays.clear();
    try {
      for (const auto& day : *v) workdays.push_back(parse_weekday(day));
    } catch (const std::invalid_argument& e) {
      throw bad("workdays", e.what());
    }
    if (workdays.empty()) throw bad("workdays", "at least one workday is needed");
  }
  std::set<Date> holidays;
  for (const auto& day : list("holidays").value_or(std::vector<std::string>{})) {
    try {
      holidays.insert(parse_date(day));
    } catch (const std::invalid_argument& e) {
      throw bad("holidays", e.what());
    }
  }
  for (const auto& file : list("holidays_file").value_or(std::vector<std::string>{})) {
    HolidayCollector collector(holidays, s.timezone);
    ical::ReadOptions options;
    options.local_zone = s.timezone;
    try {
      ical::read_calendar_file(relative_to(base_dir, file), options, collector);
    } catch (const Error& e) {
      throw bad("holidays_file", e.what());
    }
    if (!collector.problems_.empty()) throw bad("holidays_file", collector.problems_.front());
  }
  s.business_days = rules::BusinessDays(workdays, std::move(holidays));

  const auto template_file = [&](const char* key, std::string& out) {
    if (auto v = value(key)) {
      const fs::path file = relative_to(base_dir, *v);
      std::string content = read_text_file(file, name + ": '" + key + "'");
      try {
        rules::validate_template(content, file.string());
      } catch (const BadInput& e) {
        throw bad(key, e.what());
      }
      out = std::move(content);
    }
  };
  template_file("thank_you_template", s.templates.thank_you);
  template_file("checkin_template", s.templates.check_in);
  template_file("move_on_template", s.templates.move_on);
  template_file("debrief_template", s.templates.debrief);
  parse_caldav(vm, text, name, base_dir, config.caldav);
  return config;
}

Config load_config(const std::optional<fs::path>& explicit_file, const Overrides& overrides) {
  const fs::path file = explicit_file ? *explicit_file : default_config_path();
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    if (explicit_file) throw ConfigError("config file not found: " + file.string());
    return parse_config("", "(no config file)", fs::current_path(), overrides);
  }
  const std::string text = read_text_file(file, "config");
  Config config = parse_config(text, file.string(), file.parent_path(), overrides);
  config.file = file;
  if (config.caldav.password) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || (st.st_mode & 077) != 0)
      throw ConfigError(where_is(text, file.string(), "caldav.password") +
                        ": 'password' in [caldav] is refused because others can read this file; run chmod 600 " +
                        file.string() + " (or use password_command)");
  }
  return config;
}

}  // namespace followup::cli
