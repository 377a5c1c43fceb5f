#include "sync/http_client.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <thread>

#include "sync/dav_href.hpp"
#include "sync/http_client_auth.hpp"
#include "sync/http_curl_handles.hpp"
#include "sync/http_failure.hpp"
#include "sync/http_transfer.hpp"
#include "sync/http_url.hpp"

namespace followup::sync {
namespace {

using Clock = std::chrono::steady_clock;

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// RFC 9110 §5.6.2 tchar: what a method and a header name may be made of.
bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// A CR or LF would start a header (or a request) of its own.
bool is_field_value(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void check_request(const HttpRequest& request) {
  const auto invalid = [&](const std::string& what) {
    throw HttpError(HttpError::Reason::InvalidRequest, "HTTP request: " + what);
  };
  if (!is_token(request.method)) invalid("not a method: \"" + request.method + "\"");
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name)) invalid("not a header name: \"" + name + "\"");
    if (!is_field_value(value)) invalid("line break or NUL in the value of header " + name);
  }
}

// RFC 9110 §15.6 and RFC 6585 §4: answers that say "not now" rather than "no". 501 and 505 say no.
bool is_retried_status(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// What a Retry-After asks for (RFC 9110 §10.2.3): delay-seconds, or an HTTP date (a date already past
// is 0). Nothing when absent or not readable: the client's own backoff applies then.
std::optional<std::chrono::milliseconds> retry_after(const HttpResponse& response) {
  std::string value = response.header("Retry-After");
  value.erase(0, value.find_first_not_of(" \t"));
  value.erase(value.find_last_not_of(" \t") + 1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    long long seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    // Too many digits to count is "far too long", which no cap allows.
    if (error != std::errc() || end != value.data() + value.size() || seconds > 1'000'000'000)
      return std::chrono::milliseconds::max();
    return std::chrono::seconds{seconds};
  }
  // libcurl reads the three date formats RFC 9110 §5.6.7 makes recipients accept.
  const time_t when = curl_getdate(value.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const auto wait = std::chrono::system_clock::from_time_t(when) - std::chrono::system_clock::now();
  return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(wait), std::chrono::milliseconds{0});
}

}  // namespace

struct HttpClient::Impl {
  HttpOptions options;
  CurlEasy easy = make_curl_easy();
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::size_t responses = 0;
  std::map<std::string, std::size_t> responses_by_method;
  // BasicThenDigest: a 401 to Basic offered Digest and not Basic, so this server wants Digest.
  bool digest_chosen = false;

  explicit Impl(HttpOptions given) : options(std::move(given)) {
    set_client_options(easy.get(), options, error_buffer);
  }

  HttpOptions::Auth scheme() const {
    if (options.auth != HttpOptions::Auth::BasicThenDigest) return options.auth;
    return digest_chosen ? HttpOptions::Auth::Digest : HttpOptions::Auth::Basic;
  }

  // One exchange, its responses counted by method too (also those before a failure), and logged.
  HttpResponse counted_exchange(const HttpHop& hop) {
    const std::size_t before = responses;
    const auto started = Clock::now();
    const auto count = [&] {
      if (responses > before) responses_by_method[hop.method] += responses - before;
    };
    try {
      HttpResponse response = exchange(easy.get(), options, hop, error_buffer, responses);
      count();
      log(hop, started, response.status, "");
      return response;
    } catch (const Error& e) {
      count();
      log(hop, started, 0, e.what());
      throw;
    } catch (...) {
      count();
      throw;
    }
  }

  // Method, URL for messages, status and time only: no header or body is ever handed to the log.
  void log(const HttpHop& hop, Clock::time_point started, long status, const std::string& failure) const {
    if (!options.log) return;
    options.log(HttpLogEntry{hop.method, hop.url.for_messages(), status,
                             std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started), failure});
  }

  // The hop, sent once more with Digest when BasicThenDigest learns from a 401 that the server wants it
  // (CALDAV-NOTES §5.2: vdirsyncer, too, tries exactly once more after a Digest challenge).
  HttpResponse send(HttpHop hop, Clock::time_point deadline) {
    HttpResponse response = counted_exchange(hop);
    if (options.auth != HttpOptions::Auth::BasicThenDigest || hop.auth != HttpOptions::Auth::Basic ||
        !hop.with_credentials || response.status != 401)
      return response;
    const auto offered = offered_auth_schemes(response.headers);
    if (!offered.contains("digest") || offered.contains("basic")) return response;
    digest_chosen = true;
    hop.auth = HttpOptions::Auth::Digest;
    hop.time_left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (hop.time_left.count() <= 0)
      throw Transient(request_label(hop.method, hop.url) + ": timed out (before answering the Digest challenge)");
    return counted_exchange(hop);
  }

  // Before try n+1 (n from 0): retry_backoff doubled n times.
  std::chrono::milliseconds backoff(int tried) const {
    auto wait = options.retry_backoff;
    for (int i = 0; i < tried && wait < options.max_retry_wait; ++i) wait *= 2;
    return wait;
  }

  // One try of perform(): the request sent, its redirects followed.
  HttpResponse follow_redirects(const HttpRequest& request, const HttpUrl& origin, const HttpUrl& trusted,
                                Clock::time_point deadline) {
    HttpUrl url = origin;
    for (int redirects = 0;; ++redirects) {
      const auto time_left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (time_left.count() <= 0)
        throw Transient(request_label(request.method, url) + ": timed out (redirects took too long)");

      // Credentials go only to the origin the request was made for (scheme, host and port: RFC 6454), so
      // a redirect elsewhere (another host, or another port of the same one) carries none of them; a
      // credential_domain adds its https hosts (iCloud's partitions, CALDAV-NOTES §5.4).
      const bool with_credentials = may_carry_credentials(trusted, url, options.credential_domain);
      HttpResponse response = send(
          HttpHop{url, request.method, request.body, request.headers, with_credentials, scheme(), time_left},
          deadline);
      const std::string location = response.header("Location");
      if (!is_redirect(response.status) || location.empty()) return response;

      if (redirects >= options.max_redirects)
        throw HttpError(HttpError::Reason::TooManyRedirects, request_label(request.method, origin) + ": more than " +
                                                                 std::to_string(options.max_redirects) + " redirects");
      // Resolved here, not by libcurl: CURLINFO_REDIRECT_URL puts CURLOPT_USERNAME and CURLOPT_PASSWORD
      // into the URL it makes ("http://user:secret@host/to", libcurl 7.88.1).
      const auto next = parse_http_url(resolve_href(url.text, location));
      if (!next)
        throw HttpError(HttpError::Reason::RedirectRefused,
                        request_label(request.method, url) + ": redirect to a URL that is not http or https refused");
      // dav4jvm refuses it too: what was asked over TLS must not continue in clear text (CALDAV-NOTES §5.4).
      if (url.scheme == "https" && next->scheme == "http")
        throw HttpError(HttpError::Reason::RedirectRefused, request_label(request.method, url) +
                                                                ": redirect from https to http refused (" +
                                                                next->for_messages() + ")");
      // Method and body stay as they are, whatever the code: a PROPFIND or PUT redirected with 301, 302 or
      // 303 must not turn into a GET (CALDAV-NOTES §5.4; RFC 6764 §5 allows 301, 303 and 307 for the
      // well-known URI).
      url = *next;
    }
  }
};

HttpClient::HttpClient(HttpOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

std::size_t HttpClient::requests_made() const { return impl_->responses; }

std::map<std::string, std::size_t> HttpClient::requests_by_method() const { return impl_->responses_by_method; }

bool may_carry_credentials(const std::string& request_url, const std::string& target_url,
                           std::string_view credential_domain) {
  const auto origin = parse_http_url(request_url);
  const auto target = parse_http_url(target_url);
  return origin && target && may_carry_credentials(*origin, *target, credential_domain);
}

HttpResponse HttpClient::perform(const HttpRequest& request) {
  check_request(request);
  const HttpOptions& options = impl_->options;
  const auto origin = parse_http_url(request.url);
  // The URL itself is not repeated: it may carry a password ("https://me:secret@host/").
  if (!origin) throw HttpError(HttpError::Reason::InvalidRequest, request.method + ": not an http or https URL");

  std::optional<HttpUrl> trusted = origin;
  if (!options.credential_origin.empty()) {
    trusted = parse_http_url(options.credential_origin);
    if (!trusted) throw HttpError(HttpError::Reason::InvalidRequest, "credential_origin: not an http or https URL");
  }

  const auto deadline = Clock::now() + options.total_timeout;
  for (int tried = 0;; ++tried) {
    std::optional<std::chrono::milliseconds> wait;
    try {
      HttpResponse response = impl_->follow_redirects(request, *origin, *trusted, deadline);
      if (tried >= options.retries || !is_retried_status(response.status)) return response;
      wait = retry_after(response);
      // A server asking for more than the cap is answered with its own answer: the caller says when
      // to try again (the next cron run), instead of this run sleeping for it.
      if (wait && *wait > options.max_retry_wait) return response;
      if (!wait) wait = impl_->backoff(tried);
      if (Clock::now() + *wait >= deadline) return response;
    } catch (const Transient&) {
      // The network failed (refused, reset, timed out, stalled): every method may be tried again,
      // since our writes are conditional and a repeated one that took effect is refused (412), not
      // applied twice.
      if (tried >= options.retries) throw;
      wait = impl_->backoff(tried);
      if (Clock::now() + *wait >= deadline) throw;
    }
    std::this_thread::sleep_for(*wait);
  }
}

}  // namespace followup::sync
