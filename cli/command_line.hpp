#pragma once
// What `plan` and `import` share on the command line: the options that pick the configuration, the
// time and the user, and how they are resolved.
#include <boost/program_options.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/config.hpp"
#include "ical/time.hpp"

namespace followup::cli {

// --config, --now, --timezone, --me, --account, --json, -q, -v, --help
boost::program_options::options_description common_options();
// common_options() and --account, for the commands that work on CalDAV accounts (sync, status,
// outcome): `plan` and `import` refuse it rather than ignore it.
boost::program_options::options_description caldav_options();

// How much `sync` and `import` say. Errors always go to stderr, one line each.
enum class Verbosity {
  Quiet,     // -q: errors only
  Normal,    // cron: the summary when something changed or failed, else nothing
  Verbose,   // -v: the summary always, and what each calendar saw
  Requests,  // -vv: also each HTTP request (method, URL, status, time) on stderr
};

// A command's --help: its usage and description, then its options.
std::string command_help(std::string_view usage_and_description, const boost::program_options::options_description& options);

// Parses `args` against `visible` plus positional FILE arguments; throws UsageError naming `command`.
boost::program_options::variables_map parse_command_line(const std::string& command, const std::vector<std::string>& args,
                                                         const boost::program_options::options_description& visible);

// -q and -v (counted: -vv); both given is a UsageError.
Verbosity verbosity_from(const boost::program_options::variables_map& vm);

// The configuration named by --config (or the default), with --timezone and --me applied.
Config config_from(const boost::program_options::variables_map& vm);

// --now, or the clock.
SysSeconds now_from(const boost::program_options::variables_map& vm);

// The FILE arguments; throws UsageError when there are none.
std::vector<std::filesystem::path> input_files(const std::string& command, const boost::program_options::variables_map& vm);

}  // namespace followup::cli
