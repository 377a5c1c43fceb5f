#pragma once
// Spans of tokens (rules/date_words.hpp) as the decision-date reader handles them: the notes, a
// line, a sentence. Private to the rules layer.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "rules/date_words.hpp"

namespace followup::rules::date_reading {

using Tokens = std::span<const date_words::Token>;

// The index after `phrase` (lower-case words separated by single spaces) when the tokens at i read
// it. A hyphen inside a compound counts as a space ("follow-up" reads "follow up").
std::optional<std::size_t> phrase_end(Tokens s, std::size_t i, std::string_view phrase);

// The text from the first token to the last, as written.
std::string text_between(const date_words::Token& first, const date_words::Token& last);

}  // namespace followup::rules::date_reading
