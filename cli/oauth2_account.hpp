#pragma once
// The OAuth2 side of an account with `oauth2_client_id` (Google; issue 5, CALDAV-NOTES §5.3): its client
// (the id, the secret from the file or from oauth2_client_secret_command, the token URL), its token
// cache, and the access token every run sends.
#include <filesystem>
#include <string>

#include "cli/caldav_settings.hpp"
#include "sync/oauth2.hpp"

namespace followup::cli {

// The client; runs oauth2_client_secret_command when that is where the secret is (ConfigError when it fails).
sync::OAuth2Client oauth2_client(const CaldavSettings& settings);

// The account's token cache in $XDG_STATE_HOME/followup/, named after the account and the client id
// (a refresh token is good only for the client it was issued to).
std::filesystem::path oauth2_token_file(const CaldavSettings& settings);

// "followup google-auth", with "--account NAME" for an account other than [caldav]: what to run.
std::string google_auth_command_for(const CaldavSettings& settings);

// The access token for the account: the cached one while it is fresh, else refreshed (the secret is read
// only then). Throws ConfigError when google-auth was never run for it, AuthError (exit 5) saying to run
// google-auth again when the refresh token is refused, Transient when the token endpoint fails.
std::string oauth2_access_token(const CaldavSettings& settings);

// Marks the cached access token as spent, so that the next oauth2_access_token() asks for a new one.
// False when there is no cached access token (nothing a new one could change).
bool forget_oauth2_access_token(const CaldavSettings& settings);

// The HTTP client's options for the token endpoint: no credentials (they go in the form), the
// account's timeout. TLS is verified against the system's certificates: ca_file and insecure are for
// the CalDAV server.
sync::HttpOptions token_endpoint_options(const CaldavSettings& settings);

}  // namespace followup::cli
