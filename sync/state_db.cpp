#include "sync/state_db.hpp"

#include <sys/stat.h>

#include <cstdlib>

#include "ical/errors.hpp"
#include "rules/uid.hpp"
#include "sync/state_db_handle.hpp"

namespace followup::sync {
namespace {

constexpr const char* schema = R"(
CREATE TABLE IF NOT EXISTS items (
  uid TEXT PRIMARY KEY,
  interview_uid TEXT NOT NULL,
  interview_recurrence_id TEXT NOT NULL,
  href TEXT NOT NULL,
  etag TEXT NOT NULL,
  written_fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  interview_start INTEGER,
  interview_source TEXT NOT NULL DEFAULT ''
);
-- The local copy of a CalDAV calendar (calendar_mirror.hpp): every member, the text of those read.
CREATE TABLE IF NOT EXISTS mirror_objects (
  href TEXT PRIMARY KEY,
  etag TEXT NOT NULL,
  ics TEXT
);
CREATE TABLE IF NOT EXISTS mirror_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  sync_token TEXT NOT NULL,
  full_read_at INTEGER,
  bodies_from INTEGER
);
PRAGMA user_version = 2;
)";

}  // namespace

namespace {

std::unique_ptr<StateDb::Handle> open_database(const std::string& path, const std::string& name) {
  auto handle = std::make_unique<StateDb::Handle>();
  handle->name = name;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  handle->db.reset(raw);
  if (rc != SQLITE_OK) handle->fail("cannot open");
  sqlite3_busy_timeout(raw, 5000);
  // WAL with synchronous=FULL: a commit survives a crash or power loss, and readers never see half of one.
  handle->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  handle->exec(schema);
  return handle;
}

}  // namespace

StateDb::StateDb(std::unique_ptr<Handle> handle) : handle_(std::move(handle)) {}

StateDb::StateDb(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) throw IoError("cannot create " + file.parent_path().string() + ": " + ec.message());
  ::chmod(file.parent_path().c_str(), 0700);
  // The database names the user's interviews: readable by the user alone.
  const mode_t old_mask = ::umask(077);
  try {
    handle_ = open_database(file.string(), file.string());
  } catch (...) {
    ::umask(old_mask);
    throw;
  }
  ::umask(old_mask);
}

StateDb StateDb::in_memory() { return StateDb(open_database(":memory:", "(in memory)")); }

StateDb StateDb::in_memory_copy_of(const std::filesystem::path& file) {
  StateDb copy = in_memory();
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return copy;
  // Read-only: a dry run changes nothing, not even the file's header.
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  const std::unique_ptr<sqlite3, DatabaseCloser> saved(raw);
  if (opened != SQLITE_OK) throw IoError("state database " + file.string() + ": cannot open: " + sqlite3_errmsg(raw));
  sqlite3_busy_timeout(raw, 5000);
  sqlite3_backup* backup = sqlite3_backup_init(copy.handle_->db.get(), "main", raw, "main");
  if (!backup) copy.handle_->fail("cannot copy " + file.string());
  const int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) copy.handle_->fail("cannot copy " + file.string());
  copy.handle_->exec(schema);  // a file from an older version gets the tables this one uses
  return copy;
}

StateDb::~StateDb() = default;
StateDb::StateDb(StateDb&&) noexcept = default;
StateDb& StateDb::operator=(StateDb&&) noexcept = default;

std::vector<SavedItem> StateDb::load() const {
  auto s = handle_->prepare(
      "SELECT uid, interview_uid, interview_recurrence_id, href, etag, written_fingerprint, status, interview_start, "
      "interview_source FROM items ORDER BY uid");
  std::vector<SavedItem> items;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    SavedItem item;
    item.uid = column_text(s.get(), 0);
    item.interview = {column_text(s.get(), 1), column_text(s.get(), 2)};
    item.ref = {column_text(s.get(), 3), column_text(s.get(), 4)};
    item.written_fingerprint = column_text(s.get(), 5);
    item.status = static_cast<SavedStatus>(sqlite3_column_int(s.get(), 6));
    if (sqlite3_column_type(s.get(), 7) != SQLITE_NULL)
      item.interview_start = SysSeconds{std::chrono::seconds{sqlite3_column_int64(s.get(), 7)}};
    item.interview_source = column_text(s.get(), 8);
    items.push_back(std::move(item));
  }
  if (rc != SQLITE_DONE) handle_->fail("read");
  return items;
}

void StateDb::put(const SavedItem& item) {
  auto s = handle_->reuse(
      "INSERT OR REPLACE INTO items (uid, interview_uid, interview_recurrence_id, href, etag, written_fingerprint, "
      "status, interview_start, interview_source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  bind_text(s.get(), 1, item.uid);
  bind_text(s.get(), 2, item.interview.uid);
  bind_text(s.get(), 3, item.interview.recurrence_id);
  bind_text(s.get(), 4, item.ref.href);
  bind_text(s.get(), 5, item.ref.etag);
  bind_text(s.get(), 6, item.written_fingerprint);
  sqlite3_bind_int(s.get(), 7, static_cast<int>(item.status));
  if (item.interview_start)
    sqlite3_bind_int64(s.get(), 8, item.interview_start->time_since_epoch().count());
  else
    sqlite3_bind_null(s.get(), 8);
  bind_text(s.get(), 9, item.interview_source);
  if (sqlite3_step(s.get()) != SQLITE_DONE) handle_->fail("write");
}

void StateDb::erase(const std::string& uid) {
  auto s = handle_->reuse("DELETE FROM items WHERE uid = ?1");
  bind_text(s.get(), 1, uid);
  if (sqlite3_step(s.get()) != SQLITE_DONE) handle_->fail("delete");
}

void StateDb::begin() { handle_->exec("BEGIN IMMEDIATE"); }
void StateDb::commit() { handle_->exec("COMMIT"); }
void StateDb::rollback() noexcept { sqlite3_exec(handle_->db.get(), "ROLLBACK", nullptr, nullptr, nullptr); }

bool StateDb::intact() const {
  auto s = handle_->prepare("PRAGMA integrity_check");
  return sqlite3_step(s.get()) == SQLITE_ROW && column_text(s.get(), 0) == "ok";
}

std::filesystem::path default_state_file(const std::string& target_identity) {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg)
    base = xdg;
  else
    base = std::filesystem::path(std::getenv("HOME") ? std::getenv("HOME") : ".") / ".local" / "state";
  // A name-based UUID of the identity: stable, and safe as a file name whatever the path or URL holds.
  return base / "followup" / (rules::followup_uid(target_identity) + ".sqlite3");
}

}  // namespace followup::sync
