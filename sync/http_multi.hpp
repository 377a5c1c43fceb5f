#pragma once
// The client's libcurl multi handle and its easy handles, driving HttpRequestRuns with a bounded number
// in flight. One multi handle per client holds the connection cache, so connections (and HTTP/2
// streams over one connection) are reused across requests and batches; easy handles are reused too.
// Waiting requests (a retry's backoff or Retry-After) hold no place: the others go on meanwhile.
// Private to the HTTP client.
#include <curl/curl.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "sync/http_curl_handles.hpp"
#include "sync/http_request_run.hpp"

namespace followup::sync {

struct CurlMultiDeleter {
  void operator()(CURLM* multi) const noexcept { curl_multi_cleanup(multi); }
};
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

class HttpMulti {
 public:
  explicit HttpMulti(const HttpOptions& options);
  HttpMulti(const HttpMulti&) = delete;
  HttpMulti& operator=(const HttpMulti&) = delete;
  ~HttpMulti();

  // Runs every run to its end, at most batch.max_parallel in flight, starting them in order (a retry
  // that is due goes before those not started yet). `finished(i)` is told as runs[i] is done; what it
  // throws ends the batch (transfers in flight are abandoned) and comes out of here.
  void drive(std::vector<std::unique_ptr<HttpRequestRun>>& runs, const HttpBatchOptions& batch,
             const std::function<void(std::size_t)>& finished);

 private:
  struct Slot {
    CurlEasy easy;
    char error_buffer[CURL_ERROR_SIZE] = {};
    HttpRequestRun* run = nullptr;  // null: free
    std::size_t index = 0;
  };
  Slot& free_slot(std::size_t max_slots);
  void add(Slot& slot);
  void remove(Slot& slot) noexcept;

  const HttpOptions& options_;
  CurlMulti multi_;
  std::vector<std::unique_ptr<Slot>> slots_;  // stable addresses: libcurl keeps the error buffers
};

}  // namespace followup::sync
