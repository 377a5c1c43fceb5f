#include "cli/sync_output.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

#include "rules/local_time.hpp"

namespace followup::cli {

std::string sync_summary_json(const sync::SyncReport& r, const std::vector<sync::ItemError>& errors) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : errors) list.push_back({{"where", e.where}, {"reason", e.reason}});
  const nlohmann::json doc = {
      {"interviews", r.interviews}, {"created", r.created},
      {"updated", r.updated},       {"deleted", r.deleted},
      {"unchanged", r.unchanged},   {"kept_user_edits", r.kept_user_edits},
      {"skipped_user_deleted", r.skipped_user_deleted}, {"errors", list},
  };
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string sync_summary_text(const sync::SyncReport& r, const std::vector<sync::ItemError>& errors,
                              const ical::Zone& zone, bool dry_run, const std::string& target) {
  std::ostringstream out;
  if (dry_run) {
    out << "Dry run: nothing is written to " << target << ".\n";
    for (const auto& a : r.actions) {
      const char* mark = nullptr;
      switch (a.kind) {
        case sync::ActionKind::Create: mark = "+ create "; break;
        case sync::ActionKind::Update: mark = "~ update "; break;
        case sync::ActionKind::Delete: mark = "- delete "; break;
        case sync::ActionKind::KeepUserEdit: mark = "= kept (edited by you) "; break;
        case sync::ActionKind::SkipUserDeleted: mark = "  not recreated (deleted by you) "; break;
        default: break;
      }
      if (!mark || a.summary.empty()) continue;
      out << mark;
      if (a.when) out << rules::time_in_words(*a.when, zone) << "  ";
      out << a.summary << "\n";
    }
  }
  out << (dry_run ? "Would write to " : "Wrote to ") << target << ": " << r.interviews
      << (r.interviews == 1 ? " interview, " : " interviews, ") << r.created << " created, " << r.updated
      << " updated, " << r.deleted << " deleted, " << r.unchanged << " unchanged, " << r.kept_user_edits
      << " kept as you edited them, " << r.skipped_user_deleted << " not recreated (deleted by you)\n";
  for (const auto& e : errors) out << "  " << e.where << ": " << e.reason << "\n";
  return out.str();
}

}  // namespace followup::cli
