#include "sync/http_client_auth.hpp"

#include <algorithm>

#include "rules/ascii_text.hpp"

namespace followup::sync {
namespace {

// RFC 9110 §5.6.2 tchar.
bool is_tchar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// "127.0.0.1", "[::1]": an address has no domain, so no domain can cover it.
bool is_ip_address(std::string_view host) {
  return host.starts_with('[') ||
         std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// One element of a comma-separated challenge list: `Digest realm="a"` starts a challenge (a token, then
// blanks and something that is not "="), `realm="a"` or `nonce = "b"` is a parameter of the one before,
// a token68 (`abc==`) too.
std::string scheme_of(std::string_view element) {
  element = rules::trim(element);
  std::size_t end = 0;
  while (end < element.size() && is_tchar(element[end])) ++end;
  if (end == 0) return {};
  const std::string_view rest = rules::trim(element.substr(end));
  if (!rest.empty() && rest.front() == '=') return {};
  return rules::lower_ascii(element.substr(0, end));
}

}  // namespace

bool may_carry_credentials(const HttpUrl& origin, const HttpUrl& target, std::string_view credential_domain) {
  if (target.same_origin(origin)) return true;
  const std::string domain = rules::lower_ascii(rules::trim(credential_domain, "."));
  if (domain.empty() || target.scheme != "https" || is_ip_address(target.host)) return false;
  return target.host == domain || target.host.ends_with("." + domain);
}

std::set<std::string> offered_auth_schemes(const HttpHeaders& response_headers) {
  std::set<std::string> schemes;
  for (const auto& [name, value] : response_headers) {
    if (rules::lower_ascii(name) != "www-authenticate") continue;
    // Commas inside quoted strings (realm="a, b") do not separate elements.
    bool quoted = false, escaped = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
      if (i < value.size()) {
        const char c = value[i];
        if (escaped) {
          escaped = false;
          continue;
        }
        if (quoted && c == '\\') {
          escaped = true;
          continue;
        }
        if (c == '"') quoted = !quoted;
        if (quoted || c != ',') continue;
      }
      if (auto scheme = scheme_of(std::string_view(value).substr(start, i - start)); !scheme.empty())
        schemes.insert(std::move(scheme));
      start = i + 1;
    }
  }
  return schemes;
}

}  // namespace followup::sync
