#pragma once
// The REPORTs that read a calendar's contents: sync-collection (RFC 6578) for what changed since the
// last run, and calendar-query (RFC 4791 §7.8) for the objects of one component type in a time range.
// Private to the sync module (CALDAV-NOTES §2.2, §2.3).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ical/errors.hpp"
#include "ical/time.hpp"
#include "sync/http_client.hpp"
#include "sync/storage.hpp"

namespace followup::sync {

// The server refused the sync token: expired, unknown, or the report failed with a token given
// (CALDAV-NOTES §2.3: recognised by the DAV:valid-sync-token precondition or, because servers differ —
// Radicale and Cyrus 403, Xandikos 0.2.8 500, old sabre/dav 400 — by any 4xx other than 401 and 429,
// or any 5xx other than 503, for a non-empty token; a 403 without a precondition stays AuthError).
// The caller reads the calendar whole. DAViCal 1.1.12 does not refuse an unknown token: it answers
// with a full listing (tested in tests/sync/caldav_reports_test.cpp).
class SyncTokenRejected : public Error {
 public:
  using Error::Error;
};

struct SyncCollectionResult {
  std::vector<ItemRef> changed;      // new or changed members with their ETags, hrefs as the server sent them
  std::vector<std::string> removed;  // members the server reports gone (404 responses)
  std::string token;                 // the token to send next time (after the last page); "" when the
                                     // server sent none, so that the next sync is a full one
  std::size_t pages = 0;             // requests made, a Depth 1 retry included: more than one when the
                                     // server truncated (507)
};

// REPORT sync-collection (Depth 0, sync-level 1, getetag) on `collection_url` from `token` ("" for the
// initial listing of every member). A truncated answer (a 507 response for the collection itself,
// RFC 6578 §3.6, or a 507 status for the whole answer) is continued from the partial token until it is
// complete (at most 10000 requests, and each partial token must be new: BadInput otherwise). A 400 to
// Depth 0 is retried once with Depth 1 (CALDAV-NOTES §2.3). `page_size` > 0 sends DAV:limit/nresults
// (only Cyrus honours it). The collection itself, sub-collections and members without a getetag are
// left out; a member reported twice (across pages) counts as what the last page says. Throws
// SyncTokenRejected as described above (only when a token was sent: `token`, or a partial token of a
// truncated answer), otherwise as throw_for_status does (AuthError, Transient, BadInput); BadInput
// naming the request for an answer that is not a multistatus.
SyncCollectionResult sync_collection(HttpClient& client, const std::string& collection_url, const std::string& token,
                                     std::size_t page_size = 0);

// REPORT calendar-query (Depth 1) for the `component` ("VEVENT", "VTODO") objects that overlap
// [start, end), both bounds sent in UTC (open ranges are broken on some servers), asking for getetag and
// calendar-data. Items without calendar-data in the answer come back with an empty `ics` (the caller
// fetches them with multiget); members answered with a non-2xx status (404: gone meanwhile) or without
// a getetag are left out. calendar-data has its CRLF line ends restored. Throws as throw_for_status
// does, and std::invalid_argument for a component other than "VEVENT" and "VTODO" or an empty range.
// Server results are approximate (CALDAV-NOTES §2.2): Xandikos 0.2.8 matches the master's DTSTART/DTEND
// only and misses a recurring event whose occurrences fall in the range (tested); filter client-side.
std::vector<StoredItem> calendar_query(HttpClient& client, const std::string& collection_url,
                                       std::string_view component, SysSeconds start, SysSeconds end);

// REPORT calendar-query for every `component` object that has `property` defined ("RRULE": the
// recurring ones), whatever its time, with getetag and calendar-data; otherwise as calendar_query. A
// time range is matched against the first occurrence only by Xandikos 0.2.8, which ignores RRULE there
// (against RFC 4791 §9.9): asking for the recurring events apart finds a series that began before the
// window.
std::vector<StoredItem> calendar_query_defining(HttpClient& client, const std::string& collection_url,
                                                std::string_view component, std::string_view property);

}  // namespace followup::sync
