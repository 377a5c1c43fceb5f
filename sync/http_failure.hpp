#pragma once
// What a failed libcurl transfer means for the caller: Transient when the network failed (trying again
// later may work), HttpError otherwise. Messages are one line naming the request, and never hold a
// password or a token. Private to the HTTP client.
#include <curl/curl.h>

#include <string>
#include <string_view>

#include "sync/http_client.hpp"
#include "sync/http_url.hpp"

namespace followup::sync {

// The text with every secret of the options (password, bearer token) replaced by "***", on one line.
std::string without_secrets(std::string text, const HttpOptions& options);

// "PROPFIND https://host/dav/: <what>".
std::string request_label(std::string_view method, const HttpUrl& url);

// `detail` is libcurl's error buffer (may be empty); `too_large` says the body or header callback cut
// the transfer off because of max_response_bytes.
[[noreturn]] void throw_transfer_failure(CURLcode code, std::string_view detail, bool too_large,
                                         std::string_view method, const HttpUrl& url, const HttpOptions& options);

}  // namespace followup::sync
