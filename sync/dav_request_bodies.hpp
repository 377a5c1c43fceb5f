#pragma once
// The XML bodies of the CalDAV client's requests: PROPFIND (RFC 4918 §9.1), calendar-query and
// calendar-multiget (RFC 4791 §7.8, §7.9) and sync-collection (RFC 6578 §3.2). Text is XML-escaped;
// hrefs and sync tokens go out exactly as the server sent them. Send each with
// "Content-Type: application/xml; charset=utf-8" (CALDAV-NOTES §3.9).
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace followup::sync {

struct DavPropName {
  std::string ns;
  std::string name;  // an XML name without prefix: "getetag"
};

// <d:propfind><d:prop> with an empty element per property. Throws std::invalid_argument for an empty
// namespace or a name that is not an XML name.
std::string propfind_body(const std::vector<DavPropName>& properties);

enum class CalendarComponent { Event, Todo };  // VEVENT, VTODO

// Both bounds, always: open-ended ranges are broken on GMX, OX and others (CALDAV-NOTES §2.2).
struct UtcTimeRange {
  std::chrono::sys_seconds start;
  std::chrono::sys_seconds end;
};

// calendar-query for the objects holding a component of that type, optionally overlapping a time range
// (sent as UTC "yyyymmddThhmmssZ"), asking for getetag (and calendar-data when `with_calendar_data`).
// Always with the inner comp-filter: many servers fail without it (CALDAV-NOTES §2.2). Send with
// "Depth: 1". `defined_property` ("RRULE"): only components where that property is defined (an empty
// prop-filter, RFC 4791 §9.7.2). Throws std::invalid_argument when the range is empty or outside years
// 0000 to 9999.
std::string calendar_query_body(CalendarComponent component, const std::optional<UtcTimeRange>& range,
                                bool with_calendar_data = false, std::string_view defined_property = {});

// calendar-multiget asking for getetag and calendar-data of these hrefs (at least one).
std::string calendar_multiget_body(const std::vector<std::string>& hrefs);

// sync-collection from `sync_token` ("" for the initial sync), sync-level 1, asking for getetag;
// `limit` > 0 asks for at most that many results (only Cyrus honours it: 507 paging, CALDAV-NOTES §2.3).
// Send with "Depth: 0".
std::string sync_collection_body(std::string_view sync_token, std::size_t limit = 0);

}  // namespace followup::sync
