#include "sync/executor.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "sync/caldav_errors.hpp"

namespace followup::sync {
namespace {

SavedItem record(const Action& a, SavedStatus status, const ItemRef& ref, const ExecutionContext& ctx) {
  SavedItem s;
  s.uid = a.uid;
  s.interview = a.interview;
  s.ref = ref;
  s.written_fingerprint = a.written_fingerprint;
  s.status = status;
  if (const auto it = ctx.interviews.find(a.interview); it != ctx.interviews.end()) {
    s.interview_start = it->second.start;
    s.interview_source = it->second.source;
  } else if (const auto saved = ctx.saved.find(a.uid); saved != ctx.saved.end()) {
    s.interview_start = saved->second.interview_start;
    s.interview_source = saved->second.interview_source;
  }
  return s;
}

class Executor {
 public:
  Executor(ExecutionContext& ctx, SyncReport& report) : ctx_(ctx), report_(report) {}

  void run(std::vector<Action>& actions) {
    // Writes go to the store in batches that it may send in parallel (CalDAV: parallel_requests, issue
    // #7): a run of consecutive deletions, or of consecutive creations and updates, so that no deletion
    // is made after a creation that came after it (the engine orders deletions first: Cyrus refuses a
    // UID another calendar still holds, CALDAV-NOTES §3.1 item 8). The other actions only touch the state.
    std::vector<std::size_t> batch;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      Action& a = actions[i];
      if (!is_write(a)) {
        apply(a, /*may_retry=*/true);
        count(a, report_);
        continue;
      }
      if (!batch.empty() && (actions[batch.back()].kind == ActionKind::Delete) != (a.kind == ActionKind::Delete))
        write_batch(actions, batch);
      batch.push_back(i);
    }
    write_batch(actions, batch);
    // A store that buffers writes makes them durable now; only then are they recorded as written.
    if (ctx_.store.buffers_writes()) {
      ctx_.store.flush();
      ctx_.state.transaction([&] {
        for (const auto& s : deferred_) ctx_.state.put(s);
        for (const auto& uid : deferred_erase_) ctx_.state.erase(uid);
      });
    }
  }

 private:
  static std::string where(const Action& a) { return a.summary.empty() ? a.uid : a.summary + " (" + a.uid + ")"; }

  void remember(const SavedItem& s) {
    if (ctx_.store.buffers_writes())
      deferred_.push_back(s);
    else
      ctx_.state.put(s);
  }

  static bool is_write(const Action& a) {
    return a.kind == ActionKind::Create || a.kind == ActionKind::Update || a.kind == ActionKind::Delete;
  }

  // What a write's failure means for its item: nothing here when it is the conflict that a re-read
  // settles (`may_retry`), else the line of the report. Errors that concern every item (a 401) are not
  // caught: they stop the run.
  std::optional<std::string> failure(const Action& a, std::exception_ptr error, bool may_retry) {
    try {
      std::rethrow_exception(std::move(error));
    } catch (const AlreadyExists& e) {
      if (may_retry && a.kind == ActionKind::Create) return std::nullopt;
      return std::string("changed by someone else twice during the run: ") + e.what();
    } catch (const VersionMismatch& e) {
      if (may_retry && a.kind != ActionKind::Create) return std::nullopt;
      return std::string("changed by someone else twice during the run: ") + e.what();
    } catch (const Conflict& e) {
      return std::string("changed by someone else twice during the run: ") + e.what();
    } catch (const Transient& e) {
      return std::string(e.what());
    } catch (const BadInput& e) {
      return std::string(e.what());
    } catch (const AccessDenied& e) {
      // A 403 on one item (a server rule, a calendar turned read-only meanwhile): that item fails,
      // the others go on. A 401 is not caught: the credentials are wrong for every item.
      return std::string(e.what());
    }
  }

  // The writes of actions[batch]: their intents recorded in one transaction before any is sent, each
  // result recorded as it comes, conflicts re-read and decided again one at a time after the batch, and
  // the report told in the order of the actions.
  void write_batch(std::vector<Action>& actions, std::vector<std::size_t>& batch) {
    if (batch.empty()) return;
    std::vector<WriteOp> ops;
    ops.reserve(batch.size());
    ctx_.state.transaction([&] {
      for (const std::size_t i : batch) {
        const Action& a = actions[i];
        switch (a.kind) {
          case ActionKind::Create:
            ctx_.state.put(record(a, SavedStatus::Creating, {ctx_.store.href_for(a.uid), ""}, ctx_));
            ops.push_back({WriteOp::Kind::Create, a.uid, {}, a.desired->ics});
            break;
          case ActionKind::Update:
            ops.push_back({WriteOp::Kind::Update, {}, *a.ref, a.desired->ics});
            break;
          default:
            ctx_.state.put(record(a, SavedStatus::Deleting, *a.ref, ctx_));
            ops.push_back({WriteOp::Kind::Remove, {}, *a.ref, {}});
            break;
        }
      }
    });
    std::vector<std::optional<std::string>> errors(batch.size());
    std::vector<std::size_t> conflicts;
    ctx_.store.write_all(ops, [&](std::size_t n, const WriteOutcome& outcome) {
      Action& a = actions[batch[n]];
      if (outcome.error) {
        errors[n] = failure(a, outcome.error, /*may_retry=*/true);
        if (!errors[n]) {
          conflicts.push_back(n);
          return;
        }
      } else {
        written(a, outcome.ref);
      }
      if (ctx_.wrote) ctx_.wrote();
    });
    std::sort(conflicts.begin(), conflicts.end());
    for (const std::size_t n : conflicts) {
      try {
        redecide(actions[batch[n]]);
      } catch (...) {
        // The second conflict is never settled by a third read: the item is reported.
        errors[n] = failure(actions[batch[n]], std::current_exception(), /*may_retry=*/false);
      }
      if (ctx_.wrote) ctx_.wrote();
    }
    for (std::size_t n = 0; n < batch.size(); ++n) {
      const Action& a = actions[batch[n]];
      if (errors[n])
        report_.errors.push_back({where(a), *errors[n]});
      else
        count(a, report_);
    }
    batch.clear();
  }

  // What a successful write leaves in the state.
  void written(Action& a, const ItemRef& ref) {
    switch (a.kind) {
      case ActionKind::Create:
        a.ref = ref;
        remember(record(a, SavedStatus::Written, ref, ctx_));
        return;
      case ActionKind::Update:
        a.ref = ref;
        a.written_fingerprint = a.desired->fingerprint;
        remember(record(a, SavedStatus::Written, ref, ctx_));
        return;
      default:
        if (ctx_.store.buffers_writes())
          deferred_erase_.push_back(a.uid);
        else
          ctx_.state.erase(a.uid);
        return;
    }
  }

  // After a conflict: read the item again and decide again, once.
  void redecide(Action& a) {
    const std::string href = a.ref ? a.ref->href : ctx_.store.href_for(a.uid);
    const std::optional<FoundItem> found = ctx_.reread(href);
    const auto saved = ctx_.saved.find(a.uid);
    const SavedItem* saved_item = saved == ctx_.saved.end() ? nullptr : &saved->second;
    Action again = decide_one(a.desired ? &*a.desired : nullptr, found ? &*found : nullptr, saved_item, ctx_.scope, ctx_.now);
    // Nothing found where we created: the store refused for another reason; do not loop.
    if (again.kind == ActionKind::Create) throw Conflict("the store reports it exists but it cannot be read back");
    a = std::move(again);
    apply(a, /*may_retry=*/false);
  }

  void apply(Action& a, bool may_retry) {
    switch (a.kind) {
      case ActionKind::Create: {
        ctx_.state.put(record(a, SavedStatus::Creating, {ctx_.store.href_for(a.uid), ""}, ctx_));
        try {
          const ItemRef ref = ctx_.store.create(a.uid, a.desired->ics);
          a.ref = ref;
          remember(record(a, SavedStatus::Written, ref, ctx_));
        } catch (const AlreadyExists&) {
          if (!may_retry) throw;
          redecide(a);
        }
        return;
      }
      case ActionKind::Update: {
        try {
          const ItemRef ref = ctx_.store.update(*a.ref, a.desired->ics);
          a.ref = ref;
          a.written_fingerprint = a.desired->fingerprint;
          remember(record(a, SavedStatus::Written, ref, ctx_));
        } catch (const VersionMismatch&) {
          if (!may_retry) throw;
          redecide(a);
        }
        return;
      }
      case ActionKind::Delete: {
        ctx_.state.put(record(a, SavedStatus::Deleting, *a.ref, ctx_));
        try {
          ctx_.store.remove(*a.ref);
          if (ctx_.store.buffers_writes())
            deferred_erase_.push_back(a.uid);
          else
            ctx_.state.erase(a.uid);
        } catch (const VersionMismatch&) {
          if (!may_retry) throw;
          redecide(a);
        }
        return;
      }
      case ActionKind::Unchanged:
      case ActionKind::KeepUserEdit:
        remember(record(a, SavedStatus::Written, *a.ref, ctx_));
        return;
      case ActionKind::SkipUserDeleted:
        remember(record(a, SavedStatus::UserDeleted, {}, ctx_));
        return;
      case ActionKind::Forget:
        if (!a.uid.empty()) ctx_.state.erase(a.uid);
        return;
    }
  }

  ExecutionContext& ctx_;
  SyncReport& report_;
  std::vector<SavedItem> deferred_;
  std::vector<std::string> deferred_erase_;
};

}  // namespace

void count(const Action& a, SyncReport& report) {
  switch (a.kind) {
    case ActionKind::Create: ++report.created; break;
    case ActionKind::Update: ++report.updated; break;
    case ActionKind::Delete: ++report.deleted; break;
    case ActionKind::Unchanged: ++report.unchanged; break;
    case ActionKind::KeepUserEdit: ++report.kept_user_edits; break;
    case ActionKind::SkipUserDeleted: ++report.skipped_user_deleted; break;
    case ActionKind::Forget: break;
  }
}

void execute(std::vector<Action>& actions, ExecutionContext& context, SyncReport& report) {
  Executor(context, report).run(actions);
}

}  // namespace followup::sync
