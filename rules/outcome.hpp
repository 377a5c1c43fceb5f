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

// Reads "Outcome: offer|rejected|withdrawn|accepted" or "Outcome: waiting until <date>" from notes,
// anywhere in a line ("Called. Outcome: offer"), by its first word ("Outcome: rejected – they
// went with someone else"); the last line that reads wins within one text. Lines that say
// "Outcome:" but cannot be read are returned, so that the user hears of them.
struct OutcomeReading {
  std::optional<Outcome> outcome;
  std::vector<std::string> not_understood;
};
OutcomeReading read_outcomes(std::string_view notes, Date reference_day, const BusinessDays& business_days);
std::optional<Outcome> read_outcome(std::string_view notes, Date reference_day,
                                    const BusinessDays& business_days);

// The warning for an "Outcome:" line that could not be read.
std::string outcome_not_understood(const std::string& line);

// Of several outcomes (interview and generated items), the one that counts: a final outcome wins over
// waiting; among waiting ones the latest date.
std::optional<Outcome> combine_outcomes(const std::vector<Outcome>& outcomes);

}  // namespace followup::rules
