#include "sync/href.hpp"

#include <cctype>
#include <cstdio>

namespace followup::sync {

std::string file_name_for_uid(std::string_view uid) {
  std::string name;
  for (const char ch : uid) {
    const auto c = static_cast<unsigned char>(ch);
    // A leading '.' would make a hidden file (or "." and ".."): it is encoded like any unsafe byte.
    if (std::isalnum(c) || c == '-' || c == '_' || (c == '.' && !name.empty())) {
      name += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      name += buf;
    }
  }
  if (name.empty()) name = "%00";  // an empty UID: invalid, but it still needs a name of its own
  return name + ".ics";
}

}  // namespace followup::sync
