#pragma once
// The exit codes of `followup` (documented in --help and followup(1)) and the one line each error is
// reported with: one mapping, used by main() and by the loop over accounts (account_runs.hpp), which
// reports the accounts that failed besides the one main() gets.
#include <exception>
#include <string>

namespace followup::cli {

enum ExitCode : int {
  exit_ok = 0,
  exit_internal = 1,     // a bug or an unexpected failure
  exit_usage = 2,        // bad command line or configuration
  exit_input = 3,        // an input or output file could not be read or written
  exit_partial = 4,      // done, but some input was skipped or some items failed
  exit_auth = 5,         // the CalDAV server refused the credentials
  exit_unreachable = 6,  // the CalDAV server could not be reached or talked to
  exit_locked = 7,       // another run is working on the same account or output (run_lock.hpp)
};

struct ErrorReport {
  ExitCode code = exit_internal;
  std::string line;  // what follows "followup: " on stderr
};

// The exit code and the line for an error a command threw.
ErrorReport report_of(const std::exception_ptr& error);

}  // namespace followup::cli
