#pragma once
// A time zone, resolved through libical's built-in zones (IANA names) or a VTIMEZONE; libical itself
// stays behind this header.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ical/time.hpp"

namespace followup::ical {

// Copies are cheap (they share one immutable Impl), and a Zone may be used from several threads at
// once: libical takes its own lock around its lazily expanded change tables.
class Zone {
 public:
  static Zone utc();

  // Resolves an IANA name ("Europe/Berlin"), a Microsoft name ("W. Europe Standard Time", mapped with
  // ICU's copy of CLDR windowsZones.xml), a name with a vendor prefix
  // ("/freeassociation.sourceforge.net/Europe/Berlin", "/mozilla.org/20050126_1/Europe/Berlin") or in
  // quotes, and "UTC"/"Z"/"GMT". Nothing found: nullopt (never silently UTC or floating).
  static std::optional<Zone> find(std::string_view name);

  // The IANA name ("Europe/Berlin"), "UTC", or for a custom VTIMEZONE its TZID as written.
  const std::string& name() const;

  std::chrono::seconds utc_offset(SysSeconds t) const;
  LocalSeconds to_local(SysSeconds t) const;
  // A wall time that does not exist (spring-forward gap) is moved forward by the gap; a wall time
  // that exists twice (fall-back) maps to the earlier instant.
  SysSeconds to_sys(LocalSeconds t) const;

  friend bool operator==(const Zone& a, const Zone& b) { return a.name() == b.name(); }

  struct Impl;  // defined in zone_impl.hpp (private to ical/)
  explicit Zone(std::shared_ptr<const Impl> impl);
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

// ISO 8601 with the zone's offset: "2026-01-13T10:00:00+01:00".
std::string format_iso(SysSeconds t, const Zone& zone);
// Parses ISO 8601 with an offset or Z ("2026-01-13T12:00:00+01:00", "2026-01-13T11:00:00Z");
// throws std::invalid_argument naming the text otherwise.
SysSeconds parse_iso_instant(const std::string& text);

}  // namespace followup::ical
