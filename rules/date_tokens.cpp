#include "rules/date_tokens.hpp"

namespace followup::rules::date_reading {

using date_words::Token;
using date_words::TokenKind;

std::optional<std::size_t> phrase_end(Tokens s, std::size_t i, std::string_view phrase) {
  for (;;) {
    const std::size_t space = phrase.find(' ');
    const std::string_view w = phrase.substr(0, space);
    if (i >= s.size() || !date_words::is_word(s[i], w)) return std::nullopt;
    ++i;
    if (space == std::string_view::npos) return i;
    phrase.remove_prefix(space + 1);
    if (i + 1 < s.size() && s[i].kind == TokenKind::Punct && s[i].punct == '-' && s[i].glued && s[i + 1].glued)
      ++i;
  }
}

std::string text_between(const Token& first, const Token& last) {
  const char* begin = first.text.data();
  const char* end = last.text.data() + last.text.size();
  return std::string(begin, static_cast<std::size_t>(end - begin));
}

}  // namespace followup::rules::date_reading
