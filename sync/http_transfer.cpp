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

// Leaves no pointer into this exchange's memory in the handle once it is over.
struct HandleDetacher {
  CURL* easy;
  ~HandleDetacher() {
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, nullptr);
  }
};

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
  // HTTP/1.1: HTTP/2 multiplexing broke authentication on Baikal and DAViCal (CALDAV-NOTES §4.6, §4.8).
  check(curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)), "HTTP_VERSION");
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

HttpResponse exchange(CURL* easy, const HttpOptions& options, const HttpHop& hop, char* error_buffer,
                       std::size_t& responses) {
  ResponseCollector collector;
  collector.limit = options.max_response_bytes;
  collector.responses = &responses;
  const CurlSlist headers = header_list(options, hop);
  const HandleDetacher detacher{easy};

  check(curl_easy_setopt(easy, CURLOPT_URL, hop.url.text.c_str()), "URL");
  set_method_and_body(easy, hop);
  set_credentials(easy, options, hop);
  check(curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get()), "HTTPHEADER");
  check(curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, milliseconds(hop.time_left)), "TIMEOUT_MS");
  check(curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                         milliseconds(std::min(options.connect_timeout, hop.time_left))),
        "CONNECTTIMEOUT_MS");
  check(curl_easy_setopt(easy, CURLOPT_WRITEDATA, &collector), "WRITEDATA");
  check(curl_easy_setopt(easy, CURLOPT_HEADERDATA, &collector), "HEADERDATA");

  error_buffer[0] = '\0';
  const CURLcode code = curl_easy_perform(easy);
  if (code != CURLE_OK) throw_transfer_failure(code, error_buffer, collector.too_large, hop.method, hop.url, options);

  HttpResponse response = std::move(collector.response);
  check(curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status), "RESPONSE_CODE");
  response.effective_url = hop.url.text;
  return response;
}

}  // namespace followup::sync
