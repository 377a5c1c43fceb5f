#include "cli/account_runs.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>
#include <typeinfo>

#include "cli/exit_codes.hpp"
#include "cli/oauth2_account.hpp"
#include "cli/progress.hpp"
#include "cli/run_lock.hpp"
#include "cli/sync_output.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/oauth2.hpp"

namespace followup::cli {

// stderr as every account's thread sees it: one writer at a time, so that a line is never cut by
// another's, and the progress line taken off the screen before anything else goes there.
struct SharedStderr {
  SharedStderr(std::ostream& stream, bool progress_shown) : err(stream), line(stream, progress_shown) {}

  std::mutex mutex;
  std::ostream& err;
  ProgressLine line;
};

AccountOutput::AccountOutput(std::string account, bool several, std::ostream& out, std::ostream& err,
                             SharedStderr& shared)
    : account_(std::move(account)), several_(several), direct_out_(out), direct_err_(err), shared_(shared) {}

void AccountOutput::log(std::string_view line) {
  // One string, one write: the line goes out whole whatever the other threads write meanwhile.
  const std::string text = (several_ ? "account " + account_ + ": " : std::string()) + std::string(line);
  const std::lock_guard lock(shared_.mutex);
  shared_.line.erase();
  shared_.err << text << std::flush;
}

void AccountOutput::progress(std::string_view stage, std::size_t done, std::size_t total) {
  if (several_) return;  // the line counts accounts (run_accounts)
  const std::lock_guard lock(shared_.mutex);
  shared_.line.show(stage, done, total);
}

void AccountOutput::erase_progress() {
  if (several_) return;
  const std::lock_guard lock(shared_.mutex);
  shared_.line.erase();
}

namespace {

struct Failure {
  std::string account;
  std::exception_ptr error;
};

// Most serious first, in the order run_accounts documents: a bug, configuration and usage, files,
// credentials, network, a conflict, another run's lock.
int seriousness(const std::exception_ptr& error) {
  switch (report_of(error).code) {
    case exit_internal: return 0;
    case exit_usage: return 1;
    case exit_input: return 2;
    case exit_auth: return 3;
    case exit_unreachable: return 4;
    case exit_partial: return 5;
    case exit_locked: return 6;
    case exit_ok: break;
  }
  return 0;
}

std::string message_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

// The line main() writes for the error, naming the account.
std::string failure_line(const Failure& failure) {
  return "account '" + failure.account + "': " + report_of(failure.error).line;
}

// Throws the failure's error again with the account in its message. Only the classes main() tells apart
// are copied, and only when the error is exactly one of them: any other (a subclass main() may treat on
// its own) is thrown as it is.
template <typename E>
void rethrow_as_if(const std::exception& e, const std::string& account) {
  if (typeid(e) == typeid(E)) throw E("account '" + account + "': " + e.what());
}

[[noreturn]] void rethrow_naming_account(const Failure& failure) {
  try {
    std::rethrow_exception(failure.error);
  } catch (const std::exception& e) {
    rethrow_as_if<sync::AuthError>(e, failure.account);
    rethrow_as_if<Transient>(e, failure.account);
    rethrow_as_if<ConfigError>(e, failure.account);
    rethrow_as_if<UsageError>(e, failure.account);
    rethrow_as_if<BadInput>(e, failure.account);
    rethrow_as_if<IoError>(e, failure.account);
    rethrow_as_if<Conflict>(e, failure.account);
    throw;
  }
}

// Accounts that must not run at the same time: those that share a login on the same server take the
// same run lock (run_lock.hpp) and the same state files, so they run one after the other, in the
// configured order, in one thread. Chains in the order of their first account.
std::vector<std::vector<std::size_t>> chains_of(const std::vector<CaldavSettings>& accounts) {
  std::vector<std::vector<std::size_t>> chains;
  std::vector<std::string> identities;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const std::string identity = account_lock_identity(accounts[i]);
    const auto found = std::find(identities.begin(), identities.end(), identity);
    if (found != identities.end()) {
      chains[static_cast<std::size_t>(found - identities.begin())].push_back(i);
    } else {
      identities.push_back(identity);
      chains.push_back({i});
    }
  }
  return chains;
}

// One account's run among several: what it printed (kept until its turn), and how it ended.
struct Slot {
  std::optional<AccountOutput> output;
  std::optional<AccountRun> run;
  std::exception_ptr error;
  bool done = false;  // guarded by Board::mutex
};

// What the accounts' threads and the printing thread share.
struct Board {
  std::mutex mutex;
  std::condition_variable finished;  // an account is done
  std::size_t next_chain = 0;
  std::size_t done = 0;
};

}  // namespace

CommandResult run_accounts(const std::vector<CaldavSettings>& accounts, bool json, std::ostream& out,
                           std::ostream& err, const AccountTask& run_once, bool progress, std::size_t at_once) {
  // An OAuth2 access token can be revoked before it expires (CALDAV-NOTES §5.3): a 401 with one from the
  // cache gets one new token and one more try. Refused again, it is final; a refused refresh token and a
  // 403 are not about the access token. Per account: each has its own token file (oauth2_account.hpp).
  const auto run = [&run_once](const CaldavSettings& account, AccountOutput& output) -> AccountRun {
    try {
      return run_once(account, output);
    } catch (const sync::OAuth2GrantRefused&) {
      throw;
    } catch (const sync::AccessDenied&) {
      throw;
    } catch (const sync::AuthError&) {
      if (!account.oauth2_client_id || !forget_oauth2_access_token(account)) throw;
    }
    return run_once(account, output);
  };
  SharedStderr shared(err, progress);
  if (accounts.size() == 1) {
    AccountOutput output(accounts.front().name, false, out, err, shared);
    AccountRun one = run(accounts.front(), output);
    if (json) {
      one.json["account"] = accounts.front().name;
      out << json_text(one.json);
    }
    return one.result;
  }

  // Several: each chain of accounts (chains_of) in a thread of its own, at most `at_once` at a time.
  // libcurl's global initialisation is done once (std::call_once) by the first client of any thread,
  // before that thread's first handle (sync/http_curl_handles.cpp); this libcurl is thread-safe there.
  const std::vector<std::vector<std::size_t>> chains = chains_of(accounts);
  std::vector<Slot> slots(accounts.size());
  for (std::size_t i = 0; i < accounts.size(); ++i) slots[i].output.emplace(accounts[i].name, true, out, err, shared);
  Board board;
  const auto work = [&] {
    for (;;) {
      std::size_t chain = 0;
      {
        const std::lock_guard lock(board.mutex);
        if (board.next_chain == chains.size()) return;
        chain = board.next_chain++;
      }
      for (const std::size_t i : chains[chain]) {
        Slot& slot = slots[i];
        try {
          slot.run = run(accounts[i], *slot.output);
        } catch (...) {
          slot.error = std::current_exception();
        }
        {
          const std::lock_guard lock(board.mutex);
          slot.done = true;
          ++board.done;
        }
        board.finished.notify_all();
      }
    }
  };

  CommandResult result;
  std::vector<Failure> failures;
  nlohmann::ordered_json documents = nlohmann::ordered_json::array();
  {
    std::vector<std::jthread> threads;
    const std::size_t count = std::min(std::max<std::size_t>(at_once, 1), chains.size());
    for (std::size_t t = 0; t < count; ++t) threads.emplace_back(work);

    // Each account's text in the configured order, as soon as it and those before it are done; meanwhile
    // the progress line says how many are done (refreshed now and then: it shows after a second).
    for (std::size_t i = 0; i < accounts.size(); ++i) {
      for (;;) {
        std::unique_lock lock(board.mutex);
        board.finished.wait_for(lock, std::chrono::milliseconds(250), [&] { return slots[i].done; });
        const bool ready = slots[i].done;
        const std::size_t done = board.done;
        lock.unlock();
        if (ready) break;
        const std::lock_guard screen(shared.mutex);
        shared.line.show("accounts done", done, accounts.size());
      }
      Slot& slot = slots[i];
      {
        const std::lock_guard screen(shared.mutex);
        shared.line.erase();
        // Its summary, then its problems, as a run of this account alone prints them.
        out << slot.output->kept_out() << std::flush;
        err << slot.output->kept_err() << std::flush;
      }
      if (slot.error) {
        failures.push_back({accounts[i].name, slot.error});
        if (json) documents.push_back({{"account", accounts[i].name}, {"error", message_of(slot.error)}});
      } else {
        result.partial = result.partial || slot.run->result.partial;
        if (json) {
          nlohmann::ordered_json document{{"account", accounts[i].name}};
          document.update(slot.run->json);
          documents.push_back(std::move(document));
        }
      }
    }
  }
  if (json) out << json_text(nlohmann::ordered_json{{"accounts", std::move(documents)}});
  if (failures.empty()) return result;

  const Failure* worst = &failures.front();
  for (const auto& failure : failures)
    if (seriousness(failure.error) < seriousness(worst->error)) worst = &failure;
  // Items that failed (4) come before a conflict (also 4) and another run's lock (7).
  if (result.partial && seriousness(worst->error) >= 5) worst = nullptr;
  for (const auto& failure : failures)
    if (&failure != worst) err << "followup: " << failure_line(failure) << "\n";
  out.flush();
  err.flush();
  if (!worst) return result;
  rethrow_naming_account(*worst);
}

}  // namespace followup::cli
