#include "sync/caldav_storage.hpp"

#include <algorithm>
#include <set>

#include "sync/caldav_request_support.hpp"
#include "sync/caldav_requests.hpp"
#include "sync/dav_href.hpp"
#include "sync/dav_request_bodies.hpp"
#include "sync/href.hpp"
#include "sync/http_url.hpp"

namespace followup::sync {
namespace {

std::string path_of(const std::string& url) {
  const auto parsed = parse_http_url(url);
  if (!parsed) throw BadInput("caldav: not an http(s) URL: " + url);
  return parsed->path.empty() ? "/" : parsed->path;
}

// RFC 4791 §5.3.4: a strong ETag after PUT means the server stored what we sent; a weak or missing one
// means it changed it (or, like Google, never says), so the version has to be read.
bool is_strong(const std::string& etag) { return !etag.empty() && etag.rfind("W/", 0) != 0; }

}  // namespace

CalDavStorage::CalDavStorage(std::string collection_url, HttpOptions options)
    : owned_client_(std::make_unique<HttpClient>(std::move(options))),
      client_(owned_client_.get()),
      collection_url_(with_trailing_slash(std::move(collection_url))),
      collection_path_(path_of(collection_url_)) {}

CalDavStorage::CalDavStorage(std::string collection_url, HttpClient& client)
    : client_(&client), collection_url_(with_trailing_slash(std::move(collection_url))), collection_path_(path_of(collection_url_)) {}

std::string CalDavStorage::url_of(const std::string& href) const { return resolve_href(collection_url_, href); }

// Only direct members of the collection: "", "../x.ics" and "sub/x.ics" name something else, which a
// store over one collection has nothing to say about (and must not send the server).
bool CalDavStorage::is_member(const std::string& href) const {
  if (href.empty()) return false;
  const std::string key = normalize_href_for_comparison(url_of(href));
  const std::string collection = normalize_href_for_comparison(collection_path_);
  const std::string prefix = collection == "/" ? collection : collection + "/";
  return key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0 &&
         key.find('/', prefix.size()) == std::string::npos;
}

std::vector<ItemRef> CalDavStorage::list() {
  const auto answer = propfind_etags(*client_, collection_url_, "1");
  const std::string collection = normalize_href_for_comparison(collection_path_);
  std::vector<ItemRef> refs;
  for (const auto& response : answer.responses) {
    if (response.href.empty() || normalize_href_for_comparison(response.href) == collection) continue;
    const auto* type = response.find(kDavNs, "resourcetype");
    if (type && type->has_element(kDavNs, "collection")) continue;  // sub-collections are not objects
    const auto* etag = response.find(kDavNs, "getetag");
    if (!etag) continue;  // a response with only 404 propstats: not an object we can version
    refs.push_back({response.href, etag->trimmed_text()});
  }
  return refs;
}

std::vector<StoredItem> CalDavStorage::get(const std::vector<std::string>& hrefs) {
  // Each member once, sent as an absolute path: relative hrefs in a REPORT body are resolved
  // differently by different servers, and the caller's spelling is what it gets back.
  std::vector<std::string> wanted;
  std::set<std::string> seen;
  for (const auto& href : hrefs)
    if (is_member(href) && seen.insert(normalize_href_for_comparison(url_of(href))).second) wanted.push_back(href);
  std::vector<StoredItem> items;
  constexpr std::size_t kBatch = 50;  // RFC 4791 §7.9 sets no limit; servers do (CALDAV-NOTES §2.2)
  for (std::size_t start = 0; start < wanted.size(); start += kBatch) {
    const std::vector<std::string> batch(wanted.begin() + static_cast<std::ptrdiff_t>(start),
                                         wanted.begin() + static_cast<std::ptrdiff_t>(std::min(start + kBatch, wanted.size())));
    for (auto& item : multiget(*client_, collection_url_, batch)) items.push_back(std::move(item));
  }
  return items;
}

std::string CalDavStorage::href_for(std::string_view uid) const { return collection_path_ + file_name_for_uid(uid); }

HttpResponse CalDavStorage::put(const std::string& url, const std::string& ics, const HttpHeaders& condition) {
  HttpRequest request{"PUT", url, condition, ics};
  // RFC 4791 §5.3.2; the charset because UTF-8 text must not be read as Latin-1 (CALDAV-NOTES §3.1 item 9).
  request.headers.emplace_back("Content-Type", "text/calendar; charset=utf-8");
  return client_->perform(request);
}

WrittenVersion CalDavStorage::version_after_put(const std::string& href, const std::string& url,
                                                const HttpResponse& response) {
  const std::string etag = response.header("ETag");
  if (is_strong(etag)) return {{href, etag}, true};
  const auto reread = read_etag(*client_, url);
  return {{href, reread.empty() ? etag : reread}, false};
}

// Whether anything is at `url`, by PROPFIND Depth 0 (RFC 4918 §9.1): 404 or 410 mean free, and so does
// a 207 whose responses all say 404 (a server may answer that way). Anything else that is not an error
// counts as occupied: nothing proves the href free, and the point is not to overwrite.
bool CalDavStorage::occupied(const std::string& url) {
  const HttpRequest request{"PROPFIND", url, {{"Depth", "0"}, {"Content-Type", kXmlType}},
                            propfind_body({{std::string(kDavNs), "getetag"}})};
  const HttpResponse response = client_->perform(request);
  if (response.status == 404 || response.status == 410) return false;
  if (response.status != 207) throw_for_status("PROPFIND", url, response);
  const auto answer = parse_multistatus(response.body, request_for_messages("PROPFIND", url));
  for (const auto& found : answer.responses)
    if (found.status != 404 && found.status != 410) return true;
  return answer.responses.empty();
}

ItemRef CalDavStorage::create(std::string_view uid, const std::string& ics) { return create_object(uid, ics).ref; }

ItemRef CalDavStorage::update(const ItemRef& ref, const std::string& ics) { return update_object(ref, ics).ref; }

WrittenVersion CalDavStorage::create_object(std::string_view uid, const std::string& ics) {
  const std::string href = href_for(uid);
  const std::string url = url_of(href);
  const auto conflict = [&](const std::optional<std::string>& existing) -> AlreadyExists {
    const std::string at = existing && !existing->empty() ? *existing : href;
    return AlreadyExists(describe() + ": an object with UID " + std::string(uid) + " exists at " + at);
  };
  // Google overwrites despite If-None-Match (CALDAV-NOTES §3.1 item 2, §4.1), so there we look first.
  // Another client may still create the object between the look and the PUT; nothing closes that gap on
  // such a server, but a follow-up's href is ours alone.
  if (quirks_.ignores_if_none_match && occupied(url)) throw conflict(std::nullopt);
  // If-None-Match: * makes the PUT fail with 412 when anything is at the href (RFC 9110 §13.1.2).
  const HttpResponse response = put(url, ics, {{"If-None-Match", "*"}});
  if (response.status == 207) {
    // Xandikos reports failed PUTs as 207 (CALDAV-NOTES §3.1 item 4): never a success.
    const auto answer = parse_multistatus(response.body, request_for_messages("PUT", url));
    if (const auto existing = uid_conflict_href(answer)) throw conflict(existing);
    throw BadInput(request_for_messages("PUT", url) + ": HTTP 207: " + multistatus_reason(answer));
  }
  if (is_2xx(response.status)) return version_after_put(href, url, response);
  if (response.status == 412) throw conflict(std::nullopt);
  // Same UID under another name: Radicale 409 no-uid-conflict, Cyrus 403 unique-scheduling-object-
  // resource with the existing href (CALDAV-NOTES §3.1 item 8).
  if (response.status == 409 || response.status == 403)
    if (const auto existing = uid_conflict_href(parse_dav_error(response.body))) throw conflict(existing);
  throw_for_status("PUT", url, response);
}

WrittenVersion CalDavStorage::update_object(const ItemRef& ref, const std::string& ics) {
  const std::string url = url_of(ref.href);
  // The ETag exactly as received: all four test servers answer 412 to an unquoted one.
  const HttpResponse response = put(url, ics, {{"If-Match", ref.etag}});
  if (response.status == 207) {
    const auto answer = parse_multistatus(response.body, request_for_messages("PUT", url));
    throw BadInput(request_for_messages("PUT", url) + ": HTTP 207: " + multistatus_reason(answer));
  }
  // Radicale answers an overwrite with 201, the others with 204 (CALDAV-NOTES §7.2).
  if (is_2xx(response.status)) return version_after_put(ref.href, url, response);
  // 412: changed since read; 404/410: deleted since read (RFC 9110 §13.1.1: If-Match fails without a
  // current representation, some servers say 404 instead).
  if (response.status == 412 || response.status == 404 || response.status == 410)
    throw VersionMismatch(describe() + ": " + ref.href + " changed on the server (HTTP " +
                          std::to_string(response.status) + ")");
  throw_for_status("PUT", url, response);
}

void CalDavStorage::remove(const ItemRef& ref) {
  const std::string url = url_of(ref.href);
  const HttpResponse response = client_->perform({"DELETE", url, {{"If-Match", ref.etag}}, {}});
  if (response.status == 207) {
    // RFC 4918 §9.6.1: a 207 to DELETE lists what could not be deleted, so for one object it is a
    // failure, never a success (as a 207 to PUT is on Xandikos, CALDAV-NOTES §3.1 item 4).
    const auto answer = parse_multistatus(response.body, request_for_messages("DELETE", url));
    throw BadInput(request_for_messages("DELETE", url) + ": HTTP 207: " + multistatus_reason(answer));
  }
  if (is_2xx(response.status)) return;  // Radicale 200, the others 204
  if (response.status == 412 || response.status == 404 || response.status == 410)
    throw VersionMismatch(describe() + ": " + ref.href + " changed on the server (HTTP " +
                          std::to_string(response.status) + ")");
  throw_for_status("DELETE", url, response);
}

}  // namespace followup::sync
