#pragma once
// The open SQLite database behind StateDb, for the files that implement it (state_db.cpp,
// state_db_mirror.cpp). Private to sync/: sqlite3 stays out of every public header.
#include <sqlite3.h>

#include <map>
#include <memory>
#include <string>

#include "ical/errors.hpp"
#include "sync/state_db.hpp"

namespace followup::sync {

struct DatabaseCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// A statement kept prepared for the next call (a run records thousands of rows: preparing the same
// INSERT each time was 8% of an import, issue #7), handed out reset and without bindings, and reset
// again when the user is done, so that it never holds a read open or a value it was bound to.
class ReusedStatement {
 public:
  explicit ReusedStatement(sqlite3_stmt* s) noexcept : s_(s) {}
  ~ReusedStatement() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  ReusedStatement(const ReusedStatement&) = delete;
  ReusedStatement& operator=(const ReusedStatement&) = delete;
  sqlite3_stmt* get() const noexcept { return s_; }

 private:
  sqlite3_stmt* s_;
};

struct StateDb::Handle {
  std::unique_ptr<sqlite3, DatabaseCloser> db;
  std::string name;
  // After db: finalized before it is closed. Keyed by the SQL text's address: each caller passes a
  // string literal of its own.
  mutable std::map<const char*, StatementPtr> reused;

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
  // For statements run once per row (`sql` a string literal): prepared the first time only.
  ReusedStatement reuse(const char* sql) const {
    auto& s = reused[sql];
    if (!s) s = prepare(sql);
    return ReusedStatement{s.get()};
  }
};

inline void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

inline std::string column_text(sqlite3_stmt* s, int i) {
  const auto* text = sqlite3_column_text(s, i);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
              : std::string();
}

}  // namespace followup::sync
