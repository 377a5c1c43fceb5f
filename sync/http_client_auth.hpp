#pragma once
// The HTTP client's decisions about authentication that need no libcurl: where credentials may go, and
// which schemes a 401 offers. Private to the HTTP client.
#include <set>
#include <string>
#include <string_view>

#include "sync/http_client.hpp"
#include "sync/http_url.hpp"

namespace followup::sync {

// may_carry_credentials() on parsed URLs: `origin` is the URL the request was made for.
bool may_carry_credentials(const HttpUrl& origin, const HttpUrl& target, std::string_view credential_domain);

// The authentication schemes the WWW-Authenticate headers offer, in lower case ("basic", "digest",
// "x-mobileme-authtoken"). RFC 9110 §11.6.1: one header may hold several challenges and a server may
// send several headers; a challenge's parameters ("realm=...") are not schemes (CALDAV-NOTES §5.2).
std::set<std::string> offered_auth_schemes(const HttpHeaders& response_headers);

}  // namespace followup::sync
