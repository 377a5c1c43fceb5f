#pragma once
// What discovery found for one account, kept for the next runs (issue 7): a run where nothing changed
// then costs one REPORT per calendar and no PROPFIND (RFC 6764 §6, last paragraph: cache what discovery
// found and reuse it; CALDAV-NOTES §1.1 item 2.6, §8 "discover (cached ...)"). A JSON file beside the
// state databases, mode 0600, replaced atomically like the OAuth2 token cache: a crash leaves the old
// file or the new one. The cache is only advice: a missing, unreadable, foreign or stale one means
// discovering again, never an error.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ical/time.hpp"
#include "sync/caldav_discovery.hpp"
#include "sync/calendar_roles.hpp"

namespace followup::sync {

// What a cached discovery was made for: the same URL and user, and the same calendar choice (a
// calendar named in the configuration that the cached list lacks may have been made since).
struct DiscoveryKey {
  std::string url;      // where discovery starts: the configured `url`
  std::string account;  // the user name ("" for none)
  std::string choice;   // calendar_choice_key() of the configured choice
};

// The configured calendars, followups_calendar, tasks_calendar and tasks_as, as one string.
std::string calendar_choice_key(const CalendarChoice& choice);

// $XDG_STATE_HOME/followup/<name>.discovery.json, named like the state databases (default_state_file)
// after the URL and the user.
std::filesystem::path discovery_cache_file(const std::string& url, const std::string& account);

// The calendars saved in `file` for `key`, in the server's order, when they were discovered less than
// `max_age` before `now` (and not after `now`: a clock set back, or `--now` in the past, makes them
// stale, as it makes the calendar copies due for a full listing). nullopt when the file is missing,
// unreadable, not a cache, for another key, or stale. Never throws.
std::optional<std::vector<CalendarInfo>> read_discovery_cache(const std::filesystem::path& file,
                                                              const DiscoveryKey& key, SysSeconds now,
                                                              std::chrono::seconds max_age);

// Saves what discovery found at `now` for `key` (mode 0600, temporary file and rename), creating the
// folder (0700) when missing. Throws IoError.
void write_discovery_cache(const std::filesystem::path& file, const DiscoveryKey& key,
                           const std::vector<CalendarInfo>& calendars, SysSeconds now);

// Removes the cache, if any: the next run discovers. Throws IoError for anything but a missing file.
void forget_discovery_cache(const std::filesystem::path& file);

// The same calendars, in the same order, with the same URL, name, components, rights, sync-collection
// support and server identity. The ctag and the sync-token are not compared: every write changes them.
bool same_calendars(const std::vector<CalendarInfo>& a, const std::vector<CalendarInfo>& b);

}  // namespace followup::sync
