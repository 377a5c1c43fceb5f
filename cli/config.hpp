#pragma once
// The configuration file (INI, read with Boost.Program_options) and the command-line overrides,
// resolved into the rules' settings. Errors name the key and the file.
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/caldav_settings.hpp"
#include "rules/settings.hpp"

namespace followup::cli {

struct Overrides {
  std::optional<std::string> timezone;  // --timezone
  std::vector<std::string> me;          // --me (replaces the file's list when given)
};

// What [rules] gave that rules::Settings keeps no trace of, for `followup config check`.
struct RulesSources {
  std::vector<std::chrono::weekday> workdays;       // as resolved (default mon..fri)
  std::set<Date> holidays;                          // the dates of `holidays` (not those of the files)
  std::map<std::filesystem::path, std::size_t> holidays_files;  // each file read, with its number of days
  std::map<std::string, std::filesystem::path> template_files;  // "thank_you_template" -> the file read
};

struct Config {
  std::optional<std::filesystem::path> file;  // the file read, if any
  rules::Settings rules;
  RulesSources rules_sources;
  // The CalDAV accounts: [caldav] as "default" first (when the file has it), then each [account NAME]
  // in the order of the file.
  std::vector<CaldavSettings> accounts;
};

// The accounts a command works on: the one named by --account (`name`), or all of them. Throws
// UsageError for an unknown name (listing the known ones), ConfigError when the file has none.
std::vector<CaldavSettings> chosen_accounts(const Config& config, const std::optional<std::string>& name);

// $XDG_CONFIG_HOME/followup/config.ini, or ~/.config/followup/config.ini when XDG_CONFIG_HOME is unset.
std::filesystem::path default_config_path();

// The system's time zone: $TZ, else /etc/timezone, else the target of /etc/localtime; else UTC.
std::string system_zone_name();

// Reads `explicit_file` (which must exist) or the default file (which may be missing), then applies
// the overrides. Throws ConfigError naming the key and the file; a `password` in [caldav] or in an
// [account NAME] is refused unless the file is readable by its owner alone.
Config load_config(const std::optional<std::filesystem::path>& explicit_file, const Overrides& overrides);

// Reads configuration text (for tests); `name` stands for the file in messages and relative paths
// (holidays_file, templates) are taken from `base_dir`.
Config parse_config(const std::string& text, const std::string& name, const std::filesystem::path& base_dir,
                    const Overrides& overrides);

}  // namespace followup::cli
