#pragma once
// What a run remembers for the next one, per target store, in SQLite: for each generated item its UID,
// href, version tag, the fingerprint of what was written and its interview; tombstones for items the
// user deleted. Every change is its own transaction, so a crash at any point leaves a consistent
// database that the next run repairs from.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sync/decision.hpp"

namespace followup::sync {

class StateDb {
 public:
  // Opens (creating if needed, with its folder, mode 0700/0600) the database file. Throws IoError.
  explicit StateDb(const std::filesystem::path& file);
  // An in-memory database (tests, --dry-run without state).
  static StateDb in_memory();
  ~StateDb();
  StateDb(StateDb&&) noexcept;
  StateDb& operator=(StateDb&&) noexcept;

  std::vector<SavedItem> load() const;
  void put(const SavedItem& item);
  void erase(const std::string& uid);

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
