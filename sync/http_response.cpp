#include "sync/http_client.hpp"

#include "rules/ascii_text.hpp"

namespace followup::sync {

std::string HttpResponse::header(std::string_view name) const {
  const std::string wanted = rules::lower_ascii(name);
  std::string joined;
  bool found = false;
  for (const auto& [header_name, value] : headers) {
    if (rules::lower_ascii(header_name) != wanted) continue;
    if (found) joined += ", ";
    joined += value;
    found = true;
  }
  return joined;
}

}  // namespace followup::sync
