#pragma once
// Every parameter of RULES.md, as values. Defaults are RULES.md's; the configuration reader fills the
// rest from [rules] in the INI file.
#include <chrono>
#include <string>
#include <vector>

#include "ical/zone.hpp"
#include "rules/business_days.hpp"
#include "rules/texts.hpp"

namespace followup::rules {

using namespace std::chrono_literals;

// How the thank-you is written (RULES.md §3): a VTODO, or where no writable collection supports VTODO
// (Google Calendar's CalDAV) a 30-minute VEVENT with an alarm.
enum class ThankYouForm { Todo, Event };

struct Settings {
  ical::Zone timezone = ical::Zone::utc();
  std::vector<std::string> me;  // the user's addresses, lower-case, without "mailto:"
  // RULES.md §1's defaults, with the plural and the other spellings of its exclude words (whole words
  // are matched, so "prep" alone would not keep "Interview preparation" out).
  std::vector<std::string> match{"interview", "interviews"};
  std::vector<std::string> exclude{"prep", "preparation", "prepare", "preparing", "practice", "practise",
                                   "practicing", "practising", "mock", "rehearsal", "rehearse"};
  std::chrono::seconds lookback = std::chrono::days{90};
  std::chrono::seconds lookahead = std::chrono::days{60};
  std::chrono::seconds thank_you_within = 24h;
  std::chrono::minutes checkin_time = 9h;
  // Day-based spans: a value that is not a whole number of days is rounded up to whole days.
  std::chrono::seconds default_wait = std::chrono::days{14};
  std::chrono::seconds second_checkin_after = std::chrono::days{7};
  std::chrono::seconds move_on_after = std::chrono::days{7};
  int max_checkins = 2;  // 0 to 2 (seed 002: never more than twice)
  BusinessDays business_days;
  bool debrief = false;
  ThankYouForm thank_you_form = ThankYouForm::Todo;
  Templates templates = Templates::built_in();
};

}  // namespace followup::rules
