#include "sync/calendar_mirror.hpp"

#include <algorithm>

#include "sync/caldav_reports.hpp"

namespace followup::sync {
namespace {

// calendar-query needs both bounds (open ranges are broken on GMX, OX and others: CALDAV-NOTES §2.2);
// events further ahead than this are picked up by the daily full listing once they change or, at the
// latest, when the copy is read anew.
constexpr auto query_reach = std::chrono::days{366 * 20};

}  // namespace

CalendarMirror::CalendarMirror(CalDavStorage& remote, HttpClient& client, StateDb& state, MirrorOptions options)
    : remote_(remote), client_(client), state_(state), options_(std::move(options)) {
  for (auto& object : state_.load_mirror()) copy_[object.ref.href] = std::move(object);
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

MirrorRefresh CalendarMirror::incremental(const MirrorMeta& meta, bool read_changed) {
  const SyncCollectionResult changes = sync_collection(client_, remote_.collection_url(), meta.sync_token);
  std::vector<ItemRef> changed;
  for (const auto& ref : changes.changed) {
    const auto it = copy_.find(ref.href);
    if (it == copy_.end() || it->second.ref.etag != ref.etag) changed.push_back(ref);
  }
  std::vector<std::string> hrefs;
  for (const auto& ref : changed) hrefs.push_back(ref.href);
  // A calendar that is only written to reads texts when the engine asks for them (only ours).
  const std::map<std::string, StoredItem> fetched = read_changed ? fetch(hrefs) : std::map<std::string, StoredItem>{};
  state_.transaction([&] {
    for (const auto& ref : changed) {
      const auto it = fetched.find(ref.href);
      remember(it == fetched.end() ? MirroredObject{ref, std::nullopt} : MirroredObject{it->second.ref, it->second.ics});
    }
    for (const auto& href : changes.removed) {
      // Radicale reports deletions of members it never listed to us: ignore those (CALDAV-NOTES §2.3).
      if (copy_.erase(href) > 0) state_.erase_mirrored(href);
    }
    MirrorMeta next = meta;
    next.sync_token = changes.token;
    state_.save_mirror_meta(next);
  });
  return {MirrorRead::Incremental, fetched.size()};
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

  std::map<std::string, StoredItem> texts;
  std::vector<std::string> to_fetch;
  const bool query = events_from && initial && !options_.unreliable_time_range;
  if (query) {
    for (auto& item : calendar_query(client_, remote_.collection_url(), "VEVENT", *events_from, *events_from + query_reach))
      texts[item.ref.href] = std::move(item);
    // Recurring events are expanded here, not by the server (CALDAV-NOTES §2.4): read each series whole,
    // since a server may test only its first occurrence against the range (Xandikos 0.2.8).
    try {
      for (auto& item : calendar_query_defining(client_, remote_.collection_url(), "VEVENT", "RRULE"))
        texts[item.ref.href] = std::move(item);
    } catch (const BadInput&) {
      // A server without prop-filter: the time range has to do.
    }
  }
  for (const auto& ref : listing) {
    const auto cached = copy_.find(ref.href);
    const bool known = cached != copy_.end() && cached->second.ref.etag == ref.etag;
    const auto queried = texts.find(ref.href);
    const bool have_text = queried != texts.end() && !queried->second.ics.empty();
    // Read what changed since the copy was made; on the first read, the time range said which events
    // matter, unless the server's time ranges can't be trusted.
    if (events_from && !known && !have_text && (!query || options_.unreliable_time_range)) to_fetch.push_back(ref.href);
    if (query && queried != texts.end() && queried->second.ics.empty()) to_fetch.push_back(ref.href);
  }
  for (auto& [href, item] : fetch(to_fetch)) texts[href] = std::move(item);

  std::map<std::string, MirroredObject> next;
  for (const auto& ref : listing) {
    if (const auto t = texts.find(ref.href); t != texts.end() && !t->second.ics.empty()) {
      next[ref.href] = {t->second.ref, t->second.ics};
    } else if (const auto c = copy_.find(ref.href); c != copy_.end() && c->second.ref.etag == ref.etag) {
      next[ref.href] = c->second;
    } else {
      next[ref.href] = {ref, std::nullopt};
    }
  }
  // Members the query found that the listing (made a moment before) did not: created in between.
  for (const auto& [href, item] : texts)
    if (!next.contains(href) && !item.ics.empty()) next[href] = {item.ref, item.ics};

  meta.sync_token = token;
  meta.full_read_at = now;
  if (initial && events_from) meta.bodies_from = events_from;
  state_.transaction([&] {
    state_.clear_mirror();
    for (const auto& [href, object] : next) state_.put_mirrored(object);
    state_.save_mirror_meta(meta);
  });
  copy_ = std::move(next);
  const auto downloaded = static_cast<std::size_t>(
      std::count_if(texts.begin(), texts.end(), [](const auto& entry) { return !entry.second.ics.empty(); }));
  return {initial ? MirrorRead::Initial : MirrorRead::Full, downloaded};
}

std::map<std::string, StoredItem> CalendarMirror::fetch(const std::vector<std::string>& hrefs) {
  std::map<std::string, StoredItem> out;
  if (hrefs.empty()) return out;
  for (auto& item : remote_.get(hrefs)) out[item.ref.href] = std::move(item);
  return out;
}

void CalendarMirror::remember(const MirroredObject& object) {
  state_.put_mirrored(object);
  copy_[object.ref.href] = object;
}

std::vector<StoredItem> CalendarMirror::read_members() const {
  std::vector<StoredItem> out;
  for (const auto& [href, object] : copy_)
    if (object.ics) out.push_back({object.ref, *object.ics});
  return out;
}

std::vector<ItemRef> CalendarMirror::list() {
  std::vector<ItemRef> refs;
  refs.reserve(copy_.size());
  for (const auto& [href, object] : copy_) refs.push_back(object.ref);
  return refs;
}

std::vector<StoredItem> CalendarMirror::get(const std::vector<std::string>& hrefs) {
  std::vector<StoredItem> out;
  std::vector<std::string> missing;
  for (const auto& href : hrefs) {
    const auto it = copy_.find(href);
    if (it != copy_.end() && it->second.ics)
      out.push_back({it->second.ref, *it->second.ics});
    else
      missing.push_back(href);
  }
  if (missing.empty()) return out;
  const auto fetched = remote_.get(missing);
  state_.transaction([&] {
    for (const auto& item : fetched) remember({item.ref, item.ics});
  });
  out.insert(out.end(), fetched.begin(), fetched.end());
  return out;
}

// Writes go to the server first; the copy records them only once the server took them.
ItemRef CalendarMirror::create(std::string_view uid, const std::string& ics) {
  const ItemRef ref = remote_.create(uid, ics);
  remember({ref, ics});
  return ref;
}

ItemRef CalendarMirror::update(const ItemRef& ref, const std::string& ics) {
  try {
    const ItemRef written = remote_.update(ref, ics);
    remember({written, ics});
    return written;
  } catch (const VersionMismatch&) {
    // Changed under us: the copy's text is stale; the re-read that follows must ask the server.
    if (const auto it = copy_.find(ref.href); it != copy_.end()) remember({it->second.ref, std::nullopt});
    throw;
  }
}

void CalendarMirror::remove(const ItemRef& ref) {
  try {
    remote_.remove(ref);
  } catch (const VersionMismatch&) {
    if (const auto it = copy_.find(ref.href); it != copy_.end()) remember({it->second.ref, std::nullopt});
    throw;
  }
  copy_.erase(ref.href);
  state_.erase_mirrored(ref.href);
}

}  // namespace followup::sync
