#include "sync/server_quirks.hpp"

#include "rules/ascii_text.hpp"

namespace followup::sync {
namespace {

// What a row looks at: the host (its last labels) or a header (any part of it), case-insensitively. No row
// uses the DAV header yet: the tokens servers put in it are shared by several of them.
enum class Field { HostSuffix, Server, Dav, PoweredBy };

struct Matcher {
  Field field;
  std::string_view text;  // lower case
};

// ServerQuirks' flags, each with a default, so that a row names only the ones it sets.
struct Row {
  std::vector<Matcher> matchers = {};  // any one is enough
  std::string_view name = {};
  bool fragile_sync_token = false;
  bool ignores_if_none_match = false;
  bool no_vtodo = false;
  bool unreliable_time_range = false;
  bool credentials_within_domain = false;
  std::size_t max_parallel_requests = 0;
  bool no_multiplexing = false;
  std::vector<std::string_view> reasons = {};

  ServerQuirks quirks() const {
    ServerQuirks quirks;
    quirks.name = name;
    quirks.fragile_sync_token = fragile_sync_token;
    quirks.ignores_if_none_match = ignores_if_none_match;
    quirks.no_vtodo = no_vtodo;
    quirks.unreliable_time_range = unreliable_time_range;
    quirks.credentials_within_domain = credentials_within_domain;
    quirks.max_parallel_requests = max_parallel_requests;
    quirks.no_multiplexing = no_multiplexing;
    quirks.reasons.assign(reasons.begin(), reasons.end());
    return quirks;
  }
};

// What the local test servers (tests/servers, Debian 12 packages) send in the answers discovery reads
// (PROPFIND Depth 0 and 1), recorded November 2026:
//   Radicale 3.1.8   Server: WSGIServer/0.2 CPython/3.11.2
//                    DAV: 1, 2, 3, calendar-access, addressbook, extended-mkcol
//   Xandikos 0.2.8   Server: Python/3.11 aiohttp/3.8.4 (nginx/1.22.1 behind nginx); DAV only on OPTIONS
//   Cyrus 3.6.1      neither Server nor DAV: both only on OPTIONS ("Cyrus-HTTP/3.6.1-Debian-..." and four
//                    DAV lines), so discovery's answers leave it generic, which is what it needs
//   DAViCal 1.1.12   Server: 1.1 (sic); X-Powered-By: PHP/8.2.36; X-DAViCal-Version: DAViCal/1.1.12; DB/1.3.5
//                    DAV: 1, 2, 3, access-control, calendar-access, calendar-schedule (and a second line:
//                    extended-mkcol, bind, addressbook, calendar-auto-schedule, calendar-proxy)
// Radicale and Xandikos have no row: none of their quirks (CALDAV-NOTES §4.5, §4.7, §7.2) is one these
// flags express; a bad token on Xandikos 0.2.8 is a 500, which the sync-token fallback handles anyway.
//
// The first row that matches wins, so rows matched by host come before rows matched by headers. Rows
// marked UNVERIFIED match on what the notes could not confirm; they are harmless when they never match.
const std::vector<Row>& rows() {
  static const std::vector<Row> table{
      {.matchers = {{Field::HostSuffix, "apidata.googleusercontent.com"}, {Field::HostSuffix, "www.google.com"}},
       .name = "Google",
       .ignores_if_none_match = true,
       .no_vtodo = true,
       .reasons = {"Google honours no If* header but If-Match (CALDAV-NOTES §3.1 item 2, §4.1): a create "
                   "checks that the href is free first",
                   "Google CalDAV does not support VTODO, a VTODO PUT gets 403 (CALDAV-NOTES §4.1)"}},
      // iCloud's principal is on caldav.icloud.com and its calendars on pNN-caldav.icloud.com.
      {.matchers = {{Field::HostSuffix, "icloud.com"}},
       .name = "iCloud",
       .no_vtodo = true,
       .credentials_within_domain = true,
       .reasons = {"iCloud's Reminders are not CalDAV tasks since iOS 13; only lists from before that upgrade "
                   "are, and the Reminders app no longer shows them (CALDAV-NOTES §4.2)",
                   "iCloud serves calendars from partition hosts pNN-caldav.icloud.com that need the same "
                   "credentials (CALDAV-NOTES §4.2, §5.4)"}},
      {.matchers = {{Field::HostSuffix, "posteo.de"}},
       .name = "Posteo",
       .fragile_sync_token = true,
       .unreliable_time_range = true,
       .reasons = {"Posteo's sync-collection errors out (\"ungraceful\", CALDAV-NOTES §2.3, §4.13)",
                   "Posteo's calendar-query fails on old dates and on recurring tasks (CALDAV-NOTES §2.2, §2.4)"}},
      {.matchers = {{Field::HostSuffix, "gmx.net"}},
       .name = "GMX",
       .fragile_sync_token = true,
       .max_parallel_requests = 1,
       .reasons = {"GMX's sync-collection errors out (\"ungraceful\", CALDAV-NOTES §2.3, §4.15)",
                   "GMX rate-limits to about one request every 2 seconds: one request at a time "
                   "(CALDAV-NOTES §4.15, §5.6)"}},
      // Synology answers as "Server: Apache" or nginx and sends no DAV header even to OPTIONS
      // (agendav/agendav#157), so only Synology's own dynamic DNS names tell. UNVERIFIED beyond that.
      {.matchers = {{Field::HostSuffix, "synology.me"}, {Field::HostSuffix, "myds.me"}},
       .name = "Synology",
       .fragile_sync_token = true,
       .reasons = {"Synology's sync tokens are fragile (CALDAV-NOTES §2.3, §4.12)"}},
      // X-DAViCal-Version is sent with every answer (checked on the local fixture, see above).
      {.matchers = {{Field::PoweredBy, "davical"}},
       .name = "DAViCal",
       .fragile_sync_token = true,
       .no_multiplexing = true,
       .reasons = {"DAViCal answers an unknown sync token with a full listing, silently (CALDAV-NOTES §2.3 "
                   "table, §4.8)",
                   "DAViCal does not support HTTP/2 multiplexing: parallel requests on connections of their "
                   "own (CALDAV-NOTES §4.8)"}},
      // Fastmail runs Cyrus. Cyrus handles sync tokens and time ranges well (CALDAV-NOTES §7.2, §4.4,
      // §4.9: only queries without a comp-filter fail, and we always send one), so nothing is set: the
      // row names the server in messages. VEVENT and VTODO in separate collections is the calendar
      // choice's business, not a quirk.
      {.matchers = {{Field::HostSuffix, "fastmail.com"}, {Field::Server, "cyrus"}}, .name = "Cyrus/Fastmail"},
      // TbSync's maintainers found no header that tells SOGo, only its fixed /SOGo/dav/ path
      // (jobisoft/DAV-4-TbSync PR #159): this row matches only a SOGo that names itself. UNVERIFIED.
      {.matchers = {{Field::Server, "sogo"}, {Field::PoweredBy, "sogo"}},
       .name = "SOGo",
       .fragile_sync_token = true,
       .max_parallel_requests = 1,
       .reasons = {"SOGo's sync tokens have 1-second precision: changes within the same second are missed "
                   "(CALDAV-NOTES §2.3, §4.11)",
                   "SOGo opens a database connection per request and then fails with 501s: one request at a "
                   "time (CALDAV-NOTES §4.11)"}},
      // UNVERIFIED: what Zimbra calls itself.
      {.matchers = {{Field::Server, "zimbra"}, {Field::PoweredBy, "zimbra"}},
       .name = "Zimbra",
       .fragile_sync_token = true,
       .unreliable_time_range = true,
       .reasons = {"Zimbra's sync tokens are fragile (CALDAV-NOTES §2.3, §4.10)",
                   "Zimbra's time-range queries miss far-future recurrences and tasks without DTSTART "
                   "(CALDAV-NOTES §2.2, §2.4, §4.10)"}},
  };
  return table;
}

bool has_host_suffix(std::string_view host, std::string_view suffix) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // "www.google.com." is the same host
  if (host.size() == suffix.size()) return host == suffix;
  return host.size() > suffix.size() && host.substr(host.size() - suffix.size()) == suffix &&
         host[host.size() - suffix.size() - 1] == '.';
}

bool matches(const Matcher& matcher, const ServerIdentity& server) {
  const auto contains = [&](const std::string& header) {
    return !header.empty() && rules::lower_ascii(header).find(matcher.text) != std::string::npos;
  };
  switch (matcher.field) {
    case Field::HostSuffix:
      return has_host_suffix(rules::lower_ascii(server.host), matcher.text);
    case Field::Server:
      return contains(server.server_header);
    case Field::Dav:
      return contains(server.dav_header);
    case Field::PoweredBy:
      return contains(server.powered_by);
  }
  return false;
}

}  // namespace

ServerQuirks quirks_for(const ServerIdentity& server) {
  for (const auto& row : rows())
    for (const auto& matcher : row.matchers)
      if (matches(matcher, server)) return row.quirks();
  ServerQuirks generic;
  generic.name = "generic";
  return generic;
}

}  // namespace followup::sync
