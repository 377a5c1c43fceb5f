#pragma once
// The configuration file (INI, read with Boost.Program_options) and the command-line overrides,
// resolved into the rules' settings. Errors name the key and the file.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/caldav_settings.hpp"
#include "rules/settings.hpp"

namespace followup::cli {

struct Overrides {
  std::optional<std::string> timezone;  // --timezone
  std::vector<std::string> me;          // --me (replaces the file's list when given)
};

struct Config {
  std::optional<std::filesystem::path> file;  // the file read, if any
  rules::Settings rules;
  CaldavSettings caldav;  // [caldav]
};

// $XDG_CONFIG_HOME/followup/config.ini, or ~/.config/followup/config.ini when XDG_CONFIG_HOME is unset.
std::filesystem::path default_config_path();

// The system's time zone: $TZ, else /etc/timezone, else the target of /etc/localtime; else UTC.
std::string system_zone_name();

// Reads `explicit_file` (which must exist) or the default file (which may be missing), then applies
// the overrides. Throws ConfigError naming the key and the file; a `password` in [caldav] is refused
// unless the file is readable by its owner alone.
Config load_config(const std::optional<std::filesystem::path>& explicit_file, const Overrides& overrides);

// Reads configuration text (for tests); `name` stands for the file in messages and relative paths
// (holidays_file, templates) are taken from `base_dir`.
Config parse_config(const std::string& text, const std::string& name, const std::filesystem::path& base_dir,
                    const Overrides& overrides);

}  // namespace followup::cli
