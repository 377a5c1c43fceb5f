#include "rules/date_words.hpp"

#include <array>
#include <cstddef>

namespace followup::rules::date_words {
namespace {

enum class CharClass { Letter, Digit, Space, LineBreak, Punct };

struct Char {
  CharClass cls = CharClass::Space;
  std::size_t length = 1;  // bytes
  char punct = 0;          // Punct: the ASCII mark it stands for
};

bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

Char classify_ascii(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (is_ascii_letter(c)) return {CharClass::Letter, 1, 0};
  if (is_ascii_digit(c)) return {CharClass::Digit, 1, 0};
  if (c == '\n' || c == '\r') return {CharClass::LineBreak, 1, 0};
  // Notes whose escapes were not undone still break lines where the writer did.
  if (c == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == 'N'))
    return {CharClass::LineBreak, 2, 0};
  if (c <= ' ' || c == 0x7f) return {CharClass::Space, 1, 0};
  return {CharClass::Punct, 1, static_cast<char>(c)};
}

// Decodes the UTF-8 sequence at text[i]; nullopt when it is malformed or cut off.
struct Decoded {
  char32_t code_point;
  std::size_t length;
};
std::optional<Decoded> decode_utf8(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07u;
  } else {
    return std::nullopt;
  }
  if (i + length > text.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0u) != 0x80u) return std::nullopt;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  return Decoded{cp, length};
}

// Letters of the alphabetic scripts (Latin-1 letters, Latin Extended, IPA, Greek, Cyrillic, ...,
// up to before General Punctuation): they belong to the word they are in, so "Büro" is one word
// and "für" never reads as "f" + "r". CJK and emoji are not letters here: they separate words, so an
// English phrase embedded in Chinese text is still found.
bool is_letter(char32_t cp) {
  if (cp == 0xD7 || cp == 0xF7) return false;  // × ÷
  return (cp >= 0xC0 && cp < 0x2000) || (cp >= 0x2C00 && cp < 0x2E00) || (cp >= 0xA640 && cp < 0xA800);
}

Char classify_non_ascii(std::string_view text, std::size_t i) {
  const auto decoded = decode_utf8(text, i);
  if (!decoded) return {CharClass::Space, 1, 0};  // a stray byte: skip it, one byte at a time
  const char32_t cp = decoded->code_point;
  const std::size_t n = decoded->length;
  if (is_letter(cp)) return {CharClass::Letter, n, 0};
  switch (cp) {
    case 0x85: case 0x2028: case 0x2029:
      return {CharClass::LineBreak, n, 0};
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      return {CharClass::Punct, n, '-'};
    case 0x2018: case 0x2019: case 0x201B: case 0x2032:
      return {CharClass::Punct, n, '\''};
    case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
      return {CharClass::Punct, n, '"'};
    case 0x3002: case 0xFF0E: case 0xFF61:  // ideographic and fullwidth full stops
      return {CharClass::Punct, n, '.'};
    case 0xFF01:
      return {CharClass::Punct, n, '!'};
    case 0xFF1F:
      return {CharClass::Punct, n, '?'};
    case 0xFF1B:
      return {CharClass::Punct, n, ';'};
    case 0xFF0C: case 0x3001:  // fullwidth and ideographic commas
      return {CharClass::Punct, n, ','};
    case 0xFF1A:
      return {CharClass::Punct, n, ':'};
    default:
      return {CharClass::Space, n, 0};  // NBSP, bullets, emoji, ideographs, ...: separators
  }
}

Char classify(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) < 0x80 ? classify_ascii(text, i)
                                                      : classify_non_ascii(text, i);
}

std::uint32_t number_value(std::string_view digits) {
  if (digits.size() > 9) return kTooLarge;
  std::uint32_t value = 0;
  for (char c : digits) value = value * 10u + static_cast<std::uint32_t>(c - '0');
  return value;
}

struct Name {
  std::string_view text;
  unsigned value;
  bool common_word;  // also an everyday English word
  bool abbreviated;
};

constexpr std::array<Name, 24> kMonthNames{{
    {"january", 1, false, false},   {"jan", 1, false, true},    {"february", 2, false, false},
    {"feb", 2, false, true},        {"march", 3, false, false}, {"mar", 3, true, true},
    {"april", 4, false, false},     {"apr", 4, false, true},    {"may", 5, true, false},
    {"june", 6, false, false},      {"jun", 6, false, true},    {"july", 7, false, false},
    {"jul", 7, false, true},        {"august", 8, false, false}, {"aug", 8, false, true},
    {"september", 9, false, false}, {"sept", 9, false, true},   {"sep", 9, false, true},
    {"october", 10, false, false},  {"oct", 10, false, true},   {"november", 11, false, false},
    {"nov", 11, false, true},       {"december", 12, false, false}, {"dec", 12, false, true},
}};

// Values are std::chrono::weekday's c_encoding (Sunday 0).
constexpr std::array<Name, 18> kWeekdayNames{{
    {"monday", 1, false, false},    {"mon", 1, false, true},   {"tuesday", 2, false, false},
    {"tue", 2, false, true},        {"tues", 2, false, true},  {"wednesday", 3, false, false},
    {"wed", 3, true, true},         {"thursday", 4, false, false}, {"thu", 4, false, true},
    {"thur", 4, false, true},       {"thurs", 4, false, true}, {"friday", 5, false, false},
    {"fri", 5, false, true},        {"saturday", 6, false, false}, {"sat", 6, true, true},
    {"sunday", 0, false, false},    {"sun", 0, true, true},    {"weds", 3, false, true},
}};

constexpr std::array<Name, 24> kNumberWords{{
    {"one", 1, false, false},      {"two", 2, false, false},       {"three", 3, false, false},
    {"four", 4, false, false},     {"five", 5, false, false},      {"six", 6, false, false},
    {"seven", 7, false, false},    {"eight", 8, false, false},     {"nine", 9, false, false},
    {"ten", 10, false, false},     {"eleven", 11, false, false},   {"twelve", 12, false, false},
    {"thirteen", 13, false, false}, {"fourteen", 14, false, false}, {"fifteen", 15, false, false},
    {"sixteen", 16, false, false}, {"seventeen", 17, false, false}, {"eighteen", 18, false, false},
    {"nineteen", 19, false, false}, {"twenty", 20, false, false},  {"thirty", 30, false, false},
    {"forty", 40, false, false},   {"fifty", 50, false, false},    {"sixty", 60, false, false},
}};

template <std::size_t N>
const Name* find_name(const std::array<Name, N>& names, const Token& token, CommonWords common_words) {
  if (token.kind != TokenKind::Word) return nullptr;
  for (const Name& name : names) {
    if (!is_word(token, name.text)) continue;
    if (name.common_word && common_words == CommonWords::NeedCapital && !starts_upper(token))
      return nullptr;
    return &name;
  }
  return nullptr;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  bool glued = false;  // the next token follows the previous one directly
  std::size_t i = 0;
  while (i < text.size()) {
    const Char c = classify(text, i);
    switch (c.cls) {
      case CharClass::Space:
        glued = false;
        i += c.length;
        break;
      case CharClass::LineBreak:
        tokens.push_back({TokenKind::LineBreak, text.substr(i, c.length), glued, 0, 0});
        glued = false;
        i += c.length;
        break;
      case CharClass::Punct:
        tokens.push_back({TokenKind::Punct, text.substr(i, c.length), glued, c.punct, 0});
        glued = true;
        i += c.length;
        break;
      case CharClass::Digit: {
        std::size_t end = i;
        while (end < text.size() && is_ascii_digit(static_cast<unsigned char>(text[end]))) ++end;
        const std::string_view digits = text.substr(i, end - i);
        tokens.push_back({TokenKind::Number, digits, glued, 0, number_value(digits)});
        glued = true;
        i = end;
        break;
      }
      case CharClass::Letter: {
        std::size_t end = i + c.length;
        while (end < text.size()) {
          const Char next = classify(text, end);
          if (next.cls != CharClass::Letter) break;
          end += next.length;
        }
        tokens.push_back({TokenKind::Word, text.substr(i, end - i), glued, 0, 0});
        glued = true;
        i = end;
        break;
      }
    }
  }
  return tokens;
}

bool is_word(const Token& token, std::string_view lower) {
  if (token.kind != TokenKind::Word || token.text.size() != lower.size()) return false;
  for (std::size_t k = 0; k < lower.size(); ++k)
    if (ascii_lower(token.text[k]) != lower[k]) return false;
  return true;
}

bool starts_upper(const Token& token) {
  return token.kind == TokenKind::Word && !token.text.empty() && token.text[0] >= 'A' &&
         token.text[0] <= 'Z';
}

std::optional<std::chrono::month> month_name(const Token& token, CommonWords common_words) {
  if (const Name* name = find_name(kMonthNames, token, common_words))
    return std::chrono::month{name->value};
  return std::nullopt;
}

std::optional<std::chrono::weekday> weekday_name(const Token& token, CommonWords common_words) {
  if (const Name* name = find_name(kWeekdayNames, token, common_words))
    return std::chrono::weekday{name->value};
  return std::nullopt;
}

bool is_abbreviated_name(const Token& token) {
  const Name* month = find_name(kMonthNames, token, CommonWords::AnyCase);
  const Name* weekday = find_name(kWeekdayNames, token, CommonWords::AnyCase);
  return (month && month->abbreviated) || (weekday && weekday->abbreviated);
}

std::optional<unsigned> number_word(const Token& token) {
  if (const Name* name = find_name(kNumberWords, token, CommonWords::AnyCase)) return name->value;
  return std::nullopt;
}

}  // namespace followup::rules::date_words
