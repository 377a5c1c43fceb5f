#include <boost/program_options.hpp>

#include <chrono>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/config.hpp"
#include "cli/plan_output.hpp"
#include "ical/errors.hpp"
#include "sync/calendar_input.hpp"

namespace followup::cli {
namespace po = boost::program_options;

namespace {

po::options_description plan_options() {
  po::options_description o("Options");
  o.add_options()
      ("config", po::value<std::string>(), "configuration file (default: $XDG_CONFIG_HOME/followup/config.ini)")
      ("now", po::value<std::string>(), "the time to plan from, ISO 8601 with an offset or Z (default: the clock)")
      ("timezone", po::value<std::string>(), "the user's time zone (IANA or Microsoft name); overrides [rules] timezone")
      ("me", po::value<std::vector<std::string>>()->composing(), "the user's address (repeatable); overrides [rules] me")
      ("json", "print one JSON document instead of the report")
      ("help,h", "show this help");
  return o;
}

}  // namespace

std::string plan_help() {
  std::ostringstream s;
  s << "Usage: followup plan FILE.ics... [--config F] [--now TIME] [--timezone ZONE] [--me ADDRESS] [--json]\n\n"
       "Reads interviews from the .ics files and shows every follow-up RULES.md prescribes:\n"
       "thank-you tasks, check-ins and the move-on marker, with local times. Writes nothing.\n\n"
    << plan_options();
  return s.str();
}

CommandResult run_plan(const std::vector<std::string>& args, std::ostream& out) {
  po::options_description visible = plan_options();
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("file", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  } catch (const po::error& e) {
    throw UsageError(std::string("plan: ") + e.what());
  }
  if (vm.count("help")) {
    out << plan_help();
    return {};
  }
  if (!vm.count("file")) throw UsageError("plan: no .ics file given (followup plan FILE.ics...)");

  Overrides overrides;
  if (vm.count("timezone")) overrides.timezone = vm["timezone"].as<std::string>();
  if (vm.count("me")) overrides.me = vm["me"].as<std::vector<std::string>>();
  std::optional<std::filesystem::path> config_file;
  if (vm.count("config")) config_file = vm["config"].as<std::string>();
  const Config config = load_config(config_file, overrides);

  SysSeconds now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (vm.count("now")) {
    try {
      now = ical::parse_iso_instant(vm["now"].as<std::string>());
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--now: ") + e.what());
    }
  }

  std::vector<std::filesystem::path> files;
  for (const auto& f : vm["file"].as<std::vector<std::string>>()) files.emplace_back(f);
  const auto input = sync::read_calendar_files(files, config.rules, now);
  const auto plan = rules::make_plan(input.items, config.rules, now);
  out << (vm.count("json") ? plan_json(plan, input.problems, config.rules, now)
                           : plan_report(plan, input.problems, config.rules, now));
  return CommandResult{!input.problems.empty()};
}

}  // namespace followup::cli
