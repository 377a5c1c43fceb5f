#pragma once
// A Storage over one CalDAV calendar collection (RFC 4791). Objects are listed with PROPFIND, read with
// calendar-multiget and written with conditional PUT and DELETE, so that nothing another client changed
// is overwritten (RFC 4791 §5.3.2, RFC 9110 §13.1). Hrefs are paths as the server sends them; ETags are
// kept exactly as received, quotes and W/ included, because servers compare If-Match byte for byte
// (CALDAV-NOTES §3.1 item 3). Nothing is written without need: reads never write, writes are one request
// (plus one PROPFIND when the PUT answer has no strong ETag, and one before a create on a server that
// ignores If-None-Match). Nothing is retried here: a Transient error goes to the caller, who decides
// when to try again (Retry-After included). A batch of writes (write_all) sends its requests with up
// to parallel_requests in flight (issue #7), each judged exactly as the single write judges it.
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sync/caldav_errors.hpp"
#include "sync/http_client.hpp"
#include "sync/server_quirks.hpp"
#include "sync/storage.hpp"

namespace followup::sync {

// What a write left on the server: the object's version, and whether the server said it stored the
// text as sent (a strong ETag in its answer, RFC 4791 §5.3.4). Otherwise the ETag was read afterwards
// and the text there may differ from ours, or another client's edit may already have followed.
struct WrittenVersion {
  ItemRef ref;
  bool as_sent = false;
};

// What one write of a batch (CalDavStorage::write_objects) came to.
struct WrittenOutcome {
  WrittenVersion version;  // Remove: the ref removed
  std::exception_ptr error;
};
using WrittenDone = std::function<void(std::size_t index, const WrittenOutcome& outcome)>;

class CalDavStorage : public Storage {
 public:
  // `collection_url`: the calendar's absolute URL (a missing trailing slash is added).
  CalDavStorage(std::string collection_url, HttpOptions options);
  // Borrows `client`, which must outlive the store: several calendars share one connection.
  CalDavStorage(std::string collection_url, HttpClient& client);

  std::string describe() const override { return "caldav " + collection_url_; }
  std::vector<ItemRef> list() override;
  std::vector<StoredItem> get(const std::vector<std::string>& hrefs) override;
  std::string href_for(std::string_view uid) const override;
  ItemRef create(std::string_view uid, const std::string& ics) override;
  ItemRef update(const ItemRef& ref, const std::string& ics) override;
  void remove(const ItemRef& ref) override;
  std::vector<WriteOutcome> write_all(const std::vector<WriteOp>& ops, const WriteDone& done) override;
  bool empty_means_replaced() const override { return false; }

  // write_all(), saying for each write whether the text was stored as sent. The requests go out with
  // up to the client's parallel_requests in flight (fewer where the quirks table caps it); a PUT whose
  // answer has no strong ETag has its version read in a second round, as update_object() reads it.
  std::vector<WrittenOutcome> write_objects(const std::vector<WriteOp>& ops, const WrittenDone& done);

  // create() and update(), saying whether the text was stored as sent.
  WrittenVersion create_object(std::string_view uid, const std::string& ics);
  WrittenVersion update_object(const ItemRef& ref, const std::string& ics);

  // What this server does differently (quirks_for() of the calendar's CalendarInfo::server); generic
  // until told. Only ignores_if_none_match changes what the store does: create() looks first.
  void set_quirks(const ServerQuirks& quirks) { quirks_ = quirks; }
  const ServerQuirks& quirks() const { return quirks_; }

  const std::string& collection_url() const { return collection_url_; }
  const std::string& collection_path() const { return collection_path_; }

 private:
  std::string url_of(const std::string& href) const;
  bool is_member(const std::string& href) const;
  // The request of a write, and what its answer means: the ETag the answer gave (create, update) or
  // nothing (remove); an answer that is not a success throws as create(), update() or remove() throw.
  HttpRequest write_request(const WriteOp& op) const;
  std::string judge_write(const WriteOp& op, const HttpResponse& response) const;
  std::string judge_create(std::string_view uid, const std::string& href, const std::string& url,
                           const HttpResponse& response) const;
  std::string judge_update(const ItemRef& ref, const std::string& url, const HttpResponse& response) const;
  void judge_remove(const ItemRef& ref, const std::string& url, const HttpResponse& response) const;
  WrittenVersion version_after_put(const std::string& href, const std::string& url, const std::string& etag);
  HttpBatchOptions batch_options() const;
  bool occupied(const std::string& url);

  std::unique_ptr<HttpClient> owned_client_;
  HttpClient* client_;
  std::string collection_url_;
  std::string collection_path_;  // "/dav/calendars/user/alice/work/"
  ServerQuirks quirks_ = quirks_for(ServerIdentity{});  // the generic row
};

}  // namespace followup::sync
