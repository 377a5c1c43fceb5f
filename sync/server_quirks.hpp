#pragma once
// What servers do differently from the RFCs, in one table (CALDAV-NOTES §4, §8): each row names the
// server by what it says about itself (the Server header, the DAV header's vendor tokens) or by host,
// and cites the quirk. Code asks this table instead of testing server names itself.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace followup::sync {

// What identifies a server: the host of its URL and headers of one of its answers.
struct ServerIdentity {
  std::string host;           // "caldav.icloud.com", "127.0.0.1"
  std::string server_header;  // the Server header, "" when absent
  std::string dav_header;     // the DAV header (every line joined), "" when absent
  std::string powered_by;     // X-Powered-By / X-DAViCal-Version and the like, "" when absent
};

struct ServerQuirks {
  std::string name;  // the server the row is for ("generic" when none matched)
  // Sync tokens that are accepted but not reliable (a bogus one answered with a full listing, or with
  // 1-second precision): a full reconciliation runs on every run instead of periodically.
  bool fragile_sync_token = false;
  // PUT ignores If-None-Match: * and overwrites (Google): create() checks for an object first.
  bool ignores_if_none_match = false;
  // No VTODO anywhere (Google; iCloud's Reminders are not CalDAV tasks): thank-yous as VEVENTs.
  bool no_vtodo = false;
  // calendar-query with a time-range is unreliable: list with PROPFIND and read with multiget instead.
  bool unreliable_time_range = false;
  // Credentials may go to other hosts in the same registrable domain (iCloud's pXX-caldav partitions).
  bool credentials_within_domain = false;
  // At most this many requests in flight at once (0: as many as the configuration's parallel_requests):
  // servers that throttle or fall over under concurrency (CALDAV-NOTES §4.11, §4.15, §5.6).
  std::size_t max_parallel_requests = 0;
  // HTTP/2 multiplexing (several requests as streams of one connection) broke authentication or is
  // unsupported: each request in flight gets its own connection (CALDAV-NOTES §4.6, §4.8).
  bool no_multiplexing = false;
  // Why, one line per quirk set, citing CALDAV-NOTES sections or the upstream issue.
  std::vector<std::string> reasons;
};

// The row for this server; a generic row (all false) when nothing matches.
ServerQuirks quirks_for(const ServerIdentity& server);

}  // namespace followup::sync
