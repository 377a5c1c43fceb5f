#include "sync/http_url.hpp"

#include <curl/curl.h>

#include <memory>

#include "rules/ascii_text.hpp"

namespace followup::sync {
namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* url) const noexcept { curl_url_cleanup(url); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

std::optional<std::string> url_part(CURLU* url, CURLUPart part, unsigned int flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || !value) return std::nullopt;
  std::string text = value;
  curl_free(value);
  return text;
}

}  // namespace

std::string HttpUrl::for_messages() const {
  const bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  return scheme + "://" + host + (default_port ? "" : ":" + std::to_string(port)) + path;
}

std::optional<HttpUrl> parse_http_url(const std::string& url) {
  const CurlUrl handle{curl_url()};
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return std::nullopt;
  const auto scheme = url_part(handle.get(), CURLUPART_SCHEME);
  const auto host = url_part(handle.get(), CURLUPART_HOST);
  const auto port = url_part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || !host || !port || host->empty()) return std::nullopt;
  HttpUrl parts;
  parts.text = url;
  parts.scheme = rules::lower_ascii(*scheme);
  if (parts.scheme != "http" && parts.scheme != "https") return std::nullopt;
  parts.host = rules::lower_ascii(*host);
  try {
    parts.port = std::stol(*port);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  parts.path = url_part(handle.get(), CURLUPART_PATH).value_or("/");
  return parts;
}

}  // namespace followup::sync
