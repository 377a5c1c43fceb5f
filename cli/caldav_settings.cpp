#include "cli/caldav_settings.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "ical/errors.hpp"

namespace followup::cli {

std::string run_secret_command(const std::string& key, const std::string& command, const std::string& source) {
  const std::string what = source + ": '" + key + "' in [caldav]";
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

sync::HttpOptions caldav_http_options(const CaldavSettings& settings) {
  if (settings.url.empty()) throw ConfigError(settings.source + ": 'url' is not set in [caldav]");
  sync::HttpOptions options;
  if (settings.bearer_token_command) {
    options.auth = sync::HttpOptions::Auth::Bearer;
    options.bearer_token = run_secret_command("bearer_token_command", *settings.bearer_token_command, settings.source);
  } else if (!settings.username.empty()) {
    options.auth = sync::HttpOptions::Auth::Basic;
    options.username = settings.username;
    if (settings.password_command)
      options.password = run_secret_command("password_command", *settings.password_command, settings.source);
    else if (settings.password)
      options.password = *settings.password;
  }
  options.ca_file = settings.ca_file;
  options.insecure = settings.insecure;
  if (settings.timeout) {
    options.total_timeout = *settings.timeout;
    options.connect_timeout = std::min<std::chrono::milliseconds>(options.connect_timeout, *settings.timeout);
  }
  return options;
}

}  // namespace followup::cli
