#include "sync/oauth2.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <utility>

#include "rules/ascii_text.hpp"
#include "sync/http_url.hpp"

namespace followup::sync {
namespace {

using Fields = std::initializer_list<std::pair<std::string_view, std::string_view>>;

std::string form_body(Fields fields) {
  std::string body;
  for (const auto& [name, value] : fields) body += (body.empty() ? "" : "&") + form_encode(name) + "=" + form_encode(value);
  return body;
}

std::string endpoint_for_messages(const std::string& token_url) {
  const auto parsed = parse_http_url(token_url);
  return "the token endpoint " + (parsed ? parsed->for_messages() : std::string("<invalid URL>"));
}

// What the endpoint says about a refusal (RFC 6749 §5.2: `error`, `error_description`): each one short
// line of printable ASCII, and left out when it repeats one of the secrets we sent.
std::string refusal_words(const nlohmann::json& answer, std::initializer_list<std::string_view> sent_secrets) {
  const auto said = [&](const char* key) -> std::string {
    const auto it = answer.find(key);
    if (it == answer.end() || !it->is_string()) return {};
    const std::string text = it->get<std::string>();
    for (const auto secret : sent_secrets)
      if (!secret.empty() && text.find(secret) != std::string::npos) return {};
    std::string clean;
    for (const char c : text) {
      if (clean.size() >= 160) return clean + "...";
      clean += c >= ' ' && c <= '~' ? c : ' ';
    }
    return clean;
  };
  std::string words = said("error");
  if (const std::string description = said("error_description"); !description.empty())
    words += (words.empty() ? "" : ": ") + description;
  return words;
}

// The tokens in a successful answer (RFC 6749 §5.1), or the error for a failed one (§5.2).
OAuth2Tokens read_answer(const HttpResponse& response, const OAuth2Client& client, std::string_view what,
                         std::initializer_list<std::string_view> sent_secrets, SysSeconds now) {
  const std::string where = endpoint_for_messages(client.token_url);
  nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object()) answer = nlohmann::json::object();
  const long status = response.status;
  if (status < 200 || status > 299) {
    const std::string error = answer.value("error", std::string());
    const std::string words = refusal_words(answer, sent_secrets);
    const std::string said = " (HTTP " + std::to_string(status) + (words.empty() ? "" : ", " + words) + ")";
    if (error == "invalid_grant") throw OAuth2GrantRefused(where + " refused the " + std::string(what) + said);
    if (error == "invalid_client" || error == "unauthorized_client" || status == 401)
      throw AuthError(where + " refused the client id or secret" + said);
    if (status == 429 || status >= 500) throw Transient(where + " failed" + said);
    throw BadInput(where + " did not accept the request" + said);
  }
  // A captive portal or a proxy's page answers 200 too: not a token, and perhaps better later.
  const auto access = answer.find("access_token");
  if (access == answer.end() || !access->is_string() || access->get<std::string>().empty())
    throw Transient(where + " answered HTTP " + std::to_string(status) + " without an access token");
  if (const auto type = answer.find("token_type");
      type != answer.end() && (!type->is_string() || rules::lower_ascii(type->get<std::string>()) != "bearer"))
    throw BadInput(where + " handed out a token that is not a bearer token");
  OAuth2Tokens tokens;
  tokens.access_token = access->get<std::string>();
  if (const auto refresh = answer.find("refresh_token"); refresh != answer.end() && refresh->is_string())
    tokens.refresh_token = refresh->get<std::string>();
  // Without expires_in the lifetime is unknown: good for this run only.
  tokens.expires_at = now;
  if (const auto expires = answer.find("expires_in"); expires != answer.end() && expires->is_number() &&
                                                      expires->get<double>() > 0 && expires->get<double>() < 1e9)
    tokens.expires_at = now + std::chrono::seconds(static_cast<long long>(expires->get<double>()));
  return tokens;
}

HttpResponse post_form(HttpClient& http, const std::string& token_url, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.url = token_url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = std::move(body);
  return http.perform(request);
}

}  // namespace

std::string form_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0f];
    }
  }
  return out;
}

std::string authorization_url(std::string_view auth_url, std::string_view client_id, std::string_view redirect_uri,
                              std::string_view scope, std::string_view state, std::string_view code_challenge) {
  const std::string query = form_body({{"response_type", "code"},
                                       {"client_id", client_id},
                                       {"redirect_uri", redirect_uri},
                                       {"scope", scope},
                                       {"state", state},
                                       {"code_challenge", code_challenge},
                                       {"code_challenge_method", "S256"},
                                       {"access_type", "offline"},
                                       {"prompt", "consent"}});
  return std::string(auth_url) + (auth_url.find('?') == std::string_view::npos ? "?" : "&") + query;
}

OAuth2Tokens exchange_authorization_code(HttpClient& http, const OAuth2Client& client, const std::string& code,
                                         const std::string& redirect_uri, const std::string& code_verifier,
                                         SysSeconds now) {
  const HttpResponse response = post_form(http, client.token_url,
                                          form_body({{"grant_type", "authorization_code"},
                                                     {"code", code},
                                                     {"redirect_uri", redirect_uri},
                                                     {"client_id", client.client_id},
                                                     {"client_secret", client.client_secret},
                                                     {"code_verifier", code_verifier}}));
  OAuth2Tokens tokens =
      read_answer(response, client, "authorization code", {code, client.client_secret, code_verifier}, now);
  // Google sends one only with access_type=offline and consent; without it cron could not go on.
  if (tokens.refresh_token.empty())
    throw BadInput(endpoint_for_messages(client.token_url) +
                   " handed out no refresh token (the authorization must ask for offline access)");
  return tokens;
}

OAuth2Tokens refresh_access_token(HttpClient& http, const OAuth2Client& client, const std::string& refresh_token,
                                  SysSeconds now) {
  const HttpResponse response = post_form(http, client.token_url,
                                          form_body({{"grant_type", "refresh_token"},
                                                     {"refresh_token", refresh_token},
                                                     {"client_id", client.client_id},
                                                     {"client_secret", client.client_secret}}));
  OAuth2Tokens tokens = read_answer(response, client, "refresh token", {refresh_token, client.client_secret}, now);
  if (tokens.refresh_token.empty()) tokens.refresh_token = refresh_token;
  return tokens;
}

}  // namespace followup::sync
