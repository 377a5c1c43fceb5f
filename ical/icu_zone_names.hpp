#pragma once
// Zone names only ICU knows: the Windows names (through its copy of CLDR windowsZones.xml) and the
// links between IANA names. Private to ical/; ICU stays in the .cpp.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace followup::ical {

// The IANA name CLDR maps a Windows zone name to for the world (region "001"):
// "W. Europe Standard Time" -> "Europe/Berlin". Exact spelling only.
std::optional<std::string> iana_for_windows_name(const std::string& windows_name);

// A Windows display name, as Outlook and Exchange sometimes write in TZID:
// "(UTC+07:00) Bangkok, Hanoi, Jakarta", "(UTC-05:00) Eastern Time (US & Canada)", or only the cities.
// Each part is looked up among ICU's English exemplar cities ("Bangkok" -> Asia/Bangkok) and generic
// metazone names ("Eastern Time" -> America/New_York); with a "(UTC±hh:mm)" prefix the zone's
// standard offset must agree. Never a guess from the offset alone.
std::optional<std::string> iana_for_windows_display_name(std::string_view display_name);

// An IANA or Windows name written in another case ("europe/berlin", "EASTERN STANDARD TIME"),
// as the IANA name. The table is built from ICU on first use.
std::optional<std::string> iana_ignoring_case(std::string_view name);

// The other IANA names of the same zone ("America/New_York" <-> "US/Eastern"), for a name libical's
// table lacks but one of its links is in it.
std::vector<std::string> equivalent_iana_names(const std::string& name);

}  // namespace followup::ical
