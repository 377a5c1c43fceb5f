#pragma once
// Parsing a WebDAV XML body with pugixml, bounded and strict: too large or malformed is BadInput.
// Private to the WebDAV XML readers.
#include <pugixml.hpp>

#include <cstddef>
#include <string_view>

namespace followup::sync {

// The HTTP client's default cap on a response: no body larger than that is ever parsed.
inline constexpr std::size_t kMaxDavXmlBytes = std::size_t{64} * 1024 * 1024;

// Parses `body` into `document`. Throws BadInput "<what>: malformed XML at offset N: reason" (several
// root elements included, which pugixml alone would take), or
// "<what>: XML body of N bytes is over the limit". pugixml expands no entities but the five of XML and
// character references, so a DTD's entities ("billion laughs") stay unexpanded text, and it parses
// without recursion, so deep nesting costs memory in proportion to the body only.
void parse_dav_xml(pugi::xml_document& document, std::string_view body, std::string_view what);

}  // namespace followup::sync
