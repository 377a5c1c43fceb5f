#pragma once
// One HTTP exchange on one of the client's libcurl easy handles: a request sent, its response collected
// (bounded), no redirect followed. Set up here, performed by the client's multi handle
// (http_multi.hpp), read back here. Private to the HTTP client, which decides about redirects and
// credentials.
#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "sync/http_client.hpp"
#include "sync/http_curl_handles.hpp"
#include "sync/http_response_collector.hpp"
#include "sync/http_url.hpp"

namespace followup::sync {

// Settings that stay the same for every request of a client: protocols, TLS, timeouts for stalls, the
// size cap, callbacks. `error_buffer` (CURL_ERROR_SIZE bytes) must live as long as the handle.
void set_client_options(CURL* easy, const HttpOptions& options, char* error_buffer);

struct HttpHop {
  const HttpUrl& url;
  const std::string& method;
  const std::string& body;
  const HttpHeaders& headers;  // the caller's
  bool with_credentials;       // may_carry_credentials() for the hop's URL
  // How this hop authenticates: the client's HttpOptions::auth, with BasicThenDigest already decided
  // (Basic or Digest). Nothing is sent without with_credentials.
  HttpOptions::Auth auth;
  std::chrono::milliseconds time_left;
};

// What the easy handle points into while a hop is being sent: it must stay put until finish_exchange()
// or detach_exchange().
struct HopTransfer {
  ResponseCollector collector;
  CurlSlist headers;
  std::size_t responses = 0;  // each response received (an authentication challenge libcurl answers is one more)
};

// Sets the easy handle up to send the hop; the caller then performs it (curl_multi_add_handle).
void prepare_exchange(CURL* easy, const HttpOptions& options, const HttpHop& hop, HopTransfer& transfer,
                      char* error_buffer);

// Once the transfer is over with `code`: its response (a 3xx one included), or throws as
// HttpClient::perform() does. The handle is detached from `transfer` either way.
HttpResponse finish_exchange(CURL* easy, CURLcode code, const HttpOptions& options, const HttpHop& hop,
                             HopTransfer& transfer, const char* error_buffer);

// Leaves no pointer into a HopTransfer in the handle (a transfer abandoned, or over).
void detach_exchange(CURL* easy) noexcept;

}  // namespace followup::sync
