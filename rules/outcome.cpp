#include "rules/outcome.hpp"

#include <algorithm>
#include <cctype>

#include "rules/ascii_text.hpp"
#include "rules/decision_date.hpp"

namespace followup::rules {
namespace {

struct OutcomeLine {
  bool is_outcome_line = false;
  std::optional<Outcome> outcome;
};

// "Outcome:" starts a line or a sentence ("Called them. Outcome: offer"); in quotes or mid-sentence
// it is only talked about (the built-in texts say: write "Outcome: offer" in the notes).
bool starts_a_statement(std::string_view lower, std::size_t at) {
  while (at > 0 && (lower[at - 1] == ' ' || lower[at - 1] == '\t')) --at;
  if (at == 0) return true;
  const char before = lower[at - 1];
  return before == '.' || before == '!' || before == '?' || before == ';' || before == '-' || before == '*';
}

// The text after "Outcome:" in a line, or nullopt.
std::optional<std::string_view> outcome_text(std::string_view line) {
  const std::string lower = lower_ascii(line);
  for (auto at = lower.find("outcome"); at != std::string::npos; at = lower.find("outcome", at + 1)) {
    const bool starts_word = starts_a_statement(lower, at);
    auto colon = at + 7;
    while (colon < lower.size() && lower[colon] == ' ') ++colon;
    if (starts_word && colon < lower.size() && lower[colon] == ':') return trim(line.substr(colon + 1), ".");
  }
  return std::nullopt;
}

// The first word: "Rejected – they went with someone else" is a rejection.
std::string first_word(std::string_view value) {
  const auto end = value.find_first_of(" \t,;.!-(");
  return lower_ascii(value.substr(0, end));
}

OutcomeLine read_outcome_line(std::string_view line, Date reference_day, const BusinessDays& business_days) {
  const auto value = outcome_text(line);
  if (!value) return {};
  OutcomeLine read;
  read.is_outcome_line = true;
  const std::string source(trim(line));
  const std::string word = first_word(*value);
  const auto final_outcome = [&](OutcomeKind kind) { read.outcome = Outcome{kind, std::nullopt, source}; };
  if (word == "offer" || word == "offered") {
    final_outcome(OutcomeKind::Offer);
  } else if (word == "rejected" || word == "rejection" || word == "declined") {
    final_outcome(OutcomeKind::Rejected);
  } else if (word == "withdrawn" || word == "withdrew") {
    final_outcome(OutcomeKind::Withdrawn);
  } else if (word == "accepted" || word == "hired") {
    final_outcome(OutcomeKind::Accepted);
  } else if (word == "waiting") {
    const std::string lower = lower_ascii(*value);
    for (std::string_view prefix : {"waiting until ", "waiting till ", "waiting for an answer until "}) {
      if (!lower.starts_with(prefix)) continue;
      if (const auto date = read_date_expression(value->substr(prefix.size()), reference_day, business_days))
        read.outcome = Outcome{OutcomeKind::WaitingUntil, *date, source};
    }
  }
  return read;
}

}  // namespace

std::string outcome_not_understood(const std::string& line) {
  return "\"" + line + "\" is not understood: write Outcome: offer, rejected, withdrawn, accepted, or waiting until <date>";
}

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

OutcomeReading read_outcomes(std::string_view notes, Date reference_day, const BusinessDays& business_days) {
  OutcomeReading reading;
  while (!notes.empty()) {
    const auto end = notes.find('\n');
    auto line = read_outcome_line(notes.substr(0, end), reference_day, business_days);
    if (line.outcome)
      reading.outcome = std::move(line.outcome);
    else if (line.is_outcome_line)
      reading.not_understood.emplace_back(trim(notes.substr(0, end)));
    if (end == std::string_view::npos) break;
    notes.remove_prefix(end + 1);
  }
  return reading;
}

std::optional<Outcome> read_outcome(std::string_view notes, Date reference_day, const BusinessDays& business_days) {
  return read_outcomes(notes, reference_day, business_days).outcome;
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
