#include "cli/oauth2_account.hpp"

#include <chrono>

#include "ical/errors.hpp"
#include "sync/oauth2_token_cache.hpp"

namespace followup::cli {

sync::OAuth2Client oauth2_client(const CaldavSettings& settings) {
  sync::OAuth2Client client;
  client.client_id = settings.oauth2_client_id.value_or("");
  client.token_url = settings.oauth2_token_url;
  if (settings.oauth2_client_secret_command)
    client.client_secret = run_secret_command("oauth2_client_secret_command", *settings.oauth2_client_secret_command,
                                              settings.source, settings.section());
  else
    client.client_secret = settings.oauth2_client_secret.value_or("");
  return client;
}

std::filesystem::path oauth2_token_file(const CaldavSettings& settings) {
  return sync::oauth2_token_file("oauth2:" + settings.name + " " + settings.oauth2_client_id.value_or(""));
}

std::string google_auth_command_for(const CaldavSettings& settings) {
  return settings.name == "default" ? "followup google-auth" : "followup google-auth --account " + settings.name;
}

sync::HttpOptions token_endpoint_options(const CaldavSettings& settings) {
  sync::HttpOptions options;
  if (settings.timeout) {
    options.total_timeout = *settings.timeout;
    options.connect_timeout = std::min<std::chrono::milliseconds>(options.connect_timeout, *settings.timeout);
  }
  return options;
}

std::string oauth2_access_token(const CaldavSettings& settings) {
  const std::filesystem::path cache = oauth2_token_file(settings);
  sync::HttpClient http(token_endpoint_options(settings));
  // The clock, not --now: --now moves the plan, and a token expires in real time.
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  try {
    if (auto token = sync::current_access_token(http, [&] { return oauth2_client(settings); }, cache, now))
      return *token;
  } catch (const sync::OAuth2GrantRefused& e) {
    throw sync::OAuth2GrantRefused(std::string(e.what()) + "; run '" + google_auth_command_for(settings) + "' to authorize again");
  }
  throw ConfigError(settings.source + ": " + settings.section() + " uses OAuth2 but has no token yet: run '" +
                    google_auth_command_for(settings) + "' once");
}

bool forget_oauth2_access_token(const CaldavSettings& settings) {
  const std::filesystem::path cache = oauth2_token_file(settings);
  auto tokens = sync::read_token_cache(cache);
  if (!tokens || tokens->access_token.empty()) return false;
  tokens->access_token.clear();
  tokens->expires_at = SysSeconds{};
  sync::write_token_cache(cache, *tokens);
  return true;
}

}  // namespace followup::cli
