#pragma once
// How the CalDAV store reads a failed answer: which errors the caller can act on (a version that no
// longer matches, an object already there), which may pass (5xx, 429), which need the user (401, 403),
// and which are a defect in what we sent (other 4xx). Private to the CalDAV store.
#include <optional>
#include <string>
#include <string_view>

#include "ical/errors.hpp"
#include "sync/http_client.hpp"
#include "sync/webdav_xml.hpp"

namespace followup::sync {

// The server did not accept the credentials (401), or refused the request without saying which
// precondition failed (403): retrying will not help, the user has to fix the configuration.
class AuthError : public Error {
 public:
  using Error::Error;
};

// A 403 without a precondition: the credentials were taken, but this user may not do this here (a
// calendar shared without the right to read it). About one calendar, not the account.
class AccessDenied : public AuthError {
 public:
  using AuthError::AuthError;
};

// The precondition a failed write names in its DAV:error body (RFC 4918 §16) when it is one of the
// "this UID is already stored" ones: CALDAV:no-uid-conflict (RFC 4791 §5.3.2.1; Radicale 409, Xandikos
// inside a 207) or CALDAV:unique-scheduling-object-resource (RFC 6638 §3.2.4.1; Cyrus 403 even for a
// plain VTODO). Holds the href of the existing object when the server names it ("" otherwise).
std::optional<std::string> uid_conflict_href(const DavErrorBody& error);
std::optional<std::string> uid_conflict_href(const DavMultistatus& answer);

// Throws the error for an answer the caller did not expect: AuthError for 401, AccessDenied for 403
// without a precondition, Transient for 5xx and 429 (naming the Retry-After the server asked for), BadInput (one
// line: method, URL path, status, precondition, server's reason) otherwise.
[[noreturn]] void throw_for_status(std::string_view method, const std::string& url, const HttpResponse& response);

// "PUT /dav/cal/x.ics": the request for messages, without credentials or query.
std::string request_for_messages(std::string_view method, const std::string& url);

}  // namespace followup::sync
