#include "ical/component_reader.hpp"

#include <algorithm>
#include <array>

#include "ical/civil_time.hpp"
#include "ical/component_fields.hpp"
#include "ical/event_span.hpp"
#include "ical/recurrence.hpp"

namespace followup::ical {
namespace {

using std::chrono::days;
using std::chrono::seconds;

// A problem reason is one line: libical's messages and values from the file may hold anything.
std::string one_line(std::string_view text, std::size_t max_bytes = 200) {
  std::string out;
  for (const char c : text) {
    if (out.size() >= max_bytes) {
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
      if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
      out += "...";
      break;
    }
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  return out;
}

// libical drops a property it cannot read and leaves an X-LIC-ERROR note naming it ("Can't parse as
// DATE-TIME value in DTEND property", "No value for DTSTART property", "Invalid VALUE type for
// property DTEND: ..."). Losing one of these changes when the component happens, so it is skipped.
std::optional<std::string> time_property_error(icalcomponent* component) {
  static constexpr std::array<std::string_view, 8> kNames{"DTSTART", "DTEND", "DUE",   "DURATION",
                                                          "RRULE",   "RDATE", "EXDATE", "RECURRENCE-ID"};
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
    const char* note = icalproperty_get_xlicerror(p);
    const std::string_view text = note != nullptr ? note : "";
    for (const std::string_view name : kNames) {
      for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
        const std::string_view before = text.substr(0, at), after = text.substr(at + name.size());
        if ((before.ends_with(" ") && after.starts_with(" property")) ||
            (before.ends_with("property ") && after.starts_with(":"))) {
          std::string reason{name};
          reason.append(" cannot be read: ").append(one_line(text));
          return reason;
        }
      }
    }
  }
  return std::nullopt;
}

bool has_property(icalcomponent* component, icalproperty_kind kind) {
  return icalcomponent_get_first_property(component, kind) != nullptr;
}

// DTEND (exclusive, RFC 5545 §3.6.1) or DURATION, relative to DTSTART; else the default: one day for
// a DATE start, nothing for a timed one. nullopt: DTEND names no real date (skip the component).
std::optional<Span> read_span(icalcomponent* component, const TimeValue& start, TimeReader& times,
                              std::vector<std::string>& problems) {
  const Span fallback{start.is_date ? 1 : 0, seconds{0}, false};
  if (has_property(component, ICAL_DTEND_PROPERTY)) {
    const std::optional<TimeValue> end = times.read_first(component, ICAL_DTEND_PROPERTY);
    if (!end) return std::nullopt;
    if (start.is_date && end->is_date) {
      const auto length = std::chrono::floor<days>(end->wall) - std::chrono::floor<days>(start.wall);
      // DTEND equal to a DATE DTSTART is common (and wrong); it means the one day.
      if (length.count() == 0) return fallback;
      if (length.count() > 0) return Span{static_cast<int>(length.count()), seconds{0}, true};
    } else if (end->instant >= start.instant) {
      return Span{0, end->instant - start.instant, true};
    }
    problems.push_back("DTEND " + end->ical_text() + " is before DTSTART " + start.ical_text() + "; ignored");
    return fallback;
  }
  if (icalproperty* duration = icalcomponent_get_first_property(component, ICAL_DURATION_PROPERTY)) {
    const icaldurationtype d = icalproperty_get_duration(duration);
    if (d.is_neg != 0) {
      problems.push_back("DURATION is negative; ignored");
      return fallback;
    }
    const long long whole_days = static_cast<long long>(d.days) + 7LL * d.weeks;
    const long long exact = 3600LL * d.hours + 60LL * d.minutes + d.seconds;
    return Span{static_cast<int>(std::min<long long>(whole_days, 1000000)), seconds{exact}, true};
  }
  return fallback;
}

RecurrenceSet read_recurrence_set(icalcomponent* component, const TimeValue& start, const Span& span,
                                  TimeReader& times) {
  RecurrenceSet set{start, span, {}, {}, {}};
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_RRULE_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_RRULE_PROPERTY))
    set.rules.push_back(icalproperty_get_rrule(p));
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_RDATE_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_RDATE_PROPERTY)) {
    const icaldatetimeperiodtype rdate = icalproperty_get_rdate(p);
    if (!icaltime_is_null_time(rdate.time)) {
      if (auto value = times.read(p, rdate.time)) set.rdates.push_back({std::move(*value), std::nullopt});
      continue;
    }
    auto period_start = times.read(p, rdate.period.start);
    if (!period_start) continue;
    std::optional<SysSeconds> end;
    if (!icaltime_is_null_time(rdate.period.end)) {
      if (auto period_end = times.read(p, rdate.period.end)) end = period_end->instant;
    } else {
      const icaldurationtype d = rdate.period.duration;
      end = period_start->instant + days{d.days + 7LL * d.weeks} + seconds{3600LL * d.hours + 60LL * d.minutes + d.seconds};
    }
    if (end && *end < period_start->instant) end = period_start->instant;
    set.rdates.push_back({std::move(*period_start), end});
  }
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_EXDATE_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_EXDATE_PROPERTY)) {
    if (auto value = times.read(p, icalproperty_get_exdate(p))) set.exdates.push_back(std::move(*value));
  }
  return set;
}

void set_times(Item& item, const TimeValue& dtstart, LocalSeconds wall, SysSeconds start, SysSeconds end,
               const Span& span) {
  item.start = start;
  item.end = end;
  item.has_end = span.given;
  item.all_day = dtstart.is_date;
  item.floating = dtstart.floating;
  item.tzid = dtstart.tzid;
  if (dtstart.is_date) {
    item.start_date = Date{std::chrono::floor<days>(wall)};
    item.end_date = end_date_after(wall, span);
  }
}

Item base_item(const ParsedComponent& parsed, const ReadContext& context) {
  Item item;
  item.kind = parsed.kind;
  item.uid = parsed.uid;
  item.where = context.where(parsed.line);
  read_descriptive_fields(parsed.component.get(), item);
  if (parsed.recurrence_id) {
    item.recurrence_id = parsed.recurrence_id->instant;
    item.recurrence_id_text = parsed.recurrence_id->ical_text();
  }
  return item;
}

void emit_event(ParsedComponent& parsed, const std::vector<SysSeconds>& replaced, const ReadContext& context,
                std::vector<std::string>& problems) {
  icalcomponent* component = parsed.component.get();
  const std::optional<TimeValue> start = parsed.times.read_first(component, ICAL_DTSTART_PROPERTY);
  if (!start) return context.problem(parsed.line, "VEVENT's DTSTART is not a real date or time");
  const std::optional<Span> span = read_span(component, *start, parsed.times, problems);
  if (!span) return context.problem(parsed.line, "VEVENT's DTEND is not a real date or time");
  const Window window{context.options.window_start, context.options.window_end};

  const bool recurring = !parsed.recurrence_id &&
                         (has_property(component, ICAL_RRULE_PROPERTY) || has_property(component, ICAL_RDATE_PROPERTY));
  if (!recurring) {
    const SysSeconds end = end_after(start->zone, start->wall, start->instant, *span);
    if (!window.overlaps(start->instant, end)) return;  // outside the window: dropped silently
    Item item = base_item(parsed, context);
    set_times(item, *start, start->wall, start->instant, end, *span);
    context.sink.item(std::move(item));
    return;
  }

  const RecurrenceSet set = read_recurrence_set(component, *start, *span, parsed.times);
  const RecurrenceLimits limits{window, context.options.max_occurrences, context.options.max_recurrence_steps};
  const std::vector<Occurrence> occurrences = expand(set, limits, problems);
  if (occurrences.empty()) return;
  const Item master = base_item(parsed, context);
  for (const Occurrence& occurrence : occurrences) {
    if (std::find(replaced.begin(), replaced.end(), occurrence.start) != replaced.end()) continue;
    Item item = master;
    set_times(item, *start, occurrence.wall, occurrence.start, occurrence.end, *span);
    item.recurrence_id = occurrence.start;
    item.recurrence_id_text = format_ical(occurrence.wall, start->is_date, start->utc);
    context.sink.item(std::move(item));
  }
}

// A VTODO is one item whatever its recurrence, and is not filtered by time.
void emit_todo(ParsedComponent& parsed, const ReadContext& context, std::vector<std::string>& problems) {
  icalcomponent* component = parsed.component.get();
  Item item = base_item(parsed, context);
  const std::optional<TimeValue> start = parsed.times.read_first(component, ICAL_DTSTART_PROPERTY);
  if (start) {
    item.start = start->instant;
    item.all_day = start->is_date;
    item.floating = start->floating;
    item.tzid = start->tzid;
    if (start->is_date) item.start_date = Date{std::chrono::floor<days>(start->wall)};
  }
  if (const auto due = parsed.times.read_first(component, ICAL_DUE_PROPERTY)) {
    item.due = due->instant;
  } else if (start && has_property(component, ICAL_DURATION_PROPERTY)) {
    // RFC 5545 §3.6.2: DTSTART + DURATION stands for DUE.
    if (const auto span = read_span(component, *start, parsed.times, problems))
      item.due = end_after(start->zone, start->wall, start->instant, *span);
  }
  if (const auto completed = parsed.times.read_first(component, ICAL_COMPLETED_PROPERTY))
    item.completed = completed->instant;
  context.sink.item(std::move(item));
}

}  // namespace

std::string ReadContext::where(std::size_t line) const { return std::string{source} + ":" + std::to_string(line); }

void ReadContext::problem(std::size_t line, std::string reason) const {
  sink.problem(ReadProblem{where(line), std::move(reason)});
}

std::optional<ParsedComponent> parse_component(const ScannedBlock& block, const ReadContext& context) {
  for (const auto& [line, note] : block.notes) context.problem(line, note);
  const ComponentKind kind = block.name == "VTODO" ? ComponentKind::Todo : ComponentKind::Event;
  const icalcomponent_kind libical_kind = kind == ComponentKind::Todo ? ICAL_VTODO_COMPONENT : ICAL_VEVENT_COMPONENT;
  ComponentPtr component{icalparser_parse_string(block.text.c_str())};
  if (!component || icalcomponent_isa(component.get()) != libical_kind) {
    context.problem(block.line, block.name + " cannot be parsed");
    return std::nullopt;
  }
  if (auto error = time_property_error(component.get())) {
    context.problem(block.line, block.name + " skipped: " + *error);
    return std::nullopt;
  }
  const char* uid = icalcomponent_get_uid(component.get());
  if (uid == nullptr || *uid == '\0') {
    context.problem(block.line, block.name + " has no UID; skipped");
    return std::nullopt;
  }
  if (kind == ComponentKind::Event && !has_property(component.get(), ICAL_DTSTART_PROPERTY)) {
    context.problem(block.line, "VEVENT has no DTSTART; skipped");
    return std::nullopt;
  }
  ParsedComponent parsed{std::move(component), kind, uid, block.line,
                         TimeReader{context.zones, context.options.local_zone}, std::nullopt};
  if (has_property(parsed.component.get(), ICAL_RECURRENCEID_PROPERTY)) {
    parsed.recurrence_id = parsed.times.read_first(parsed.component.get(), ICAL_RECURRENCEID_PROPERTY);
    if (!parsed.recurrence_id) {
      context.problem(block.line, block.name + "'s RECURRENCE-ID is not a real date or time; skipped");
      return std::nullopt;
    }
  }
  return parsed;
}

void emit_items(ParsedComponent& parsed, const std::vector<SysSeconds>& replaced, const ReadContext& context) {
  std::vector<std::string> problems;
  if (parsed.kind == ComponentKind::Event)
    emit_event(parsed, replaced, context, problems);
  else
    emit_todo(parsed, context, problems);
  for (const std::string& tzid : parsed.times.unknown_tzids())
    problems.push_back("unknown time zone '" + one_line(tzid, 80) + "', read as " + context.options.local_zone.name());
  for (std::string& problem : problems) context.problem(parsed.line, std::move(problem));
}

std::optional<SysSeconds> recurrence_id_instant(const std::string& content_line, const ReadContext& context) {
  const PropertyPtr property{icalproperty_new_from_string(content_line.c_str())};
  if (!property || icalproperty_isa(property.get()) != ICAL_RECURRENCEID_PROPERTY) return std::nullopt;
  TimeReader times{context.zones, context.options.local_zone};
  const auto value = times.read(property.get(), icalproperty_get_recurrenceid(property.get()));
  if (!value) return std::nullopt;
  return value->instant;
}

}  // namespace followup::ical
