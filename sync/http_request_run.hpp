#pragma once
// One request of HttpClient on its way, as a state machine that the multi driver (http_multi.hpp) steps
// through its exchanges: a hop sent, its answer read, then the next hop (a redirect, the resend with
// Digest), a retry scheduled for later (backoff, Retry-After), or the outcome. perform() and
// perform_all() both drive it, so every request of a batch gets exactly what one request gets.
// Private to the HTTP client.
#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "sync/http_client.hpp"
#include "sync/http_transfer.hpp"
#include "sync/http_url.hpp"

namespace followup::sync {

using HttpClock = std::chrono::steady_clock;

// What every request of one client shares: the options, what it learned about authentication, and the
// counts of responses.
struct HttpClientState {
  explicit HttpClientState(HttpOptions given) : options(std::move(given)) {}

  HttpOptions options;
  std::size_t responses = 0;
  std::map<std::string, std::size_t> responses_by_method;
  // BasicThenDigest: a 401 to Basic offered Digest and not Basic, so this server wants Digest.
  bool digest_chosen = false;

  // How a new hop authenticates (BasicThenDigest decided).
  HttpOptions::Auth scheme() const;
  // Method, URL for messages, status and time only: no header or body is ever handed to the log.
  void log(const std::string& method, const HttpUrl& url, HttpClock::time_point started, long status,
           const std::string& failure, const std::string& http_version = {}) const;
};

class HttpRequestRun {
 public:
  // What the run needs after a hop is over.
  enum class Next {
    SendNow,   // another hop (a redirect, the resend with Digest): begin() again at once
    WaitUntil,  // a retry, not before ready_at()
    Done,       // outcome() is final
  };

  // Checks the request (an invalid one is done at once, with its HttpError).
  HttpRequestRun(const HttpRequest& request, HttpClientState& client);
  HttpRequestRun(const HttpRequestRun&) = delete;
  HttpRequestRun& operator=(const HttpRequestRun&) = delete;

  bool done() const { return done_; }
  HttpOutcome& outcome() { return outcome_; }
  HttpClock::time_point ready_at() const { return ready_at_; }

  // Sets `easy` up for the next hop. The total timeout starts with the first hop. False when the run
  // ended (or was scheduled for later) without sending anything: then done() or a retry's ready_at() says
  // what next.
  bool begin(CURL* easy, char* error_buffer);
  // The hop begun on `easy` is over with `code`.
  Next end(CURL* easy, CURLcode code, const char* error_buffer);
  // The hop begun on `easy` is abandoned (the batch ends early).
  void abandon(CURL* easy) noexcept;
  // What begin() returning false, or end(), left the run at.
  Next next() const { return done_ ? Next::Done : Next::WaitUntil; }

 private:
  // The response of a whole try (its redirects followed): returned, or retried when it says "not now".
  Next on_response(HttpResponse response);
  // A try that failed on the network (or ran out of time between its hops): retried or thrown.
  Next on_transient(std::exception_ptr error);
  Next finish(HttpResponse response);
  Next fail(std::exception_ptr error);
  Next schedule_retry(std::chrono::milliseconds wait);
  HttpHop hop() const;

  HttpClientState& client_;
  HttpRequest request_;
  std::optional<HttpUrl> origin_;
  std::optional<HttpUrl> trusted_;

  std::optional<HttpClock::time_point> deadline_;  // set by the first begin()
  int tried_ = 0;                                  // tries before this one
  int redirects_ = 0;                              // hops of this try so far
  std::optional<HttpUrl> url_;                     // of the current hop
  bool with_credentials_ = false;
  HttpOptions::Auth auth_ = HttpOptions::Auth::None;
  bool digest_resend_ = false;  // the current hop answers the Digest challenge of the one before
  std::chrono::milliseconds time_left_{0};
  HttpClock::time_point hop_started_{};
  HopTransfer transfer_;

  HttpClock::time_point ready_at_{};
  bool done_ = false;
  HttpOutcome outcome_;
};

}  // namespace followup::sync
