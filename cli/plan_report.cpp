#include <sstream>

#include "cli/plan_output.hpp"
#include "rules/local_time.hpp"

namespace followup::cli {
namespace {

std::string hh_mm(SysSeconds t, const ical::Zone& zone) {
  const auto m = rules::local_time_of_day(t, zone).count();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return buf;
}

std::string when(const rules::Followup& f, const ical::Zone& zone) {
  if (f.date) return rules::date_in_words(*f.date) + ", all day";
  const SysSeconds t = f.due ? *f.due : f.start;
  return rules::time_in_words(t, zone);
}

std::string label(const rules::Followup& f) {
  std::string l(rules::kind_name(f.kind));
  if (f.kind == rules::FollowupKind::CheckIn) l += " " + std::to_string(f.number);
  if (f.component == ical::ComponentKind::Todo) l += " (task due)";
  if (f.late) l += " [late]";
  return l;
}

}  // namespace

std::string plan_report(const rules::Plan& plan, const std::vector<ical::ReadProblem>& skipped,
                        const rules::Settings& settings, SysSeconds now) {
  const ical::Zone& zone = settings.timezone;
  std::ostringstream out;
  out << "Follow-ups as of " << rules::time_in_words(now, zone) << " (" << zone.name() << "): "
      << plan.interviews.size() << (plan.interviews.size() == 1 ? " interview" : " interviews") << "\n";
  for (const auto& p : plan.interviews) {
    const rules::Interview& iv = p.interview;
    out << "\n" << iv.summary << "\n";
    if (iv.all_day)
      out << "  when:         " << rules::date_in_words(rules::local_date(iv.start, zone)) << ", all day\n";
    else
      out << "  when:         " << rules::time_in_words(iv.start, zone) << "–" << hh_mm(iv.end, zone) << "\n";
    out << "  from:         " << iv.where << "\n";
    out << "  position:     " << iv.position << "\n";
    out << "  company:      " << iv.company << "\n";
    out << "  interviewers: ";
    for (std::size_t i = 0; i < iv.interviewers.size(); ++i) {
      const auto& who = iv.interviewers[i];
      out << (i ? ", " : "") << who.name;
      if (!who.email.empty() && who.email != who.name) out << " <" << who.email << ">";
    }
    out << "\n  decision:     ";
    if (iv.decision_date)
      out << rules::date_in_words(*iv.decision_date) << "  (from \"" << iv.decision_source << "\")\n";
    else
      out << "unknown (check-in after the default wait)\n";
    if (iv.outcome) {
      out << "  outcome:      " << rules::outcome_word(iv.outcome->kind);
      if (iv.outcome->waiting_until) out << " until " << rules::date_in_words(*iv.outcome->waiting_until);
      out << "  (from \"" << iv.outcome->source << "\")\n";
    }
    for (const auto& warning : iv.warnings) out << "  warning:      " << warning << "\n";
    out << "  follow-ups:\n";
    for (const auto& f : p.followups)
      out << "    " << when(f, zone) << "  " << label(f) << ": " << f.summary << "\n";
  }
  if (!skipped.empty()) {
    out << "\nSkipped or read with an assumption (" << skipped.size() << "):\n";
    for (const auto& s : skipped) out << "  " << s.where << ": " << s.reason << "\n";
  }
  return out.str();
}

}  // namespace followup::cli
