#pragma once
// Element names by namespace URI and local name, as XML Namespaces 1.0 defines them, for pugixml, which
// only knows "prefix:local" strings. Servers choose prefixes freely: Radicale a default namespace with
// "C:", Xandikos "ns0:"/"ns1:", Cyrus "d:" and "D:" in one answer, kdav's fixtures a default namespace
// declared again on every element (CALDAV-NOTES §1.2). Private to the WebDAV XML readers.
#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace followup::sync {

// The namespace URI of an element's name: from the nearest xmlns (or xmlns:prefix) declaration on the
// element or its ancestors. "" for no namespace, and for a prefix nobody declared.
std::string_view namespace_uri(pugi::xml_node element);

// The name without its prefix.
std::string_view local_name(pugi::xml_node element);

bool is_element(pugi::xml_node node, std::string_view ns, std::string_view local);

// The first child element with that name; an empty node when there is none.
pugi::xml_node child_element(pugi::xml_node parent, std::string_view ns, std::string_view local);

// The element's own character data: its text and CDATA children joined (Cyrus wraps values in CDATA,
// and data holding "]]>" needs several sections), untrimmed.
std::string character_data(pugi::xml_node element);

}  // namespace followup::sync
