#include "cli/command_line.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "ical/errors.hpp"
#include "ical/zone.hpp"

namespace followup::cli {
namespace po = boost::program_options;

po::options_description common_options() {
  po::options_description o("Options");
  o.add_options()
      ("config", po::value<std::string>(), "configuration file (default: $XDG_CONFIG_HOME/followup/config.ini)")
      ("now", po::value<std::string>(), "the time to plan from, ISO 8601 with an offset or Z (default: the clock)")
      ("timezone", po::value<std::string>(), "your time zone (IANA or Microsoft name); overrides [rules] timezone")
      ("me", po::value<std::vector<std::string>>()->composing(), "your address (repeatable); overrides [rules] me")
      ("json", "print one JSON document")
      ("quiet,q", "print only errors (on stderr)")
      ("verbose,v", "say more: -v the summary even when nothing changed, and each calendar; -vv also each HTTP request, on stderr")
      ("help,h", "show this help");
  return o;
}

po::options_description caldav_options() {
  po::options_description o = common_options();
  o.add_options()
      ("account", po::value<std::string>(), "the CalDAV account: 'default' ([caldav]) or NAME ([account NAME]); default: all");
  return o;
}

std::string command_help(std::string_view usage_and_description, const po::options_description& options) {
  std::ostringstream s;
  s << usage_and_description << options;
  return s.str();
}

po::variables_map parse_command_line(const std::string& command, const std::vector<std::string>& args,
                                     const po::options_description& visible) {
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("file", -1);
  po::variables_map vm;
  try {
    po::parsed_options parsed = po::command_line_parser(args).options(all).positional(positional).run();
    // -v counts (-vv, -v -v): kept once for store(), which refuses a switch given twice, and counted.
    const auto is_verbose = [](const po::option& o) { return o.string_key == "verbose"; };
    const auto verbose = std::count_if(parsed.options.begin(), parsed.options.end(), is_verbose);
    if (verbose > 1) {
      const auto first = std::find_if(parsed.options.begin(), parsed.options.end(), is_verbose);
      parsed.options.erase(std::remove_if(std::next(first), parsed.options.end(), is_verbose), parsed.options.end());
    }
    po::store(parsed, vm);
    vm.emplace("verbosity", po::variable_value(static_cast<int>(verbose), false));
  } catch (const po::error& e) {
    throw UsageError(command + ": " + e.what());
  }
  return vm;
}

Verbosity verbosity_from(const po::variables_map& vm) {
  const int verbose = vm.count("verbosity") ? vm["verbosity"].as<int>() : 0;
  if (vm.count("quiet") && verbose > 0) throw UsageError("give -q (--quiet) or -v (--verbose), not both");
  if (vm.count("quiet")) return Verbosity::Quiet;
  if (verbose == 0) return Verbosity::Normal;
  return verbose == 1 ? Verbosity::Verbose : Verbosity::Requests;
}

Config config_from(const po::variables_map& vm) {
  Overrides overrides;
  if (vm.count("timezone")) overrides.timezone = vm["timezone"].as<std::string>();
  if (vm.count("me")) overrides.me = vm["me"].as<std::vector<std::string>>();
  std::optional<std::filesystem::path> file;
  if (vm.count("config")) file = vm["config"].as<std::string>();
  return load_config(file, overrides);
}

SysSeconds now_from(const po::variables_map& vm) {
  if (!vm.count("now")) return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  try {
    return ical::parse_iso_instant(vm["now"].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--now: ") + e.what());
  }
}

std::vector<std::filesystem::path> input_files(const std::string& command, const po::variables_map& vm) {
  if (!vm.count("file")) throw UsageError(command + ": no .ics file given (followup " + command + " FILE.ics...)");
  std::vector<std::filesystem::path> files;
  for (const auto& f : vm["file"].as<std::vector<std::string>>()) files.emplace_back(f);
  return files;
}

}  // namespace followup::cli
