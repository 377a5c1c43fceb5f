#pragma once
// From one kept VEVENT or VTODO block to Items: parse with libical, check, resolve times, expand
// recurrences. Private to ical/.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ical/calendar_scanner.hpp"
#include "ical/calendar_zones.hpp"
#include "ical/libical_handles.hpp"
#include "ical/reader.hpp"
#include "ical/time_value.hpp"

namespace followup::ical {

// What every component of one read shares.
struct ReadContext {
  std::string_view source;
  const ReadOptions& options;
  CalendarZones& zones;
  ItemSink& sink;

  std::string where(std::size_t line) const;
  void problem(std::size_t line, std::string reason) const;
};

struct ParsedComponent {
  ComponentPtr component;
  ComponentKind kind = ComponentKind::Event;
  std::string uid;
  std::size_t line = 0;
  TimeReader times;                        // keeps the unknown TZIDs until the items are emitted
  std::optional<TimeValue> recurrence_id;  // set on an override (RFC 5545 §3.8.4.4)
};

// Parses a block and checks what the reader needs: a UID, a usable DTSTART on a VEVENT, no property
// libical could not read among those that say when it happens. nullopt (reported) when it is skipped.
std::optional<ParsedComponent> parse_component(const ScannedBlock& block, const ReadContext& context);

// Sends the component's items to the sink. `replaced`: instants named by overrides of this UID; a
// recurring master leaves those occurrences to its overrides.
void emit_items(ParsedComponent& component, const std::vector<SysSeconds>& replaced, const ReadContext& context);

// The instant a RECURRENCE-ID content line names, read on its own (for overrides the keep filter
// rejected, which must still replace their occurrence). nullopt when it cannot be read.
std::optional<SysSeconds> recurrence_id_instant(const std::string& content_line, const ReadContext& context);

}  // namespace followup::ical
