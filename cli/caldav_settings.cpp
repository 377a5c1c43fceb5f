#include "cli/caldav_settings.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "cli/oauth2_account.hpp"
#include "ical/errors.hpp"
#include "rules/ascii_text.hpp"

namespace followup::cli {

std::string url_for_display(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto authority = scheme_end + 3;
  const auto authority_end = std::min(url.find_first_of("/?#", authority), url.size());
  const auto at = url.rfind('@', authority_end - 1);
  if (at == std::string::npos || at < authority) return url;
  const auto colon = url.find(':', authority);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "********" + url.substr(at);
}

std::string CaldavSettings::section() const { return name == "default" ? "[caldav]" : "[account " + name + "]"; }

std::string run_secret_command(const std::string& key, const std::string& command, const std::string& source,
                               const std::string& section) {
  const std::string what = source + ": '" + key + "' in " + section;
  std::fflush(nullptr);
  FILE* pipe = ::popen(command.c_str(), "r");  // popen runs /bin/sh -c
  if (!pipe) throw ConfigError(what + ": the command could not be started");
  std::string output;
  std::array<char, 4096> buf;
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;) output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  if (status == -1) throw ConfigError(what + ": the command could not be run");
  if (WIFSIGNALED(status))
    throw ConfigError(what + ": the command was killed by signal " + std::to_string(WTERMSIG(status)));
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    throw ConfigError(what + ": the command failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")");
  std::string line = output.substr(0, output.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) throw ConfigError(what + ": the command printed nothing");
  return line;
}

std::string password_from_environment(const std::string& variable, const std::string& source,
                                      const std::string& section) {
  // Read when the password is needed, not with the file: `followup plan` and `config check` run fine in a
  // shell that lacks it, and cron's environment is the one that counts.
  const char* value = std::getenv(variable.c_str());
  if (!value || !*value)
    throw ConfigError(source + ": 'password_env' in " + section + ": the environment variable " + variable + " is " +
                      (value ? "empty" : "not set"));
  return value;
}

namespace {

sync::HttpOptions::Auth scheme_for(CaldavSettings::Auth auth) {
  switch (auth) {
    case CaldavSettings::Auth::Basic:
      return sync::HttpOptions::Auth::Basic;
    case CaldavSettings::Auth::Digest:
      return sync::HttpOptions::Auth::Digest;
    case CaldavSettings::Auth::Auto:
      break;
  }
  return sync::HttpOptions::Auth::BasicThenDigest;
}

// "icloud.com" for an https URL on an iCloud host: discovery at caldav.icloud.com leads to calendars on
// partition hosts (p42-caldav.icloud.com) that need the same credentials (CALDAV-NOTES §4.2, §5.4).
// Empty otherwise: credentials then stay with the URL's own origin.
std::string credential_domain_for(const std::string& url) {
  const std::string kDomain = "icloud.com";
  const std::string lower = rules::lower_ascii(url);
  if (!lower.starts_with("https://")) return {};
  const std::size_t start = std::string_view("https://").size();
  const std::string host = lower.substr(start, lower.find_first_of("/:?#@", start) - start);
  if (lower.find('@') != std::string::npos) return {};  // user info in the URL: keep to the strict rule
  return host == kDomain || host.ends_with("." + kDomain) ? kDomain : std::string();
}

}  // namespace

sync::HttpOptions caldav_http_options(const CaldavSettings& settings) {
  if (settings.url.empty()) throw ConfigError(settings.source + ": 'url' is not set in " + settings.section());
  sync::HttpOptions options;
  if (settings.oauth2_client_id) {
    options.auth = sync::HttpOptions::Auth::Bearer;
    options.bearer_token = oauth2_access_token(settings);
  } else if (settings.bearer_token_command) {
    options.auth = sync::HttpOptions::Auth::Bearer;
    options.bearer_token =
        run_secret_command("bearer_token_command", *settings.bearer_token_command, settings.source, settings.section());
  } else if (!settings.username.empty()) {
    options.auth = scheme_for(settings.auth);
    options.username = settings.username;
    if (settings.password_command)
      options.password =
          run_secret_command("password_command", *settings.password_command, settings.source, settings.section());
    else if (settings.password_env)
      options.password = password_from_environment(*settings.password_env, settings.source, settings.section());
    else if (settings.password)
      options.password = *settings.password;
  }
  options.credential_domain = credential_domain_for(settings.url);
  options.credential_origin = settings.url;
  options.ca_file = settings.ca_file;
  options.insecure = settings.insecure;
  options.parallel_requests = settings.parallel_requests;
  if (settings.timeout) {
    options.total_timeout = *settings.timeout;
    options.connect_timeout = std::min<std::chrono::milliseconds>(options.connect_timeout, *settings.timeout);
    // A server that builds a big answer before sending a byte (Radicale on a 20,000-event calendar: tens
    // of seconds) is slow, not stalled: the stall limit follows the timeout the user chose.
    options.low_speed_time = std::chrono::duration_cast<std::chrono::seconds>(*settings.timeout);
  }
  return options;
}

}  // namespace followup::cli
