#pragma once
// The read requests of the CalDAV store: PROPFIND for versions (RFC 4918 §9.1) and calendar-multiget
// for objects (RFC 4791 §7.9). Private to the CalDAV store.
#include <string>
#include <vector>

#include "sync/http_client.hpp"
#include "sync/storage.hpp"
#include "sync/webdav_xml.hpp"

namespace followup::sync {

// PROPFIND with this Depth ("0" or "1") asking for getetag and resourcetype; the 207 answer read.
// Throws as throw_for_status does for any other status.
DavMultistatus propfind_etags(HttpClient& client, const std::string& url, const std::string& depth);

// The ETag of the object at `url` exactly as the server sends it; "" when it has none.
std::string read_etag(HttpClient& client, const std::string& url);

// calendar-multiget of these hrefs (members of the collection, any spelling). Each item carries the
// caller's href; hrefs the server answers 404 for or leaves out (DAViCal) are left out.
std::vector<StoredItem> multiget(HttpClient& client, const std::string& collection_url,
                                 const std::vector<std::string>& hrefs);

// What a 207 says went wrong, for messages: statuses, preconditions and descriptions, one line.
std::string multistatus_reason(const DavMultistatus& answer);

}  // namespace followup::sync
