#pragma once
// Owned libcurl handles (RAII), so that no early return or exception leaks an easy handle or a header
// list. Private to the HTTP client: libcurl never appears in a public header.
#include <curl/curl.h>

#include <memory>
#include <string>

namespace followup::sync {

struct CurlEasyDeleter {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// curl_global_init() once per process, before the first handle (it is not thread-safe itself).
void ensure_curl_initialized();

// A new easy handle; throws std::bad_alloc when libcurl cannot make one.
CurlEasy make_curl_easy();

// Appends one "Name: value" line; the list stays owned (and freed) on failure.
void append_header_line(CurlSlist& list, const std::string& line);

}  // namespace followup::sync
