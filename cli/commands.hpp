#pragma once
// The subcommands. Each reads its own arguments, writes to `out`, and throws followup::Error subclasses
// on failure; main() alone turns those into exit codes.
#include <iosfwd>
#include <string>
#include <vector>

namespace followup::cli {

struct CommandResult {
  bool partial = false;  // done, but some input was skipped or some items failed (exit code 4)
};

CommandResult run_plan(const std::vector<std::string>& args, std::ostream& out);
CommandResult run_import(const std::vector<std::string>& args, std::ostream& out);
CommandResult run_calendars(const std::vector<std::string>& args, std::ostream& out);
CommandResult run_sync(const std::vector<std::string>& args, std::ostream& out);
CommandResult run_config(const std::vector<std::string>& args, std::ostream& out);  // `config check`
CommandResult run_google_auth(const std::vector<std::string>& args, std::ostream& out);  // reads stdin
CommandResult run_status(const std::vector<std::string>& args, std::ostream& out);
CommandResult run_outcome(const std::vector<std::string>& args, std::ostream& out);

std::string plan_help();
std::string import_help();
std::string calendars_help();
std::string sync_help();
std::string config_help();
std::string google_auth_help();
std::string status_help();
std::string outcome_help();

}  // namespace followup::cli
