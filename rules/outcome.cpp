#include "rules/outcome.hpp"

#include <algorithm>

#include "rules/ascii_text.hpp"
#include "rules/decision_date.hpp"

namespace followup::rules {
namespace {

std::optional<Outcome> read_outcome_line(std::string_view line, Date reference_day,
                                         const BusinessDays& business_days) {
  const std::string_view trimmed = trim(line, ".");
  const auto colon = trimmed.find(':');
  if (colon == std::string_view::npos || lower_ascii(trim(trimmed.substr(0, colon))) != "outcome")
    return std::nullopt;
  const std::string_view value = trim(trimmed.substr(colon + 1), ".");
  const std::string word = lower_ascii(value);
  const auto final_outcome = [&](OutcomeKind kind) {
    return Outcome{kind, std::nullopt, std::string(trimmed)};
  };
  if (word == "offer" || word == "offered") return final_outcome(OutcomeKind::Offer);
  if (word == "rejected" || word == "rejection") return final_outcome(OutcomeKind::Rejected);
  if (word == "withdrawn" || word == "withdrew") return final_outcome(OutcomeKind::Withdrawn);
  if (word == "accepted") return final_outcome(OutcomeKind::Accepted);
  for (std::string_view prefix : {"waiting until ", "waiting till ", "waiting for an answer until "}) {
    if (!word.starts_with(prefix)) continue;
    const auto date = read_date_expression(value.substr(prefix.size()), reference_day, business_days);
    if (!date) return std::nullopt;
    return Outcome{OutcomeKind::WaitingUntil, *date, std::string(trimmed)};
  }
  return std::nullopt;
}

}  // namespace

std::string_view outcome_word(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::Offer: return "offer";
    case OutcomeKind::Rejected: return "rejected";
    case OutcomeKind::Withdrawn: return "withdrawn";
    case OutcomeKind::Accepted: return "accepted";
    case OutcomeKind::WaitingUntil: return "waiting";
  }
  return "waiting";
}

bool is_final(OutcomeKind kind) { return kind != OutcomeKind::WaitingUntil; }

std::optional<Outcome> read_outcome(std::string_view notes, Date reference_day,
                                    const BusinessDays& business_days) {
  std::optional<Outcome> last;
  while (!notes.empty()) {
    const auto end = notes.find('\n');
    if (auto outcome = read_outcome_line(notes.substr(0, end), reference_day, business_days))
      last = std::move(outcome);
    if (end == std::string_view::npos) break;
    notes.remove_prefix(end + 1);
  }
  return last;
}

std::optional<Outcome> combine_outcomes(const std::vector<Outcome>& outcomes) {
  const auto rank = [](const Outcome& o) {
    // Final outcomes first; then the later "waiting until" date.
    return std::pair{is_final(o.kind), o.waiting_until.value_or(Date{})};
  };
  const auto best = std::max_element(outcomes.begin(), outcomes.end(),
                                     [&](const Outcome& a, const Outcome& b) { return rank(a) < rank(b); });
  if (best == outcomes.end()) return std::nullopt;
  return *best;
}

}  // namespace followup::rules
