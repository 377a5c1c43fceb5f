#include "sync/engine.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

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
  std::set<std::string> unread_hrefs;
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
  std::set<std::string> returned;
  for (const auto& object : store.get(hrefs)) {
    returned.insert(object.ref.href);
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
  // Asked for and listed, but not sent (a server leaving hrefs out of a multiget): not known to be
  // gone, so not to be taken for a user's deletion.
  for (const auto& href : hrefs)
    if (!returned.contains(href)) contents.unread_hrefs.insert(href);
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

// One target's side of a run: what it holds, what it remembers, what it is to hold.
struct TargetRun {
  SyncTarget target;
  std::vector<SavedItem> saved;
  StoreContents contents;
  std::vector<DesiredItem> desired;
  bool usable = true;  // it could be read
};

void add_to_total(SyncReport&& from, SyncReport& total) {
  total += from;
  for (auto& e : from.errors) total.errors.push_back(std::move(e));
  for (auto& a : from.actions) total.actions.push_back(std::move(a));
}

// The plans for every thank-you form: the first plan whole, the thank-yous of the others added.
std::vector<std::pair<const rules::Followup*, const rules::Interview*>> planned_followups(
    const std::vector<rules::Plan>& plans) {
  std::vector<std::pair<const rules::Followup*, const rules::Interview*>> out;
  for (std::size_t n = 0; n < plans.size(); ++n)
    for (const auto& p : plans[n].interviews)
      for (const auto& f : p.followups)
        if (n == 0 || f.kind == rules::FollowupKind::ThankYou) out.emplace_back(&f, &p.interview);
  return out;
}

}  // namespace

ActionCounts& ActionCounts::operator+=(const ActionCounts& other) {
  created += other.created;
  updated += other.updated;
  deleted += other.deleted;
  unchanged += other.unchanged;
  kept_user_edits += other.kept_user_edits;
  skipped_user_deleted += other.skipped_user_deleted;
  return *this;
}

SyncReport synchronize(const SyncInput& input, const rules::Settings& settings, SysSeconds now, Storage& store,
                       StateDb& state, bool dry_run) {
  return synchronize(input, settings, now, {SyncTarget{&store, &state}}, Placement{}, dry_run);
}

SyncReport synchronize(const SyncInput& input, const rules::Settings& settings, SysSeconds now,
                       const std::vector<SyncTarget>& targets, const Placement& placement, bool dry_run) {
  SyncReport report;
  std::vector<TargetRun> runs;
  std::vector<ical::Item> items = input.items;
  rules::PlacedItems placed;
  for (const SyncTarget& target : targets) {
    TargetRun run{target, target.state->load(), {}, {}, true};
    try {
      const std::vector<ItemRef> refs = target.store->list();
      // An empty file or folder that once held what we wrote was replaced, moved or not mounted: it is
      // not the user deleting every follow-up one by one. Start afresh rather than remember them all as
      // deleted. (A CalDAV calendar says what it holds: empty there is the user's doing.)
      const bool all_gone =
          refs.empty() && target.store->empty_means_replaced() &&
          std::any_of(run.saved.begin(), run.saved.end(), [](const SavedItem& s) { return s.status == SavedStatus::Written; });
      if (all_gone) run.saved.clear();
      run.contents = read_store(refs, *target.store, run.saved, settings.timezone, now, report);
    } catch (const Error& e) {
      // With several targets, one that cannot be read is left alone (nothing written into it, nothing
      // it holds moved elsewhere) and the others go on; the only target failing is the run failing.
      if (targets.size() == 1) throw;
      report.errors.push_back({target.store->describe(), e.what()});
      run.usable = false;
      run.contents = {};
    }
    for (const auto& item : run.contents.generated_items) report.generated_status[item.uid] = item.status;
    // Moved, not copied: they are needed only for the plan (issue 7: one copy fewer at the peak).
    items.insert(items.end(), std::make_move_iterator(run.contents.generated_items.begin()),
                 std::make_move_iterator(run.contents.generated_items.end()));
    std::vector<ical::Item>().swap(run.contents.generated_items);
    placed.insert(run.contents.placed.begin(), run.contents.placed.end());
    runs.push_back(std::move(run));
  }
  // Where each follow-up already is, or was and was deleted by the user: it stays there. Routing
  // decides only where new ones go, so a changed configuration or a calendar added never moves, revives
  // or duplicates what the user already has (Cyrus would refuse the duplicate UID anyway).
  std::map<std::string, std::size_t> already_in;
  for (std::size_t t = 0; t < runs.size(); ++t)
    for (const auto& f : runs[t].contents.found) already_in.emplace(f.uid, t);
  for (std::size_t t = 0; t < runs.size(); ++t)
    for (const auto& s : runs[t].saved)
      if (s.status != SavedStatus::Creating) already_in.emplace(s.uid, t);

  std::vector<rules::Plan> plans;
  for (const rules::ThankYouForm form : placement.thank_you_forms) {
    rules::Settings form_settings = settings;
    form_settings.thank_you_form = form;
    plans.push_back(rules::make_plan(items, form_settings, now, placed, input.new_outcomes));
  }
  // The plans keep what they need of the items: this copy goes before the desired items are written,
  // where memory peaks with a large calendar (issue 7).
  std::vector<ical::Item>().swap(items);
  const rules::Plan& plan = plans.front();
  report.interviews = plan.interviews.size();
  const auto source_of_where = input.source_of_where ? input.source_of_where : [](const std::string& where) {
    return source_of(where);
  };
  std::map<InterviewKey, InterviewRecord> interviews;
  for (const auto& p : plan.interviews) {
    for (const auto& warning : p.interview.warnings) report.errors.push_back({p.interview.where, warning});
    interviews[{p.interview.uid, p.interview.recurrence_id}] = {p.interview.start, source_of_where(p.interview.where)};
  }
  // Follow-ups with nowhere to go are still wanted: where they stand from an earlier run, they stay.
  std::set<std::string> homeless;
  std::vector<std::pair<const rules::Followup*, const rules::Interview*>> wanted;
  std::vector<std::size_t> wanted_in;  // the target of each
  for (const auto& [followup, interview] : planned_followups(plans)) {
    std::optional<std::size_t> to;
    if (const auto it = already_in.find(followup->uid); it != already_in.end())
      to = it->second;
    else
      to = placement.target_of ? placement.target_of(*followup, *interview) : std::optional<std::size_t>{0};
    if (to && *to < runs.size() && !runs[*to].usable) {
      homeless.insert(followup->uid);  // its target could not be read: reported there
      continue;
    }
    if (!to || *to >= runs.size()) {
      report.errors.push_back({interview->where, "no calendar to write \"" + followup->summary + "\" into"});
      homeless.insert(followup->uid);
      continue;
    }
    wanted.emplace_back(followup, interview);
    wanted_in.push_back(*to);
  }
  std::vector<DesiredItem> desired = desired_items(wanted, settings, now);
  for (std::size_t i = 0; i < desired.size(); ++i) runs[wanted_in[i]].desired.push_back(std::move(desired[i]));
  std::vector<DesiredItem>().swap(desired);

  const Scope scope = scope_of(input, settings, now);
  std::vector<SyncReport> parts(runs.size());
  for (std::size_t t = 0; t < runs.size(); ++t) {
    if (!runs[t].usable) continue;
    parts[t].actions = decide(runs[t].desired, runs[t].contents.found, runs[t].saved, scope, now);
    std::vector<DesiredItem>().swap(runs[t].desired);  // the actions hold what they write (issue 7: memory)
    // Items the store listed but would not send this time: nothing is decided for them (the state keeps
    // what it knew); the next run reads them.
    std::set<std::string> unread_uids;
    for (const auto& s : runs[t].saved)
      if (runs[t].contents.unread_hrefs.contains(s.ref.href)) unread_uids.insert(s.uid);
    for (const auto& href : runs[t].contents.unread_hrefs)
      report.errors.push_back({href, "listed by the server but not sent when asked for: read again next run"});
    std::erase_if(parts[t].actions, [&](const Action& a) { return unread_uids.contains(a.uid); });
    for (Action& a : parts[t].actions)
      if (a.kind == ActionKind::Delete && homeless.contains(a.uid)) a.kind = ActionKind::Unchanged;
    if (dry_run)
      for (const auto& a : parts[t].actions) count(a, parts[t]);
  }
  if (!dry_run) {
    // Deletions first, in every target: an item moving from one calendar to another leaves before it
    // arrives (Cyrus refuses a UID that another calendar of the user still holds, CALDAV-NOTES §3.1
    // item 8). With one target there is one pass, so a store that buffers writes flushes once.
    const auto is_delete = [](const Action& a) { return a.kind == ActionKind::Delete; };
    std::vector<std::map<std::string, SavedItem>> saved_by_uid(runs.size());
    for (std::size_t t = 0; t < runs.size(); ++t)
      for (const auto& s : runs[t].saved) saved_by_uid[t][s.uid] = s;
    std::size_t writes = 0;
    std::size_t written = 0;
    for (const auto& part : parts)
      writes += static_cast<std::size_t>(std::count_if(part.actions.begin(), part.actions.end(), [](const Action& a) {
        return a.kind == ActionKind::Create || a.kind == ActionKind::Update || a.kind == ActionKind::Delete;
      }));
    const auto run_phase = [&](std::size_t t, std::vector<Action>& actions) {
      Storage& store = *runs[t].target.store;
      SyncReport& part = parts[t];
      ExecutionContext context{store, *runs[t].target.state, scope, now, saved_by_uid[t], interviews,
                               [&store, &part, &settings](const std::string& href) -> std::optional<FoundItem> {
                                 for (const auto& object : store.get({href})) {
                                   std::vector<ical::ReadProblem> problems;
                                   for (const auto& item : parse_object(object.ics, href, problems, settings.timezone))
                                     if (auto found = found_item(item, object.ref)) return found;
                                   for (const auto& p : problems) part.errors.push_back({p.where, p.reason});
                                 }
                                 return std::nullopt;
                               }};
      if (input.progress) context.wrote = [&] { input.progress("writing", ++written, writes); };
      execute(actions, context, part);
    };
    if (runs.size() == 1) {
      run_phase(0, parts[0].actions);
    } else {
      std::vector<std::vector<Action>> later(runs.size());
      for (std::size_t t = 0; t < runs.size(); ++t) {
        auto& actions = parts[t].actions;
        const auto split = std::stable_partition(actions.begin(), actions.end(), is_delete);
        later[t].assign(std::make_move_iterator(split), std::make_move_iterator(actions.end()));
        actions.erase(split, actions.end());
        run_phase(t, actions);
      }
      for (std::size_t t = 0; t < runs.size(); ++t) {
        run_phase(t, later[t]);
        parts[t].actions.insert(parts[t].actions.end(), std::make_move_iterator(later[t].begin()),
                                std::make_move_iterator(later[t].end()));
      }
    }
  }
  for (std::size_t t = 0; t < runs.size(); ++t) {
    TargetSummary summary;
    summary.name = runs[t].target.store->describe();
    summary += parts[t];
    report.targets.push_back(std::move(summary));
    add_to_total(std::move(parts[t]), report);
  }
  report.plan = std::move(plans.front());
  return report;
}

}  // namespace followup::sync
