#include "sync/webdav_xml.hpp"

#include <algorithm>

#include "ical/errors.hpp"
#include "rules/ascii_text.hpp"
#include "sync/dav_xml_document.hpp"
#include "sync/dav_xml_names.hpp"

namespace followup::sync {
namespace {

constexpr std::string_view kSabreNs = "http://sabredav.org/ns";

// How far grouping elements are looked through: supported-report > report > the report is two.
constexpr int kMaxGroupingDepth = 3;

std::string trimmed(std::string_view text) { return std::string(rules::trim(text)); }

std::string qualified(pugi::xml_node element) {
  return "{" + std::string(namespace_uri(element)) + "}" + std::string(local_name(element));
}

bool is_grouping(pugi::xml_node element) {
  return is_element(element, kDavNs, "supported-report") || is_element(element, kDavNs, "report") ||
         is_element(element, kDavNs, "privilege");
}

std::vector<std::string> hrefs_in(pugi::xml_node element) {
  std::vector<std::string> hrefs;
  for (const pugi::xml_node child : element.children())
    if (is_element(child, kDavNs, "href")) hrefs.push_back(trimmed(character_data(child)));
  return hrefs;
}

DavElement element_of(pugi::xml_node node) {
  DavElement element{std::string(namespace_uri(node)), std::string(local_name(node)), {}};
  for (const pugi::xml_attribute attribute : node.attributes()) {
    const std::string_view name = attribute.name();
    if (name == "xmlns" || name.starts_with("xmlns:")) continue;
    const auto colon = name.find(':');
    element.attributes.emplace_back(colon == std::string_view::npos ? name : name.substr(colon + 1),
                                    attribute.value());
  }
  return element;
}

void collect_elements(pugi::xml_node parent, std::vector<DavElement>& out, int depth) {
  for (const pugi::xml_node child : parent.children()) {
    if (child.type() != pugi::node_element || is_element(child, kDavNs, "href")) continue;
    if (is_grouping(child) && depth < kMaxGroupingDepth)
      collect_elements(child, out, depth + 1);
    else
      out.push_back(element_of(child));
  }
}

DavProperty property_of(pugi::xml_node node) {
  DavProperty property;
  property.ns = namespace_uri(node);
  property.name = local_name(node);
  property.text = character_data(node);
  property.hrefs = hrefs_in(node);
  collect_elements(node, property.elements, 0);
  return property;
}

std::vector<DavCondition> conditions_in(pugi::xml_node error) {
  std::vector<DavCondition> conditions;
  for (const pugi::xml_node child : error.children()) {
    if (child.type() != pugi::node_element || is_element(child, kDavNs, "responsedescription")) continue;
    conditions.push_back({std::string(namespace_uri(child)), std::string(local_name(child)), hrefs_in(child),
                          trimmed(character_data(child))});
  }
  return conditions;
}

DavPropstat propstat_of(pugi::xml_node node) {
  DavPropstat propstat;
  for (const pugi::xml_node child : node.children()) {
    if (is_element(child, kDavNs, "status")) {
      propstat.status = parse_status_line(character_data(child));
    } else if (is_element(child, kDavNs, "prop")) {
      for (const pugi::xml_node property : child.children())
        if (property.type() == pugi::node_element) propstat.properties.push_back(property_of(property));
    } else if (is_element(child, kDavNs, "error")) {
      propstat.errors = conditions_in(child);
    } else if (is_element(child, kDavNs, "responsedescription")) {
      propstat.description = trimmed(character_data(child));
    }
  }
  return propstat;
}

// RFC 4918 §14.24: a response is either one href with propstats, or hrefs sharing one status.
void add_responses(pugi::xml_node node, std::vector<DavResponse>& out) {
  DavResponse response;
  for (const pugi::xml_node child : node.children()) {
    if (is_element(child, kDavNs, "status"))
      response.status = parse_status_line(character_data(child));
    else if (is_element(child, kDavNs, "propstat"))
      response.propstats.push_back(propstat_of(child));
    else if (is_element(child, kDavNs, "error"))
      response.errors = conditions_in(child);
    else if (is_element(child, kDavNs, "responsedescription"))
      response.description = trimmed(character_data(child));
  }
  std::vector<std::string> hrefs = hrefs_in(node);
  if (hrefs.empty()) hrefs.emplace_back();
  for (std::size_t i = 0; i + 1 < hrefs.size(); ++i) {
    DavResponse sharing = response;
    sharing.href = std::move(hrefs[i]);
    out.push_back(std::move(sharing));
  }
  response.href = std::move(hrefs.back());
  out.push_back(std::move(response));
}

}  // namespace

std::string DavElement::attribute(std::string_view attribute_name) const {
  for (const auto& [key, value] : attributes)
    if (key == attribute_name) return value;
  return {};
}

bool DavProperty::has_element(std::string_view element_ns, std::string_view element_name) const {
  return std::any_of(elements.begin(), elements.end(),
                     [&](const DavElement& element) { return element.is(element_ns, element_name); });
}

std::string DavProperty::trimmed_text() const { return trimmed(text); }

const DavProperty* DavResponse::find(std::string_view ns, std::string_view name) const {
  for (const DavPropstat& propstat : propstats) {
    if (!propstat.ok()) continue;
    for (const DavProperty& property : propstat.properties)
      if (property.is(ns, name)) return &property;
  }
  return nullptr;
}

bool DavErrorBody::has(std::string_view ns, std::string_view name) const {
  return std::any_of(conditions.begin(), conditions.end(),
                     [&](const DavCondition& condition) { return condition.is(ns, name); });
}

int parse_status_line(std::string_view line) {
  line = rules::trim(line);
  if (line.size() >= 5 && rules::lower_ascii(line.substr(0, 5)) == "http/") {
    const auto blank = line.find_first_of(" \t");
    if (blank == std::string_view::npos) return 0;
    line = rules::trim(line.substr(blank));
  }
  if (line.size() < 3) return 0;
  int code = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    if (line[i] < '0' || line[i] > '9') return 0;
    code = code * 10 + (line[i] - '0');
  }
  if (line.size() > 3 && line[3] >= '0' && line[3] <= '9') return 0;  // "2000" is no status
  return code;
}

DavMultistatus parse_multistatus(std::string_view body, std::string_view what) {
  pugi::xml_document document;
  parse_dav_xml(document, body, what);
  const pugi::xml_node root = document.document_element();
  if (!is_element(root, kDavNs, "multistatus"))
    throw BadInput(std::string(what) + ": expected a {DAV:}multistatus, got " + qualified(root));

  DavMultistatus multistatus;
  for (const pugi::xml_node child : root.children()) {
    if (is_element(child, kDavNs, "response"))
      add_responses(child, multistatus.responses);
    else if (is_element(child, kDavNs, "sync-token"))
      multistatus.sync_token = trimmed(character_data(child));
  }
  return multistatus;
}

DavErrorBody parse_dav_error(std::string_view body) {
  DavErrorBody error;
  if (rules::trim(body).empty()) return error;
  pugi::xml_document document;
  try {
    parse_dav_xml(document, body, "DAV:error");
  } catch (const BadInput&) {
    return error;
  }
  const pugi::xml_node root = document.document_element();
  if (!is_element(root, kDavNs, "error")) return error;
  error.conditions = conditions_in(root);
  // sabre/dav (Nextcloud, Baikal) explains itself in s:message and adds s:exception: not conditions.
  std::erase_if(error.conditions, [](const DavCondition& condition) { return condition.ns == kSabreNs; });
  if (const pugi::xml_node description = child_element(root, kDavNs, "responsedescription"))
    error.description = trimmed(character_data(description));
  else if (const pugi::xml_node message = child_element(root, kSabreNs, "message"))
    error.description = trimmed(character_data(message));
  return error;
}

}  // namespace followup::sync
