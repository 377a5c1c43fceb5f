#include "sync/caldav_reports.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string_view>

#include "sync/caldav_errors.hpp"
#include "sync/caldav_request_support.hpp"
#include "sync/dav_href.hpp"
#include "sync/dav_request_bodies.hpp"

namespace followup::sync {
namespace {

// A server that answers "truncated" with a new token every time would keep a cron run here forever.
constexpr std::size_t kMaxSyncPages = 10000;


// Identifies the collection itself and its members however the server spells their hrefs.
class CollectionHrefs {
 public:
  explicit CollectionHrefs(const std::string& collection_url)
      : url_(collection_url), own_(normalize_href_for_comparison(collection_url)) {}

  std::string key(const std::string& href) const { return normalize_href_for_comparison(resolve_href(url_, href)); }
  bool is_collection_itself(const std::string& href) const { return key(href) == own_; }

 private:
  std::string url_;
  std::string own_;
};

bool is_sub_collection(const DavResponse& response) {
  const DavProperty* type = response.find(kDavNs, "resourcetype");
  return type && type->has_element(kDavNs, "collection");
}

// The members a sync reports, in the order first seen; a later page's word on a member replaces an
// earlier one (it changed again, or went, while the pages were read).
class SyncMembers {
 public:
  void changed(const std::string& key, const ItemRef& ref) { at(key) = {ref, false}; }
  void removed(const std::string& key, const std::string& href) { at(key) = {{href, {}}, true}; }

  void move_into(SyncCollectionResult& result) {
    for (auto& entry : entries_) {
      if (entry.gone)
        result.removed.push_back(std::move(entry.ref.href));
      else
        result.changed.push_back(std::move(entry.ref));
    }
  }

 private:
  struct Entry {
    ItemRef ref;
    bool gone = false;
  };
  Entry& at(const std::string& key) {
    const auto [found, added] = index_.emplace(key, entries_.size());
    if (added) entries_.emplace_back();
    return entries_[found->second];
  }

  std::map<std::string, std::size_t> index_;
  std::vector<Entry> entries_;
};

// Reads one page of a sync-collection answer into `members`; true when the server says it truncated the
// page: a 507 response for the request URI with DAV:number-of-matches-within-limits (RFC 6578 §3.6).
bool read_sync_page(const DavMultistatus& answer, const CollectionHrefs& hrefs, SyncMembers& members) {
  bool truncated = false;
  for (const DavResponse& response : answer.responses) {
    if (response.href.empty()) continue;  // nothing to name (iCloud, CALDAV-NOTES §2.2)
    const bool itself = hrefs.is_collection_itself(response.href);
    const bool over_limit = std::any_of(response.errors.begin(), response.errors.end(), [](const DavCondition& c) {
      return c.is(kDavNs, "number-of-matches-within-limits");
    });
    if (response.status == 507 && (itself || over_limit)) {
      truncated = true;
      continue;
    }
    if (itself) continue;
    // Deleted members come as a bare 404 (CALDAV-NOTES §2.3), even in an initial sync on Radicale: the
    // caller ignores the hrefs it does not know.
    if (response.status == 404) {
      members.removed(hrefs.key(response.href), response.href);
      continue;
    }
    if (response.status != 0 && !is_2xx(response.status)) continue;  // nothing the caller can act on
    if (is_sub_collection(response)) continue;
    // Only getetag is asked for, and collections have none: a member without one is not an object.
    const DavProperty* etag = response.find(kDavNs, "getetag");
    if (!etag) continue;
    members.changed(hrefs.key(response.href), {response.href, etag->trimmed_text()});
  }
  return truncated;
}

// CALDAV-NOTES §2.3: servers refuse an unknown token with 403, 412, 400 or 500, so the status alone is
// not the sign. Not a token problem: credentials (401, or 403 without a precondition: Google's rate
// limit) and load (429, 503), which a full sync would not cure.
bool refuses_token(const HttpResponse& response, const DavErrorBody& error) {
  if (error.has(kDavNs, "valid-sync-token")) return true;
  const long status = response.status;
  if (status == 401 || status == 429 || status == 503) return false;
  if (status == 403 && error.conditions.empty()) return false;
  return status >= 400 && status < 600;
}

[[noreturn]] void throw_sync_failure(const HttpRequest& request, const HttpResponse& response,
                                     const std::string& token_sent) {
  const DavErrorBody error = parse_dav_error(response.body);
  if (!token_sent.empty() && refuses_token(response, error)) {
    std::string message = request_for_messages(request.method, request.url) + ": HTTP " + std::to_string(response.status);
    for (const DavCondition& condition : error.conditions) message += " " + condition.name;
    throw SyncTokenRejected(message + ": the sync token was refused");
  }
  throw_for_status(request.method, request.url, response);
}

CalendarComponent component_named(std::string_view component) {
  if (component == "VEVENT") return CalendarComponent::Event;
  if (component == "VTODO") return CalendarComponent::Todo;
  throw std::invalid_argument("calendar-query: no query for component \"" + std::string(component) + "\"");
}

}  // namespace

SyncCollectionResult sync_collection(HttpClient& client, const std::string& collection_url, const std::string& token,
                                     std::size_t page_size) {
  const CollectionHrefs hrefs(collection_url);
  const std::string what = request_for_messages("REPORT", collection_url);
  SyncCollectionResult result;
  SyncMembers members;
  std::string token_sent = token;
  // RFC 6578 §3.2 asks for Depth 0; some servers still want 1 (Thunderbird sends it), so a 400 to
  // Depth 0 is tried once more with Depth 1 (CALDAV-NOTES §2.3). A view of a literal, never a string
  // assigned to: GCC 12 at -O3 warns falsely (-Wrestrict) on assigning a literal to a std::string.
  std::string_view depth = "0";
  for (;;) {
    if (result.pages == kMaxSyncPages)
      throw BadInput(what + ": still truncated after " + std::to_string(kMaxSyncPages) + " requests");
    const HttpRequest request{
        "REPORT", collection_url, {{"Depth", std::string(depth)}, {"Content-Type", kXmlType}},
        sync_collection_body(token_sent, page_size)};
    const HttpResponse response = client.perform(request);
    ++result.pages;
    if (response.status == 400 && depth == "0" && !parse_dav_error(response.body).has(kDavNs, "valid-sync-token")) {
      depth = "1";
      continue;
    }
    // Mailspring has seen the 507 as the status of the whole answer, its body the truncated multistatus.
    if (response.status != 207 && response.status != 507) throw_sync_failure(request, response, token_sent);
    const DavMultistatus answer = parse_multistatus(response.body, what);
    const bool truncated = read_sync_page(answer, hrefs, members) || response.status == 507;
    result.token = answer.sync_token;
    if (!truncated) break;
    // The partial token is where the next page starts; without a new one the same page would come back.
    if (answer.sync_token.empty() || answer.sync_token == token_sent)
      throw BadInput(what + ": HTTP " + std::to_string(response.status) +
                     ": the answer is truncated but carries no new sync-token to go on from");
    token_sent = answer.sync_token;
  }
  members.move_into(result);
  return result;
}

namespace {

std::vector<StoredItem> query_objects(HttpClient& client, const std::string& collection_url, std::string body) {
  const CollectionHrefs hrefs(collection_url);
  // Depth 1: RFC 4791 §7.8 reads a missing Depth as 0, which matches only the collection (CALDAV-NOTES §2.2).
  const HttpRequest request{"REPORT", collection_url, {{"Depth", "1"}, {"Content-Type", kXmlType}}, std::move(body)};
  std::vector<StoredItem> items;
  for (const DavResponse& response : expect_multistatus(client, request).responses) {
    if (response.href.empty() || hrefs.is_collection_itself(response.href)) continue;
    if (response.status != 0 && !is_2xx(response.status)) continue;  // 404: gone while the query ran
    if (is_sub_collection(response)) continue;
    const DavProperty* etag = response.find(kDavNs, "getetag");
    if (!etag) continue;  // not an object that can be versioned (as CalDavStorage::list())
    const DavProperty* data = response.find(kCalDavNs, "calendar-data");
    items.push_back({{response.href, etag->trimmed_text()}, data ? with_crlf(data->text) : std::string()});
  }
  return items;
}

}  // namespace

std::vector<StoredItem> calendar_query(HttpClient& client, const std::string& collection_url,
                                       std::string_view component, SysSeconds start, SysSeconds end) {
  return query_objects(client, collection_url,
                       calendar_query_body(component_named(component), UtcTimeRange{start, end}, true));
}

std::vector<StoredItem> calendar_query_defining(HttpClient& client, const std::string& collection_url,
                                                std::string_view component, std::string_view property) {
  return query_objects(client, collection_url,
                       calendar_query_body(component_named(component), std::nullopt, true, property));
}

}  // namespace followup::sync
