#include "rules/sentence_expression.hpp"

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace followup::rules::date_reading {
namespace {

// How strongly the words before an expression make it the promised date: "by Friday", "within 10
// days", "end of next week" name a deadline; "on Friday", "next week", "in two weeks" a time; a
// bare date may be anything.
enum class Emphasis { None = 0, Time = 1, Deadline = 2 };

// The introducing words at i that are not part of any expression ("by", "on", "no later than").
struct Introducer {
  std::size_t length;
  Emphasis emphasis;
};
std::optional<Introducer> introducer_at(Tokens s, std::size_t i) {
  const auto is = [&](std::size_t k, std::string_view w) { return k < s.size() && date_words::is_word(s[k], w); };
  for (std::string_view w : {"by", "before", "until", "till", "til"})
    if (is(i, w)) return Introducer{1, Emphasis::Deadline};
  if ((is(i, "no") || is(i, "not")) && is(i + 1, "later") && is(i + 2, "than")) return Introducer{3, Emphasis::Deadline};
  if (is(i, "latest") && is(i + 1, "by")) return Introducer{2, Emphasis::Deadline};
  if (is(i, "on")) return Introducer{1, Emphasis::Time};
  return std::nullopt;
}

// The emphasis an expression carries by its own first words.
Emphasis own_emphasis(Tokens s, std::size_t i) {
  const auto is = [&](std::size_t k, std::string_view w) { return k < s.size() && date_words::is_word(s[k], w); };
  const std::size_t j = is(i, "the") ? i + 1 : i;
  for (std::string_view w : {"within", "end", "eod", "eow", "eom", "cob"})
    if (is(j, w)) return Emphasis::Deadline;
  for (std::string_view w : {"in", "inside", "over", "during", "next", "early", "mid", "middle", "late", "later",
                             "this", "coming", "beginning", "start", "week", "following"})
    if (is(j, w)) return Emphasis::Time;
  return Emphasis::None;
}

struct Candidate {
  Reading reading;
  Emphasis emphasis;
};

}  // namespace

std::optional<Reading> best_expression(const ExpressionReader& reader, Tokens sentence) {
  std::optional<Candidate> best;
  const auto consider = [&](const Reading& r, Emphasis emphasis) {
    if (!best || emphasis > best->emphasis || (emphasis == best->emphasis && r.date && !best->reading.date))
      best = Candidate{r, emphasis};
  };
  for (std::size_t i = 0; i < sentence.size();) {
    if (const auto intro = introducer_at(sentence, i)) {
      if (auto r = reader.read_at(i + intro->length, true)) {
        r = reader.with_later_alternative(*r);
        const Emphasis emphasis = std::max(intro->emphasis, own_emphasis(sentence, i + intro->length));
        if (r->date && emphasis == Emphasis::Deadline) return r;  // nothing can beat it
        consider(*r, emphasis);
        i = r->end;
        continue;
      }
    }
    if (auto r = reader.read_at(i, false)) {
      r = reader.with_later_alternative(*r);
      const Emphasis emphasis = own_emphasis(sentence, i);
      if (r->date && emphasis == Emphasis::Deadline) return r;
      consider(*r, emphasis);
      i = r->end;
      continue;
    }
    ++i;
  }
  if (!best) return std::nullopt;
  return best->reading;
}

}  // namespace followup::rules::date_reading
