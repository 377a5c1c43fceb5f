#pragma once
// CalDAV discovery (RFC 4791 §6, RFC 5397, RFC 6764 §5): from whatever URL the user has (the server
// root, a principal, a calendar home set or a calendar) to the calendars the user can see, with what
// each holds and allows (CALDAV-NOTES §1.1).
#include <string>
#include <vector>

#include "sync/http_client.hpp"
#include "sync/server_quirks.hpp"

namespace followup::sync {

struct CalendarInfo {
  std::string url;  // absolute, resolved against the URL of the request that returned it
  std::string display_name;
  // VEVENT, VTODO...: supported-calendar-component-set; a set that is absent or empty allows every
  // component (RFC 4791 §5.2.3), reported as VEVENT, VTODO, VJOURNAL and VFREEBUSY.
  std::vector<std::string> components;
  // current-user-privilege-set holds DAV:write, DAV:write-content or DAV:all (RFC 3744 §3.1, §5.4).
  // A server that does not report the set at all (no RFC 3744 support) counts as writable.
  bool writable = false;
  bool supports_sync_collection = false;  // supported-report-set lists DAV:sync-collection (RFC 6578)
  std::string ctag;                       // CS:getctag, opaque; "" when absent
  std::string sync_token;                 // DAV:sync-token, opaque (not always a URI); "" when absent
  // Who serves it, for quirks_for(): the host of `url` and the headers of the answer that listed it.
  ServerIdentity server;
};

// The calendars found from `url`, in the server's order: a calendar URL gives just that calendar; a
// home set lists its calendars (PROPFIND Depth 1); a principal (or a URL naming the current user's
// principal) leads to its calendar-home-set. When `url` leads nowhere, /.well-known/caldav on the same
// origin is tried (redirects followed with PROPFIND kept), then "/". Members of a home set that are not
// calendars (the home itself, scheduling inbox/outbox, proxy principals) are left out.
// Throws AuthError (caldav_errors.hpp) for 401 and 403, BadInput when no calendar is found (the message
// says what was tried), Transient and HttpError as HttpClient::perform does.
std::vector<CalendarInfo> discover_calendars(HttpClient& client, const std::string& url);

}  // namespace followup::sync
