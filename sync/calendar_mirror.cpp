#include "sync/calendar_mirror.hpp"

#include <algorithm>
#include <set>

#include "sync/caldav_reports.hpp"
#include "sync/dav_href.hpp"

namespace followup::sync {
namespace {

// calendar-query needs both bounds (open ranges are broken on GMX, OX and others: CALDAV-NOTES §2.2);
// events further ahead than this are picked up by the daily full listing once they change or, at the
// latest, when the copy is read anew.
constexpr auto query_reach = std::chrono::days{366 * 20};

bool has_text(const StoredItem& item) { return !item.ics.empty(); }

}  // namespace

CalendarMirror::CalendarMirror(CalDavStorage& remote, HttpClient& client, StateDb& state, MirrorOptions options)
    : remote_(remote), client_(client), state_(state), options_(std::move(options)) {
  for (auto& object : state_.load_mirror()) copy_[key_of(object.ref.href)] = std::move(object);
}

std::string CalendarMirror::key_of(const std::string& href) const {
  return normalize_href_for_comparison(resolve_href(remote_.collection_url(), href));
}

MirrorRefresh CalendarMirror::refresh(SysSeconds now, std::optional<SysSeconds> events_from) {
  const MirrorMeta meta = state_.load_mirror_meta();
  const bool covered = !events_from || (meta.bodies_from && *meta.bodies_from <= *events_from);
  const bool initial = !meta.full_read_at || !covered;
  // A clock set back (or --now in the past) counts as due too: the copy may be from the future.
  const bool due = !meta.full_read_at || now - *meta.full_read_at >= options_.full_every || now < *meta.full_read_at;
  if (!initial && !due && !options_.fragile_sync_token && options_.supports_sync_collection &&
      !meta.sync_token.empty()) {
    try {
      return incremental(meta, events_from.has_value());
    } catch (const SyncTokenRejected&) {
      // Expired or unknown: read the calendar whole (CALDAV-NOTES §2.3).
    }
  }
  return full(meta, now, events_from, initial);
}

MirroredObject CalendarMirror::unread(const ItemRef& ref) const {
  const auto old = copy_.find(key_of(ref.href));
  return {{ref.href, ""}, old == copy_.end() ? std::nullopt : old->second.ics};
}

MirrorRefresh CalendarMirror::incremental(const MirrorMeta& meta, bool read_changed) {
  const SyncCollectionResult changes = sync_collection(client_, remote_.collection_url(), meta.sync_token);
  std::map<std::string, ItemRef> changed;  // by key
  for (const auto& ref : changes.changed) {
    const auto it = copy_.find(key_of(ref.href));
    if (it == copy_.end() || it->second.ref.etag != ref.etag) changed[key_of(ref.href)] = ref;
  }
  // Members a run could not read are tried again (the server will not report them changed again).
  if (read_changed)
    for (const auto& [key, object] : copy_)
      if (object.ref.etag.empty() && !changed.contains(key)) changed[key] = object.ref;
  std::vector<std::string> hrefs;
  for (const auto& [key, ref] : changed) hrefs.push_back(ref.href);
  // A calendar that is only written to reads texts when the engine asks for them (only ours).
  const std::map<std::string, StoredItem> fetched = read_changed ? fetch(hrefs) : std::map<std::string, StoredItem>{};

  MirrorRefresh refresh{MirrorRead::Incremental, fetched.size(), {}};
  std::set<std::string> removed;
  for (const auto& href : changes.removed) removed.insert(key_of(href));
  state_.transaction([&] {
    for (const auto& [key, ref] : changed) {
      if (removed.contains(key)) continue;
      if (const auto it = fetched.find(key); it != fetched.end()) {
        remember({it->second.ref, it->second.ics});
      } else if (read_changed) {
        refresh.unreadable.push_back(ref.href);
        remember(unread(ref));
      } else {
        remember({ref, std::nullopt});
      }
    }
    // Radicale reports deletions of members it never listed to us: those are not in the copy
    // (CALDAV-NOTES §2.3).
    for (const auto& key : removed) forget(key);
    MirrorMeta next = meta;
    next.sync_token = changes.token;
    state_.save_mirror_meta(next);
  });
  return refresh;
}

MirrorRefresh CalendarMirror::full(MirrorMeta meta, SysSeconds now, std::optional<SysSeconds> events_from,
                                   bool initial) {
  std::vector<ItemRef> listing;
  std::string token;  // none without sync-collection: every later run lists the calendar whole
  if (options_.supports_sync_collection) {
    // The initial sync-collection lists every member and gives the token to go on from in one request.
    SyncCollectionResult all = sync_collection(client_, remote_.collection_url(), "");
    listing = std::move(all.changed);
    token = std::move(all.token);
  } else {
    listing = remote_.list();
  }

  std::map<std::string, StoredItem> texts;  // by key
  const bool query = events_from && initial && !options_.unreliable_time_range;
  if (query) {
    for (auto& item : calendar_query(client_, remote_.collection_url(), "VEVENT", *events_from, *events_from + query_reach))
      texts[key_of(item.ref.href)] = std::move(item);
    // Recurring events are expanded here, not by the server (CALDAV-NOTES §2.4): read each series whole,
    // since a server may test only its first occurrence against the range (Xandikos 0.2.8).
    try {
      for (auto& item : calendar_query_defining(client_, remote_.collection_url(), "VEVENT", "RRULE"))
        texts[key_of(item.ref.href)] = std::move(item);
    } catch (const BadInput&) {
      // A server without prop-filter: the time range has to do.
    } catch (const Transient&) {
      // Nor one that fails on it (a 5xx): the same, and not a reason to fail the run.
    }
  }
  std::vector<std::string> to_fetch;
  std::set<std::string> wanted;  // keys whose text this read must have
  for (const auto& ref : listing) {
    const std::string key = key_of(ref.href);
    const auto cached = copy_.find(key);
    const bool known = cached != copy_.end() && !ref.etag.empty() && cached->second.ref.etag == ref.etag;
    const auto queried = texts.find(key);
    const bool queried_with_text = queried != texts.end() && has_text(queried->second);
    // Read what changed since the copy was made; on the first read, the time range said which events
    // matter (and a member it found without text is read apart), unless the server's time ranges
    // can't be trusted.
    const bool changed_since = events_from && !known && (!query || options_.unreliable_time_range);
    const bool queried_without_text = queried != texts.end() && !queried_with_text;
    if (!queried_with_text && (changed_since || queried_without_text)) {
      to_fetch.push_back(ref.href);
      wanted.insert(key);
    }
  }
  for (auto& [key, item] : fetch(to_fetch)) texts[key] = std::move(item);

  MirrorRefresh refresh{initial ? MirrorRead::Initial : MirrorRead::Full, 0, {}};
  refresh.fetched = static_cast<std::size_t>(
      std::count_if(texts.begin(), texts.end(), [](const auto& entry) { return has_text(entry.second); }));
  std::map<std::string, MirroredObject> next;
  for (const auto& ref : listing) {
    const std::string key = key_of(ref.href);
    const auto cached = copy_.find(key);
    if (const auto t = texts.find(key); t != texts.end() && has_text(t->second)) {
      next[key] = {t->second.ref, t->second.ics};
    } else if (wanted.contains(key)) {
      refresh.unreadable.push_back(ref.href);
      next[key] = unread(ref);
    } else if (cached != copy_.end() && cached->second.ref.etag == ref.etag) {
      next[key] = cached->second;
    } else {
      next[key] = {ref, std::nullopt};
    }
  }
  // Members the query found that the listing (made a moment before) did not: created in between.
  for (const auto& [key, item] : texts)
    if (!next.contains(key) && has_text(item)) next[key] = {item.ref, item.ics};

  meta.sync_token = token;
  meta.full_read_at = now;
  if (initial && events_from) meta.bodies_from = events_from;
  state_.transaction([&] {
    state_.clear_mirror();
    for (const auto& [key, object] : next) state_.put_mirrored(object);
    state_.save_mirror_meta(meta);
  });
  copy_ = std::move(next);
  return refresh;
}

std::map<std::string, StoredItem> CalendarMirror::fetch(const std::vector<std::string>& hrefs) {
  std::map<std::string, StoredItem> out;
  if (hrefs.empty()) return out;
  for (auto& item : remote_.get(hrefs))
    if (has_text(item)) out[key_of(item.ref.href)] = std::move(item);
  return out;
}

void CalendarMirror::remember(const MirroredObject& object) {
  const std::string key = key_of(object.ref.href);
  // The same member under another spelling: one row, in the spelling last seen.
  if (const auto it = copy_.find(key); it != copy_.end() && it->second.ref.href != object.ref.href)
    state_.erase_mirrored(it->second.ref.href);
  state_.put_mirrored(object);
  copy_[key] = object;
}

void CalendarMirror::forget(const std::string& key) {
  const auto it = copy_.find(key);
  if (it == copy_.end()) return;
  state_.erase_mirrored(it->second.ref.href);
  copy_.erase(it);
}

std::vector<StoredItem> CalendarMirror::read_members() const {
  std::vector<StoredItem> out;
  for (const auto& [key, object] : copy_)
    if (object.ics) out.push_back({object.ref, *object.ics});
  return out;
}

std::vector<ItemRef> CalendarMirror::list() {
  std::vector<ItemRef> refs;
  refs.reserve(copy_.size());
  for (const auto& [key, object] : copy_) refs.push_back(object.ref);
  return refs;
}

std::vector<StoredItem> CalendarMirror::get(const std::vector<std::string>& hrefs) {
  std::vector<StoredItem> out;
  std::vector<std::string> missing;
  for (const auto& href : hrefs) {
    const auto it = copy_.find(key_of(href));
    // A member marked unread (no ETag) is read again: its text is from before it changed.
    if (it != copy_.end() && it->second.ics && !it->second.ref.etag.empty())
      out.push_back({it->second.ref, *it->second.ics});
    else
      missing.push_back(href);
  }
  if (missing.empty()) return out;
  const auto fetched = remote_.get(missing);
  state_.transaction([&] {
    for (const auto& item : fetched)
      if (has_text(item)) remember({item.ref, item.ics});
  });
  for (const auto& item : fetched)
    if (has_text(item)) out.push_back(item);
  return out;
}

// Writes go to the server first; the copy records them only once the server took them, with the text
// only when the server said it stored it as sent (else it is read back when needed).
ItemRef CalendarMirror::create(std::string_view uid, const std::string& ics) {
  const WrittenVersion written = remote_.create_object(uid, ics);
  remember({written.ref, written.as_sent ? std::optional{ics} : std::nullopt});
  return written.ref;
}

ItemRef CalendarMirror::update(const ItemRef& ref, const std::string& ics) {
  try {
    const WrittenVersion written = remote_.update_object(ref, ics);
    remember({written.ref, written.as_sent ? std::optional{ics} : std::nullopt});
    return written.ref;
  } catch (const VersionMismatch&) {
    // Changed under us: the copy's text is stale; the re-read that follows must ask the server.
    if (const auto it = copy_.find(key_of(ref.href)); it != copy_.end()) remember({it->second.ref, std::nullopt});
    throw;
  }
}

void CalendarMirror::remove(const ItemRef& ref) {
  try {
    remote_.remove(ref);
  } catch (const VersionMismatch&) {
    if (const auto it = copy_.find(key_of(ref.href)); it != copy_.end()) remember({it->second.ref, std::nullopt});
    throw;
  }
  forget(key_of(ref.href));
}

void CalendarMirror::record(const WriteOp& op, const WrittenOutcome& outcome) {
  if (outcome.error) {
    try {
      std::rethrow_exception(outcome.error);
    } catch (const VersionMismatch&) {
      // As update() and remove(): the copy's text is stale; the re-read that follows must ask the server.
      if (op.kind != WriteOp::Kind::Create)
        if (const auto it = copy_.find(key_of(op.ref.href)); it != copy_.end()) remember({it->second.ref, std::nullopt});
    } catch (...) {
      // Anything else left the server as it was, as far as we know: the copy stays.
    }
    return;
  }
  if (op.kind == WriteOp::Kind::Remove)
    forget(key_of(op.ref.href));
  else
    remember({outcome.version.ref, outcome.version.as_sent ? std::optional{op.ics} : std::nullopt});
}

std::vector<WriteOutcome> CalendarMirror::write_all(const std::vector<WriteOp>& ops, const WriteDone& done) {
  std::vector<WriteOutcome> outcomes;
  outcomes.reserve(ops.size());
  for (auto& written : remote_.write_objects(ops, [&](std::size_t index, const WrittenOutcome& outcome) {
         record(ops[index], outcome);
         if (done) done(index, WriteOutcome{outcome.version.ref, outcome.error});
       }))
    outcomes.push_back({std::move(written.version.ref), std::move(written.error)});
  return outcomes;
}

}  // namespace followup::sync
