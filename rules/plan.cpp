#include "rules/plan.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "rules/ascii_text.hpp"
#include "rules/local_time.hpp"
#include "rules/uid.hpp"

namespace followup::rules {
namespace {

using namespace std::chrono_literals;

constexpr auto checkin_length = 15min;         // RULES.md §3
constexpr auto thank_you_event_length = 30min; // RULES.md §3, VEVENT form
constexpr auto thank_you_event_delay = 1h;
constexpr auto thank_you_event_latest = 18h;   // after 18:00 it waits for the next business morning
constexpr auto debrief_due_after = 2h;

// The first slot at `checkin_time` on a business day that is strictly after `now`.
Date next_business_slot_day(SysSeconds now, const Settings& s) {
  Date day = s.business_days.on_or_after(local_date(now, s.timezone));
  if (at_local(day, s.checkin_time, s.timezone) <= now) day = s.business_days.after(day);
  return day;
}

// RULES.md §3: nothing in the past; a day whose slot has passed moves to the next slot after now.
Date clamp_slot_day(Date day, SysSeconds now, const Settings& s, bool& late) {
  if (at_local(day, s.checkin_time, s.timezone) >= now) return day;
  late = true;
  return next_business_slot_day(now, s);
}

// The next item counts from the one before it, and never lands on the same day (RULES.md §3).
Date next_in_chain(Date previous, long wait_days, const Settings& s) {
  const Date counted = s.business_days.on_or_after(add_days(previous, wait_days));
  return std::max(counted, s.business_days.after(previous));
}

std::string uid_for(const Interview& iv, std::string_view kind, std::string_view key) {
  std::string name = iv.uid;
  name += '\x1f';
  name += iv.recurrence_id;
  name += '\x1f';
  name += kind;
  name += '\x1f';
  name += key;
  return followup_uid(name);
}

std::string interviewer_key(const Interviewer& i) {
  return lower_ascii(i.email.empty() ? i.name : i.email);
}

// The first line of the notes that is neither a decision nor an outcome line: a hint for "one thing
// discussed" (RULES.md §4), offered inside the placeholder rather than put into the user's mouth.
std::string discussed_placeholder(std::string_view notes) {
  while (!notes.empty()) {
    const auto end = notes.find('\n');
    const std::string_view line = trim(notes.substr(0, end));
    const std::string lower = lower_ascii(line.substr(0, 12));
    if (!line.empty() && !lower.starts_with("decision") && !lower.starts_with("outcome") &&
        !lower.starts_with("http") && line.size() <= 160)
      return "[one thing you discussed; your notes say: " + std::string(line) + "]";
    if (end == std::string_view::npos) break;
    notes.remove_prefix(end + 1);
  }
  return "[one thing you discussed]";
}

std::string contact_list(const std::vector<Interviewer>& interviewers) {
  std::string out;
  for (const auto& i : interviewers) {
    if (!out.empty()) out += ", ";
    out += i.name;
    if (!i.email.empty() && i.email != i.name) out += " <" + i.email + ">";
  }
  return out;
}

std::string contacts_made(int checkins) {
  if (checkins <= 0) return "your thank-you letters";
  if (checkins == 1) return "a thank-you and one check-in";
  return "a thank-you and " + std::to_string(checkins) + " check-ins";
}

// "24 hours", "2 days", "90 minutes"
std::string span_in_words(std::chrono::seconds span) {
  const auto count = [](long long n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  const long long s = span.count();
  if (s % 86400 == 0 && s / 86400 >= 2) return count(s / 86400, "day");
  if (s % 3600 == 0) return count(s / 3600, "hour");
  return count(s / 60, "minute");
}

// Values that read well whether or not the position and company were found; when they were not,
// RULES.md §2 falls back to the SUMMARY, which cannot stand where a company name would.
TextValues common_values(const Interview& iv, const Settings& s) {
  const std::string quoted_summary = "\"" + iv.summary + "\"";
  const std::string company = iv.company_known ? iv.company : std::string();
  const std::string role = iv.position_known ? iv.position : std::string();
  return TextValues{
      {"position", iv.position},
      {"company", iv.company},
      {"summary", iv.summary},
      {"position_phrase", iv.position_known ? "the " + iv.position + " position" : "the position"},
      {"company_or_you", iv.company_known ? iv.company : "your team"},
      {"company_or_them", iv.company_known ? iv.company : "them"},
      {"interview_name", iv.company_known ? "the " + iv.company + " interview" : quoted_summary},
      {"about", iv.company_known ? "with " + company + (role.empty() ? "" : " about " + role) : "about " + quoted_summary},
      {"from_whom", iv.company_known ? company + (role.empty() ? "" : " (" + role + ")") : quoted_summary},
      {"date", date_in_words(local_date(iv.start, s.timezone))},
      {"time", time_in_words(iv.start, s.timezone)},
      {"contact", contact_list(iv.interviewers)},
      {"contact_name", iv.interviewers.front().name},
      {"discussed", discussed_placeholder(iv.description)},
      {"within", span_in_words(s.thank_you_within)},
  };
}

}  // namespace

std::string_view kind_name(FollowupKind kind) {
  switch (kind) {
    case FollowupKind::ThankYou: return "thank-you";
    case FollowupKind::CheckIn: return "check-in";
    case FollowupKind::MoveOn: return "move-on";
    case FollowupKind::Debrief: return "debrief";
    case FollowupKind::Outcome: return "outcome";
  }
  return "thank-you";
}

std::optional<FollowupKind> kind_from_name(std::string_view name) {
  for (auto kind : {FollowupKind::ThankYou, FollowupKind::CheckIn, FollowupKind::MoveOn, FollowupKind::Debrief,
                    FollowupKind::Outcome})
    if (kind_name(kind) == name) return kind;
  return std::nullopt;
}

namespace {

// Where the chain of check-ins and the move-on lands (RULES.md §3): each counts from the one before it
// as finally placed, and an item already placed (see PlacedItems) stays where it is.
struct ChainSlot {
  int number = 0;  // check-in number; 0 for the move-on
  Date day;
  SysSeconds start;
  bool late = false;
  bool settled = false;
};

std::optional<SysSeconds> valid_anchor(const PlacedItems& placed, const std::string& uid, const Interview& iv) {
  const auto it = placed.find(uid);
  // An item placed before the interview ended belongs to the interview's old time: it moves with it.
  if (it == placed.end() || it->second < iv.end) return std::nullopt;
  return it->second;
}

std::vector<ChainSlot> place_chain(const Interview& iv, const Settings& s, SysSeconds now, const PlacedItems& placed,
                                   Date first_checkin_not_before) {
  const ical::Zone& zone = s.timezone;
  const Date interview_day = local_date(iv.start, zone);
  // Check-in 1: the first business day strictly after the promised decision date; unknown date: the
  // first business day on or after the interview's day + default_wait.
  const Date first_rule = iv.decision_date
                              ? s.business_days.after(*iv.decision_date)
                              : s.business_days.on_or_after(add_days(interview_day, whole_days(s.default_wait)));
  // "Outcome: waiting until D" moves the next pending check-in after D, and the rest after it (§5).
  std::optional<Date> waiting;
  if (iv.outcome && iv.outcome->kind == OutcomeKind::WaitingUntil) waiting = s.business_days.after(*iv.outcome->waiting_until);

  std::vector<ChainSlot> chain;
  std::optional<Date> previous;
  for (int n = 1; n <= s.max_checkins; ++n) {
    ChainSlot slot;
    slot.number = n;
    if (const auto anchor = valid_anchor(placed, uid_for(iv, "check-in", std::to_string(n)), iv)) {
      slot.start = *anchor;
      slot.day = local_date(*anchor, zone);
      slot.settled = true;
    } else {
      const Date rule_day = previous ? next_in_chain(*previous, whole_days(s.second_checkin_after), s) : first_rule;
      slot.late = at_local(rule_day, s.checkin_time, zone) < now;
      slot.day = previous ? rule_day : std::max(rule_day, first_checkin_not_before);
      if (waiting) slot.day = std::max(slot.day, *std::exchange(waiting, std::nullopt));
      slot.day = clamp_slot_day(slot.day, now, s, slot.late);
      slot.start = at_local(slot.day, s.checkin_time, zone);
    }
    previous = slot.day;
    chain.push_back(slot);
  }

  ChainSlot move_on;
  if (const auto anchor = valid_anchor(placed, uid_for(iv, "move-on", ""), iv)) {
    move_on.day = local_date(*anchor, zone);
    move_on.settled = true;
  } else {
    const long wait = whole_days(s.move_on_after);
    move_on.day = previous ? next_in_chain(*previous, wait, s) : s.business_days.on_or_after(add_days(first_rule, wait));
    if (waiting) move_on.day = std::max(move_on.day, s.business_days.on_or_after(add_days(*waiting, wait)));
    const Date today = local_date(now, zone);
    if (move_on.day < today) {
      move_on.late = true;
      move_on.day = s.business_days.on_or_after(today);
    }
  }
  move_on.start = zone.to_sys(std::chrono::local_days{move_on.day});
  chain.push_back(move_on);
  return chain;
}

// A task due at `due`, moved to the next business slot when that has passed; an anchor keeps it.
void place_task(Followup& f, SysSeconds due, SysSeconds now, const Settings& s, const std::optional<SysSeconds>& anchor) {
  if (anchor) {
    f.due = *anchor;
    f.settled = true;
  } else if (due < now) {
    f.late = true;
    f.due = at_local(next_business_slot_day(now, s), s.checkin_time, s.timezone);
  } else {
    f.due = due;
  }
}

}  // namespace

std::vector<Followup> plan_followups(const Interview& iv, const Settings& s, SysSeconds now, const PlacedItems& placed) {
  const ical::Zone& zone = s.timezone;
  // A check-in never comes before the thank-you it follows: at the earliest the business day after
  // the thank-you is due (which matters for a decision "today" and for late, clamped items).
  // Where the thank-yous stand once written (PlacedItems) is where they are due; only one not written
  // yet whose time has passed is placed after `now`, and only that pushes the chain (a daily run must
  // not push check-in 1 a day further each time: RULES.md §6, run again and nothing changes).
  SysSeconds thanks_by = iv.end + s.thank_you_within;
  bool all_placed = !iv.interviewers.empty();
  SysSeconds latest_placed = SysSeconds::min();
  for (const Interviewer& who : iv.interviewers) {
    const auto anchor = valid_anchor(
        placed, uid_for(iv, s.thank_you_form == ThankYouForm::Todo ? "thank-you" : "thank-you-event", interviewer_key(who)), iv);
    if (anchor)
      latest_placed = std::max(latest_placed, *anchor);
    else
      all_placed = false;
  }
  if (all_placed)
    thanks_by = latest_placed;
  else if (thanks_by < now)
    thanks_by = at_local(next_business_slot_day(now, s), s.checkin_time, zone);
  const Date not_before = s.business_days.after(local_date(thanks_by, zone));
  const std::vector<ChainSlot> chain = place_chain(iv, s, now, placed, not_before);
  TextValues values = common_values(iv, s);
  // The thank-you promises to follow up by check-in 1 (RULES.md §4); with no check-in, it promises
  // nothing.
  values["checkin_date"] = date_in_words(chain.front().day);
  values["follow_up_promise"] = s.max_checkins > 0 ? "I will follow up by " + date_in_words(chain.front().day) + "." : "";
  std::vector<Followup> out;

  // Thank-you, one per interviewer.
  for (std::size_t n = 0; n < iv.interviewers.size(); ++n) {
    const Interviewer& who = iv.interviewers[n];
    Followup f;
    f.kind = FollowupKind::ThankYou;
    f.number = static_cast<int>(n + 1);
    f.interviewer = who;
    if (s.thank_you_form == ThankYouForm::Todo) {
      f.component = ical::ComponentKind::Todo;
      f.uid = uid_for(iv, "thank-you", interviewer_key(who));
      f.start = iv.end;
      f.alarm = true;
      place_task(f, iv.end + s.thank_you_within, now, s, valid_anchor(placed, f.uid, iv));
    } else {
      f.component = ical::ComponentKind::Event;
      f.uid = uid_for(iv, "thank-you-event", interviewer_key(who));
      if (const auto anchor = valid_anchor(placed, f.uid, iv)) {
        f.start = *anchor;
        f.settled = true;
      } else {
        f.start = iv.end + thank_you_event_delay;
        const Date end_day = local_date(iv.end, zone);
        if (local_date(f.start, zone) != end_day || local_time_of_day(f.start, zone) > thank_you_event_latest)
          f.start = at_local(s.business_days.after(end_day), s.checkin_time, zone);
        if (f.start < now) {
          f.late = true;
          f.start = at_local(next_business_slot_day(now, s), s.checkin_time, zone);
        }
      }
      f.end = f.start + thank_you_event_length;
      f.alarm = true;
    }
    TextValues v = values;
    v["interviewer"] = who.name;
    v["dear"] = who.email.empty() && who.name == generic_interviewer ? "[their name]" : who.name;
    v["interviewer_email"] = who.email;
    v["channel_noun"] = who.email.empty() ? "note" : "email";
    v["channel"] = who.email.empty()
                       ? "No address is known: write a handwritten note (never a text message)."
                       : "Send it by email to " + who.email + " (never as a text message).";
    v["due"] = time_in_words(f.due ? *f.due : f.start, zone);
    v["late_note"] = f.late ? " It is late now: send it anyway, late is better than never." : "";
    auto text = render(s.templates.thank_you, n, v);
    f.summary = std::move(text.summary);
    f.description = std::move(text.description);
    out.push_back(std::move(f));
  }

  if (s.debrief) {
    Followup f;
    f.kind = FollowupKind::Debrief;
    f.component = ical::ComponentKind::Todo;
    f.uid = uid_for(iv, "debrief", "");
    f.start = iv.end;
    f.alarm = true;
    place_task(f, iv.end + debrief_due_after, now, s, valid_anchor(placed, f.uid, iv));
    TextValues v = values;
    v["thank_you_due"] = out.empty() || !out.front().due ? "" : time_in_words(*out.front().due, zone);
    auto text = render(s.templates.debrief, 0, v);
    f.summary = std::move(text.summary);
    f.description = std::move(text.description);
    out.push_back(std::move(f));
  }

  // RULES.md §5: an outcome ends the chain; the thank-yous stay.
  if (iv.outcome && is_final(iv.outcome->kind)) return out;

  for (const ChainSlot& slot : chain) {
    Followup f;
    f.component = ical::ComponentKind::Event;
    f.late = slot.late;
    f.settled = slot.settled;
    f.start = slot.start;
    TextValues v = values;
    if (slot.number > 0) {
      f.kind = FollowupKind::CheckIn;
      f.number = slot.number;
      f.uid = uid_for(iv, "check-in", std::to_string(slot.number));
      f.end = f.start + checkin_length;
      f.alarm = true;
      v["checkin_ordinal"] = slot.number == 1 ? "First" : "Second";
      v["checkin_number"] = std::to_string(slot.number);
      v["late_note"] = slot.late ? " (The planned day had already passed, so this is the next business morning.)" : "";
      auto text = render(s.templates.check_in, static_cast<std::size_t>(slot.number - 1), v);
      f.summary = std::move(text.summary);
      f.description = std::move(text.description);
    } else {
      f.kind = FollowupKind::MoveOn;
      f.uid = uid_for(iv, "move-on", "");
      f.date = slot.day;
      f.transparent = true;
      v["contacts"] = contacts_made(s.max_checkins);
      v["late_note"] = "";
      auto text = render(s.templates.move_on, 0, v);
      f.summary = std::move(text.summary);
      f.description = std::move(text.description);
    }
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

// "Outcome: waiting until 2026-02-02": the line read_outcomes() reads back.
std::string outcome_line(const Outcome& o) {
  if (o.kind == OutcomeKind::WaitingUntil && o.waiting_until) return "Outcome: waiting until " + format_date(*o.waiting_until);
  return "Outcome: " + std::string(outcome_word(o.kind));
}

// The record of an outcome given now: an all-day marker on today's date in the calendar the check-ins
// go to, related to the interview, whose notes hold the "Outcome:" line. An event rather than a
// completed task: task lists get their completed tasks cleared (todoman flush, "delete completed"),
// and clearing the record would bring the check-ins back. Deleting it on purpose takes the outcome back.
Followup outcome_record(const Interview& iv, const Outcome& o, const Settings& s, SysSeconds now) {
  Followup f;
  f.kind = FollowupKind::Outcome;
  const std::string line = outcome_line(o);
  // One record per outcome given: a later one (rejected after waiting) is a record of its own.
  f.uid = uid_for(iv, "outcome", line + "@" + std::to_string(now.time_since_epoch().count()));
  f.summary = line + " – " + iv.summary;
  f.description = line + "\n\nRecorded with 'followup outcome' on " + date_in_words(local_date(now, s.timezone)) + ".";
  f.component = ical::ComponentKind::Event;
  f.date = local_date(now, s.timezone);
  f.start = at_local(*f.date, std::chrono::minutes{0}, s.timezone);
  f.transparent = true;
  return f;
}

}  // namespace

Plan make_plan(const std::vector<ical::Item>& items, const Settings& settings, SysSeconds now,
               const PlacedItems& placed, const std::vector<NewOutcome>& new_outcomes) {
  const InterviewFinder finder(settings);
  // Outcomes written into generated items count for their interview (RULES.md §5).
  std::map<std::pair<std::string, std::string>, std::vector<const ical::Item*>> generated_by_interview;
  for (const auto& item : items) {
    if (!is_generated(item) || item.related_to.empty()) continue;
    const auto rid = item.x_props.find("X-FOLLOWUP-RECURRENCE-ID");
    generated_by_interview[{item.related_to.front(), rid == item.x_props.end() ? "" : rid->second}].push_back(&item);
  }

  Plan plan;
  std::map<std::pair<std::string, std::string>, bool> seen;
  for (const auto& item : items) {
    auto interview = finder.read(item, now);
    if (!interview) continue;
    const auto key = std::pair{interview->uid, interview->recurrence_id};
    if (seen[key]) continue;  // the same interview in two inputs: the first one counts
    seen[key] = true;
    std::vector<Outcome> outcomes;
    if (interview->outcome) outcomes.push_back(*interview->outcome);
    const Date day = local_date(interview->start, settings.timezone);
    if (const auto g = generated_by_interview.find(key); g != generated_by_interview.end())
      for (const ical::Item* generated : g->second) {
        auto reading = read_outcomes(generated->description, day, settings.business_days);
        if (reading.outcome) outcomes.push_back(*reading.outcome);
        for (const auto& line : reading.not_understood) interview->warnings.push_back(outcome_not_understood(line));
      }
    std::vector<const NewOutcome*> given;
    for (const auto& n : new_outcomes)
      if (n.interview_uid == interview->uid && n.recurrence_id == interview->recurrence_id) {
        given.push_back(&n);
        outcomes.push_back(n.outcome);
      }
    interview->outcome = combine_outcomes(outcomes);
    auto followups = plan_followups(*interview, settings, now, placed);
    for (const NewOutcome* n : given) followups.push_back(outcome_record(*interview, n->outcome, settings, now));
    plan.interviews.push_back(InterviewPlan{std::move(*interview), std::move(followups)});
  }
  std::stable_sort(plan.interviews.begin(), plan.interviews.end(),
                   [](const InterviewPlan& a, const InterviewPlan& b) { return a.interview.start < b.interview.start; });
  return plan;
}

}  // namespace followup::rules
