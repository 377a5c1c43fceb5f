#include "cli/account_runs.hpp"

#include <exception>
#include <ostream>
#include <typeinfo>

#include "cli/sync_output.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_errors.hpp"

namespace followup::cli {
namespace {

struct Failure {
  std::string account;
  std::exception_ptr error;
};

// Most serious first, in the order run_accounts documents: 0 a bug, 1 configuration and usage, 2 files,
// 3 credentials, 4 network, 5 a conflict, 6 any other error of ours (a held lock).
int seriousness(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const ConfigError&) {
    return 1;
  } catch (const UsageError&) {
    return 1;
  } catch (const BadInput&) {
    return 2;
  } catch (const IoError&) {
    return 2;
  } catch (const sync::AuthError&) {
    return 3;
  } catch (const Transient&) {
    return 4;
  } catch (const Conflict&) {
    return 5;
  } catch (const Error&) {
    return 6;
  } catch (...) {
    return 0;
  }
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

// The line main() would write for the error (its wording), naming the account.
std::string failure_line(const Failure& failure) {
  const std::string account = "account '" + failure.account + "': ";
  try {
    std::rethrow_exception(failure.error);
  } catch (const sync::AuthError& e) {
    return account + "the server refused the credentials: " + e.what();
  } catch (const Transient& e) {
    return account + "server unreachable: " + e.what();
  } catch (const Conflict& e) {
    return account + e.what() + " (nothing was written; run again)";
  } catch (const Error& e) {
    return account + e.what();
  } catch (const std::exception& e) {
    return account + "internal error: " + e.what();
  } catch (...) {
    return account + "internal error";
  }
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

}  // namespace

CommandResult run_accounts(const std::vector<CaldavSettings>& accounts, bool json, std::ostream& out,
                           std::ostream& err, const std::function<AccountRun(const CaldavSettings&, bool several)>& run) {
  if (accounts.size() == 1) {
    AccountRun one = run(accounts.front(), false);
    if (json) {
      one.json["account"] = accounts.front().name;
      out << json_text(one.json);
    }
    return one.result;
  }
  CommandResult result;
  std::vector<Failure> failures;
  nlohmann::ordered_json documents = nlohmann::ordered_json::array();
  for (const auto& account : accounts) {
    try {
      AccountRun one = run(account, true);
      result.partial = result.partial || one.result.partial;
      if (json) {
        nlohmann::ordered_json document{{"account", account.name}};
        document.update(one.json);
        documents.push_back(std::move(document));
      }
    } catch (...) {
      failures.push_back({account.name, std::current_exception()});
      if (json) documents.push_back({{"account", account.name}, {"error", message_of(failures.back().error)}});
    }
    out.flush();
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
