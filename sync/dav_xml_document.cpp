#include "sync/dav_xml_document.hpp"

#include <string>

#include "ical/errors.hpp"

namespace followup::sync {

void parse_dav_xml(pugi::xml_document& document, std::string_view body, std::string_view what) {
  if (body.size() > kMaxDavXmlBytes)
    throw BadInput(std::string(what) + ": XML body of " + std::to_string(body.size()) + " bytes is over the limit");
  // parse_default: CDATA sections kept (Cyrus), entity and character references decoded, line ends
  // normalised, whitespace-only text between elements dropped (DAViCal pretty-prints).
  const pugi::xml_parse_result result =
      document.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_auto);
  const auto malformed = [&](std::ptrdiff_t offset, const char* reason) {
    throw BadInput(std::string(what) + ": malformed XML at offset " + std::to_string(offset) + ": " + reason);
  };
  if (!result) malformed(result.offset, result.description());
  // pugixml takes several root elements; XML does not (and two documents run together are not one).
  int roots = 0;
  for (const pugi::xml_node child : document.children())
    if (child.type() == pugi::node_element && ++roots == 2)
      malformed(child.offset_debug(), "more than one root element");
}

}  // namespace followup::sync
