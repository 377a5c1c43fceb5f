#pragma once
// A command over the CalDAV accounts of the configuration (issue 5): `sync` and `calendars` run each
// account on its own, so that one whose server refuses or cannot be reached does not stop the others,
// and the run ends with the most serious outcome of them all.
#include <nlohmann/json.hpp>

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/caldav_settings.hpp"
#include "cli/commands.hpp"

namespace followup::cli {

// What one account's run gives back: its result and, with --json, its document (printed by
// run_accounts, so that several accounts make one document).
struct AccountRun {
  CommandResult result;
  nlohmann::ordered_json json;  // null without --json
};

// Runs `run(account, several)` for each account in turn; `several` tells the account's text to name it.
// - One account: what it throws passes through as it is, and its document is printed with "account".
// - Several: an account that throws is written down and the next one runs. With --json the documents
//   are printed as one, {"accounts": [{"account": NAME, ...} | {"account": NAME, "error": ...}]}.
//   Then the error of the most serious failure is thrown again, its message naming its account, for
//   main() to report and map to its exit code; the other failures are written on `err` first, one line
//   each, naming their account. Most serious first: not one of ours (a bug, exit code 1), configuration
//   and usage (2), files (3), credentials (5), network (6), items that failed (4: nothing is thrown, the
//   result is partial), a conflict (4), any other error of ours, such as another run holding the lock.
// The result is partial when any account's is.
CommandResult run_accounts(const std::vector<CaldavSettings>& accounts, bool json, std::ostream& out,
                           std::ostream& err, const std::function<AccountRun(const CaldavSettings&, bool several)>& run);

}  // namespace followup::cli
