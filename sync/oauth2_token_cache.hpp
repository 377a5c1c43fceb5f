#pragma once
// The OAuth2 token cache of one account (issue 5): a JSON file beside the state databases in
// $XDG_STATE_HOME/followup/, mode 0600, written atomically, holding the refresh token, the access token
// and when it expires (CALDAV-NOTES §5.3: refresh before expiry, keep a rotated refresh token, write
// token files atomically with mode 0600). `followup google-auth` fills it; every later run takes its
// access token from it, refreshing when it is about to expire.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "sync/oauth2.hpp"

namespace followup::sync {

// $XDG_STATE_HOME/followup/<name>.oauth2.json (~/.local/state/followup/...), named like the state
// databases (default_state_file) after `identity`, which names the account and the client.
std::filesystem::path oauth2_token_file(const std::string& identity);

// The cached tokens; nullopt when the file does not exist. Throws ConfigError when others may read the
// file (a token in it may have leaked; the rule of `password`), BadInput when it is not a token cache, and
// IoError; no message holds its content.
std::optional<OAuth2Tokens> read_token_cache(const std::filesystem::path& file);

// Writes the cache (mode 0600, temporary file and rename: a crash leaves the old one or the new one),
// creating the folder (0700) when missing.
void write_token_cache(const std::filesystem::path& file, const OAuth2Tokens& tokens);

// An access token is used until this long before it expires: a run must not start with a token that
// dies in its middle.
inline constexpr std::chrono::seconds access_token_margin{60};

// The access token to send: the cached one while it is good for more than access_token_margin (no
// request), else a new one from the refresh token, written back to the cache. nullopt when there is no
// cache yet. `client` is asked for only when a refresh is due (its secret may come from a command that
// need not run every five minutes). Throws what refresh_access_token throws (OAuth2GrantRefused when the
// refresh token is dead) and what read_token_cache throws.
std::optional<std::string> current_access_token(HttpClient& http, const std::function<OAuth2Client()>& client,
                                                const std::filesystem::path& cache, SysSeconds now);

}  // namespace followup::sync
