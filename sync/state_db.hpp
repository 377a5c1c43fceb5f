#pragma once
// What a run remembers for the next one, per target store, in SQLite: for each generated item its UID,
// href, version tag, the fingerprint of what was written and its interview; tombstones for items the
// user deleted. Every change is its own transaction, so a crash at any point leaves a consistent
// database that the next run repairs from.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sync/decision.hpp"

namespace followup::sync {

// One member of a mirrored CalDAV calendar: its version, and its text when it was read.
struct MirroredObject {
  ItemRef ref;
  std::optional<std::string> ics;  // nullopt: listed but never read (outside the window, not ours)
};

// How far the mirror of a calendar reaches.
struct MirrorMeta {
  std::string sync_token;                 // RFC 6578 token after the last read; "" for none
  std::optional<SysSeconds> full_read_at;  // the last full listing
  std::optional<SysSeconds> bodies_from;   // events from here on were read whole at that listing
};

class StateDb {
 public:
  // Opens (creating if needed, with its folder, mode 0700/0600) the database file. Throws IoError.
  explicit StateDb(const std::filesystem::path& file);
  // An in-memory database (tests, --dry-run without state).
  static StateDb in_memory();
  // An in-memory copy of the database file, or an empty in-memory database when there is none: what a
  // dry run works on, so that it decides as a real run would and changes nothing.
  static StateDb in_memory_copy_of(const std::filesystem::path& file);
  ~StateDb();
  StateDb(StateDb&&) noexcept;
  StateDb& operator=(StateDb&&) noexcept;

  std::vector<SavedItem> load() const;
  void put(const SavedItem& item);
  void erase(const std::string& uid);

  // The mirror of the calendar this state is for (calendar_mirror.hpp); empty for other stores.
  std::vector<MirroredObject> load_mirror() const;
  MirrorMeta load_mirror_meta() const;
  void put_mirrored(const MirroredObject& object);
  void erase_mirrored(const std::string& href);
  void clear_mirror();
  void save_mirror_meta(const MirrorMeta& meta);

  // Runs `work` in one transaction (all of it or none of it).
  template <typename F>
  void transaction(F&& work) {
    begin();
    try {
      work();
    } catch (...) {
      rollback();
      throw;
    }
    commit();
  }

  // PRAGMA integrity_check says "ok".
  bool intact() const;

  struct Handle;  // the open database (state_db.cpp)

 private:
  explicit StateDb(std::unique_ptr<Handle> handle);
  void begin();
  void commit();
  void rollback() noexcept;
  std::unique_ptr<Handle> handle_;
};

// $XDG_STATE_HOME/followup/<name>.sqlite3 (~/.local/state/followup/...), one per target store; `name`
// is derived from the target's identity (kind and absolute path or URL).
std::filesystem::path default_state_file(const std::string& target_identity);

}  // namespace followup::sync
