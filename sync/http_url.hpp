#pragma once
// The parts of an http(s) URL that decide where credentials may go (scheme, host, port: the origin of
// RFC 6454) and how a URL is named in messages. Private to the HTTP client.
#include <optional>
#include <string>

namespace followup::sync {

struct HttpUrl {
  std::string text;    // the URL as given
  std::string scheme;  // "http" or "https"
  std::string host;    // lower case
  long port = 0;       // the scheme's default when none is given
  std::string path;    // without query and fragment

  bool same_origin(const HttpUrl& other) const {
    return scheme == other.scheme && host == other.host && port == other.port;
  }
  // "https://host:8443/dav/": no user name or password that may sit in the URL, no query.
  std::string for_messages() const;
};

// The URL's parts, or nothing when it is not an absolute http or https URL.
std::optional<HttpUrl> parse_http_url(const std::string& url);

}  // namespace followup::sync
