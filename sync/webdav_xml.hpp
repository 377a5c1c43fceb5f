#pragma once
// Readers for what WebDAV and CalDAV servers answer in XML: the 207 Multi-Status of PROPFIND and REPORT
// (RFC 4918 §13, §14.16) with the sync-token of RFC 6578 §6.4, and the DAV:error body of a failed
// request (RFC 4918 §16). Elements are matched by namespace URI and local name, never by prefix.
// Malformed or truncated XML is BadInput.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace followup::sync {

inline constexpr std::string_view kDavNs = "DAV:";
inline constexpr std::string_view kCalDavNs = "urn:ietf:params:xml:ns:caldav";
inline constexpr std::string_view kCalendarServerNs = "http://calendarserver.org/ns/";
inline constexpr std::string_view kAppleIcalNs = "http://apple.com/ns/ical/";

// An element inside a property value: <D:collection/>, <C:comp name="VTODO"/>, <D:write/>.
struct DavElement {
  std::string ns;
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;  // local names, no xmlns declarations

  bool is(std::string_view element_ns, std::string_view element_name) const {
    return ns == element_ns && name == element_name;
  }
  // The attribute's value, "" when absent.
  std::string attribute(std::string_view attribute_name) const;
};

struct DavProperty {
  std::string ns;
  std::string name;
  // The property's own character data, CDATA included, exactly as in the document (after XML's line end
  // normalisation): calendar-data, getetag, displayname, sync-token, getctag.
  std::string text;
  // Its DAV:href children, trimmed: current-user-principal, calendar-home-set, owner.
  std::vector<std::string> hrefs;
  // Its other child elements: resourcetype's types, supported-calendar-component-set's comps. The
  // grouping elements DAV:supported-report, DAV:report (RFC 3253 §3.1.5) and DAV:privilege (RFC 3744
  // §5.4) are looked through, so supported-report-set lists the reports, with or without the <report>
  // wrapper that Xandikos 0.2.8 leaves out (CALDAV-NOTES §1.1), and current-user-privilege-set the
  // privileges.
  std::vector<DavElement> elements;

  bool is(std::string_view property_ns, std::string_view property_name) const {
    return ns == property_ns && name == property_name;
  }
  bool has_element(std::string_view element_ns, std::string_view element_name) const;
  // `text` without surrounding whitespace (DAViCal pretty-prints).
  std::string trimmed_text() const;
};

// A precondition or postcondition element of a DAV:error (RFC 4918 §16): <D:valid-sync-token/>,
// <C:no-uid-conflict><D:href>…</D:href></C:no-uid-conflict> (RFC 4791 §5.3.2.1).
struct DavCondition {
  std::string ns;
  std::string name;
  std::vector<std::string> hrefs;  // trimmed
  std::string text;                // trimmed character data, if any

  bool is(std::string_view condition_ns, std::string_view condition_name) const {
    return ns == condition_ns && name == condition_name;
  }
};

struct DavPropstat {
  int status = 0;  // from "HTTP/1.1 200 OK"; 0 when missing or unreadable
  std::vector<DavProperty> properties;
  std::vector<DavCondition> errors;
  std::string description;  // DAV:responsedescription, trimmed

  bool ok() const { return status >= 200 && status < 300; }
};

struct DavResponse {
  std::string href;  // as sent, trimmed; "" when the server sent none (iCloud, CALDAV-NOTES §2.2)
  int status = 0;    // the response's own status (RFC 4918 §14.24: deleted members in sync-collection,
                     // unknown hrefs in multiget, 507 truncation); 0 when it has propstats instead
  std::vector<DavPropstat> propstats;
  std::vector<DavCondition> errors;  // RFC 6578 §3.6: number-of-matches-within-limits with a 507
  std::string description;

  // The property from a propstat with a 2xx status; null when none has it (servers answer 404 for
  // properties they lack, in a propstat of its own).
  const DavProperty* find(std::string_view ns, std::string_view name) const;
};

struct DavMultistatus {
  std::vector<DavResponse> responses;  // one per href: a response naming several is split
  std::string sync_token;              // RFC 6578 §6.4, trimmed; "" when absent
};

// Reads a 207 Multi-Status body. `what` names the request for messages ("REPORT https://host/cal/").
// Throws BadInput when the body is not well-formed XML or its root is not DAV:multistatus.
DavMultistatus parse_multistatus(std::string_view body, std::string_view what);

struct DavErrorBody {
  std::vector<DavCondition> conditions;
  std::string description;  // DAV:responsedescription, or sabre/dav's s:message; trimmed

  bool has(std::string_view ns, std::string_view name) const;
};

// Reads the DAV:error body of a failed request. Lenient on purpose: error answers are often HTML pages
// or empty, and the caller only asks whether a condition is there, so a body that is not XML or not a
// DAV:error has no conditions instead of being an error of its own.
DavErrorBody parse_dav_error(std::string_view body);

// The status code of an HTTP status line ("HTTP/1.1 404 Not Found", spaces anywhere around), 0 when it
// has none.
int parse_status_line(std::string_view line);

}  // namespace followup::sync
