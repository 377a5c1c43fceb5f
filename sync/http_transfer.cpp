#include "sync/http_transfer.hpp"

#include <algorithm>
#include <string_view>

#include "rules/ascii_text.hpp"
#include "sync/http_curl_handles.hpp"
#include "sync/http_failure.hpp"
#include "sync/http_response_collector.hpp"

namespace followup::sync {
namespace {

void check(CURLcode code, const char* what) {
  if (code != CURLE_OK) throw Error(std::string("HTTP: libcurl refused ") + what + ": " + curl_easy_strerror(code));
}

long milliseconds(std::chrono::milliseconds duration) {
  return static_cast<long>(std::max<std::chrono::milliseconds::rep>(duration.count(), 1));
}

bool has_header(const HttpHeaders& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return rules::lower_ascii(header.first) == rules::lower_ascii(name); });
}

// Headers that carry credentials, which must not follow a redirect to another origin.
bool is_credential_header(std::string_view name) {
  const std::string lower = rules::lower_ascii(name);
  return lower == "authorization" || lower == "cookie" || lower == "proxy-authorization";
}

bool sends_body(const HttpHop& hop) { return !hop.body.empty() || hop.method == "PUT" || hop.method == "POST"; }

CurlSlist header_list(const HttpOptions& options, const HttpHop& hop) {
  CurlSlist list;
  for (const auto& [name, value] : hop.headers) {
    if (!hop.with_credentials && is_credential_header(name)) continue;
    // "Name:" would make libcurl drop its own header of that name; "Name;" sends it empty.
    append_header_line(list, value.empty() ? name + ";" : name + ": " + value);
  }
  if (hop.with_credentials && hop.auth == HttpOptions::Auth::Bearer && !has_header(hop.headers, "Authorization"))
    append_header_line(list, "Authorization: Bearer " + options.bearer_token);
  // No "Expect: 100-continue" round trip: some servers never answer it, and bodies here are small.
  append_header_line(list, "Expect:");
  // libcurl would label a body application/x-www-form-urlencoded.
  if (sends_body(hop) && !has_header(hop.headers, "Content-Type")) append_header_line(list, "Content-Type:");
  return list;
}

void set_method_and_body(CURL* easy, const HttpHop& hop) {
  check(curl_easy_setopt(easy, CURLOPT_NOBODY, 0L), "NOBODY");
  if (hop.method == "HEAD") {
    check(curl_easy_setopt(easy, CURLOPT_NOBODY, 1L), "NOBODY");
    check(curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, nullptr), "CUSTOMREQUEST");
  } else if (!sends_body(hop)) {
    check(curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L), "HTTPGET");
    check(curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, hop.method == "GET" ? nullptr : hop.method.c_str()),
          "CUSTOMREQUEST");
  } else {
    // The body from memory, so that libcurl can send it again after an authentication challenge
    // (CALDAV-NOTES §5.2: bodies must be replayable).
    check(curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(hop.body.size())),
          "POSTFIELDSIZE_LARGE");
    check(curl_easy_setopt(easy, CURLOPT_POSTFIELDS, hop.body.data()), "POSTFIELDS");
    check(curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, hop.method == "POST" ? nullptr : hop.method.c_str()),
          "CUSTOMREQUEST");
  }
}

unsigned long curl_auth_mask(HttpOptions::Auth auth) {
  switch (auth) {
    case HttpOptions::Auth::Basic:
      return CURLAUTH_BASIC;
    case HttpOptions::Auth::Digest:
      return CURLAUTH_DIGEST;
    case HttpOptions::Auth::BasicOrDigest:
      return CURLAUTH_BASIC | CURLAUTH_DIGEST;
    case HttpOptions::Auth::BasicThenDigest:  // decided per hop by the client; Basic if it was not
      return CURLAUTH_BASIC;
    case HttpOptions::Auth::None:
    case HttpOptions::Auth::Bearer:
      break;
  }
  return CURLAUTH_NONE;
}

void set_credentials(CURL* easy, const HttpOptions& options, const HttpHop& hop) {
  const unsigned long mask = hop.with_credentials ? curl_auth_mask(hop.auth) : CURLAUTH_NONE;
  if (mask == CURLAUTH_NONE) {
    // A null user name: libcurl sends no Authorization of its own.
    check(curl_easy_setopt(easy, CURLOPT_USERNAME, nullptr), "USERNAME");
    check(curl_easy_setopt(easy, CURLOPT_PASSWORD, nullptr), "PASSWORD");
    check(curl_easy_setopt(easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC), "HTTPAUTH");
    return;
  }
  check(curl_easy_setopt(easy, CURLOPT_USERNAME, options.username.c_str()), "USERNAME");
  check(curl_easy_setopt(easy, CURLOPT_PASSWORD, options.password.c_str()), "PASSWORD");
  check(curl_easy_setopt(easy, CURLOPT_HTTPAUTH, mask), "HTTPAUTH");
}

}  // namespace

void set_client_options(CURL* easy, const HttpOptions& options, char* error_buffer) {
  check(curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer), "ERRORBUFFER");
  // No signals: cron may run several clients, and a timed-out DNS lookup must not longjmp.
  check(curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L), "NOSIGNAL");
  check(curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https"), "PROTOCOLS_STR");
  check(curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"), "REDIR_PROTOCOLS_STR");
  // Redirects are followed by the client itself, one exchange per hop (CALDAV-NOTES §5.4), and
  // credentials are its business; libcurl's own checks stay on in case.
  check(curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L), "FOLLOWLOCATION");
  check(curl_easy_setopt(easy, CURLOPT_UNRESTRICTED_AUTH, 0L), "UNRESTRICTED_AUTH");
  // HTTP/2 only where TLS negotiates it (ALPN), never by upgrading a clear-text connection: the many
  // requests of a sync then share one connection as streams (issue #7). Where multiplexing broke
  // authentication (Baikal, DAViCal: CALDAV-NOTES §4.6, §4.8) the batch turns it off (HttpBatchOptions).
  check(curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                         static_cast<long>(options.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1)),
        "HTTP_VERSION");
  check(curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, ""), "ACCEPT_ENCODING");
  check(curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str()), "USERAGENT");

  check(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, options.insecure ? 0L : 1L), "SSL_VERIFYPEER");
  check(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, options.insecure ? 0L : 2L), "SSL_VERIFYHOST");
  if (!options.ca_file.empty()) check(curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_file.c_str()), "CAINFO");

  check(curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second), "LOW_SPEED_LIMIT");
  check(curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_time.count())),
        "LOW_SPEED_TIME");
  // Refuses at once a response whose Content-Length is over the cap; the body callback catches the rest.
  check(curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_response_bytes)),
        "MAXFILESIZE_LARGE");
  check(curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect_body), "WRITEFUNCTION");
  check(curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, collect_header), "HEADERFUNCTION");
}

void prepare_exchange(CURL* easy, const HttpOptions& options, const HttpHop& hop, HopTransfer& transfer,
                      char* error_buffer) {
  transfer.collector = ResponseCollector{};
  transfer.collector.limit = options.max_response_bytes;
  transfer.responses = 0;
  transfer.collector.responses = &transfer.responses;
  transfer.headers = header_list(options, hop);

  check(curl_easy_setopt(easy, CURLOPT_URL, hop.url.text.c_str()), "URL");
  set_method_and_body(easy, hop);
  set_credentials(easy, options, hop);
  check(curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.headers.get()), "HTTPHEADER");
  // Over TLS, requests started together wait for the first connection to say (ALPN) whether it
  // multiplexes, instead of each opening its own. Never over plain http, which is HTTP/1.1 here: there
  // they would wait for the connection to be free, one at a time.
  check(curl_easy_setopt(easy, CURLOPT_PIPEWAIT, options.http2 && hop.url.scheme == "https" ? 1L : 0L), "PIPEWAIT");
  check(curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, milliseconds(hop.time_left)), "TIMEOUT_MS");
  check(curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                         milliseconds(std::min(options.connect_timeout, hop.time_left))),
        "CONNECTTIMEOUT_MS");
  check(curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer.collector), "WRITEDATA");
  check(curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer.collector), "HEADERDATA");
  error_buffer[0] = '\0';
}

void detach_exchange(CURL* easy) noexcept {
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, nullptr);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, nullptr);
}

namespace {

std::string version_text(long version) {
  switch (version) {
    case CURL_HTTP_VERSION_1_0:
      return "1.0";
    case CURL_HTTP_VERSION_1_1:
      return "1.1";
    case CURL_HTTP_VERSION_2_0:
      return "2";
    case CURL_HTTP_VERSION_3:
      return "3";
    default:
      return "";
  }
}

}  // namespace

HttpResponse finish_exchange(CURL* easy, CURLcode code, const HttpOptions& options, const HttpHop& hop,
                             HopTransfer& transfer, const char* error_buffer) {
  detach_exchange(easy);
  transfer.headers.reset();
  if (code != CURLE_OK)
    throw_transfer_failure(code, error_buffer, transfer.collector.too_large, hop.method, hop.url, options);

  HttpResponse response = std::move(transfer.collector.response);
  check(curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status), "RESPONSE_CODE");
  long version = 0;
  check(curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version), "HTTP_VERSION");
  response.http_version = version_text(version);
  response.effective_url = hop.url.text;
  return response;
}

}  // namespace followup::sync
