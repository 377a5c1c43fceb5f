// Fuzz target: bytes as an interview's notes, through the decision-date reader of RULES.md §2
// (rules::find_decision_date, which also runs read_date_expression on each candidate), and as a
// date expression alone (what follows "Decision:" or X-FOLLOWUP-DECISION). Pure functions: no input
// may crash them or make them throw.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/business_days.hpp"
#include "rules/decision_date.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace std::chrono;
  static const followup::rules::BusinessDays business_days;  // Monday to Friday
  // A Friday near a month's and a year's end, so relative dates cross both.
  static const followup::Date interview_day{year{2026}, December, day{18}};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)followup::rules::find_decision_date(text, interview_day, business_days);
  (void)followup::rules::read_date_expression(text, interview_day, business_days);
  return 0;
}
