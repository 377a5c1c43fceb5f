#include "ical/writer.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <string_view>
#include <vector>

#include "ical/calendar_zones.hpp"
#include "ical/component_reader.hpp"
#include "ical/content_lines.hpp"
#include "ical/libical_handles.hpp"
#include "ical/zone_impl.hpp"

namespace followup::ical {
namespace {

constexpr const char* product_id = "-//followup//followup 0.1//EN";

icaltimetype fields_of(LocalSeconds t, bool is_date) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const Date d{day};
  const std::chrono::hh_mm_ss<std::chrono::seconds> hms{t - day};
  icaltimetype tt = icaltime_null_time();
  tt.year = static_cast<int>(d.year());
  tt.month = static_cast<int>(static_cast<unsigned>(d.month()));
  tt.day = static_cast<int>(static_cast<unsigned>(d.day()));
  tt.is_date = is_date ? 1 : 0;
  if (!is_date) {
    tt.hour = static_cast<int>(hms.hours().count());
    tt.minute = static_cast<int>(hms.minutes().count());
    tt.second = static_cast<int>(hms.seconds().count());
  }
  return tt;
}

icaltimetype utc_fields(SysSeconds t) {
  icaltimetype tt = fields_of(LocalSeconds{t.time_since_epoch()}, false);
  tt.zone = icaltimezone_get_utc_timezone();
  return tt;
}

// A DATE-TIME property in the zone: TZID=<IANA name> with local fields, or UTC with 'Z'.
void add_time(icalcomponent* c, icalproperty* p, SysSeconds t, const Zone& zone) {
  if (zone.name() == "UTC") {
    icalproperty_set_value(p, icalvalue_new_datetime(utc_fields(t)));
  } else {
    icalproperty_set_value(p, icalvalue_new_datetime(fields_of(zone.to_local(t), false)));
    icalproperty_add_parameter(p, icalparameter_new_tzid(zone.name().c_str()));
  }
  icalcomponent_add_property(c, p);
}

// Observances that stopped applying before this year are history no follow-up needs.
constexpr int history_ends = 2000;

bool applies_since(icalcomponent* observance, int year) {
  icalproperty* dtstart = icalcomponent_get_first_property(observance, ICAL_DTSTART_PROPERTY);
  if (dtstart && icalproperty_get_dtstart(dtstart).year >= year) return true;
  for (icalproperty* p = icalcomponent_get_first_property(observance, ICAL_RRULE_PROPERTY); p;
       p = icalcomponent_get_next_property(observance, ICAL_RRULE_PROPERTY)) {
    const icalrecurrencetype rule = icalproperty_get_rrule(p);
    if (icaltime_is_null_time(rule.until) || rule.until.year >= year) return true;
  }
  for (icalproperty* p = icalcomponent_get_first_property(observance, ICAL_RDATE_PROPERTY); p;
       p = icalcomponent_get_next_property(observance, ICAL_RDATE_PROPERTY))
    if (icalproperty_get_rdate(p).time.year >= year) return true;
  return false;
}

// When an observance last began: its DTSTART, or later its RRULE's UNTIL or an RDATE. Not its DTSTART
// alone: Asia/Tokyo's standard time has an older DTSTART than its DST of 1950 but outlasted it (1951),
// and keeping the DST one wrote every Tokyo follow-up an hour off.
icaltimetype last_onset(icalcomponent* observance) {
  icaltimetype last = icaltime_null_time();
  const auto later = [&last](icaltimetype t) {
    if (!icaltime_is_null_time(t) && (icaltime_is_null_time(last) || icaltime_compare(t, last) > 0)) last = t;
  };
  if (icalproperty* dtstart = icalcomponent_get_first_property(observance, ICAL_DTSTART_PROPERTY))
    later(icalproperty_get_dtstart(dtstart));
  for (icalproperty* p = icalcomponent_get_first_property(observance, ICAL_RRULE_PROPERTY); p;
       p = icalcomponent_get_next_property(observance, ICAL_RRULE_PROPERTY))
    later(icalproperty_get_rrule(p).until);
  for (icalproperty* p = icalcomponent_get_first_property(observance, ICAL_RDATE_PROPERTY); p;
       p = icalcomponent_get_next_property(observance, ICAL_RDATE_PROPERTY))
    later(icalproperty_get_rdate(p).time);
  return last;
}

// libical's built-in zones carry their whole history (Europe/Berlin from 1893: 40 observances). Keep
// what applies since `history_ends`, and the last observance before it (a zone without DST, such as
// Asia/Tokyo, has only old ones).
void drop_history(icalcomponent* vtimezone) {
  std::vector<icalcomponent*> old;
  for (icalcomponent* o = icalcomponent_get_first_component(vtimezone, ICAL_ANY_COMPONENT); o;
       o = icalcomponent_get_next_component(vtimezone, ICAL_ANY_COMPONENT))
    if (!applies_since(o, history_ends)) old.push_back(o);
  if (old.empty()) return;
  const auto latest = std::max_element(old.begin(), old.end(),
                                       [](icalcomponent* a, icalcomponent* b) {
                                         return icaltime_compare(last_onset(a), last_onset(b)) < 0;
                                       });
  old.erase(latest);
  for (icalcomponent* o : old) {
    icalcomponent_remove_component(vtimezone, o);
    icalcomponent_free(o);
  }
}

// libical names its built-in zones "/freeassociation.sourceforge.net/Europe/Berlin"; objects carry the
// plain IANA name instead, so the VTIMEZONE's TZID is rewritten to match the TZID parameters.
ComponentPtr vtimezone_for(const Zone& zone) {
  icalcomponent* source = icaltimezone_get_component(libical_zone(zone));
  if (!source) return nullptr;
  ComponentPtr copy{icalcomponent_new_clone(source)};
  if (icalproperty* tzid = icalcomponent_get_first_property(copy.get(), ICAL_TZID_PROPERTY))
    icalproperty_set_tzid(tzid, zone.name().c_str());
  drop_history(copy.get());
  return copy;
}

// The VTIMEZONE of `zone` as written (folded, CRLF), made once per zone: cloning libical's built-in
// zone with its whole history, trimming and serializing it took most of the time of writing an item
// (profile of `followup import`, issue 7). Keyed by the libical zone and holding the Zone, so that a
// zone made from a VTIMEZONE stays alive (and its address unused) while its text is remembered.
// Thread-safe: accounts are synchronized concurrently.
std::string vtimezone_text(const Zone& zone) {
  static std::mutex mutex;
  static std::map<const icaltimezone*, std::pair<Zone, std::string>> written;
  constexpr std::size_t max_remembered = 64;
  const icaltimezone* key = libical_zone(zone);
  {
    const std::lock_guard lock(mutex);
    if (const auto found = written.find(key); found != written.end()) return found->second.second;
  }
  std::string text;
  if (ComponentPtr tz = vtimezone_for(zone)) {
    IcalStringPtr raw{icalcomponent_as_ical_string_r(tz.get())};
    if (raw) text = refold(raw.get());
  }
  const std::lock_guard lock(mutex);
  if (written.size() >= max_remembered) written.clear();
  written.emplace(key, std::make_pair(zone, text));
  return text;
}

void add_text(icalcomponent* c, icalproperty* p) { icalcomponent_add_property(c, p); }

// Written in parts: the VCALENDAR's own lines, the VTIMEZONE (remembered per zone), the item. Each
// part is whole content lines, so folding the parts one by one gives the same bytes as folding the
// whole (refold works line by line), and libical would write a VCALENDAR's properties, then its
// components in the order added, exactly so.
ComponentPtr build_component(const NewItem& item, const Zone& zone) {
  const bool is_todo = item.kind == ComponentKind::Todo;
  ComponentPtr component{icalcomponent_new(is_todo ? ICAL_VTODO_COMPONENT : ICAL_VEVENT_COMPONENT)};
  icalcomponent* c = component.get();
  add_text(c, icalproperty_new_uid(item.uid.c_str()));
  icalcomponent_add_property(c, icalproperty_new_dtstamp(utc_fields(item.stamp)));
  icalcomponent_add_property(c, icalproperty_new_created(utc_fields(item.stamp)));
  icalcomponent_add_property(c, icalproperty_new_lastmodified(utc_fields(item.stamp)));
  icalcomponent_add_property(c, icalproperty_new_sequence(item.sequence));
  add_text(c, icalproperty_new_summary(item.summary.c_str()));
  if (!item.description.empty()) add_text(c, icalproperty_new_description(item.description.c_str()));

  if (item.date) {
    // All-day: DATE values, DTEND exclusive (RFC 5545 §3.6.1).
    const LocalSeconds day{std::chrono::local_days{*item.date}};
    icalcomponent_add_property(c, icalproperty_new_dtstart(fields_of(day, true)));
    icalcomponent_add_property(c, icalproperty_new_dtend(fields_of(day + std::chrono::days{1}, true)));
  } else {
    if (item.start) add_time(c, icalproperty_new(ICAL_DTSTART_PROPERTY), *item.start, zone);
    if (item.end && !is_todo) add_time(c, icalproperty_new(ICAL_DTEND_PROPERTY), *item.end, zone);
    if (item.due && is_todo) add_time(c, icalproperty_new(ICAL_DUE_PROPERTY), *item.due, zone);
  }
  if (!item.status.empty()) {
    icalproperty* status = icalproperty_new(ICAL_STATUS_PROPERTY);
    icalproperty_set_value_from_string(status, item.status.c_str(), "STATUS");
    icalcomponent_add_property(c, status);
  }
  if (!is_todo) icalcomponent_add_property(c, icalproperty_new_transp(item.transparent ? ICAL_TRANSP_TRANSPARENT : ICAL_TRANSP_OPAQUE));
  for (const auto& category : item.categories) add_text(c, icalproperty_new_categories(category.c_str()));
  if (!item.related_to.empty()) add_text(c, icalproperty_new_relatedto(item.related_to.c_str()));
  for (const auto& [name, value] : item.x_props) {
    icalproperty* x = icalproperty_new_x(value.c_str());
    icalproperty_set_x_name(x, name.c_str());
    icalcomponent_add_property(c, x);
  }
  if (item.alarm) {
    // RFC 5545 §3.6.6: a DISPLAY alarm needs ACTION, TRIGGER and DESCRIPTION.
    icalcomponent* alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
    icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
    icaltriggertype trigger = icaltriggertype_from_int(0);
    trigger.duration = icaldurationtype_from_int(-static_cast<int>(std::chrono::seconds{item.alarm->before}.count()));
    if (is_todo) {
      icalproperty* p = icalproperty_new_trigger(trigger);
      icalproperty_add_parameter(p, icalparameter_new_related(ICAL_RELATED_END));
      icalcomponent_add_property(alarm, p);
    } else {
      icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
    }
    add_text(alarm, icalproperty_new_description(item.alarm->description.c_str()));
    icalcomponent_add_component(c, alarm);
  }
  return component;
}

bool uses_zone(const NewItem& item, const Zone& zone) {
  return zone.name() != "UTC" && (item.start || item.end || item.due);
}

std::string object_text(const NewItem& item, const Zone& zone, icalcomponent* component) {
  std::string out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:";
  out.append(product_id).append("\r\n");
  if (uses_zone(item, zone)) out += vtimezone_text(zone);
  IcalStringPtr raw{icalcomponent_as_ical_string_r(component)};
  const std::string text = raw ? refold(raw.get()) : std::string();
  // Reserved to the byte: a large import holds thousands of these at once (issue 7).
  constexpr std::string_view end = "END:VCALENDAR\r\n";
  out.reserve(out.size() + text.size() + end.size());
  out.append(text).append(end);
  return out;
}

// Whether libical writes `text` as a TEXT value (RFC 5545 §3.3.11) and reads the same bytes back.
// Printable characters and line feeds are escaped and unescaped symmetrically; a backslash, another
// control character or space at either end are left to a real read rather than trusted (libical's
// handling of "\r", "\t" and unknown escapes is not symmetric in every version).
bool text_reads_back(std::string_view text) {
  if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) return false;
  return std::all_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c >= 0x20 && c != 0x7F && c != '\\') || c == '\n';
  });
}

// X- values are written raw, not escaped: only plain printable text without list separators.
bool raw_value_reads_back(std::string_view text) {
  return text_reads_back(text) && text.find_first_of("\n,;") == std::string_view::npos;
}

bool reads_back_as_written(const NewItem& item) {
  const bool texts = text_reads_back(item.uid) && text_reads_back(item.summary) &&
                     text_reads_back(item.description) && text_reads_back(item.related_to) &&
                     (!item.alarm || text_reads_back(item.alarm->description));
  const bool categories = std::all_of(item.categories.begin(), item.categories.end(), [](const std::string& c) {
    return !c.empty() && text_reads_back(c) && c.find(',') == std::string::npos;  // CATEGORIES is a list
  });
  const bool x_values = std::all_of(item.x_props.begin(), item.x_props.end(),
                                    [](const auto& x) { return raw_value_reads_back(x.second); });
  return !item.uid.empty() && texts && categories && x_values;
}

class Collect final : public ItemSink {
 public:
  void item(Item&& i) override { items.push_back(std::move(i)); }
  void problem(ReadProblem&&) override { clean = false; }
  std::vector<Item> items;
  bool clean = true;
};

}  // namespace

std::string write_object(const NewItem& item, const Zone& zone) {
  const ComponentPtr component = build_component(item, zone);
  return object_text(item, zone, component.get());
}

WrittenObject write_object_as_read(const NewItem& item, const Zone& zone, const Zone& reading_zone) {
  ComponentPtr component = build_component(item, zone);
  WrittenObject written;
  written.text = object_text(item, zone, component.get());
  if (!reads_back_as_written(item)) return written;
  if (item.kind == ComponentKind::Event && !item.date && !item.start) return written;  // the reader skips it
  // The reader's own path (component_reader.hpp) on the component as built: the zone comes from the
  // VTIMEZONE text just written, through the same cache a read of the text uses.
  Collect collect;
  CalendarZones zones{[&collect](std::size_t, std::string) { collect.clean = false; }};
  if (uses_zone(item, zone)) zones.define(zone.name(), vtimezone_text(zone), 0);
  ReadOptions options;
  options.local_zone = reading_zone;
  const ReadContext context{item.uid, options, zones, collect};
  ParsedComponent parsed{std::move(component), item.kind, item.uid, 0, TimeReader{zones, reading_zone}, std::nullopt};
  emit_items(parsed, {}, context);
  if (collect.clean && collect.items.size() == 1) written.as_read = std::move(collect.items.front());
  return written;
}

}  // namespace followup::ical
