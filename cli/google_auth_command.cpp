// `followup google-auth`: the one step of Google's OAuth2 a person must do (issue 5; CALDAV-NOTES §5.3:
// cron cannot give consent). Prints the authorization URL, takes the code back from the browser's
// redirect to 127.0.0.1 or from a paste, exchanges it for tokens and keeps them in the account's token
// cache; from then on every run refreshes the access token by itself.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/oauth2_account.hpp"
#include "cli/oauth2_loopback.hpp"
#include "ical/errors.hpp"
#include "sync/oauth2_pkce.hpp"
#include "sync/oauth2_token_cache.hpp"

namespace followup::cli {
namespace po = boost::program_options;

namespace {

// Long enough to find the password and click through Google's screens on another machine.
constexpr std::chrono::minutes kWaitForConsent{15};

po::options_description google_auth_options() {
  po::options_description o("Options");
  o.add_options()
      ("config", po::value<std::string>(), "configuration file (default: $XDG_CONFIG_HOME/followup/config.ini)")
      ("account", po::value<std::string>(), "the account to authorize: 'default' ([caldav]) or NAME ([account NAME]); "
                                            "default: the one with oauth2_client_id")
      ("port", po::value<int>(), "the port on 127.0.0.1 that Google sends the browser back to (default: a free one)")
      ("help,h", "show this help");
  return o;
}

// The account to authorize: the one named, or the only one with oauth2_client_id.
CaldavSettings account_to_authorize(const Config& config, const po::variables_map& vm) {
  std::optional<std::string> name;
  if (vm.count("account")) name = vm["account"].as<std::string>();
  const std::vector<CaldavSettings> accounts = chosen_accounts(config, name);
  std::vector<CaldavSettings> oauth2;
  for (const auto& account : accounts)
    if (account.oauth2_client_id) oauth2.push_back(account);
  if (oauth2.size() == 1) return oauth2.front();
  if (name) throw ConfigError(accounts.front().source + ": " + accounts.front().section() + " has no oauth2_client_id");
  if (oauth2.empty())
    throw ConfigError(accounts.front().source + ": no account has oauth2_client_id (see 'followup google-auth --help')");
  std::string names;
  for (const auto& account : oauth2) names += (names.empty() ? "" : ", ") + account.name;
  throw UsageError("google-auth: several accounts use OAuth2 (" + names + "): pick one with --account NAME");
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || !*name) return "THIS-HOST";
  return name;
}

}  // namespace

std::string google_auth_help() {
  return command_help(
      "Usage: followup google-auth [--config F] [--account NAME] [--port PORT]\n\n"
      "Authorizes followup to use your Google calendars, once: after it, 'followup sync' runs unattended and\n"
      "renews its access by itself. Needs oauth2_client_id and oauth2_client_secret (or\n"
      "oauth2_client_secret_command) in the account: a Google Cloud project with the CalDAV API enabled and an\n"
      "OAuth client of type 'Desktop app'.\n\n"
      "It prints an address to open in a browser, where you sign in and allow access; Google then sends the\n"
      "browser to http://127.0.0.1:PORT/, where this command is listening. On a machine without a browser:\n"
      "  - forward the port from the machine with the browser:  ssh -L PORT:127.0.0.1:PORT THIS-HOST\n"
      "    then open the address there; or\n"
      "  - open the address anywhere, and when the browser fails to load http://127.0.0.1:PORT/?...,\n"
      "    copy that address from its address bar and paste it here (the code alone works too).\n"
      "The tokens are kept in $XDG_STATE_HOME/followup/ (~/.local/state/followup/), readable by you alone.\n"
      "Run it again when Google says the authorization was revoked or has expired.\n\n",
      google_auth_options());
}

CommandResult run_google_auth(const std::vector<std::string>& args, std::ostream& out) {
  const auto vm = parse_command_line("google-auth", args, google_auth_options());
  if (vm.count("help")) {
    out << google_auth_help();
    return {};
  }
  if (vm.count("file")) throw UsageError("google-auth: takes no file arguments");
  const Config config = config_from(vm);
  const CaldavSettings account = account_to_authorize(config, vm);
  // The secret first: a failing oauth2_client_secret_command should not waste the user's consent.
  const sync::OAuth2Client client = oauth2_client(account);
  // Standard input as it is now: once closed (<&-), fd 0 would be the next socket opened.
  const int input = ::fcntl(STDIN_FILENO, F_GETFD) == -1 ? -1 : STDIN_FILENO;
  LoopbackRedirect redirect(vm.count("port") ? vm["port"].as<int>() : 0);
  const sync::Pkce pkce = sync::make_pkce();
  const std::string state = sync::random_url_token(16);
  const std::string port = std::to_string(redirect.port());

  out << "Authorizing followup for the Google calendars of " << account.section() << ".\n\n"
      << "Open this address in a browser, sign in and allow access:\n\n  "
      << sync::authorization_url(account.oauth2_auth_url, client.client_id, redirect.redirect_uri(),
                                 sync::google_calendar_scope, state, pkce.challenge)
      << "\n\nGoogle then sends the browser to " << redirect.redirect_uri() << ", where followup is listening.\n"
      << "From another machine, forward that port first:  ssh -L " << port << ":127.0.0.1:" << port << " "
      << host_name() << "\n"
      << "Or, when the browser cannot load that page, copy its address from the address bar and paste it here.\n\n"
      << "Waiting for the browser or the pasted address...\n"
      << std::flush;
  const std::string code = redirect.wait_for_code(state, input, out, kWaitForConsent);

  sync::HttpClient http(token_endpoint_options(account));
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const sync::OAuth2Tokens tokens =
      sync::exchange_authorization_code(http, client, code, redirect.redirect_uri(), pkce.verifier, now);
  const auto file = oauth2_token_file(account);
  sync::write_token_cache(file, tokens);
  out << "\nAuthorized. The tokens of " << account.section() << " are kept in " << file.string()
      << " (readable by you alone);\n'followup sync' renews the access by itself from now on.\n";
  return {};
}

}  // namespace followup::cli
