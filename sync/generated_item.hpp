#pragma once
// The iCalendar form of a follow-up (RULES.md §3: deterministic UID, RELATED-TO the interview,
// X-FOLLOWUP-KIND, CATEGORIES:Follow-up, a VALARM on timed items), and how a stored one is read back.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ical/item.hpp"
#include "ical/reader.hpp"
#include "rules/plan.hpp"
#include "sync/decision.hpp"

namespace followup::sync {

// The object to write for `f`, its meaning embedded as X-FOLLOWUP-FINGERPRINT.
DesiredItem desired_item(const rules::Followup& f, const rules::Interview& interview, const rules::Settings& settings,
                         SysSeconds now);

// desired_item() for each (follow-up, interview) pair, in that order. Each is written and read back on
// its own, so a large run shares them among a few threads (issue 7: they were a third of a large
// import); a small one stays on the calling thread.
std::vector<DesiredItem> desired_items(
    const std::vector<std::pair<const rules::Followup*, const rules::Interview*>>& wanted,
    const rules::Settings& settings, SysSeconds now);

// A generated item read from a store (nullopt when `item` is not one of ours).
std::optional<FoundItem> found_item(const ical::Item& item, const ItemRef& ref);

// Parses one stored object; problems are returned in `problems`. Floating and all-day values are
// read in `local_zone` (the user's zone: an all-day move-on is a day of the user's calendar).
std::vector<ical::Item> parse_object(const std::string& ics, const std::string& where,
                                     std::vector<ical::ReadProblem>& problems,
                                     const ical::Zone& local_zone = ical::Zone::utc());

}  // namespace followup::sync
