#include "cli/config.hpp"

#include <boost/program_options.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

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

// Every key of [caldav] (issue 4), and of each [account NAME] (issue 5).
constexpr RulesKey caldav_keys[] = {
    {"url", false},           {"username", false},          {"password", false},
    {"password_command", false}, {"bearer_token_command", false}, {"calendars", true},
    {"followups_calendar", false}, {"tasks_calendar", false},   {"tasks_as", false},
    {"ca_file", false},       {"insecure", false},          {"timeout", false},
    {"auth", false},          {"password_env", false},
    {"oauth2_client_id", false}, {"oauth2_client_secret", false}, {"oauth2_client_secret_command", false},
    {"oauth2_token_url", false}, {"oauth2_auth_url", false},
    {"parallel_requests", false},
};

// A section that holds an account, as Boost.Program_options sees it: the text between the brackets
// (the prefix of its keys, spaces as written) and the line of its (first) header.
struct AccountSection {
  std::string prefix;  // "caldav", "account work"
  std::string name;    // "default", "work"
  std::size_t line = 0;
};

// The account sections of the file, [caldav] first. Boost.Program_options takes the keys of a section
// only when they are declared beforehand, so the [account NAME] headers are found first; this reads
// section lines as Boost does (text after '#' dropped, blanks trimmed, the inside of the brackets kept
// as it is).
std::vector<AccountSection> account_sections(const std::string& text, const std::string& file) {
  std::vector<AccountSection> found;
  std::optional<AccountSection> caldav;
  std::istringstream in(text);
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::string t(rules::trim(std::string_view(line).substr(0, line.find('#'))));
    if (t.size() < 2 || t.front() != '[' || t.back() != ']') continue;
    const std::string inside = t.substr(1, t.size() - 2);
    if (inside == "caldav") {
      if (!caldav) caldav = AccountSection{inside, "default", number};
      continue;
    }
    const std::string_view word = "account";
    if (!inside.starts_with(word)) continue;
    if (inside.size() > word.size() && inside[word.size()] != ' ' && inside[word.size()] != '\t') continue;
    const std::string name(rules::trim(std::string_view(inside).substr(word.size())));
    const auto where = file + ":" + std::to_string(number) + ": ";
    if (name.empty()) throw ConfigError(where + "[" + inside + "] names no account: write [account NAME]");
    if (!std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        }))
      throw ConfigError(where + "account name '" + name + "' may hold only letters, digits, '-' and '_'");
    if (name == "default")
      throw ConfigError(where + "the account 'default' is [caldav]: give this account another name");
    const auto same = std::find_if(found.begin(), found.end(), [&](const AccountSection& a) { return a.name == name; });
    if (same == found.end())
      found.push_back(AccountSection{inside, name, number});
    else if (same->prefix != inside)  // the same header again is one section, as [rules] twice is
      throw ConfigError(where + "account '" + name + "' is given twice (first at line " + std::to_string(same->line) +
                        ")");
  }
  if (caldav) found.insert(found.begin(), *caldav);
  return found;
}

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

// [caldav] or an [account NAME]: values only; secrets from commands and the environment are fetched
// when needed (caldav_settings.hpp).
void parse_caldav(const po::variables_map& vm, const AccountSection& section, const std::string& text,
                  const std::string& name, const fs::path& base_dir, CaldavSettings& c) {
  c.name = section.name;
  c.source = name;
  const std::string prefix = section.prefix + ".";
  const auto value = [&](const char* key) -> std::optional<std::string> {
    const auto it = vm.find(prefix + key);
    if (it == vm.end()) return std::nullopt;
    return it->second.as<std::string>();
  };
  // Never quotes the value: it may be a secret.
  const auto bad = [&](const char* key, const std::string& why) {
    return ConfigError(where_is(text, name, prefix + key) + ": bad value for '" + key + "' in " + c.section() + ": " +
                       why);
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
  if (auto v = value("password_env")) {
    const std::string variable(rules::trim(*v));
    // POSIX names (XBD §8.1); the value itself is not quoted back, in case the password was put here.
    const bool is_name = !variable.empty() && !std::isdigit(static_cast<unsigned char>(variable.front())) &&
                         std::all_of(variable.begin(), variable.end(), [](char ch) {
                           return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
                         });
    if (!is_name) throw bad("password_env", "not the name of an environment variable (letters, digits and '_')");
    c.password_env = variable;
  }
  c.password_command = command("password_command");
  c.bearer_token_command = command("bearer_token_command");
  // One source of the password; the error is at the line of the second one named here.
  std::vector<const char*> password_keys;
  if (c.password) password_keys.push_back("password");
  if (c.password_env) password_keys.push_back("password_env");
  if (c.password_command) password_keys.push_back("password_command");
  if (password_keys.size() > 1)
    throw bad(password_keys[1], "give only one of 'password', 'password_env' and 'password_command'");
  if (c.bearer_token_command && !password_keys.empty())
    throw bad("bearer_token_command", std::string("a bearer token replaces the password: remove '") +
                                          password_keys.front() + "'");
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
  // OAuth2 (Google, issue 5; CALDAV-NOTES §5.3): the client that `followup google-auth` authorizes; its
  // tokens replace the password and the token command.
  if (auto v = value("oauth2_client_id")) {
    c.oauth2_client_id = std::string(rules::trim(*v));
    if (c.oauth2_client_id->empty()) throw bad("oauth2_client_id", "empty");
  }
  c.oauth2_client_secret = value("oauth2_client_secret");
  if (c.oauth2_client_secret && c.oauth2_client_secret->empty()) throw bad("oauth2_client_secret", "empty");
  c.oauth2_client_secret_command = command("oauth2_client_secret_command");
  // The client secret and the tokens go to these: https, or http to this machine only (tests).
  const auto endpoint = [&](const char* key, std::string& out) {
    const auto v = value(key);
    if (!v) return;
    const std::string url(rules::trim(*v));
    bool loopback = false;
    for (const std::string_view host : {"http://127.0.0.1", "http://localhost", "http://[::1]"})
      loopback = loopback || (url.starts_with(host) && (url.size() == host.size() || url[host.size()] == ':' ||
                                                        url[host.size()] == '/'));
    if (!url.starts_with("https://") && !loopback)
      throw bad(key, "'" + url + "' is not an https:// URL (http:// only to 127.0.0.1 or localhost)");
    out = url;
  };
  endpoint("oauth2_token_url", c.oauth2_token_url);
  endpoint("oauth2_auth_url", c.oauth2_auth_url);
  if (c.oauth2_client_secret && c.oauth2_client_secret_command)
    throw bad("oauth2_client_secret_command",
              "give either 'oauth2_client_secret' or 'oauth2_client_secret_command', not both");
  if (c.oauth2_client_id) {
    if (!c.oauth2_client_secret && !c.oauth2_client_secret_command)
      throw bad("oauth2_client_id", "needs 'oauth2_client_secret' or 'oauth2_client_secret_command' (Google gives "
                                    "both for a Desktop app client)");
    if (c.bearer_token_command)
      throw bad("bearer_token_command", "OAuth2 (oauth2_client_id) supplies the bearer token: remove one of them");
    if (!password_keys.empty())
      throw bad(password_keys.front(), "OAuth2 (oauth2_client_id) replaces the password: remove it");
    if (c.auth != CaldavSettings::Auth::Auto)
      throw bad("auth", "does not go with OAuth2 (oauth2_client_id): a bearer token is sent as it is");
  } else {
    for (const char* key : {"oauth2_client_secret", "oauth2_client_secret_command", "oauth2_token_url", "oauth2_auth_url"})
      if (value(key)) throw bad(key, "needs 'oauth2_client_id'");
  }
  if (const auto it = vm.find(prefix + "calendars"); it != vm.end()) {
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
  // Requests in flight at once when writing (issue #7): a whole number from 1 (one at a time) to 32;
  // more would only make a server throttle.
  if (auto v = value("parallel_requests")) {
    const std::string t(rules::trim(*v));
    const bool digits = !t.empty() && t.size() <= 2 && std::all_of(t.begin(), t.end(), [](char ch) {
      return ch >= '0' && ch <= '9';
    });
    const int n = digits ? std::stoi(t) : 0;
    if (n < 1 || n > 32) throw bad("parallel_requests", "'" + t + "' is not a whole number from 1 to 32");
    c.parallel_requests = static_cast<std::size_t>(n);
  }
  // Last, so that a bad value is named first: a section without a URL may be half written.
  if (c.url.empty())
    throw ConfigError(name + ":" + std::to_string(section.line) + ": " + c.section() +
                      " has no 'url' (the server, your principal, your calendar home or a calendar)");
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
  const std::vector<AccountSection> sections = account_sections(text, name);
  // "caldav" is declared even when the file has no such section, so that its keys are known anyway.
  std::vector<std::string> prefixes{"caldav"};
  for (const auto& section : sections)
    if (section.prefix != "caldav") prefixes.push_back(section.prefix);
  for (const auto& prefix : prefixes)
    for (const auto& key : caldav_keys) {
      const std::string full = prefix + "." + key.name;
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
    const std::string option = e.get_option_name();
    for (const auto& section : sections)
      if (section.name != "default" && option.starts_with(section.prefix + "."))
        throw ConfigError(where_is(text, name, option) + ": unknown key '" + option.substr(section.prefix.size() + 1) +
                          "' in [" + section.prefix + "]");
    throw ConfigError(where_is(text, name, option) + ": unknown key '" + option + "'");
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
  config.rules_sources.workdays = workdays;
  config.rules_sources.holidays = holidays;
  for (const auto& file : list("holidays_file").value_or(std::vector<std::string>{})) {
    std::set<Date> days;
    HolidayCollector collector(days, s.timezone);
    ical::ReadOptions options;
    options.local_zone = s.timezone;
    const fs::path path = relative_to(base_dir, file);
    try {
      ical::read_calendar_file(path, options, collector);
    } catch (const Error& e) {
      throw bad("holidays_file", e.what());
    }
    if (!collector.problems_.empty()) throw bad("holidays_file", collector.problems_.front());
    config.rules_sources.holidays_files[path] = days.size();
    holidays.insert(days.begin(), days.end());
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
      config.rules_sources.template_files[key] = file;
    }
  };
  template_file("thank_you_template", s.templates.thank_you);
  template_file("checkin_template", s.templates.check_in);
  template_file("move_on_template", s.templates.move_on);
  template_file("debrief_template", s.templates.debrief);
  for (const auto& section : sections) parse_caldav(vm, section, text, name, base_dir, config.accounts.emplace_back());
  return config;
}

std::vector<CaldavSettings> chosen_accounts(const Config& config, const std::optional<std::string>& name) {
  const std::string file = config.file ? config.file->string() : default_config_path().string();
  if (config.accounts.empty())
    throw ConfigError(file + ": no CalDAV account: add a [caldav] section with 'url' (see examples/config.ini)");
  if (!name) return config.accounts;
  std::string known;
  for (const auto& account : config.accounts) {
    if (account.name == *name) return {account};
    known += (known.empty() ? "" : ", ") + account.name;
  }
  throw UsageError("--account: no account '" + *name + "' in " + file + " (there are: " + known + ")");
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
  for (const auto& account : config.accounts) {
    if (!account.password) continue;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || (st.st_mode & 077) != 0) {
      const std::string prefix = account.name == "default" ? "caldav" : "account " + account.name;
      throw ConfigError(where_is(text, file.string(), prefix + ".password") + ": 'password' in " + account.section() +
                        " is refused because others can read this file; run chmod 600 " + file.string() +
                        " (or use password_env or password_command)");
    }
  }
  // The OAuth2 client secret (issue 5) is kept as the password is.
  for (const auto& account : config.accounts) {
    if (!account.oauth2_client_secret) continue;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || (st.st_mode & 077) != 0) {
      const std::string prefix = account.name == "default" ? "caldav" : "account " + account.name;
      throw ConfigError(where_is(text, file.string(), prefix + ".oauth2_client_secret") +
                        ": 'oauth2_client_secret' in " + account.section() +
                        " is refused because others can read this file; run chmod 600 " + file.string() +
                        " (or use oauth2_client_secret_command)");
    }
  }
  return config;
}

}  // namespace followup::cli
