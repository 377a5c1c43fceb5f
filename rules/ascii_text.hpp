#pragma once
// ASCII-only case and blank handling for keywords ("Outcome:", "mon", "mailto:"): locale-independent
// on purpose, and harmless to UTF-8 (bytes >= 0x80 are left as they are).
#include <string>
#include <string_view>

namespace followup::rules {

inline char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Without leading and trailing blanks, and any of `also` at the ends.
inline std::string_view trim(std::string_view s, std::string_view also = {}) {
  const auto strip = [&](char c) { return is_blank(c) || also.find(c) != std::string_view::npos; };
  while (!s.empty() && strip(s.front())) s.remove_prefix(1);
  while (!s.empty() && strip(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace followup::rules
