#include <nlohmann/json.hpp>

#include "cli/plan_output.hpp"

namespace followup::cli {
namespace {

using nlohmann::json;

json optional_string(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json followup_json(const rules::Followup& f, const ical::Zone& zone) {
  json j = {
      {"kind", rules::kind_name(f.kind)},
      {"component", f.component == ical::ComponentKind::Todo ? "VTODO" : "VEVENT"},
      {"uid", f.uid},
      {"summary", f.summary},
      {"description", f.description},
      {"interviewer", f.interviewer ? optional_string(f.interviewer->email) : json(nullptr)},
      {"start", ical::format_iso(f.start, zone)},
      {"late", f.late},
      {"alarm", f.alarm},
  };
  if (f.kind == rules::FollowupKind::CheckIn) j["number"] = f.number;
  if (f.interviewer) j["interviewer_name"] = f.interviewer->name;
  if (f.due) j["due"] = ical::format_iso(*f.due, zone);
  if (f.end) j["end"] = ical::format_iso(*f.end, zone);
  if (f.date) j["date"] = format_date(*f.date);
  if (f.transparent) j["transparent"] = true;
  return j;
}

json interview_json(const rules::InterviewPlan& p, const ical::Zone& zone) {
  const rules::Interview& iv = p.interview;
  json interviewers = json::array();
  for (const auto& i : iv.interviewers) interviewers.push_back({{"name", i.name}, {"email", optional_string(i.email)}});
  json followups = json::array();
  for (const auto& f : p.followups) followups.push_back(followup_json(f, zone));
  json j = {
      {"uid", iv.uid},
      {"recurrence_id", optional_string(iv.recurrence_id)},
      {"summary", iv.summary},
      {"start", ical::format_iso(iv.start, zone)},
      {"end", ical::format_iso(iv.end, zone)},
      {"all_day", iv.all_day},
      {"location", iv.location},
      {"position", iv.position},
      {"company", iv.company},
      {"interviewers", interviewers},
      {"decision_date", iv.decision_date ? json(format_date(*iv.decision_date)) : json(nullptr)},
      {"decision_source", optional_string(iv.decision_source)},
      {"outcome", iv.outcome ? json(rules::outcome_word(iv.outcome->kind)) : json(nullptr)},
      {"where", iv.where},
      {"followups", followups},
  };
  if (iv.outcome && iv.outcome->waiting_until) j["waiting_until"] = format_date(*iv.outcome->waiting_until);
  j["warnings"] = iv.warnings;
  return j;
}

}  // namespace

std::string plan_json(const rules::Plan& plan, const std::vector<ical::ReadProblem>& skipped,
                      const rules::Settings& settings, SysSeconds now) {
  json interviews = json::array();
  for (const auto& p : plan.interviews) interviews.push_back(interview_json(p, settings.timezone));
  json problems = json::array();
  for (const auto& s : skipped) problems.push_back({{"where", s.where}, {"reason", s.reason}});
  const json doc = {
      {"now", ical::format_iso(now, settings.timezone)},
      {"timezone", settings.timezone.name()},
      {"interviews", interviews},
      {"skipped", problems},
  };
  // Invalid UTF-8 in a calendar must not stop the output: replace it (nlohmann's error_handler).
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace followup::cli
