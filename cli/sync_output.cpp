#include "cli/sync_output.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "rules/local_time.hpp"

namespace followup::cli {
namespace {

// What a dry run lists: the actions a person cares about, by time.
std::vector<const sync::Action*> changes_in_time_order(const sync::SyncReport& r) {
  std::vector<const sync::Action*> out;
  for (const auto& a : r.actions)
    if (!a.summary.empty() && a.kind != sync::ActionKind::Unchanged && a.kind != sync::ActionKind::Forget)
      out.push_back(&a);
  std::stable_sort(out.begin(), out.end(), [](const sync::Action* x, const sync::Action* y) {
    return std::pair{x->when.value_or(SysSeconds::min()), x->summary} < std::pair{y->when.value_or(SysSeconds::min()), y->summary};
  });
  return out;
}

std::string_view mark_of(sync::ActionKind kind) {
  switch (kind) {
    case sync::ActionKind::Create: return "+ create";
    case sync::ActionKind::Update: return "~ update";
    case sync::ActionKind::Delete: return "- delete";
    case sync::ActionKind::KeepUserEdit: return "= kept (edited by you)";
    case sync::ActionKind::SkipUserDeleted: return "  not recreated (deleted by you)";
    default: return "";
  }
}

std::string_view kind_word(sync::ActionKind kind) {
  switch (kind) {
    case sync::ActionKind::Create: return "create";
    case sync::ActionKind::Update: return "update";
    case sync::ActionKind::Delete: return "delete";
    case sync::ActionKind::KeepUserEdit: return "kept_user_edit";
    case sync::ActionKind::SkipUserDeleted: return "skipped_user_deleted";
    default: return "unchanged";
  }
}

std::string when_in_words(const sync::Action& a, const ical::Zone& zone) {
  if (a.all_day) return rules::date_in_words(rules::local_date(*a.when, zone)) + ", all day";
  return rules::time_in_words(*a.when, zone);
}

}  // namespace

nlohmann::ordered_json sync_summary(const sync::SyncReport& r, const std::vector<sync::ItemError>& errors,
                                    const ical::Zone& zone) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& e : errors) list.push_back({{"where", e.where}, {"reason", e.reason}});
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const auto* a : changes_in_time_order(r)) {
    nlohmann::ordered_json c = {{"action", kind_word(a->kind)}, {"uid", a->uid}, {"summary", a->summary},
                        {"interview_uid", a->interview.uid}};
    if (a->when) c[a->all_day ? "date" : "when"] = a->all_day ? format_date(rules::local_date(*a->when, zone))
                                                              : ical::format_iso(*a->when, zone);
    changes.push_back(c);
  }
  return {
      {"interviews", r.interviews}, {"created", r.created},
      {"updated", r.updated},       {"deleted", r.deleted},
      {"unchanged", r.unchanged},   {"kept_user_edits", r.kept_user_edits},
      {"skipped_user_deleted", r.skipped_user_deleted}, {"errors", list},
      {"changes", changes},
  };
}

std::string json_text(const nlohmann::ordered_json& document) {
  return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string sync_summary_json(const sync::SyncReport& r, const std::vector<sync::ItemError>& errors,
                              const ical::Zone& zone) {
  return json_text(sync_summary(r, errors, zone));
}

bool summary_wanted(const sync::SyncReport& r, const std::vector<sync::ItemError>& errors, bool dry_run,
                    Verbosity verbosity) {
  switch (verbosity) {
    case Verbosity::Quiet: return false;
    case Verbosity::Normal: return dry_run || !errors.empty() || r.created + r.updated + r.deleted > 0;
    case Verbosity::Verbose:
    case Verbosity::Requests: return true;
  }
  return true;
}

std::string dry_run_changes(const sync::SyncReport& r, const ical::Zone& zone) {
  std::map<sync::InterviewKey, const rules::Interview*> interviews;
  for (const auto& p : r.plan.interviews) interviews[{p.interview.uid, p.interview.recurrence_id}] = &p.interview;
  // The interviews in the order of their start (the plan's), then those no longer read (their follow-ups
  // are deleted), each with its changes in time order.
  std::vector<std::pair<sync::InterviewKey, std::vector<const sync::Action*>>> groups;
  const auto group_of = [&](const sync::InterviewKey& key) -> std::vector<const sync::Action*>& {
    for (auto& g : groups)
      if (g.first == key) return g.second;
    return groups.emplace_back(key, std::vector<const sync::Action*>{}).second;
  };
  for (const auto& p : r.plan.interviews) group_of({p.interview.uid, p.interview.recurrence_id});
  for (const auto* a : changes_in_time_order(r)) group_of(a->interview).push_back(a);

  std::ostringstream out;
  for (const auto& [key, actions] : groups) {
    if (actions.empty()) continue;
    if (const auto it = interviews.find(key); it != interviews.end())
      out << it->second->summary << " ("
          << (it->second->all_day ? rules::date_in_words(rules::local_date(it->second->start, zone))
                                  : rules::time_in_words(it->second->start, zone))
          << ")\n";
    else
      out << "An interview no longer in the calendar (UID " << key.uid << ")\n";
    for (const auto* a : actions) {
      out << "  " << mark_of(a->kind) << " ";
      if (a->when) out << when_in_words(*a, zone) << "  ";
      out << a->summary << "\n";
    }
  }
  return out.str();
}

std::string sync_summary_text(const sync::SyncReport& r, const std::vector<sync::ItemError>& errors,
                              const ical::Zone& zone, bool dry_run, const std::string& target) {
  std::ostringstream out;
  if (dry_run) out << "Dry run: nothing is written to " << target << ".\n" << dry_run_changes(r, zone);
  out << (dry_run ? "Would write to " : "Wrote to ") << target << ": " << r.interviews
      << (r.interviews == 1 ? " interview, " : " interviews, ") << r.created << " created, " << r.updated
      << " updated, " << r.deleted << " deleted, " << r.unchanged << " unchanged, " << r.kept_user_edits
      << " kept as you edited them, " << r.skipped_user_deleted << " not recreated (deleted by you)";
  if (!errors.empty()) out << "; " << errors.size() << (errors.size() == 1 ? " problem" : " problems") << " (on stderr)";
  out << "\n";
  return out.str();
}

std::string http_log_line(const sync::HttpLogEntry& e) {
  std::string line = "HTTP " + e.method + " " + e.url + " ";
  if (e.status == 0)
    line += "failed after " + std::to_string(e.elapsed.count()) + " ms: " + e.failure;
  else
    line += std::to_string(e.status) + " " + std::to_string(e.elapsed.count()) + " ms";
  // Which protocol the exchange used: HTTP/2 (multiplexed) is what a TLS server offering it should get.
  if (e.status != 0 && !e.http_version.empty()) line += " (HTTP/" + e.http_version + ")";
  std::replace_if(line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return line + "\n";
}

std::string error_lines(const std::vector<sync::ItemError>& errors) {
  // One line each, whatever a server put into its reason.
  const auto one_line = [](std::string text) {
    std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
  };
  std::string out;
  for (const auto& e : errors) out += one_line(e.where) + ": " + one_line(e.reason) + "\n";
  return out;
}

}  // namespace followup::cli
