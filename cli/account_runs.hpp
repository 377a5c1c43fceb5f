#pragma once
// A command over the CalDAV accounts of the configuration (issues 5 and 7): `sync`, `calendars` and
// `status` run each account on its own, so that one whose server refuses or cannot be reached does not
// stop the others, and the run ends with the most serious outcome of them all. Several accounts run at
// the same time (issue 7: a slow server no longer makes the others wait), and what they print reads as
// if they had run one after another.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <sstream>
#include <string>
#include <string_view>
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

struct SharedStderr;  // account_runs.cpp: stderr and the progress line, shared by the accounts' threads

// Where one account's run writes; run_accounts makes it. With one account, straight to the command's
// stdout and stderr, as a single run always did. With several running at once, the account's text is
// kept and printed whole when it is done, after the text of the accounts configured before it; the -vv
// log cannot wait (it tells what is happening now) and goes out at once, one whole line at a time, naming
// the account; and the progress line counts accounts instead of showing one account's stages.
class AccountOutput {
 public:
  AccountOutput(const AccountOutput&) = delete;
  AccountOutput& operator=(const AccountOutput&) = delete;
  // Made by run_accounts: `shared` is the stderr all accounts' threads write to.
  AccountOutput(std::string account, bool several, std::ostream& out, std::ostream& err, SharedStderr& shared);
  ~AccountOutput() = default;

  bool several() const { return several_; }  // whether the account's text names it
  std::ostream& out() { return several_ ? kept_out_ : direct_out_; }  // what goes to stdout
  std::ostream& err() { return several_ ? kept_err_ : direct_err_; }  // problems, for stderr
  // `line` (ending in '\n') on stderr now, whole, "account NAME: " first when several run.
  void log(std::string_view line);
  // "reading calendars 2/4": the progress line of a lone account (nothing while several run).
  void progress(std::string_view stage, std::size_t done, std::size_t total);
  // Takes the progress line off the screen before the account's own text goes out.
  void erase_progress();
  // The text kept while several run, for run_accounts to print in its turn.
  std::string kept_out() const { return kept_out_.str(); }
  std::string kept_err() const { return kept_err_.str(); }

 private:
  std::string account_;
  bool several_;
  std::ostream& direct_out_;
  std::ostream& direct_err_;
  SharedStderr& shared_;
  std::ostringstream kept_out_;
  std::ostringstream kept_err_;
};

// How many accounts run at the same time at most: each holds its own connections (and, in the HTTP
// client, its own parallel requests), and a few at once already hide one slow server behind the others.
inline constexpr std::size_t kAccountsAtOnce = 4;

using AccountTask = std::function<AccountRun(const CaldavSettings&, AccountOutput&)>;

// Runs `run(account, output)` for each account.
// - One account: in this thread, writing straight to `out` and `err`; what it throws passes through as
//   it is, and its document is printed with "account".
// - Several: up to `at_once` at the same time, one thread each. Accounts that share a login on the same
//   server (the same run lock and state, run_lock.hpp) run one after the other, in the configured order.
//   An account that throws is written down and the others go on. Each account's text is printed when it
//   and every account before it are done, in the configured order. With --json the documents are printed
//   as one, {"accounts": [{"account": NAME, ...} | {"account": NAME, "error": ...}]}. Then the error of the
//   most serious failure is thrown again, its message naming its account, for main() to report and map
//   to its exit code; the other failures are written on `err` first, one line each, naming their account.
//   Most serious first: not one of ours (a bug, exit code 1), configuration and usage (2), files (3),
//   credentials (5), network (6), items that failed (4: nothing is thrown, the result is partial), a
//   conflict (4), any other error of ours, such as another run holding the lock.
// `progress`: a progress line on `err` is wanted (a terminal, not -q).
// The result is partial when any account's is.
CommandResult run_accounts(const std::vector<CaldavSettings>& accounts, bool json, std::ostream& out,
                           std::ostream& err, const AccountTask& run, bool progress = false,
                           std::size_t at_once = kAccountsAtOnce);

}  // namespace followup::cli
