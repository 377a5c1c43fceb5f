#include "sync/dav_href.hpp"

#include <algorithm>
#include <optional>

namespace followup::sync {
namespace {

// The five components of RFC 3986 §3; an absent one differs from an empty one (§5.3).
struct UriParts {
  std::optional<std::string_view> scheme;
  std::optional<std::string_view> authority;
  std::string_view path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};

bool is_scheme(std::string_view text) {
  // RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (text.empty() || !alpha(text.front())) return false;
  for (const char c : text)
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  return true;
}

// Appendix B's split, except that what is not a valid scheme before ':' is taken as part of a path
// ("user@example.com:1.ics" is a relative path, not a URI of scheme "user@example.com").
UriParts split_uri(std::string_view text) {
  UriParts parts;
  const auto colon = text.find_first_of(":/?#");
  if (colon != std::string_view::npos && text[colon] == ':' && is_scheme(text.substr(0, colon))) {
    parts.scheme = text.substr(0, colon);
    text.remove_prefix(colon + 1);
  }
  if (text.starts_with("//")) {
    text.remove_prefix(2);
    const auto end = std::min(text.find_first_of("/?#"), text.size());
    parts.authority = text.substr(0, end);
    text.remove_prefix(end);
  }
  const auto path_end = std::min(text.find_first_of("?#"), text.size());
  parts.path = text.substr(0, path_end);
  text.remove_prefix(path_end);
  if (text.starts_with('?')) {
    const auto end = std::min(text.find('#'), text.size());
    parts.query = text.substr(1, end - 1);
    text.remove_prefix(end);
  }
  if (text.starts_with('#')) parts.fragment = text.substr(1);
  return parts;
}

// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view input) {
  std::string output;
  const auto drop_last_segment = [&] {
    const auto slash = output.rfind('/');
    output.erase(slash == std::string::npos ? 0 : slash);
  };
  while (!input.empty()) {
    if (input.starts_with("../")) {
      input.remove_prefix(3);
    } else if (input.starts_with("./")) {
      input.remove_prefix(2);
    } else if (input.starts_with("/./")) {
      input.remove_prefix(2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.starts_with("/../")) {
      input.remove_prefix(3);
      drop_last_segment();
    } else if (input == "/..") {
      input = "/";
      drop_last_segment();
    } else if (input == "." || input == "..") {
      input = {};
    } else {
      const auto next = std::min(input.find('/', input.front() == '/' ? 1 : 0), input.size());
      output += input.substr(0, next);
      input.remove_prefix(next);
    }
  }
  return output;
}

// RFC 3986 §5.2.3.
std::string merge_paths(const UriParts& base, std::string_view reference_path) {
  if (base.authority && base.path.empty()) return "/" + std::string(reference_path);
  const auto slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(reference_path);
  return std::string(base.path.substr(0, slash + 1)) + std::string(reference_path);
}

// RFC 3986 §5.3.
std::string recompose(std::optional<std::string_view> scheme, std::optional<std::string_view> authority,
                      std::string_view path, std::optional<std::string_view> query,
                      std::optional<std::string_view> fragment) {
  std::string uri;
  if (scheme) uri.append(*scheme).append(":");
  if (authority) uri.append("//").append(*authority);
  uri.append(path);
  if (query) uri.append("?").append(*query);
  if (fragment) uri.append("#").append(*fragment);
  return uri;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// "http://host:1/a/b" -> "/a/b"; anything without a scheme and authority is left as it is.
std::string_view path_of(std::string_view href) {
  const UriParts parts = split_uri(href);
  if (!parts.scheme || !parts.authority) return href;
  return parts.path.empty() ? std::string_view("/") : parts.path;
}

}  // namespace

std::string normalize_href_for_comparison(std::string_view href) {
  // Query and fragment are cut off only where they are written plainly: a "?" that decoding makes is
  // part of the path.
  const UriParts raw = split_uri(href);
  std::string path(raw.scheme && raw.authority ? (raw.path.empty() ? std::string_view("/") : raw.path)
                                               : href.substr(0, std::min(href.find_first_of("?#"), href.size())));
  // Each round either changes nothing (and ends it) or makes the text shorter, so this ends; the cap is
  // for the reader.
  for (int round = 0; round < 64; ++round) {
    std::string next = std::string(path_of(percent_decode(path)));
    if (next == path) break;
    path = std::move(next);
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string resolve_href(std::string_view base_url, std::string_view href) {
  const UriParts base = split_uri(base_url);
  const UriParts reference = split_uri(href);
  // RFC 3986 §5.2.2, strict.
  if (reference.scheme)
    return recompose(reference.scheme, reference.authority, remove_dot_segments(reference.path), reference.query,
                     reference.fragment);
  if (reference.authority)
    return recompose(base.scheme, reference.authority, remove_dot_segments(reference.path), reference.query,
                     reference.fragment);
  if (reference.path.empty())
    return recompose(base.scheme, base.authority, base.path, reference.query ? reference.query : base.query,
                     reference.fragment);
  const std::string path = reference.path.starts_with('/') ? remove_dot_segments(reference.path)
                                                           : remove_dot_segments(merge_paths(base, reference.path));
  return recompose(base.scheme, base.authority, path, reference.query, reference.fragment);
}

std::string with_trailing_slash(std::string url) {
  if (url.empty() || url.back() != '/') url += '/';
  return url;
}

}  // namespace followup::sync
