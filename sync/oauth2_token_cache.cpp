#include "sync/oauth2_token_cache.hpp"

#include <fcntl.h>

#include <nlohmann/json.hpp>

#include "sync/atomic_file.hpp"
#include "sync/file_io.hpp"
#include "sync/state_db.hpp"

namespace followup::sync {
namespace {

BadInput not_a_cache(const std::filesystem::path& file) {
  return BadInput(file.string() + " is not a token cache of followup (run 'followup google-auth' again)");
}

}  // namespace

std::filesystem::path oauth2_token_file(const std::string& identity) {
  // The folder and the name-based UUID of the state databases, with an extension of its own.
  return default_state_file(identity).replace_extension(".oauth2.json");
}

std::optional<OAuth2Tokens> read_token_cache(const std::filesystem::path& file) {
  const UniqueFd fd = open_if_present(file, O_RDONLY | O_CLOEXEC);
  if (!fd) return std::nullopt;
  if ((stamp_of(fd.fd, file).mode & 077) != 0)
    throw ConfigError(file.string() + " holds OAuth2 tokens and others can read it; run chmod 600 " + file.string() +
                      " (or 'followup google-auth' again, if someone may have read them)");
  const nlohmann::json doc = nlohmann::json::parse(read_rest(fd.fd, file), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) throw not_a_cache(file);
  const auto refresh = doc.find("refresh_token");
  const auto access = doc.find("access_token");
  const auto expires = doc.find("expires_at");
  if (refresh == doc.end() || !refresh->is_string() || refresh->get<std::string>().empty() || access == doc.end() ||
      !access->is_string() || expires == doc.end() || !expires->is_number_integer())
    throw not_a_cache(file);
  OAuth2Tokens tokens;
  tokens.refresh_token = refresh->get<std::string>();
  tokens.access_token = access->get<std::string>();
  tokens.expires_at = SysSeconds{std::chrono::seconds{expires->get<std::int64_t>()}};
  return tokens;
}

void write_token_cache(const std::filesystem::path& file, const OAuth2Tokens& tokens) {
  make_folders(file.parent_path(), 0700);
  const nlohmann::ordered_json doc = {{"refresh_token", tokens.refresh_token},
                                      {"access_token", tokens.access_token},
                                      {"expires_at", tokens.expires_at.time_since_epoch().count()}};
  TempFile temp(file);  // mode 0600 from its creation on: never a moment readable by others
  temp.write(doc.dump(2) + "\n");
  temp.sync();
  temp.replace_final();
}

std::optional<std::string> current_access_token(HttpClient& http, const std::function<OAuth2Client()>& client,
                                                const std::filesystem::path& cache, SysSeconds now) {
  std::optional<OAuth2Tokens> tokens = read_token_cache(cache);
  if (!tokens) return std::nullopt;
  if (!tokens->access_token.empty() && now + access_token_margin < tokens->expires_at) return tokens->access_token;
  const OAuth2Tokens fresh = refresh_access_token(http, client(), tokens->refresh_token, now);
  write_token_cache(cache, fresh);
  return fresh.access_token;
}

}  // namespace followup::sync
