#include "ical/component_fields.hpp"

#include <string_view>

#include "ical/libical_handles.hpp"

namespace followup::ical {
namespace {

std::string text_or_empty(const char* text) { return text != nullptr ? std::string{text} : std::string{}; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper_ascii(std::string text) {
  for (char& c : text) c = upper(c);
  return text;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(text[i]) != lower(prefix[i])) return false;
  return true;
}

// The value of an enumerated parameter (CUTYPE, ROLE) as written, X- values included: libical keeps
// those as ICAL_CUTYPE_X with the text elsewhere, so the parameter's own text form is used.
std::string parameter_text(icalproperty* property, icalparameter_kind kind) {
  icalparameter* parameter = icalproperty_get_first_parameter(property, kind);
  if (parameter == nullptr) return {};
  const IcalStringPtr text{icalparameter_as_ical_string_r(parameter)};
  if (!text) return {};
  std::string_view value{text.get()};
  value.remove_prefix(std::min(value.size(), value.find('=') + 1));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  return upper_ascii(std::string{trim(value)});
}

// A CAL-ADDRESS (RFC 5545 §3.3.3) as a plain lower-case address. Some writers leave out "mailto:";
// a value that is some other URI (urn:uuid:...) falls back to the EMAIL parameter (RFC 7986 §6.2).
std::string address_of(icalproperty* property, const char* value) {
  std::string_view text = trim(value != nullptr ? std::string_view{value} : std::string_view{});
  std::string address;
  if (starts_with_ignoring_case(text, "mailto:")) {
    address = std::string{trim(text.substr(7))};
  } else if (text.find(':') == std::string_view::npos && text.find('@') != std::string_view::npos) {
    address = std::string{text};
  } else if (icalparameter* email = icalproperty_get_first_parameter(property, ICAL_EMAIL_PARAMETER)) {
    address = text_or_empty(icalparameter_get_email(email));
  }
  for (char& c : address) c = lower(c);
  return address;
}

Person person_of(icalproperty* property, const char* value) {
  Person person;
  person.email = address_of(property, value);
  if (icalparameter* cn = icalproperty_get_first_parameter(property, ICAL_CN_PARAMETER))
    person.name = text_or_empty(icalparameter_get_cn(cn));
  person.cutype = parameter_text(property, ICAL_CUTYPE_PARAMETER);
  if (person.cutype.empty()) person.cutype = "INDIVIDUAL";  // the RFC 5545 §3.2.3 default
  person.role = parameter_text(property, ICAL_ROLE_PARAMETER);
  return person;
}

}  // namespace

void read_descriptive_fields(icalcomponent* component, Item& item) {
  item.summary = text_or_empty(icalcomponent_get_summary(component));
  item.description = text_or_empty(icalcomponent_get_description(component));
  item.location = text_or_empty(icalcomponent_get_location(component));

  if (icalproperty* status = icalcomponent_get_first_property(component, ICAL_STATUS_PROPERTY)) {
    const IcalStringPtr text{icalproperty_get_value_as_string_r(status)};
    if (text) item.status = upper_ascii(std::string{trim(text.get())});
  }

  // libical 3.0.16 splits "CATEGORIES:a,b\,c" into one property per category (a, "b,c") at parse time;
  // each property's value is one category, unescaped. (It loses the escape when writing, not here.)
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_CATEGORIES_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_CATEGORIES_PROPERTY)) {
    const std::string_view category = trim(icalproperty_get_categories(p) ? icalproperty_get_categories(p) : "");
    if (!category.empty()) item.categories.emplace_back(category);
  }

  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_ATTENDEE_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_ATTENDEE_PROPERTY))
    item.attendees.push_back(person_of(p, icalproperty_get_attendee(p)));
  if (icalproperty* organizer = icalcomponent_get_first_property(component, ICAL_ORGANIZER_PROPERTY)) {
    item.organizer = person_of(organizer, icalproperty_get_organizer(organizer));
    item.organizer->role.clear();  // ROLE is an attendee's parameter
  }

  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_RELATEDTO_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_RELATEDTO_PROPERTY)) {
    std::string related = text_or_empty(icalproperty_get_relatedto(p));
    if (!related.empty()) item.related_to.push_back(std::move(related));
  }

  if (icalproperty* priority = icalcomponent_get_first_property(component, ICAL_PRIORITY_PROPERTY))
    item.priority = icalproperty_get_priority(priority);
  if (icalproperty* transp = icalcomponent_get_first_property(component, ICAL_TRANSP_PROPERTY)) {
    const IcalStringPtr text{icalproperty_get_value_as_string_r(transp)};
    if (text) item.transparency = upper_ascii(std::string{trim(text.get())});
  }
  if (icalproperty* url = icalcomponent_get_first_property(component, ICAL_URL_PROPERTY))
    item.url = text_or_empty(icalproperty_get_url(url));
  // Alarms matter to a user as much as times: one that was switched off must stay off.
  for (icalcomponent* alarm = icalcomponent_get_first_component(component, ICAL_VALARM_COMPONENT); alarm != nullptr;
       alarm = icalcomponent_get_next_component(component, ICAL_VALARM_COMPONENT)) {
    std::string entry;
    if (icalproperty* action = icalcomponent_get_first_property(alarm, ICAL_ACTION_PROPERTY)) {
      const IcalStringPtr text{icalproperty_get_value_as_string_r(action)};
      if (text) entry = upper_ascii(std::string{trim(text.get())});
    }
    if (icalproperty* trigger = icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY)) {
      const IcalStringPtr text{icalproperty_get_value_as_string_r(trigger)};
      if (text) entry += " " + std::string{trim(text.get())};
      if (parameter_text(trigger, ICAL_RELATED_PARAMETER) == "END") entry += " END";
    }
    item.alarms.push_back(std::move(entry));
  }

  // libical gives every X- property the kind ICAL_X_PROPERTY and keeps its name; its own
  // X-LIC-ERROR notes have kinds of their own and are not included.
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_X_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_X_PROPERTY)) {
    std::string name = upper_ascii(text_or_empty(icalproperty_get_x_name(p)));
    if (name.size() < 3 || name.compare(0, 2, "X-") != 0) continue;
    item.x_props.try_emplace(std::move(name), text_or_empty(icalproperty_get_x(p)));
  }
}

}  // namespace followup::ical
