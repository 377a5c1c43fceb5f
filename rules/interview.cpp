#include "rules/interview.hpp"

#include <algorithm>

#include "rules/ascii_text.hpp"
#include "rules/decision_date.hpp"
#include "rules/local_time.hpp"
#include "rules/position.hpp"
#include "rules/uid.hpp"

namespace followup::rules {
namespace {

using namespace std::chrono_literals;

bool is_user(std::string_view email, const std::vector<std::string>& me) {
  return std::find(me.begin(), me.end(), email) != me.end();
}

// Automated senders (ATS invitations) are not people to thank.
bool is_no_reply(std::string_view email) {
  const auto local = email.substr(0, email.find('@'));
  return local == "noreply" || local == "no-reply" || local == "donotreply" || local == "do-not-reply" ||
         local == "notifications" || local == "calendar-notification";
}

bool is_room_or_resource(const ical::Person& p) {
  // RFC 5545 §3.2.3 CUTYPE; Google marks room calendars by domain rather than CUTYPE.
  return p.cutype == "ROOM" || p.cutype == "RESOURCE" || p.role == "NON-PARTICIPANT" ||
         p.email.ends_with("@resource.calendar.google.com");
}

// Directories (Outlook, Exchange) write names as "Müller, Hans"; a letter says "Hans Müller".
std::string natural_order(const std::string& name) {
  const auto comma = name.find(',');
  if (comma == std::string::npos || name.find(',', comma + 1) != std::string::npos) return name;
  const std::string_view last = trim(std::string_view(name).substr(0, comma));
  const std::string_view first = trim(std::string_view(name).substr(comma + 1));
  if (last.empty() || first.empty() || last.find(' ') != std::string_view::npos) return name;
  return std::string(first) + " " + std::string(last);
}

SysSeconds interview_end(const ical::Item& item, const Settings& settings) {
  if (item.all_day) {
    // RULES.md §1: an all-day interview ends at 18:00 local time of its last day (DTEND is exclusive).
    Date last = *item.start_date;
    if (item.end_date && *item.end_date > last) last = add_days(*item.end_date, -1);
    return at_local(last, 18h, settings.timezone);
  }
  if (item.has_end && item.end && *item.end > *item.start) return *item.end;
  return *item.start + 1h;
}

}  // namespace

Window interview_window(const Settings& settings, SysSeconds now) {
  return Window{now - settings.lookback, now + settings.lookahead};
}

bool is_generated(const ical::Item& item) {
  return item.x_props.contains("X-FOLLOWUP-KIND") || is_followup_uid(item.uid);
}

std::vector<Interviewer> interviewers_of(const ical::Item& item, const std::vector<std::string>& me) {
  std::vector<Interviewer> out;
  const auto consider = [&](const ical::Person& p) {
    if (is_room_or_resource(p) || is_user(p.email, me) || is_no_reply(p.email)) return;
    if (p.email.empty() && p.name.empty()) return;
    const bool known = std::any_of(out.begin(), out.end(), [&](const Interviewer& i) {
      return p.email.empty() ? i.name == p.name : i.email == p.email;
    });
    if (!known) out.push_back(Interviewer{p.name.empty() ? p.email : natural_order(p.name), p.email});
  };
  for (const auto& a : item.attendees) consider(a);
  // The organizer is often the recruiter who set up the meeting: a person to thank as well.
  if (item.organizer) consider(*item.organizer);
  if (out.empty()) out.push_back(Interviewer{std::string(generic_interviewer), ""});
  return out;
}

InterviewFinder::InterviewFinder(const Settings& settings)
    : settings_(settings), match_(settings.match), exclude_(settings.exclude) {}

bool InterviewFinder::may_be_relevant(std::string_view raw_text) const {
  return match_.may_match(raw_text) || raw_text.find("X-FOLLOWUP-KIND") != std::string_view::npos ||
         raw_text.find("UID:followup-") != std::string_view::npos ||
         // An override of a recurring interview may have a summary of its own.
         raw_text.find("RECURRENCE-ID") != std::string_view::npos;
}

std::optional<Interview> InterviewFinder::read(const ical::Item& item, SysSeconds now) const {
  const Settings& settings = settings_;
  if (item.kind != ical::ComponentKind::Event || !item.start || is_generated(item)) return std::nullopt;
  if (item.status == "CANCELLED") return std::nullopt;
  const Window window = interview_window(settings, now);
  if (*item.start < window.start || *item.start >= window.end) return std::nullopt;

  const auto matches_any = [&](const WordMatcher& m) {
    return m.matches(item.summary) ||
           std::any_of(item.categories.begin(), item.categories.end(),
                       [&](const std::string& c) { return m.matches(c); });
  };
  if (!matches_any(match_) || matches_any(exclude_)) return std::nullopt;

  Interview interview;
  interview.uid = item.uid;
  interview.recurrence_id = item.recurrence_id_text;
  interview.summary = item.summary;
  interview.description = item.description;
  interview.location = item.location;
  interview.start = *item.start;
  interview.end = interview_end(item, settings);
  interview.all_day = item.all_day;
  interview.interviewers = interviewers_of(item, settings.me);
  interview.where = item.where;

  const Date day = local_date(interview.start, settings.timezone);
  if (const auto x = item.x_props.find("X-FOLLOWUP-DECISION"); x != item.x_props.end()) {
    if (auto date = read_date_expression(x->second, day, settings.business_days)) {
      interview.decision_date = *date;
      interview.decision_source = "X-FOLLOWUP-DECISION:" + x->second;
    }
  }
  if (!interview.decision_date) {
    if (auto found = find_decision_date(item.description, day, settings.business_days)) {
      interview.decision_date = found->date;
      interview.decision_source = std::move(found->source);
    }
  }
  if (interview.decision_date && *interview.decision_date < day) {
    // A decision before the interview is a typo (often the year): no date beats a wrong one.
    interview.warnings.push_back("the decision date " + format_date(*interview.decision_date) + " (from \"" +
                                 interview.decision_source + "\") is before the interview; ignored");
    interview.decision_date.reset();
    interview.decision_source.clear();
  }
  auto guess = guess_position_and_company(item.summary, item.location, interview.interviewers);
  interview.position_known = guess.position_known;
  interview.company_known = guess.company_known;
  interview.position = std::move(guess.position);
  interview.company = std::move(guess.company);
  auto reading = read_outcomes(item.description, day, settings.business_days);
  interview.outcome = std::move(reading.outcome);
  for (const auto& line : reading.not_understood) interview.warnings.push_back(outcome_not_understood(line));
  return interview;
}

}  // namespace followup::rules
