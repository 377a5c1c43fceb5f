// Fuzz target: bytes as a server's XML answer, through both WebDAV readers (sync/webdav_xml.hpp):
// parse_multistatus may throw BadInput for what is not a multistatus, parse_dav_error may not throw
// at all (it is lenient by contract).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ical/errors.hpp"
#include "sync/webdav_xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    const followup::sync::DavMultistatus multistatus = followup::sync::parse_multistatus(body, "REPORT fuzz");
    // What the callers ask of it (caldav_reports.cpp, caldav_discovery.cpp).
    for (const auto& response : multistatus.responses) {
      (void)response.find(followup::sync::kDavNs, "getetag");
      for (const auto& propstat : response.propstats)
        for (const auto& property : propstat.properties) (void)property.trimmed_text();
    }
  } catch (const followup::BadInput&) {
    // Not well-formed or not a multistatus: reported as such.
  }
  const followup::sync::DavErrorBody error = followup::sync::parse_dav_error(body);
  (void)error.has(followup::sync::kDavNs, "valid-sync-token");
  return 0;
}
