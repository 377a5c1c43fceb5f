#pragma once
// One CalDAV account of the configuration: [caldav] (the account "default", issue 4) or an
// [account NAME] section (issue 5): where the server is, how to log in, which calendars to read and
// where follow-ups go. Secrets from commands and the environment are fetched only when a command needs
// them (caldav_http_options), never while reading the file. No libcurl here.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sync/http_client.hpp"
#include "sync/oauth2.hpp"

namespace followup::cli {

struct CaldavSettings {
  enum class TasksAs { Vtodo, Vevent, Both };
  // How username and password are sent (CALDAV-NOTES §5.1, §5.2). Auto: Basic with the first request,
  // Digest from the first 401 that offers Digest and not Basic on (sync::HttpOptions::Auth::BasicThenDigest).
  enum class Auth { Auto, Basic, Digest };

  std::string name = "default";  // the account: "default" for [caldav], NAME for [account NAME]
  std::string source;  // the file the section came from, for messages
  std::string url;
  std::string username;
  std::optional<std::string> password;  // from the file (only when no one else can read it)
  std::optional<std::string> password_env;  // the name of the environment variable holding the password
  std::optional<std::string> password_command;
  std::optional<std::string> bearer_token_command;
  // OAuth2 (Google, issue 5; CALDAV-NOTES §5.3): with a client id, the bearer token comes from the
  // account's token cache, which `followup google-auth` fills and which is refreshed when it expires.
  std::optional<std::string> oauth2_client_id;
  std::optional<std::string> oauth2_client_secret;  // from the file (only when no one else can read it)
  std::optional<std::string> oauth2_client_secret_command;
  std::string oauth2_token_url{sync::google_token_url};
  std::string oauth2_auth_url{sync::google_auth_url};
  Auth auth = Auth::Auto;  // [caldav] auth
  std::vector<std::string> calendars;  // names or URLs; empty: every VEVENT calendar
  std::string followups_calendar;      // "": the calendar the interview is in
  std::string tasks_calendar;          // "": the first writable VTODO calendar
  TasksAs tasks_as = TasksAs::Vtodo;
  std::string ca_file;
  bool insecure = false;
  std::optional<std::chrono::seconds> timeout;
  std::size_t parallel_requests = 4;  // requests in flight at once when writing (issue #7); 1: one at a time

  // "[caldav]" or "[account NAME]": the section as the user wrote it, for messages.
  std::string section() const;
};

// `url` as it may be shown: a password in its user info ("https://me:pw@host/") is masked.
std::string url_for_display(const std::string& url);

// Runs `command` with /bin/sh -c and returns the first line of its standard output. A command that
// exits non-zero or prints nothing throws ConfigError naming `key`, `source` and `section` (never the
// output).
std::string run_secret_command(const std::string& key, const std::string& command, const std::string& source,
                               const std::string& section = "[caldav]");

// The password held by the environment variable `variable` (password_env). Unset or empty throws
// ConfigError naming the key, the variable, `source` and `section` (a value is never quoted).
std::string password_from_environment(const std::string& variable, const std::string& source,
                                      const std::string& section = "[caldav]");

// The HTTP options for the settings: credentials (from password_env, or running password_command or
// bearer_token_command) and their scheme (`auth`), TLS and timeouts; for an iCloud URL, the credential
// domain icloud.com. Throws ConfigError when `url` is not set, a secret command fails or password_env's
// variable is unset or empty. With oauth2_client_id, the bearer token is the account's OAuth2 access
// token (cli/oauth2_account.hpp: refreshed when due; AuthError when the refresh token was revoked).
sync::HttpOptions caldav_http_options(const CaldavSettings& settings);

}  // namespace followup::cli
