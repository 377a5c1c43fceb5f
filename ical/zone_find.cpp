// Zone::find: from the TZID a calendar writes to a zone. Calendars in the wild write IANA names,
// quoted names, names behind a vendor prefix, Windows names (Outlook, Exchange) and UTC spellings.
#include <array>

#include "ical/icu_zone_names.hpp"
#include "ical/zone_impl.hpp"

namespace followup::ical {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// TZID="W. Europe Standard Time": RFC 5545 §3.2 quotes parameter values with ':;,' in them, and some
// writers quote any value; the quotes are not part of the name.
std::string_view without_quotes(std::string_view text) {
  text = trim(text);
  while (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = trim(text.substr(1, text.size() - 2));
  return text;
}

bool is_utc_name(std::string_view name) {
  static constexpr std::array<std::string_view, 16> kNames{
      "UTC",      "Z",        "GMT",       "UCT",       "Zulu",          "Universal",
      "Greenwich", "GMT0",    "Etc/UTC",   "Etc/GMT",   "Etc/UCT",       "Etc/Zulu",
      "Etc/Universal", "Etc/Greenwich", "Etc/GMT0", "Coordinated Universal Time"};
  for (const std::string_view utc : kNames)
    if (equal_ignoring_case(name, utc)) return true;
  return false;
}

// A built-in zone by its IANA name or, when libical's table lacks that spelling, by one of its links.
std::optional<Zone> builtin_or_link(const std::string& iana) {
  if (auto zone = builtin_zone(iana)) return zone;
  for (const std::string& other : equivalent_iana_names(iana))
    if (auto zone = builtin_zone(other)) return zone;
  return std::nullopt;
}

// One name without prefix or quotes.
std::optional<Zone> find_plain(std::string_view name) {
  if (name.empty()) return std::nullopt;
  if (is_utc_name(name)) return Zone::utc();
  const std::string text{name};
  if (auto zone = builtin_zone(text)) return zone;
  if (auto iana = iana_for_windows_name(text)) return builtin_or_link(*iana);
  if (auto zone = builtin_or_link(text)) return zone;
  if (auto iana = iana_ignoring_case(text)) return builtin_or_link(*iana);
  if (auto iana = iana_for_windows_display_name(text)) return is_utc_name(*iana) ? Zone::utc() : builtin_or_link(*iana);
  return std::nullopt;
}

}  // namespace

std::optional<Zone> Zone::find(std::string_view name) {
  const std::string_view cleaned = without_quotes(name);
  // No zone name is this long; a hostile one would cost a lookup per '/' below.
  if (cleaned.size() > 256) return std::nullopt;
  if (auto zone = find_plain(cleaned)) return zone;
  // Vendor prefixes ("/freeassociation.sourceforge.net/", "/mozilla.org/20050126_1/",
  // "/softwarestudio.org/Olson_20011030_5/"): the zone is the shortest-stripped tail that resolves.
  for (std::size_t slash = cleaned.find('/'); slash != std::string_view::npos;
       slash = cleaned.find('/', slash + 1)) {
    if (auto zone = find_plain(cleaned.substr(slash + 1))) return zone;
  }
  return std::nullopt;
}

}  // namespace followup::ical
