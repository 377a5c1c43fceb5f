#pragma once
// One HTTP exchange on the client's libcurl handle: a request sent, its response collected (bounded),
// no redirect followed. Private to the HTTP client, which decides about redirects and credentials.
#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "sync/http_client.hpp"
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

// Sends the hop and collects its response (a 3xx one included); throws like HttpClient::perform().
// `responses` counts each response received (an authentication challenge answered by libcurl is one more).
HttpResponse exchange(CURL* easy, const HttpOptions& options, const HttpHop& hop, char* error_buffer,
                       std::size_t& responses);

}  // namespace followup::sync
