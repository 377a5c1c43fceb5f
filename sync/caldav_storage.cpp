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

HttpRequest CalDavStorage::write_request(const WriteOp& op) const {
  if (op.kind == WriteOp::Kind::Remove) return {"DELETE", url_of(op.ref.href), {{"If-Match", op.ref.etag}}, {}};
  // If-None-Match: * makes a create fail with 412 when anything is at the href (RFC 9110 §13.1.2); an
  // update carries the ETag exactly as received: all four test servers answer 412 to an unquoted one.
  HttpRequest request = op.kind == WriteOp::Kind::Create
                            ? HttpRequest{"PUT", url_of(href_for(op.uid)), {{"If-None-Match", "*"}}, op.ics}
                            : HttpRequest{"PUT", url_of(op.ref.href), {{"If-Match", op.ref.etag}}, op.ics};
  // RFC 4791 §5.3.2; the charset because UTF-8 text must not be read as Latin-1 (CALDAV-NOTES §3.1 item 9).
  request.headers.emplace_back("Content-Type", "text/calendar; charset=utf-8");
  return request;
}

std::string CalDavStorage::judge_write(const WriteOp& op, const HttpResponse& response) const {
  switch (op.kind) {
    case WriteOp::Kind::Create: {
      const std::string href = href_for(op.uid);
      return judge_create(op.uid, href, url_of(href), response);
    }
    case WriteOp::Kind::Update:
      return judge_update(op.ref, url_of(op.ref.href), response);
    case WriteOp::Kind::Remove:
      judge_remove(op.ref, url_of(op.ref.href), response);
      return {};
  }
  return {};
}

WrittenVersion CalDavStorage::version_after_put(const std::string& href, const std::string& url,
                                                const std::string& etag) {
  if (is_strong(etag)) return {{href, etag}, true};
  const auto reread = read_etag(*client_, url);
  return {{href, reread.empty() ? etag : reread}, false};
}

// Whether anything is at `url`, by PROPFIND Depth 0 (RFC 4918 §9.1): 404 or 410 mean free, and so does
// a 207 whose responses all say 404 (a server may answer that way). Anything else that is not an error
// counts as occupied: nothing proves the href free, and the point is not to overwrite.
namespace {

HttpRequest occupancy_request(const std::string& url) {
  return {"PROPFIND", url, {{"Depth", "0"}, {"Content-Type", kXmlType}}, propfind_body({{std::string(kDavNs), "getetag"}})};
}

bool judge_occupied(const std::string& url, const HttpResponse& response) {
  if (response.status == 404 || response.status == 410) return false;
  if (response.status != 207) throw_for_status("PROPFIND", url, response);
  const auto answer = parse_multistatus(response.body, request_for_messages("PROPFIND", url));
  for (const auto& found : answer.responses)
    if (found.status != 404 && found.status != 410) return true;
  return answer.responses.empty();
}

// The request read_etag() sends, and what its answer says.
HttpRequest etag_request(const std::string& url) {
  return {"PROPFIND", url, {{"Depth", "0"}, {"Content-Type", kXmlType}},
          propfind_body({{std::string(kDavNs), "getetag"}, {std::string(kDavNs), "resourcetype"}})};
}

std::string judge_etag(const HttpRequest& request, const HttpResponse& response) {
  if (response.status != 207) throw_for_status(request.method, request.url, response);
  for (const auto& found : parse_multistatus(response.body, request_for_messages(request.method, request.url)).responses)
    if (const auto* etag = found.find(kDavNs, "getetag")) return etag->trimmed_text();
  return {};
}

}  // namespace

bool CalDavStorage::occupied(const std::string& url) { return judge_occupied(url, client_->perform(occupancy_request(url))); }

ItemRef CalDavStorage::create(std::string_view uid, const std::string& ics) { return create_object(uid, ics).ref; }

ItemRef CalDavStorage::update(const ItemRef& ref, const std::string& ics) { return update_object(ref, ics).ref; }

WrittenVersion CalDavStorage::create_object(std::string_view uid, const std::string& ics) {
  const std::string href = href_for(uid);
  const std::string url = url_of(href);
  // Google overwrites despite If-None-Match (CALDAV-NOTES §3.1 item 2, §4.1), so there we look first.
  // Another client may still create the object between the look and the PUT; nothing closes that gap on
  // such a server, but a follow-up's href is ours alone.
  if (quirks_.ignores_if_none_match && occupied(url))
    throw AlreadyExists(describe() + ": an object with UID " + std::string(uid) + " exists at " + href);
  const WriteOp op{WriteOp::Kind::Create, std::string(uid), {}, ics};
  return version_after_put(href, url, judge_create(uid, href, url, client_->perform(write_request(op))));
}

std::string CalDavStorage::judge_create(std::string_view uid, const std::string& href, const std::string& url,
                                        const HttpResponse& response) const {
  const auto conflict = [&](const std::optional<std::string>& existing) -> AlreadyExists {
    const std::string at = existing && !existing->empty() ? *existing : href;
    return AlreadyExists(describe() + ": an object with UID " + std::string(uid) + " exists at " + at);
  };
  if (response.status == 207) {
    // Xandikos reports failed PUTs as 207 (CALDAV-NOTES §3.1 item 4): never a success.
    const auto answer = parse_multistatus(response.body, request_for_messages("PUT", url));
    if (const auto existing = uid_conflict_href(answer)) throw conflict(existing);
    throw BadInput(request_for_messages("PUT", url) + ": HTTP 207: " + multistatus_reason(answer));
  }
  if (is_2xx(response.status)) return response.header("ETag");
  if (response.status == 412) throw conflict(std::nullopt);
  // Same UID under another name: Radicale 409 no-uid-conflict, Cyrus 403 unique-scheduling-object-
  // resource with the existing href (CALDAV-NOTES §3.1 item 8).
  if (response.status == 409 || response.status == 403)
    if (const auto existing = uid_conflict_href(parse_dav_error(response.body))) throw conflict(existing);
  throw_for_status("PUT", url, response);
}

WrittenVersion CalDavStorage::update_object(const ItemRef& ref, const std::string& ics) {
  const std::string url = url_of(ref.href);
  const WriteOp op{WriteOp::Kind::Update, {}, ref, ics};
  return version_after_put(ref.href, url, judge_update(ref, url, client_->perform(write_request(op))));
}

std::string CalDavStorage::judge_update(const ItemRef& ref, const std::string& url, const HttpResponse& response) const {
  if (response.status == 207) {
    const auto answer = parse_multistatus(response.body, request_for_messages("PUT", url));
    throw BadInput(request_for_messages("PUT", url) + ": HTTP 207: " + multistatus_reason(answer));
  }
  // Radicale answers an overwrite with 201, the others with 204 (CALDAV-NOTES §7.2).
  if (is_2xx(response.status)) return response.header("ETag");
  // 412: changed since read; 404/410: deleted since read (RFC 9110 §13.1.1: If-Match fails without a
  // current representation, some servers say 404 instead).
  if (response.status == 412 || response.status == 404 || response.status == 410)
    throw VersionMismatch(describe() + ": " + ref.href + " changed on the server (HTTP " +
                          std::to_string(response.status) + ")");
  throw_for_status("PUT", url, response);
}

void CalDavStorage::remove(const ItemRef& ref) {
  const WriteOp op{WriteOp::Kind::Remove, {}, ref, {}};
  judge_remove(ref, url_of(ref.href), client_->perform(write_request(op)));
}

void CalDavStorage::judge_remove(const ItemRef& ref, const std::string& url, const HttpResponse& response) const {
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

HttpBatchOptions CalDavStorage::batch_options() const {
  std::size_t parallel = client_->parallel_requests();
  if (quirks_.max_parallel_requests > 0) parallel = std::min(parallel, quirks_.max_parallel_requests);
  return {.max_parallel = parallel, .multiplex = !quirks_.no_multiplexing};
}

std::vector<WriteOutcome> CalDavStorage::write_all(const std::vector<WriteOp>& ops, const WriteDone& done) {
  std::vector<WriteOutcome> outcomes;
  outcomes.reserve(ops.size());
  for (auto& written : write_objects(ops, done ? [&](std::size_t index, const WrittenOutcome& outcome) {
         done(index, WriteOutcome{outcome.version.ref, outcome.error});
       } : WrittenDone{}))
    outcomes.push_back({std::move(written.version.ref), std::move(written.error)});
  return outcomes;
}

// Up to three rounds, each a batch: the look before a create where the server ignores If-None-Match,
// the writes, and the versions of what was stored without a strong ETag. An op is over (and `done` told)
// in the round that decides it.
std::vector<WrittenOutcome> CalDavStorage::write_objects(const std::vector<WriteOp>& ops, const WrittenDone& done) {
  const HttpBatchOptions batch = batch_options();
  std::vector<WrittenOutcome> outcomes(ops.size());
  const auto over = [&](std::size_t index) {
    if (done) done(index, outcomes[index]);
  };
  const auto failed = [&](std::size_t index, std::exception_ptr error) {
    outcomes[index].error = std::move(error);
    over(index);
  };

  std::vector<std::size_t> to_write;
  if (quirks_.ignores_if_none_match) {
    std::vector<std::size_t> to_look;
    std::vector<HttpRequest> looks;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (ops[i].kind != WriteOp::Kind::Create) continue;
      to_look.push_back(i);
      looks.push_back(occupancy_request(url_of(href_for(ops[i].uid))));
    }
    std::vector<bool> free(ops.size(), true);
    client_->perform_all(looks, batch, [&](std::size_t n, HttpOutcome& outcome) {
      const std::size_t i = to_look[n];
      try {
        if (judge_occupied(looks[n].url, outcome.value()))
          throw AlreadyExists(describe() + ": an object with UID " + ops[i].uid + " exists at " + href_for(ops[i].uid));
      } catch (...) {
        free[i] = false;
        failed(i, std::current_exception());
      }
    });
    for (std::size_t i = 0; i < ops.size(); ++i)
      if (free[i]) to_write.push_back(i);
  } else {
    for (std::size_t i = 0; i < ops.size(); ++i) to_write.push_back(i);
  }

  std::vector<HttpRequest> writes;
  for (const std::size_t i : to_write) writes.push_back(write_request(ops[i]));
  std::vector<std::size_t> to_reread;
  std::vector<HttpRequest> rereads;
  std::vector<std::string> answered_etag;  // by reread
  client_->perform_all(writes, batch, [&](std::size_t n, HttpOutcome& outcome) {
    const std::size_t i = to_write[n];
    const WriteOp& op = ops[i];
    try {
      const std::string etag = judge_write(op, outcome.value());
      const std::string href = op.kind == WriteOp::Kind::Create ? href_for(op.uid) : op.ref.href;
      if (op.kind == WriteOp::Kind::Remove) {
        outcomes[i].version = {op.ref, false};
      } else if (is_strong(etag)) {
        outcomes[i].version = {{href, etag}, true};
      } else {
        // RFC 4791 §5.3.4: the stored text differs from ours (or the server never says): its version
        // is read once every write is out.
        outcomes[i].version = {{href, etag}, false};
        to_reread.push_back(i);
        rereads.push_back(etag_request(url_of(href)));
        answered_etag.push_back(etag);
        return;
      }
    } catch (...) {
      failed(i, std::current_exception());
      return;
    }
    over(i);
  });

  client_->perform_all(rereads, batch, [&](std::size_t n, HttpOutcome& outcome) {
    const std::size_t i = to_reread[n];
    try {
      const std::string reread = judge_etag(rereads[n], outcome.value());
      outcomes[i].version.ref.etag = reread.empty() ? answered_etag[n] : reread;
    } catch (...) {
      failed(i, std::current_exception());
      return;
    }
    over(i);
  });
  return outcomes;
}

}  // namespace followup::sync
