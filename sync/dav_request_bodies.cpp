#include "sync/dav_request_bodies.hpp"

#include <pugixml.hpp>

#include <cstdio>
#include <map>
#include <stdexcept>

#include "sync/webdav_xml.hpp"

namespace followup::sync {
namespace {

struct StringWriter : pugi::xml_writer {
  std::string text;
  void write(const void* data, std::size_t size) override { text.append(static_cast<const char*>(data), size); }
};

// Prefixes for the namespaces a body uses, declared on its root element.
class Prefixes {
 public:
  explicit Prefixes(pugi::xml_node root) : root_(root) {}

  // "d:name" for DAV:, "c:name" for CalDAV, …, "x1:name" for others.
  std::string qualify(std::string_view ns, std::string_view name) {
    auto found = prefixes_.find(std::string(ns));
    if (found == prefixes_.end()) {
      const std::string prefix = known_prefix(ns);
      found = prefixes_.emplace(std::string(ns), prefix).first;
      root_.append_attribute(("xmlns:" + prefix).c_str()).set_value(std::string(ns).c_str());
    }
    return found->second + ":" + std::string(name);
  }

 private:
  std::string known_prefix(std::string_view ns) {
    if (ns == kDavNs) return "d";
    if (ns == kCalDavNs) return "c";
    if (ns == kCalendarServerNs) return "cs";
    if (ns == kAppleIcalNs) return "a";
    return "x" + std::to_string(++others_);
  }

  pugi::xml_node root_;
  std::map<std::string, std::string> prefixes_;
  int others_ = 0;
};

// A document with the XML declaration and a root element in `ns`, for building a body.
struct Body {
  pugi::xml_document document;
  pugi::xml_node root;
  Prefixes prefixes{pugi::xml_node()};

  Body(std::string_view ns, std::string_view name) {
    pugi::xml_node declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "utf-8";
    root = document.append_child(pugi::node_element);
    prefixes = Prefixes(root);
    root.set_name(prefixes.qualify(ns, name).c_str());
  }
  pugi::xml_node add(pugi::xml_node parent, std::string_view ns, std::string_view name) {
    return parent.append_child(prefixes.qualify(ns, name).c_str());
  }
  std::string text() const {
    StringWriter writer;
    document.save(writer, "", pugi::format_raw, pugi::encoding_utf8);
    return writer.text;
  }
};

bool is_xml_name(std::string_view name) {
  const auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (name.empty() || !start(name.front())) return false;
  for (const char c : name)
    if (!start(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.') return false;
  return true;
}

// XML 1.0 has no way to write these control characters, not even as references.
std::string_view checked_text(std::string_view text, const char* what) {
  for (const char c : text)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
      throw std::invalid_argument(std::string(what) + " holds a control character");
  return text;
}

void set_text(pugi::xml_node element, std::string_view text, const char* what) {
  element.text().set(std::string(checked_text(text, what)).c_str());
}

std::string utc_text(std::chrono::sys_seconds time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{time - day};
  const int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) throw std::invalid_argument("time-range outside years 0000 to 9999");
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02uT%02ld%02ld%02lldZ", year, static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long>(clock.hours().count()),
                static_cast<long>(clock.minutes().count()), static_cast<long long>(clock.seconds().count()));
  return text;
}

void add_prop(Body& body, pugi::xml_node parent, const std::vector<DavPropName>& properties) {
  const pugi::xml_node prop = body.add(parent, kDavNs, "prop");
  for (const DavPropName& property : properties) {
    if (property.ns.empty()) throw std::invalid_argument("property " + property.name + " without a namespace");
    if (!is_xml_name(property.name)) throw std::invalid_argument("not an XML name: \"" + property.name + "\"");
    body.add(prop, property.ns, property.name);
  }
}

}  // namespace

std::string propfind_body(const std::vector<DavPropName>& properties) {
  Body body(kDavNs, "propfind");
  add_prop(body, body.root, properties);
  return body.text();
}

std::string calendar_query_body(CalendarComponent component, const std::optional<UtcTimeRange>& range,
                                bool with_calendar_data, std::string_view defined_property) {
  Body body(kCalDavNs, "calendar-query");
  std::vector<DavPropName> properties{{std::string(kDavNs), "getetag"}};
  if (with_calendar_data) properties.push_back({std::string(kCalDavNs), "calendar-data"});
  add_prop(body, body.root, properties);
  pugi::xml_node calendar = body.add(body.add(body.root, kCalDavNs, "filter"), kCalDavNs, "comp-filter");
  calendar.append_attribute("name") = "VCALENDAR";
  pugi::xml_node inner = body.add(calendar, kCalDavNs, "comp-filter");
  inner.append_attribute("name") = component == CalendarComponent::Event ? "VEVENT" : "VTODO";
  if (range) {
    if (range->start >= range->end) throw std::invalid_argument("time-range: start is not before end");
    pugi::xml_node time_range = body.add(inner, kCalDavNs, "time-range");
    time_range.append_attribute("start") = utc_text(range->start).c_str();
    time_range.append_attribute("end") = utc_text(range->end).c_str();
  }
  if (!defined_property.empty())
    body.add(inner, kCalDavNs, "prop-filter").append_attribute("name") = std::string(defined_property).c_str();
  return body.text();
}

std::string calendar_multiget_body(const std::vector<std::string>& hrefs) {
  if (hrefs.empty()) throw std::invalid_argument("calendar-multiget without hrefs");
  Body body(kCalDavNs, "calendar-multiget");
  add_prop(body, body.root, {{std::string(kDavNs), "getetag"}, {std::string(kCalDavNs), "calendar-data"}});
  for (const std::string& href : hrefs) set_text(body.add(body.root, kDavNs, "href"), href, "href");
  return body.text();
}

std::string sync_collection_body(std::string_view sync_token, std::size_t limit) {
  Body body(kDavNs, "sync-collection");
  // Empty for the initial sync: <d:sync-token/> (RFC 6578 §3.2).
  const pugi::xml_node token = body.add(body.root, kDavNs, "sync-token");
  if (!sync_token.empty()) set_text(token, sync_token, "sync-token");
  set_text(body.add(body.root, kDavNs, "sync-level"), "1", "sync-level");
  if (limit > 0)
    set_text(body.add(body.add(body.root, kDavNs, "limit"), kDavNs, "nresults"), std::to_string(limit), "limit");
  add_prop(body, body.root, {{std::string(kDavNs), "getetag"}});
  return body.text();
}

}  // namespace followup::sync
