#include "sync/caldav_requests.hpp"

#include <map>

#include "sync/caldav_errors.hpp"
#include "sync/caldav_request_support.hpp"
#include "sync/dav_href.hpp"
#include "sync/dav_request_bodies.hpp"
#include "sync/http_url.hpp"

namespace followup::sync {

DavMultistatus propfind_etags(HttpClient& client, const std::string& url, const std::string& depth) {
  const HttpRequest request{"PROPFIND", url, {{"Depth", depth}, {"Content-Type", kXmlType}},
                            propfind_body({{std::string(kDavNs), "getetag"}, {std::string(kDavNs), "resourcetype"}})};
  return expect_multistatus(client, request);
}

std::string read_etag(HttpClient& client, const std::string& url) {
  for (const auto& response : propfind_etags(client, url, "0").responses)
    if (const auto* etag = response.find(kDavNs, "getetag")) return etag->trimmed_text();
  return {};
}

std::vector<StoredItem> multiget(HttpClient& client, const std::string& collection_url,
                                 const std::vector<std::string>& hrefs) {
  std::map<std::string, std::string> caller_href;  // by comparison key
  std::vector<std::string> paths;
  for (const auto& href : hrefs) {
    const std::string url = resolve_href(collection_url, href);
    caller_href.emplace(normalize_href_for_comparison(url), href);
    const auto parsed = parse_http_url(url);
    paths.push_back(parsed ? parsed->path : url);
  }
  // Depth 1 although RFC 4791 §7.9 says the REPORT ignores it: Zoho answers nothing without it.
  const HttpRequest request{
      "REPORT", collection_url, {{"Depth", "1"}, {"Content-Type", kXmlType}}, calendar_multiget_body(paths)};
  std::vector<StoredItem> items;
  for (const auto& response : expect_multistatus(client, request).responses) {
    if (response.status != 0 && (response.status < 200 || response.status >= 300)) continue;  // 404: not there
    const auto it = caller_href.find(normalize_href_for_comparison(response.href));
    const auto* data = response.find(kCalDavNs, "calendar-data");
    const auto* etag = response.find(kDavNs, "getetag");
    if (it == caller_href.end() || !data || !etag) continue;
    items.push_back({{it->second, etag->trimmed_text()}, with_crlf(data->text)});
  }
  return items;
}

std::string multistatus_reason(const DavMultistatus& answer) {
  std::string reason;
  const auto add = [&](const std::string& text) {
    if (text.empty()) return;
    if (!reason.empty()) reason += "; ";
    reason += text;
  };
  for (const auto& response : answer.responses) {
    if (response.status != 0) add("HTTP " + std::to_string(response.status));
    for (const auto& condition : response.errors) add(condition.name);
    add(response.description);
    for (const auto& propstat : response.propstats) {
      if (propstat.ok()) continue;
      add("HTTP " + std::to_string(propstat.status));
      for (const auto& condition : propstat.errors) add(condition.name);
      add(propstat.description);
    }
  }
  for (char& c : reason)
    if (c == '\n' || c == '\r') c = ' ';
  return reason.empty() ? "no reason given" : reason;
}

}  // namespace followup::sync
