#pragma once
// The HTTP client of the CalDAV store. Connections are reused across requests (a cron run makes many
// small ones), HTTP statuses are data for the caller to judge, failures of the network are Transient,
// and credentials never leave the origin of the request, not even on a redirect (unless a
// credential_domain lets them reach its https hosts). A batch of requests goes out with a bounded
// number in flight (issue #7), over HTTP/2 streams of one connection where the server offers h2.
// libcurl does the work behind this header; nothing of it shows here.
//
// Thread-compatible: one client per thread. Concurrency is libcurl's multi interface, not threads.
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ical/errors.hpp"

namespace followup::sync {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;  // sent as given; an empty value sends the header empty
  std::string body;     // sent with Content-Length when not empty (and always for PUT and POST)
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;  // of the final response, in order, names as received
  std::string body;
  std::string effective_url;  // the URL that answered, after redirects
  std::string http_version;   // of the final response: "1.0", "1.1", "2" ("" when libcurl could not tell)

  // A header's value, its name matched case-insensitively (DAViCal sends "Etag:"); repeated ones are
  // joined with ", " (RFC 9110 §5.3: Cyrus and DAViCal send several "DAV:" lines). Empty when absent.
  std::string header(std::string_view name) const;
};

// One exchange as `-vv` shows it. Never a header or a body: what would carry a password, a token or a
// cookie (Authorization, Cookie, Set-Cookie) is not here to be logged.
struct HttpLogEntry {
  std::string method;
  std::string url;  // without user name, password, query or fragment (HttpUrl::for_messages)
  long status = 0;  // 0: no response (the network failed; `failure` says how)
  std::chrono::milliseconds elapsed{0};
  std::string failure;  // the Transient's or HttpError's message (credential-free, see perform())
  std::string http_version;  // HttpResponse::http_version ("1.1", "2"); empty when there was no response
};

struct HttpOptions {
  enum class Auth {
    None,
    Basic,          // sent with the first request (Yahoo sends no challenge; CALDAV-NOTES §5.1)
    Digest,         // answers the server's challenge (Baikal can be set to Digest; §5.2)
    BasicOrDigest,  // asks first, then uses what the server offers, Digest preferred
    Bearer,         // "Authorization: Bearer <bearer_token>" (OAuth2, Google; §5.3)
    // Basic with the first request (Yahoo never challenges, §5.1). When a 401 to it offers Digest and not
    // Basic, that request is sent once more with Digest, and every later one of this client uses Digest
    // from the start (dav4jvm's PreemptiveBasicDigestAuthProvider, §5.2). Changing the scheme once is not
    // retrying refused credentials: a 401 after the change, or to Basic when Basic was offered, is the
    // answer (Nextcloud throttles clients that keep trying). Like Digest, a later request whose nonce is
    // refused answers the new challenge once (libcurl: nonces expire, RFC 7616 §3.3 "stale").
    BasicThenDigest,
  };
  Auth auth = Auth::None;
  std::string username;
  std::string password;
  std::string bearer_token;
  // Credentials (and Cookie) go only to the origin of the request (scheme, host, port: RFC 6454). With a
  // registrable domain here ("icloud.com") they may also follow a redirect to an https host that is that
  // domain or ends in "." and it (iCloud's partition hosts "p42-caldav.icloud.com"; CALDAV-NOTES §4.2,
  // §5.4); never to an http URL, never to any other host (nor to an IP address, which no domain covers).
  std::string credential_domain;
  // The URL the user configured: when set, credentials go only to its origin (and credential_domain),
  // whatever URL a request is for. A server's answers name other URLs (a calendar-home-set, an href);
  // one naming another host must not make us send that host the password (CALDAV-NOTES §5.4).
  std::string credential_origin;

  std::string ca_file;    // PEM bundle that the server's certificate must chain to, instead of the system's
  bool insecure = false;  // no TLS verification at all: for self-signed test servers, asked for explicitly

  std::chrono::milliseconds connect_timeout{std::chrono::seconds{10}};
  std::chrono::milliseconds total_timeout{std::chrono::seconds{120}};  // one perform(), redirects included
  // A transfer slower than this for this long has stalled.
  long low_speed_bytes_per_second = 1;
  std::chrono::seconds low_speed_time{30};

  // Bounded retries (issue #6): a request whose answer is 429, 500, 502, 503 or 504, or whose transfer failed
  // on the network (refused, reset, timed out), is sent again up to `retries` more times, whatever its
  // method: our writes are conditional (If-Match, If-None-Match), so a PUT or DELETE that took effect
  // the first time gets 412 (or 404) the second time and is re-read, never applied twice. Between tries
  // the client waits retry_backoff, doubled each time, or what the answer's Retry-After asks (seconds or
  // an HTTP date, RFC 9110 §10.2.3) when that is at most max_retry_wait; a longer Retry-After is not
  // waited for: that answer is returned (CALDAV-NOTES §5.6). Waits count within total_timeout: a try
  // that could not start in time is not made. 401, 403 and every other status are answers, never retried.
  int retries = 2;
  std::chrono::milliseconds retry_backoff{500};
  std::chrono::milliseconds max_retry_wait{std::chrono::seconds{10}};

  std::size_t max_response_bytes = std::size_t{64} * 1024 * 1024;  // headers and (decoded) body of one response
  int max_redirects = 5;  // dav4jvm's MAX_REDIRECTS (CALDAV-NOTES §5.4)
  std::string user_agent = "followup";  // plain: Zimbra shows debug output to "Mozilla" (§4.10)

  // HTTP/2 where the server offers it in the TLS handshake (ALPN "h2"); plain http stays HTTP/1.1. Off:
  // HTTP/1.1 everywhere.
  bool http2 = true;
  // How many requests of a batch (perform_all) callers put in flight at once: the configuration's
  // `parallel_requests` (default 4; 1 sends them one at a time). The client does not apply it itself:
  // a caller passes it (capped by the server's quirks) to perform_all.
  std::size_t parallel_requests = 4;

  // Called after each exchange (each redirect hop, each resend with Digest and each retry is one), failed
  // ones too.
  // Unset: nothing is logged.
  std::function<void(const HttpLogEntry&)> log;
};

// A failure that trying again will not cure.
class HttpError : public Error {
 public:
  enum class Reason {
    TlsVerification,   // the server's certificate is not trusted (or ca_file is unusable)
    RedirectRefused,   // https -> http, or to a scheme other than http(s)
    TooManyRedirects,  // more than max_redirects
    ResponseTooLarge,  // over max_response_bytes: the transfer was cut off
    InvalidRequest,    // a URL, method or header that cannot be sent as it is
  };
  HttpError(Reason reason, const std::string& message) : Error(message), reason_(reason) {}
  Reason reason() const { return reason_; }

 private:
  Reason reason_;
};

// What one request of a batch came to: the response, or the exception perform() would have thrown.
struct HttpOutcome {
  HttpResponse response;     // when `error` is null
  std::exception_ptr error;  // Transient, HttpError, ...

  // The response, or the error rethrown.
  HttpResponse& value() {
    if (error) std::rethrow_exception(error);
    return response;
  }
};

// How perform_all() sends a batch.
struct HttpBatchOptions {
  std::size_t max_parallel = 1;  // requests in flight at once (0 counts as 1)
  // Several requests as streams of one HTTP/2 connection. Off: each request in flight has its own
  // connection (HTTP/2 multiplexing broke authentication on Baikal and is unsupported on DAViCal,
  // CALDAV-NOTES §4.6, §4.8).
  bool multiplex = true;
};

// Told as each request of a batch is over (in the order they finish), with its index in the batch. An
// exception it throws ends the batch at once: requests in flight are abandoned, the rest not sent, and
// perform_all() throws it.
using HttpCompletion = std::function<void(std::size_t index, HttpOutcome& outcome)>;

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request and returns the response, whatever its status (4xx and 5xx included, once the
  // retries of HttpOptions::retries are spent on a 429 or 5xx that they may cure). Redirects
  // (301, 302, 303, 307, 308) are followed up to max_redirects, keeping method and body, with credentials
  // only while may_carry_credentials() allows them for the target. Throws Transient when the network
  // fails (no connection, reset, timeout, stall, TLS handshake) on the last try, and HttpError for what
  // retrying will not cure. No message ever holds a password, a token or an Authorization header.
  HttpResponse perform(const HttpRequest& request);

  // Sends every request as perform() sends one (redirects, credentials, authentication, retries,
  // timeouts, size cap, log entry and counts: each request on its own), with up to max_parallel of them
  // in flight at once, and returns what each came to, in the order of `requests`. A request waiting to
  // be retried (backoff, Retry-After) gives its place to the others meanwhile; its total_timeout counts
  // from when it was first sent. perform() is a batch of one.
  std::vector<HttpOutcome> perform_all(const std::vector<HttpRequest>& requests, std::size_t max_parallel);
  std::vector<HttpOutcome> perform_all(const std::vector<HttpRequest>& requests, const HttpBatchOptions& batch,
                                       const HttpCompletion& done = {});

  // HttpOptions::parallel_requests, at least 1.
  std::size_t parallel_requests() const;

  // HTTP requests answered so far, each redirect hop, authentication round trip and retry counted.
  std::size_t requests_made() const;
  // The same, by method ("PROPFIND": 3, "PUT": 1); methods not used yet are absent.
  std::map<std::string, std::size_t> requests_by_method() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether credentials given for `request_url` may go with a request to `target_url` (a redirect's
// target; an absolute href on another host is the same question): to the request's own origin always,
// to the https hosts of `credential_domain` (HttpOptions) when it is set, elsewhere never. False when
// either is not an http(s) URL.
bool may_carry_credentials(const std::string& request_url, const std::string& target_url,
                           std::string_view credential_domain);

}  // namespace followup::sync
