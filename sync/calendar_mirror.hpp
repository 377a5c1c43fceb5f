#pragma once
// A local copy of one CalDAV calendar, kept in the state database and brought up to date at the start
// of each run, so that a run where nothing changed costs one REPORT per calendar (issue 4; CALDAV-NOTES
// §2.1, §8). The copy holds every member's href and ETag, and the text of the members that matter: the
// events from the rules' window on (for finding interviews) and the follow-ups read or written.
//
// Reading: the first time (or when the window reaches further back than the copy) the calendar is
// listed and its events read with calendar-query over a time range; later runs ask sync-collection
// (RFC 6578) for what changed since the saved token and read just that with calendar-multiget. A token
// the server rejects, a server whose tokens are fragile, or a day since the last full listing makes the
// run list the calendar whole again and compare it with the copy (a full reconciliation): members no
// longer listed are dropped, changed ones re-read, unchanged ones not.
//
// As a Storage it lists from the copy, reads from it where it holds the member's current text, and
// writes through to the server, recording what it wrote.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/caldav_storage.hpp"
#include "sync/state_db.hpp"
#include "sync/storage.hpp"

namespace followup::sync {

struct MirrorOptions {
  bool supports_sync_collection = false;  // the server lists DAV:sync-collection for the calendar
  bool fragile_sync_token = false;        // the quirks table says its tokens can't be trusted: list whole every run
  bool unreliable_time_range = false;     // the quirks table says calendar-query time ranges can't be trusted
  std::chrono::hours full_every{24};      // periodic full reconciliation (CALDAV-NOTES §2.3: "once a day")
};

enum class MirrorRead {
  Initial,      // listed and events read over the window
  Full,         // listed whole and compared with the copy
  Incremental,  // sync-collection from the saved token
};

struct MirrorRefresh {
  MirrorRead kind = MirrorRead::Incremental;
  std::size_t fetched = 0;  // members whose text was downloaded
  // Members that changed but whose text the server did not send (DAViCal leaves unknown hrefs out of a
  // multiget, iCloud has sent empty ones: CALDAV-NOTES §2.2): tried again next run; until then the
  // calendar is not read whole, so nothing is deleted for want of what they hold.
  std::vector<std::string> unreadable;
};

class CalendarMirror : public Storage {
 public:
  // Borrows all three; they must outlive the mirror.
  CalendarMirror(CalDavStorage& remote, HttpClient& client, StateDb& state, MirrorOptions options);

  // Brings the copy up to date. `events_from`: events from then on must be held whole (this calendar
  // is read for interviews); nullopt: it is only written to, and texts are read when asked for.
  MirrorRefresh refresh(SysSeconds now, std::optional<SysSeconds> events_from);

  // Every member the copy holds the text of.
  std::vector<StoredItem> read_members() const;

  std::string describe() const override { return remote_.describe(); }
  std::vector<ItemRef> list() override;
  std::vector<StoredItem> get(const std::vector<std::string>& hrefs) override;
  std::string href_for(std::string_view uid) const override { return remote_.href_for(uid); }
  ItemRef create(std::string_view uid, const std::string& ics) override;
  ItemRef update(const ItemRef& ref, const std::string& ics) override;
  void remove(const ItemRef& ref) override;
  // Through the remote's batch (parallel requests), each write recorded in the copy as it is over.
  std::vector<WriteOutcome> write_all(const std::vector<WriteOp>& ops, const WriteDone& done) override;
  bool empty_means_replaced() const override { return false; }

 private:
  // What a write that is over leaves in the copy, as create(), update() and remove() record it.
  void record(const WriteOp& op, const WrittenOutcome& outcome);
  MirrorRefresh incremental(const MirrorMeta& meta, bool read_changed);
  MirrorRefresh full(MirrorMeta meta, SysSeconds now, std::optional<SysSeconds> events_from, bool initial);
  // The texts of these members, by key; those the server did not send are missing.
  std::map<std::string, StoredItem> fetch(const std::vector<std::string>& hrefs);
  // Members are kept by the href's comparison key: servers spell one href differently in different
  // answers (an absolute URL or a path, "%40" or "@": CALDAV-NOTES §1.2); the value keeps the spelling.
  std::string key_of(const std::string& href) const;
  void remember(const MirroredObject& object);
  void forget(const std::string& key);
  // `ref` changed but its text could not be read: marked for another try (no ETag), keeping the text
  // it had, if any, for this run.
  MirroredObject unread(const ItemRef& ref) const;

  CalDavStorage& remote_;
  HttpClient& client_;
  StateDb& state_;
  MirrorOptions options_;
  std::map<std::string, MirroredObject> copy_;  // by key_of(href)
};

}  // namespace followup::sync
