#include "sync/caldav_request_support.hpp"

#include <cstddef>

#include "sync/caldav_errors.hpp"

namespace followup::sync {

DavMultistatus expect_multistatus(HttpClient& client, const HttpRequest& request) {
  const HttpResponse response = client.perform(request);
  if (response.status != 207) throw_for_status(request.method, request.url, response);
  return parse_multistatus(response.body, request_for_messages(request.method, request.url));
}

std::string with_crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

}  // namespace followup::sync
