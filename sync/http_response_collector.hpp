#pragma once
// Collects one HTTP response from libcurl's callbacks, bounded: once headers and body together pass the
// limit, the callbacks make libcurl abort the transfer, so memory never holds more. Private to the HTTP
// client.
#include <cstddef>

#include "sync/http_client.hpp"

namespace followup::sync {

// Where the callbacks put one response. A new status line starts over: an authentication challenge
// (401) or a "100 Continue" that libcurl answers itself comes before the response the caller gets.
struct ResponseCollector {
  HttpResponse response;
  std::size_t limit = 0;
  std::size_t header_bytes = 0;
  bool too_large = false;
  std::size_t* responses = nullptr;

  bool fits(std::size_t more) const { return header_bytes + response.body.size() + more <= limit; }
};

// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION, with a ResponseCollector as their user data.
std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* collector);
std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* collector);

}  // namespace followup::sync
