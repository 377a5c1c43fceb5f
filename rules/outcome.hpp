#pragma once
// "Outcome:" lines (RULES.md §5), written by the user in an interview's or a generated item's notes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ical/time.hpp"
#include "rules/business_days.hpp"

namespace followup::rules {

enum class OutcomeKind { Offer, Rejected, Withdrawn, Accepted, WaitingUntil };

struct Outcome {
  OutcomeKind kind;
  std::optional<Date> waiting_until;  // for WaitingUntil
  std::string source;                 // the line as written
};

// "offer", "rejected", "withdrawn", "accepted", "waiting"
std::string_view outcome_word(OutcomeKind kind);
// True for the outcomes that end the chain of check-ins.
bool is_final(OutcomeKind kind);

// Reads "Outcome: offer|rejected|withdrawn|accepted" or "Outcome: waiting until <date>" from notes
// (the last such line wins within one text). A "waiting until" whose date cannot be read is ignored.
std::optional<Outcome> read_outcome(std::string_view notes, Date reference_day,
                                    const BusinessDays& business_days);

// Of several outcomes (interview and generated items), the one that counts: a final outcome wins over
// waiting; among waiting ones the latest date.
std::optional<Outcome> combine_outcomes(const std::vector<Outcome>& outcomes);

}  // namespace followup::rules
