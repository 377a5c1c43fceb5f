#pragma once
// Names for objects made from UIDs: safe in a file name and a URL path whatever the UID holds.
#include <string>
#include <string_view>

namespace followup::sync {

// "<uid>.ics" when the UID is made of URL- and file-safe characters (ours always are); otherwise each
// unsafe byte is written "~XX" in hex (so "a/b" cannot escape a folder or a collection, ".x" is not
// hidden and "@" cannot trip iCloud). Different UIDs always give different names.
std::string file_name_for_uid(std::string_view uid);

}  // namespace followup::sync
