#include "sync/http_curl_handles.hpp"

#include <mutex>
#include <new>
#include <stdexcept>

#include "ical/errors.hpp"

namespace followup::sync {

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Never cleaned up: other threads may still hold handles until the process ends.
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("HTTP: libcurl could not be initialised");
  });
}

CurlEasy make_curl_easy() {
  ensure_curl_initialized();
  CurlEasy easy{curl_easy_init()};
  if (!easy) throw std::bad_alloc();
  return easy;
}

void append_header_line(CurlSlist& list, const std::string& line) {
  // curl_slist_append returns the new head, or null leaving the old list untouched.
  curl_slist* head = curl_slist_append(list.get(), line.c_str());
  if (!head) throw std::bad_alloc();
  static_cast<void>(list.release());
  list.reset(head);
}

}  // namespace followup::sync
