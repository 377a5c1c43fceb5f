#pragma once
// Owning handles for the libical objects this layer creates. Private to ical/: public headers never
// include this file, so libical stays out of every other layer.
//
// Only roots are wrapped: a component returned by icalparser_parse_string, a property made with
// icalproperty_new_from_string, a zone made with
// icaltimezone_new, an iterator made with icalrecur_iterator_new, a string from an *_r function. A
// child owned by its parent (icalcomponent_get_first_component, ..._get_first_property) is never
// wrapped, and the built-in zones (icaltimezone_get_builtin_timezone) live as long as the program.
#include <libical/ical.h>

#include <memory>

namespace followup::ical {

struct ComponentDeleter {
  void operator()(icalcomponent* component) const noexcept { icalcomponent_free(component); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;

// A property parsed on its own (icalproperty_new_from_string), never one owned by a component.
struct PropertyDeleter {
  void operator()(icalproperty* property) const noexcept { icalproperty_free(property); }
};
using PropertyPtr = std::unique_ptr<icalproperty, PropertyDeleter>;

// icaltimezone_free's second argument 1 frees the struct itself, not only its contents.
struct TimezoneDeleter {
  void operator()(icaltimezone* zone) const noexcept { icaltimezone_free(zone, 1); }
};
using TimezonePtr = std::unique_ptr<icaltimezone, TimezoneDeleter>;

struct RecurIteratorDeleter {
  void operator()(icalrecur_iterator* iterator) const noexcept { icalrecur_iterator_free(iterator); }
};
using RecurIteratorPtr = std::unique_ptr<icalrecur_iterator, RecurIteratorDeleter>;

// Strings returned by the *_r functions belong to the caller (icalmemory_free_buffer).
struct IcalStringDeleter {
  void operator()(char* text) const noexcept { icalmemory_free_buffer(text); }
};
using IcalStringPtr = std::unique_ptr<char, IcalStringDeleter>;

}  // namespace followup::ical
