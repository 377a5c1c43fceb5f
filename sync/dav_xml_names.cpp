#include "sync/dav_xml_names.hpp"

namespace followup::sync {
namespace {

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

std::string_view prefix_of(std::string_view qualified_name) {
  const auto colon = qualified_name.find(':');
  return colon == std::string_view::npos ? std::string_view{} : qualified_name.substr(0, colon);
}

}  // namespace

std::string_view local_name(pugi::xml_node element) {
  const std::string_view name = element.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view namespace_uri(pugi::xml_node element) {
  const std::string_view prefix = prefix_of(element.name());
  if (prefix == "xml") return kXmlNamespace;
  for (pugi::xml_node scope = element; scope.type() == pugi::node_element; scope = scope.parent()) {
    for (const pugi::xml_attribute attribute : scope.attributes()) {
      const std::string_view name = attribute.name();
      const bool declares = prefix.empty() ? name == "xmlns"
                                           : name.size() == prefix.size() + 6 && name.starts_with("xmlns:") &&
                                                 name.substr(6) == prefix;
      if (declares) return attribute.value();
    }
  }
  return {};
}

bool is_element(pugi::xml_node node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && local_name(node) == local && namespace_uri(node) == ns;
}

pugi::xml_node child_element(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  for (const pugi::xml_node child : parent.children())
    if (is_element(child, ns, local)) return child;
  return {};
}

std::string character_data(pugi::xml_node element) {
  std::string text;
  for (const pugi::xml_node child : element.children())
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) text += child.value();
  return text;
}

}  // namespace followup::sync
