#include "sync/state_db.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>

#include "ical/errors.hpp"
#include "rules/uid.hpp"

namespace followup::sync {
namespace {

struct DatabaseCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

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
PRAGMA user_version = 1;
)";

}  // namespace

struct StateDb::Handle {
  std::unique_ptr<sqlite3, DatabaseCloser> db;
  std::string name;

  [[noreturn]] void fail(const std::string& what) const {
    throw IoError("state database " + name + ": " + what + ": " + sqlite3_errmsg(db.get()));
  }
  void exec(const char* sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      throw IoError("state database " + name + ": " + text);
    }
  }
  StatementPtr prepare(const char* sql) const {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql, -1, &s, nullptr) != SQLITE_OK) fail("prepare");
    return StatementPtr{s};
  }
};

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

void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* text = sqlite3_column_text(s, i);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
              : std::string();
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
  auto s = handle_->prepare(
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
  auto s = handle_->prepare("DELETE FROM items WHERE uid = ?1");
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
