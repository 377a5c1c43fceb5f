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
      // '~' rather than '%': CalDAV servers decode percent-escapes in the request path before they
      // store, so "%2F" became a '/' (Radicale and DAViCal 403, Xandikos 404: "../x" escaped the
      // collection, CALDAV-NOTES §3.1 item 1), "%40" came back as "@" in Cyrus's hrefs and "=" as
      // "%3D" from Radicale, Xandikos and DAViCal. '~' is unreserved (RFC 3986 §2.3, never
      // encoded), and is itself escaped here, so names stay distinct and every server spells them alike.
      char buf[4];
      std::snprintf(buf, sizeof buf, "~%02X", c);
      name += buf;
    }
  }
  if (name.empty()) name = "~00";  // an empty UID: invalid, but it still needs a name of its own
  return name + ".ics";
}

}  // namespace followup::sync
