#pragma once
// An interview as the rules see it (RULES.md §1–§2), read from one calendar item.
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "ical/item.hpp"
#include "ical/time.hpp"
#include "rules/outcome.hpp"
#include "rules/settings.hpp"
#include "rules/text_match.hpp"

namespace followup::rules {

// The one generic interviewer when nobody else is known (RULES.md §2).
inline constexpr std::string_view generic_interviewer = "the interviewer";

struct Interviewer {
  std::string name;   // CN, else the address; "the interviewer" when nobody is known
  std::string email;  // lower-case; empty when unknown
};

struct Interview {
  std::string uid;
  std::string recurrence_id;  // RECURRENCE-ID as written; empty for a one-off event
  std::string summary;
  std::string description;
  std::string location;
  SysSeconds start;
  SysSeconds end;  // DTEND, else DTSTART + DURATION, else DTSTART + 1 h; all-day: 18:00 of the last day
  bool all_day = false;
  std::vector<Interviewer> interviewers;  // never empty
  std::optional<Date> decision_date;
  std::string decision_source;  // the words the date came from
  std::string position;
  std::string company;
  std::optional<Outcome> outcome;
  std::vector<std::string> warnings;  // notes the program could not act on (an unreadable "Outcome:")
  bool position_known = false;        // position and company were found, not the SUMMARY as a fallback
  bool company_known = false;
  std::string where;  // "file.ics:12"
};

// The window of RULES.md §1: [now - lookback, now + lookahead).
struct Window {
  SysSeconds start;
  SysSeconds end;
};
Window interview_window(const Settings& settings, SysSeconds now);

// True for an item this program generated (X-FOLLOWUP-KIND, or a UID in the program's namespace).
bool is_generated(const ical::Item& item);

// Tells interviews from other items (RULES.md §1) and reads what §2 says to read from them.
class InterviewFinder {
 public:
  explicit InterviewFinder(const Settings& settings);

  // Cheap test on a component's raw text, before it is parsed: false only when it can be neither an
  // interview nor an item this program generated.
  bool may_be_relevant(std::string_view raw_text) const;

  // The interview an item is, or nullopt when it is not one: not a VEVENT, generated, cancelled,
  // starting outside the window, or not matching `match` / matching `exclude`. The outcome in the
  // interview's own DESCRIPTION is read here; those of generated items are merged by the planner.
  std::optional<Interview> read(const ical::Item& item, SysSeconds now) const;

 private:
  const Settings& settings_;
  WordMatcher match_;
  WordMatcher exclude_;
};

// RULES.md §2: ATTENDEEs and ORGANIZER that are not the user and not rooms or resources; none left:
// one generic interviewer.
std::vector<Interviewer> interviewers_of(const ical::Item& item, const std::vector<std::string>& me);

}  // namespace followup::rules
