#include "sync/engine.hpp"

#include <algorithm>
#include <map>

#include "rules/interview.hpp"
#include "rules/plan.hpp"
#include "sync/executor.hpp"
#include "sync/generated_item.hpp"

namespace followup::sync {
namespace {

bool named_like_ours(const std::string& href) {
  const auto slash = href.find_last_of('/');
  return href.compare(slash == std::string::npos ? 0 : slash + 1, 9, "followup-") == 0;
}

struct StoreContents {
  std::vector<FoundItem> found;
  std::vector<ical::Item> generated_items;  // their notes count for outcomes (RULES.md §5)
  rules::PlacedItems placed;
};

// Reads the objects that can be ours: named from our UIDs, or remembered in the state (the user's
// own objects are never even fetched).
StoreContents read_store(const std::vector<ItemRef>& refs, Storage& store, const std::vector<SavedItem>& saved,
                         const ical::Zone& zone, SysSeconds now, SyncReport& report) {
  std::map<std::string, std::string> wanted;  // href -> etag
  std::map<std::string, bool> remembered;
  for (const auto& s : saved)
    if (!s.ref.href.empty()) remembered[s.ref.href] = true;
  for (const auto& ref : refs)
    if (named_like_ours(ref.href) || remembered.contains(ref.href)) wanted[ref.href] = ref.etag;
  std::vector<std::string> hrefs;
  for (const auto& [href, etag] : wanted) hrefs.push_back(href);

  StoreContents contents;
  for (const auto& object : store.get(hrefs)) {
    std::vector<ical::ReadProblem> problems;
    auto items = parse_object(object.ics, object.ref.href, problems, zone);
    for (const auto& p : problems) report.errors.push_back({p.where, p.reason});
    for (auto& item : items) {
      auto found = found_item(item, object.ref);
      if (!found) continue;
      // Items whose time has passed happened; items the user changed stay as the user left them.
      // Either way the plan builds on them where they stand.
      const auto at = item.kind == ical::ComponentKind::Todo ? item.due : item.start;
      const bool past = found->when && *found->when + (found->all_day ? std::chrono::days{1} : std::chrono::days{0}) < now;
      const bool edited = found->embedded_fingerprint != found->fingerprint;
      if (at && (past || edited)) contents.placed[found->uid] = *at;
      contents.found.push_back(std::move(*found));
      contents.generated_items.push_back(std::move(item));
    }
  }
  return contents;
}

Scope scope_of(const SyncInput& input, const rules::Settings& settings, SysSeconds now) {
  const rules::Window window = rules::interview_window(settings, now);
  Scope scope;
  scope.window_start = window.start;
  scope.window_end = window.end;
  scope.inputs_complete = input.problems.empty();
  scope.sources_read = input.sources;
  for (const auto& item : input.items)
    if (item.kind == ical::ComponentKind::Event && !rules::is_generated(item) && item.start &&
        *item.start >= window.start && *item.start < window.end)
      scope.seen.insert({item.uid, item.recurrence_id_text});
  return scope;
}

}  // namespace

SyncReport synchronize(const SyncInput& input, const rules::Settings& settings, SysSeconds now, Storage& store,
                       StateDb& state, bool dry_run) {
  SyncReport report;
  const std::vector<ItemRef> refs = store.list();
  std::vector<SavedItem> saved = state.load();
  // An empty target that once held what we wrote was replaced, moved or not mounted: it is not the
  // user deleting every follow-up one by one. Start afresh rather than remember them all as deleted.
  const bool all_gone = refs.empty() && std::any_of(saved.begin(), saved.end(), [](const SavedItem& s) {
    return s.status == SavedStatus::Written;
  });
  if (all_gone) saved.clear();
  StoreContents contents = read_store(refs, store, saved, settings.timezone, now, report);

  std::vector<ical::Item> items = input.items;
  items.insert(items.end(), contents.generated_items.begin(), contents.generated_items.end());
  const rules::Plan plan = rules::make_plan(items, settings, now, contents.placed);
  report.interviews = plan.interviews.size();
  for (const auto& p : plan.interviews)
    for (const auto& warning : p.interview.warnings) report.errors.push_back({p.interview.where, warning});

  std::vector<DesiredItem> desired;
  std::map<InterviewKey, InterviewRecord> interviews;
  for (const auto& p : plan.interviews) {
    interviews[{p.interview.uid, p.interview.recurrence_id}] = {p.interview.start, source_of(p.interview.where)};
    for (const auto& f : p.followups) desired.push_back(desired_item(f, p.interview, settings, now));
  }
  const Scope scope = scope_of(input, settings, now);
  report.actions = decide(desired, contents.found, saved, scope, now);
  if (dry_run) {
    for (const auto& a : report.actions) count(a, report);
    return report;
  }

  std::map<std::string, SavedItem> saved_by_uid;
  for (const auto& s : saved) saved_by_uid[s.uid] = s;
  ExecutionContext context{store, state, scope, now, saved_by_uid, interviews,
                           [&store, &report, &settings](const std::string& href) -> std::optional<FoundItem> {
                             for (const auto& object : store.get({href})) {
                               std::vector<ical::ReadProblem> problems;
                               for (const auto& item : parse_object(object.ics, href, problems, settings.timezone))
                                 if (auto found = found_item(item, object.ref)) return found;
                               for (const auto& p : problems) report.errors.push_back({p.where, p.reason});
                             }
                             return std::nullopt;
                           }};
  execute(report.actions, context, report);
  return report;
}

}  // namespace followup::sync
