#include "sync/http_response_collector.hpp"

#include <string_view>

#include "rules/ascii_text.hpp"

namespace followup::sync {

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& collector = *static_cast<ResponseCollector*>(user);
  const std::size_t bytes = size * count;
  if (!collector.fits(bytes)) {
    // Any other count than `bytes` makes libcurl abort the transfer: memory stays bounded.
    collector.too_large = true;
    return 0;
  }
  collector.response.body.append(data, bytes);
  return bytes;
}

namespace {

long status_code_of(std::string_view status_line) {
  // "HTTP/1.1 207 Multi-Status"
  const auto space = status_line.find(' ');
  if (space == std::string_view::npos || status_line.size() < space + 4) return 0;
  long code = 0;
  for (const char c : status_line.substr(space + 1, 3)) {
    if (c < '0' || c > '9') return 0;
    code = code * 10 + (c - '0');
  }
  return code;
}

}  // namespace

std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& collector = *static_cast<ResponseCollector*>(user);
  const std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);

  if (line.starts_with("HTTP/")) {
    collector.response.headers.clear();
    collector.response.body.clear();
    collector.header_bytes = 0;
    if (status_code_of(line) >= 200) ++*collector.responses;
  }
  if (!collector.fits(bytes)) {
    collector.too_large = true;
    return 0;
  }
  collector.header_bytes += bytes;

  auto& headers = collector.response.headers;
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // An obsolete folded continuation line (RFC 9110 §5.5): part of the previous value.
    if (!headers.empty()) {
      headers.back().second += ' ';
      headers.back().second += rules::trim(line);
    }
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return bytes;  // the status line, the blank line
  headers.emplace_back(std::string(line.substr(0, colon)), std::string(rules::trim(line.substr(colon + 1))));
  return bytes;
}

}  // namespace followup::sync
