#include <algorithm>
#include <iostream>
#include <sstream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/plan_output.hpp"
#include "sync/calendar_input.hpp"

namespace followup::cli {

std::string plan_help() {
  return command_help("Usage: followup plan FILE.ics... [--config F] [--now TIME] [--timezone ZONE] [--me ADDRESS] [--json]\n\n"
       "Reads interviews from the .ics files and shows every follow-up RULES.md prescribes:\n"
       "thank-you tasks, check-ins and the move-on marker, with local times. Writes nothing.\n\n",
                      common_options());
}

CommandResult run_plan(const std::vector<std::string>& args, std::ostream& out) {
  const auto vm = parse_command_line("plan", args, common_options());
  if (vm.count("help")) {
    out << plan_help();
    return {};
  }
  const auto files = input_files("plan", vm);
  const Config config = config_from(vm);
  const SysSeconds now = now_from(vm);
  const auto input = sync::read_calendar_files(files, config.rules, now);
  const auto plan = rules::make_plan(input.items, config.rules, now);
  out << (vm.count("json") ? plan_json(plan, input.problems, config.rules, now)
                           : plan_report(plan, input.problems, config.rules, now));
  const bool warned = std::any_of(plan.interviews.begin(), plan.interviews.end(),
                                  [](const auto& p) { return !p.interview.warnings.empty(); });
  return CommandResult{!input.problems.empty() || warned};
}

}  // namespace followup::cli
