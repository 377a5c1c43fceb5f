#pragma once
// What an item means, as a short stable hash: a user edit is judged by meaning, not bytes. Another
// program re-serializing an item (property order, line folding, DTSTAMP, LAST-MODIFIED, SEQUENCE,
// PRODID, an added VTIMEZONE, TZID spelled another way) leaves it unchanged; a changed time, summary,
// description, status or completion changes it, and so does a changed location, priority,
// transparency, URL, category or alarm (a reminder switched off must stay off).
#include <string>

#include "ical/item.hpp"

namespace followup::sync {

std::string fingerprint(const ical::Item& item);

}  // namespace followup::sync
