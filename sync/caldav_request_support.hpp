#pragma once
// What every CalDAV read request needs: the Content-Type of its XML body, the 207 answer read (or the
// error thrown), and calendar-data with its CRLF line ends back. Private to the sync module.
#include <string>

#include "sync/http_client.hpp"
#include "sync/webdav_xml.hpp"

namespace followup::sync {

// Cyrus answers 415 to an XML body without it (CALDAV-NOTES §3.1 item 9).
inline constexpr const char* kXmlType = "application/xml; charset=utf-8";

// A success status (2xx): servers differ in which (Radicale answers 201 or 200 where others say 204).
inline bool is_2xx(long status) { return status >= 200 && status < 300; }

// Sends the request and reads its 207 answer; throws as throw_for_status does for any other status,
// and BadInput (naming the request) when the 207 is not a multistatus.
DavMultistatus expect_multistatus(HttpClient& client, const HttpRequest& request);

// XML turns every CRLF into LF (XML 1.0 §2.11), so calendar-data arrives with bare LFs unless the
// server escaped its CRs; iCalendar lines end in CRLF (RFC 5545 §3.1), so they are put back.
std::string with_crlf(const std::string& text);

}  // namespace followup::sync
