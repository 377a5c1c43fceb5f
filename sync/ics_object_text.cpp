#include "sync/ics_object_text.hpp"

#include <algorithm>

#include "ical/errors.hpp"

namespace followup::sync {

ObjectText object_text_for_file(const std::string& ics, std::string_view uid, LineEnding ending,
                                const std::string& where) {
  // Convert first, so that the hashes below are of the very bytes the file will hold.
  const std::string text = with_line_ending(ics, ending);
  const IcsLayout layout = scan_ics_text(text, where);
  ObjectText out;
  std::vector<std::uint64_t> hashes;
  for (const RawComponent& c : layout.components) {
    const std::string_view raw = std::string_view(text).substr(c.begin, c.end - c.begin);
    if (c.kind == RawKind::Timezone) {
      if (!c.tzid.empty()) out.zones.emplace_back(c.tzid, raw);
      continue;
    }
    if (c.kind == RawKind::Other)
      throw BadInput(where + ": line " + std::to_string(c.line) +
                     ": a component other than VEVENT, VTODO, VJOURNAL or VTIMEZONE");
    if (c.uid != uid)
      throw BadInput(where + ": line " + std::to_string(c.line) + ": UID \"" + c.uid + "\" where \"" +
                     std::string(uid) + "\" was expected");
    out.components += raw;
    hashes.push_back(c.hash);
    for (const auto& tzid : c.tzids_used)
      if (std::find(out.tzids_used.begin(), out.tzids_used.end(), tzid) == out.tzids_used.end())
        out.tzids_used.push_back(tzid);
  }
  if (hashes.empty()) throw BadInput(where + ": no VEVENT, VTODO or VJOURNAL to store");
  out.etag = object_etag(hashes);
  return out;
}

std::uint64_t object_etag(const std::vector<std::uint64_t>& component_hashes) {
  Fnv1a64 hash;
  for (const std::uint64_t h : component_hashes) hash.add_number(h);
  return hash.value();
}

}  // namespace followup::sync
