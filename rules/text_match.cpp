#include "rules/text_match.hpp"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>

namespace followup::rules {
namespace {

icu::UnicodeString folded(std::string_view utf8) {
  auto s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  s.foldCase();
  return s;
}

bool is_word_char(UChar32 c) { return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK; }

bool ascii_icase_contains(std::string_view haystack, std::string_view lower_needle) {
  if (lower_needle.empty()) return true;
  const auto it = std::search(haystack.begin(), haystack.end(), lower_needle.begin(), lower_needle.end(),
                              [](char a, char b) {
                                return static_cast<char>(std::tolower(static_cast<unsigned char>(a))) == b;
                              });
  return it != haystack.end();
}

}  // namespace

WordMatcher::WordMatcher(const std::vector<std::string>& phrases) {
  for (const auto& phrase : phrases) {
    if (phrase.empty()) continue;
    const auto f = folded(phrase);
    folded_.emplace_back(reinterpret_cast<const char16_t*>(f.getBuffer()), static_cast<std::size_t>(f.length()));
    std::string lower;
    for (char c : phrase) {
      if (static_cast<unsigned char>(c) >= 0x80) has_non_ascii_ = true;
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    ascii_lower_.push_back(std::move(lower));
  }
}

bool WordMatcher::matches(std::string_view text) const {
  if (folded_.empty() || text.empty()) return false;
  const auto haystack = folded(text);
  for (const auto& phrase : folded_) {
    const icu::UnicodeString needle(false, reinterpret_cast<const UChar*>(phrase.data()),
                                    static_cast<int32_t>(phrase.size()));
    for (int32_t at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      const int32_t end = at + needle.length();
      const bool starts_word = at == 0 || !is_word_char(haystack.char32At(at - 1));
      const bool ends_word = end >= haystack.length() || !is_word_char(haystack.char32At(end));
      if (starts_word && ends_word) return true;
    }
  }
  return false;
}

bool WordMatcher::may_match(std::string_view raw) const {
  // Non-ASCII phrases may match through case folding that a byte search cannot see: keep everything.
  if (has_non_ascii_) return true;
  return std::any_of(ascii_lower_.begin(), ascii_lower_.end(),
                     [&](const std::string& p) { return ascii_icase_contains(raw, p); });
}

}  // namespace followup::rules
