#pragma once
// Deterministic UIDs for generated items: the same interview always gives the same UIDs, so a lost
// state file is survivable (items are found again and adopted).
#include <string>
#include <string_view>

namespace followup::rules {

// "followup-" + a name-based (SHA-1, RFC 4122 §4.3) UUID of `name` in the program's own namespace.
// Only characters safe in a URL path, so a CalDAV href can be made from it without escaping.
std::string followup_uid(std::string_view name);

// True for UIDs made by followup_uid (RULES.md §1: never an interview).
bool is_followup_uid(std::string_view uid);

}  // namespace followup::rules
