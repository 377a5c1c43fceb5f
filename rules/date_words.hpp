#pragma once
// The words of free text as the decision-date reader (rules/decision_date.cpp) sees them: a
// tokenizer for UTF-8 notes and the vocabulary of month names, weekday names and number words.
// Private to the rules layer. Hand-written rather than std::regex: notes can be megabytes long, and
// GCC's regex recurses per character.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace followup::rules::date_words {

enum class TokenKind {
  Word,       // letters: ASCII, and the letters of Latin, Greek, Cyrillic, ... scripts ("Müller")
  Number,     // ASCII digits
  Punct,      // one punctuation mark
  LineBreak,  // \n, \r, U+2028, or a literal backslash-n left over from unescaping
};

struct Token {
  TokenKind kind = TokenKind::Punct;
  std::string_view text;     // as written, a view into the tokenized text
  bool glued = false;        // nothing (no space, no other separator) between it and the token before
  char punct = 0;            // Punct: the ASCII mark it stands for (an en dash is '-', ’ is '\'')
  std::uint32_t number = 0;  // Number: its value; kTooLarge when it has more than nine digits
};

inline constexpr std::uint32_t kTooLarge = 4'000'000'000u;

// Splits UTF-8 text into tokens. Spaces and characters that are neither letters, digits nor known
// punctuation (emoji, CJK ideographs, invalid bytes) only separate tokens. Linear in the text.
std::vector<Token> tokenize(std::string_view text);

// Whether a Word token reads `lower` (given in lower-case ASCII), ignoring ASCII case.
bool is_word(const Token& token, std::string_view lower);
// Whether a Word token starts with an ASCII capital.
bool starts_upper(const Token& token);

// Some abbreviations are also everyday words ("may", "sat", "sun", "wed", "mar"); in running text
// they are names only when capitalized.
enum class CommonWords { AnyCase, NeedCapital };

// "November", "nov", "Sept" -> the month.
std::optional<std::chrono::month> month_name(const Token& token, CommonWords common_words);
// "Thursday", "thu", "thurs" -> the weekday.
std::optional<std::chrono::weekday> weekday_name(const Token& token, CommonWords common_words);
// An abbreviated month or weekday name ("Nov", "Thu"), which may be followed by a period.
bool is_abbreviated_name(const Token& token);
// "one" .. "twenty", "thirty", "forty", "fifty", "sixty" -> the number.
std::optional<unsigned> number_word(const Token& token);

}  // namespace followup::rules::date_words
