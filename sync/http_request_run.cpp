#include "sync/http_request_run.hpp"

#include <algorithm>
#include <charconv>

#include "sync/dav_href.hpp"
#include "sync/http_client_auth.hpp"
#include "sync/http_failure.hpp"

namespace followup::sync {
namespace {

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

// Before try n+1 (n from 0): retry_backoff doubled n times.
std::chrono::milliseconds backoff(const HttpOptions& options, int tried) {
  auto wait = options.retry_backoff;
  for (int i = 0; i < tried && wait < options.max_retry_wait; ++i) wait *= 2;
  return wait;
}

std::chrono::milliseconds until(HttpClock::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - HttpClock::now());
}

}  // namespace

HttpOptions::Auth HttpClientState::scheme() const {
  if (options.auth != HttpOptions::Auth::BasicThenDigest) return options.auth;
  return digest_chosen ? HttpOptions::Auth::Digest : HttpOptions::Auth::Basic;
}

void HttpClientState::log(const std::string& method, const HttpUrl& url, HttpClock::time_point started, long status,
                          const std::string& failure, const std::string& http_version) const {
  if (!options.log) return;
  options.log(HttpLogEntry{method, url.for_messages(), status,
                           std::chrono::duration_cast<std::chrono::milliseconds>(HttpClock::now() - started), failure,
                           http_version});
}

HttpRequestRun::HttpRequestRun(const HttpRequest& request, HttpClientState& client)
    : client_(client), request_(request) {
  try {
    check_request(request_);
    origin_ = parse_http_url(request_.url);
    // The URL itself is not repeated: it may carry a password ("https://me:secret@host/").
    if (!origin_)
      throw HttpError(HttpError::Reason::InvalidRequest, request_.method + ": not an http or https URL");
    trusted_ = origin_;
    if (!client_.options.credential_origin.empty()) {
      trusted_ = parse_http_url(client_.options.credential_origin);
      if (!trusted_) throw HttpError(HttpError::Reason::InvalidRequest, "credential_origin: not an http or https URL");
    }
  } catch (...) {
    fail(std::current_exception());
  }
}

HttpHop HttpRequestRun::hop() const {
  return HttpHop{*url_, request_.method, request_.body, request_.headers, with_credentials_, auth_, time_left_};
}

bool HttpRequestRun::begin(CURL* easy, char* error_buffer) {
  const HttpOptions& options = client_.options;
  const auto now = HttpClock::now();
  if (!deadline_) deadline_ = now + options.total_timeout;
  if (!url_) {  // a try starts at the URL asked for
    url_ = origin_;
    redirects_ = 0;
  }
  time_left_ = until(*deadline_);
  if (time_left_.count() <= 0) {
    const char* why = digest_resend_   ? "before answering the Digest challenge"
                      : redirects_ > 0 ? "redirects took too long"
                                       : "before it could be sent again";
    on_transient(std::make_exception_ptr(
        Transient(request_label(request_.method, *url_) + ": timed out (" + why + ")")));
    return false;
  }
  if (!digest_resend_) {
    // Credentials go only to the origin the request was made for (scheme, host and port: RFC 6454), so
    // a redirect elsewhere (another host, or another port of the same one) carries none of them; a
    // credential_domain adds its https hosts (iCloud's partitions, CALDAV-NOTES §5.4).
    with_credentials_ = may_carry_credentials(*trusted_, *url_, options.credential_domain);
    auth_ = client_.scheme();
  }
  hop_started_ = now;
  try {
    prepare_exchange(easy, options, hop(), transfer_, error_buffer);
  } catch (...) {
    detach_exchange(easy);
    fail(std::current_exception());
    return false;
  }
  return true;
}

void HttpRequestRun::abandon(CURL* easy) noexcept {
  detach_exchange(easy);
  transfer_.headers.reset();
}

HttpRequestRun::Next HttpRequestRun::end(CURL* easy, CURLcode code, const char* error_buffer) {
  const HttpOptions& options = client_.options;
  // Responses are counted (by method too) also when the transfer failed after some came.
  const auto count = [&] {
    client_.responses += transfer_.responses;
    if (transfer_.responses > 0) client_.responses_by_method[request_.method] += transfer_.responses;
  };
  HttpResponse response;
  try {
    response = finish_exchange(easy, code, options, hop(), transfer_, error_buffer);
  } catch (const Transient& e) {
    count();
    client_.log(request_.method, *url_, hop_started_, 0, e.what());
    return on_transient(std::current_exception());
  } catch (const Error& e) {
    count();
    client_.log(request_.method, *url_, hop_started_, 0, e.what());
    return fail(std::current_exception());
  } catch (...) {
    count();
    return fail(std::current_exception());
  }
  count();
  client_.log(request_.method, *url_, hop_started_, response.status, "", response.http_version);

  // BasicThenDigest: the hop is sent once more with Digest when a 401 to Basic shows the server wants it
  // (CALDAV-NOTES §5.2: vdirsyncer, too, tries exactly once more after a Digest challenge).
  if (options.auth == HttpOptions::Auth::BasicThenDigest && auth_ == HttpOptions::Auth::Basic && with_credentials_ &&
      response.status == 401) {
    const auto offered = offered_auth_schemes(response.headers);
    if (offered.contains("digest") && !offered.contains("basic")) {
      client_.digest_chosen = true;
      auth_ = HttpOptions::Auth::Digest;
      digest_resend_ = true;
      return Next::SendNow;
    }
  }
  digest_resend_ = false;

  const std::string location = response.header("Location");
  if (!is_redirect(response.status) || location.empty()) return on_response(std::move(response));
  if (redirects_ >= options.max_redirects)
    return fail(std::make_exception_ptr(
        HttpError(HttpError::Reason::TooManyRedirects, request_label(request_.method, *origin_) + ": more than " +
                                                           std::to_string(options.max_redirects) + " redirects")));
  // Resolved here, not by libcurl: CURLINFO_REDIRECT_URL puts CURLOPT_USERNAME and CURLOPT_PASSWORD
  // into the URL it makes ("http://user:secret@host/to", libcurl 7.88.1).
  const auto next = parse_http_url(resolve_href(url_->text, location));
  if (!next)
    return fail(std::make_exception_ptr(
        HttpError(HttpError::Reason::RedirectRefused,
                  request_label(request_.method, *url_) + ": redirect to a URL that is not http or https refused")));
  // dav4jvm refuses it too: what was asked over TLS must not continue in clear text (CALDAV-NOTES §5.4).
  if (url_->scheme == "https" && next->scheme == "http")
    return fail(std::make_exception_ptr(HttpError(
        HttpError::Reason::RedirectRefused,
        request_label(request_.method, *url_) + ": redirect from https to http refused (" + next->for_messages() + ")")));
  // Method and body stay as they are, whatever the code: a PROPFIND or PUT redirected with 301, 302 or
  // 303 must not turn into a GET (CALDAV-NOTES §5.4; RFC 6764 §5 allows 301, 303 and 307 for the
  // well-known URI).
  url_ = *next;
  ++redirects_;
  return Next::SendNow;
}

HttpRequestRun::Next HttpRequestRun::on_response(HttpResponse response) {
  const HttpOptions& options = client_.options;
  if (tried_ >= options.retries || !is_retried_status(response.status)) return finish(std::move(response));
  std::optional<std::chrono::milliseconds> wait = retry_after(response);
  // A server asking for more than the cap is answered with its own answer: the caller says when to try
  // again (the next cron run), instead of this run waiting for it.
  if (wait && *wait > options.max_retry_wait) return finish(std::move(response));
  if (!wait) wait = backoff(options, tried_);
  if (HttpClock::now() + *wait >= *deadline_) return finish(std::move(response));
  return schedule_retry(*wait);
}

HttpRequestRun::Next HttpRequestRun::on_transient(std::exception_ptr error) {
  // The network failed (refused, reset, timed out, stalled): every method may be tried again, since our
  // writes are conditional and a repeated one that took effect is refused (412), not applied twice.
  const HttpOptions& options = client_.options;
  if (tried_ >= options.retries) return fail(std::move(error));
  const auto wait = backoff(options, tried_);
  if (HttpClock::now() + wait >= *deadline_) return fail(std::move(error));
  return schedule_retry(wait);
}

HttpRequestRun::Next HttpRequestRun::schedule_retry(std::chrono::milliseconds wait) {
  ++tried_;
  url_.reset();
  redirects_ = 0;
  digest_resend_ = false;
  ready_at_ = HttpClock::now() + wait;
  return Next::WaitUntil;
}

HttpRequestRun::Next HttpRequestRun::finish(HttpResponse response) {
  outcome_.response = std::move(response);
  done_ = true;
  return Next::Done;
}

HttpRequestRun::Next HttpRequestRun::fail(std::exception_ptr error) {
  outcome_.error = std::move(error);
  done_ = true;
  return Next::Done;
}

}  // namespace followup::sync
