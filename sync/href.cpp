#include "sync/href.hpp"

#include <cctype>
#include <cstdio>

namespace followup::sync {

std::string file_name_for_uid(std::string_view uid) {
  std::string name;
  for (const char ch : uid) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      name += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      name += buf;
    }
  }
  // "." and ".." and hidden files are not names an item may take.
  if (name.empty() || name.front() == '.') name.insert(0, "_");
  return name + ".ics";
}

}  // namespace followup::sync
