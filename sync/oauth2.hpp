#pragma once
// OAuth2 for Google's CalDAV (CALDAV-NOTES §4.1, §5.3): the authorization URL of the installed-app
// loopback flow, the exchange of the code it brings back for tokens, and the refresh of the access
// token with the refresh token (RFC 6749 §4.1, §6). Both are form POSTs to the token endpoint through
// HttpClient. No message ever holds a token, a code or the client secret.
#include <string>
#include <string_view>

#include "ical/time.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/http_client.hpp"

namespace followup::sync {

inline constexpr std::string_view google_token_url = "https://oauth2.googleapis.com/token";
inline constexpr std::string_view google_auth_url = "https://accounts.google.com/o/oauth2/v2/auth";
inline constexpr std::string_view google_calendar_scope = "https://www.googleapis.com/auth/calendar";

// The application registered with the provider ("Desktop app" client at Google).
struct OAuth2Client {
  std::string client_id;
  std::string client_secret;
  std::string token_url;
};

struct OAuth2Tokens {
  std::string refresh_token;
  std::string access_token;
  SysSeconds expires_at{};  // of the access token
};

// The token endpoint refused the refresh token or the code (`invalid_grant`, RFC 6749 §5.2): revoked by
// the user, expired (apps in "Testing" status lose theirs after 7 days), or issued to another client.
// Only a new authorization helps.
class OAuth2GrantRefused : public AuthError {
 public:
  using AuthError::AuthError;
};

// The URL to open in a browser: response_type=code, the client, redirect_uri, scope, state, the PKCE
// challenge (S256), and access_type=offline with prompt=consent so that Google hands out a refresh token
// every time (it gives one only on consent).
std::string authorization_url(std::string_view auth_url, std::string_view client_id, std::string_view redirect_uri,
                              std::string_view scope, std::string_view state, std::string_view code_challenge);

// grant_type=authorization_code (RFC 6749 §4.1.3, with RFC 7636 §4.5's code_verifier). The answer must
// hold a refresh token. Throws OAuth2GrantRefused (invalid_grant), AuthError (the client id or secret
// refused), Transient (network, 5xx, 429, an answer that is not a token), BadInput otherwise.
OAuth2Tokens exchange_authorization_code(HttpClient& http, const OAuth2Client& client, const std::string& code,
                                         const std::string& redirect_uri, const std::string& code_verifier,
                                         SysSeconds now);

// grant_type=refresh_token (RFC 6749 §6). The result keeps `refresh_token` unless the endpoint sent a new
// one (Google may rotate it; tsdav keeps the new one). Throws as exchange_authorization_code.
OAuth2Tokens refresh_access_token(HttpClient& http, const OAuth2Client& client, const std::string& refresh_token,
                                  SysSeconds now);

// application/x-www-form-urlencoded / URL query: every byte but RFC 3986's unreserved ones as %XX.
std::string form_encode(std::string_view value);

}  // namespace followup::sync
