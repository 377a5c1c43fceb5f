#include "ical/icu_zone_names.hpp"

#include <unicode/strenum.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/unistr.h>

#include <memory>
#include <unordered_map>

namespace followup::ical {
namespace {

std::string utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::string lower_ascii(std::string_view text) {
  std::string out{text};
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Lower-cased IANA and Windows names -> IANA name, from every zone ICU knows (about 600).
std::unordered_map<std::string, std::string> build_case_table() {
  std::unordered_map<std::string, std::string> table;
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<icu::StringEnumeration> ids{icu::TimeZone::createEnumeration(status)};
  if (U_FAILURE(status) || !ids) return table;
  while (const icu::UnicodeString* id = ids->snext(status)) {
    if (U_FAILURE(status)) break;
    const std::string iana = utf8(*id);
    table.emplace(lower_ascii(iana), iana);
    icu::UnicodeString windows;
    UErrorCode windows_status = U_ZERO_ERROR;
    icu::TimeZone::getWindowsID(*id, windows, windows_status);
    if (U_SUCCESS(windows_status) && windows.length() > 0) {
      if (auto mapped = iana_for_windows_name(utf8(windows))) table.emplace(lower_ascii(utf8(windows)), *mapped);
    }
  }
  return table;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Lower-cased English exemplar cities and generic metazone names -> IANA name.
struct DisplayNameTable {
  std::unordered_map<std::string, std::string> names;
};

DisplayNameTable build_display_name_table() {
  DisplayNameTable table;
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<icu::TimeZoneNames> names{icu::TimeZoneNames::createInstance(icu::Locale::getEnglish(), status)};
  if (U_FAILURE(status) || !names) return table;
  const std::unique_ptr<icu::StringEnumeration> zones{
      icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status)};
  while (zones && U_SUCCESS(status)) {
    const icu::UnicodeString* id = zones->snext(status);
    if (id == nullptr || U_FAILURE(status)) break;
    icu::UnicodeString city;
    names->getExemplarLocationName(*id, city);
    if (city.length() > 0) table.names.emplace(lower_ascii(utf8(city)), utf8(*id));
  }
  status = U_ZERO_ERROR;
  const std::unique_ptr<icu::StringEnumeration> metazones{names->getAvailableMetaZoneIDs(status)};
  while (metazones && U_SUCCESS(status)) {
    const icu::UnicodeString* metazone = metazones->snext(status);
    if (metazone == nullptr || U_FAILURE(status)) break;
    icu::UnicodeString generic, reference;
    names->getMetaZoneDisplayName(*metazone, UTZNM_LONG_GENERIC, generic);
    names->getReferenceZoneID(*metazone, "001", reference);
    if (generic.length() > 0 && reference.length() > 0) table.names.emplace(lower_ascii(utf8(generic)), utf8(reference));
  }
  return table;
}

// "(UTC+07:00)", "(UTC-05:00)", "(GMT+01:00)", "(UTC)": the offset in seconds; the text after it in `rest`.
std::optional<long long> display_offset(std::string_view text, std::string_view& rest) {
  if (text.size() < 5 || text.front() != '(') return std::nullopt;
  const std::size_t close = text.find(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view inside = trim(text.substr(1, close - 1));
  rest = trim(text.substr(close + 1));
  if (inside.substr(0, 3) != "UTC" && inside.substr(0, 3) != "GMT") return std::nullopt;
  inside = trim(inside.substr(3));
  if (inside.empty()) return 0;
  if (inside.size() != 6 || (inside[0] != '+' && inside[0] != '-') || inside[3] != ':') return std::nullopt;
  const auto digit = [&](std::size_t i) { return inside[i] >= '0' && inside[i] <= '9' ? inside[i] - '0' : -100; };
  const long long hours = digit(1) * 10 + digit(2), minutes = digit(4) * 10 + digit(5);
  if (hours < 0 || minutes < 0) return std::nullopt;
  const long long seconds = hours * 3600 + minutes * 60;
  return inside[0] == '-' ? -seconds : seconds;
}

bool standard_offset_is(const std::string& iana, long long seconds) {
  const std::unique_ptr<icu::TimeZone> zone{icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(iana))};
  return zone && static_cast<long long>(zone->getRawOffset()) == seconds * 1000;
}

}  // namespace

std::optional<std::string> iana_for_windows_display_name(std::string_view display_name) {
  static const DisplayNameTable table = build_display_name_table();
  std::string_view rest = trim(display_name);
  const std::optional<long long> offset = display_offset(rest, rest);
  if (!offset) rest = trim(display_name);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view part = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    // "Eastern Time (US & Canada)": the region note is not part of the name.
    if (const std::size_t note = part.find('('); note != std::string_view::npos && note > 0) part = trim(part.substr(0, note));
    if (offset && *offset == 0 && lower_ascii(part) == "coordinated universal time") return "Etc/UTC";
    const auto found = table.names.find(lower_ascii(part));
    if (found == table.names.end()) continue;
    if (!offset || standard_offset_is(found->second, *offset)) return found->second;
  }
  return std::nullopt;
}

std::optional<std::string> iana_for_windows_name(const std::string& windows_name) {
  icu::UnicodeString iana;
  UErrorCode status = U_ZERO_ERROR;
  // nullptr region: the "001" (world) mapping of windowsZones.xml.
  icu::TimeZone::getIDForWindowsID(icu::UnicodeString::fromUTF8(windows_name), nullptr, iana, status);
  if (U_FAILURE(status) || iana.isBogus() || iana.length() == 0) return std::nullopt;
  return utf8(iana);
}

std::optional<std::string> iana_ignoring_case(std::string_view name) {
  static const std::unordered_map<std::string, std::string> table = build_case_table();
  const auto found = table.find(lower_ascii(name));
  if (found == table.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> equivalent_iana_names(const std::string& name) {
  std::vector<std::string> names;
  const icu::UnicodeString id = icu::UnicodeString::fromUTF8(name);
  const int32_t count = icu::TimeZone::countEquivalentIDs(id);
  for (int32_t i = 0; i < count; ++i) {
    std::string other = utf8(icu::TimeZone::getEquivalentID(id, i));
    if (!other.empty() && other != name) names.push_back(std::move(other));
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString canonical;
  UBool is_system = false;
  icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
  if (U_SUCCESS(status) && canonical.length() > 0 && utf8(canonical) != name)
    names.push_back(utf8(canonical));
  return names;
}

}  // namespace followup::ical
