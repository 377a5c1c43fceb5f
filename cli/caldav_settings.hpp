#pragma once
// The [caldav] section of the configuration (issue 4): where the server is, how to log in, which
// calendars to read and where follow-ups go. Secrets from commands are fetched only when a command
// needs them (caldav_http_options), never while reading the file. No libcurl here.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "sync/http_client.hpp"

namespace followup::cli {

struct CaldavSettings {
  enum class TasksAs { Vtodo, Vevent, Both };
  // How username and password are sent (CALDAV-NOTES §5.1, §5.2). Auto: Basic with the first request,
  // Digest from the first 401 that offers Digest and not Basic on (sync::HttpOptions::Auth::BasicThenDigest).
  enum class Auth { Auto, Basic, Digest };

  std::string source;  // the file the section came from, for messages
  std::string url;
  std::string username;
  std::optional<std::string> password;  // from the file (only when no one else can read it)
  std::optional<std::string> password_command;
  std::optional<std::string> bearer_token_command;
  Auth auth = Auth::Auto;  // [caldav] auth
  std::vector<std::string> calendars;  // names or URLs; empty: every VEVENT calendar
  std::string followups_calendar;      // "": the calendar the interview is in
  std::string tasks_calendar;          // "": the first writable VTODO calendar
  TasksAs tasks_as = TasksAs::Vtodo;
  std::string ca_file;
  bool insecure = false;
  std::optional<std::chrono::seconds> timeout;
};

// Runs `command` with /bin/sh -c and returns the first line of its standard output. A command that
// exits non-zero or prints nothing throws ConfigError naming `key` and `source` (never the output).
std::string run_secret_command(const std::string& key, const std::string& command, const std::string& source);

// The HTTP options for the settings: credentials (running password_command or bearer_token_command) and
// their scheme (`auth`), TLS and timeouts; for an iCloud URL, the credential domain icloud.com. Throws
// ConfigError when `url` is not set or a secret command fails.
sync::HttpOptions caldav_http_options(const CaldavSettings& settings);

}  // namespace followup::cli
