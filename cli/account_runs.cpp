#include "cli/account_runs.hpp"

#include <exception>
#include <ostream>
#include <typeinfo>

#include "cli/exit_codes.hpp"
#include "cli/oauth2_account.hpp"
#include "cli/sync_output.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/oauth2.hpp"

namespace followup::cli {
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

}  // namespace

CommandResult run_accounts(const std::vector<CaldavSettings>& accounts, bool json, std::ostream& out,
                           std::ostream& err, const std::function<AccountRun(const CaldavSettings&, bool several)>& run_once) {
  // An OAuth2 access token can be revoked before it expires (CALDAV-NOTES §5.3): a 401 with one from the
  // cache gets one new token and one more try. Refused again, it is final; a refused refresh token and a
  // 403 are not about the access token.
  const auto run = [&run_once](const CaldavSettings& account, bool several) -> AccountRun {
    try {
      return run_once(account, several);
    } catch (const sync::OAuth2GrantRefused&) {
      throw;
    } catch (const sync::AccessDenied&) {
      throw;
    } catch (const sync::AuthError&) {
      if (!account.oauth2_client_id || !forget_oauth2_access_token(account)) throw;
    }
    return run_once(account, several);
  };
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
