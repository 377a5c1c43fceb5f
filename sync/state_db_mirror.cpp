// The mirror tables of the state database (state_db.hpp): the local copy of one CalDAV calendar.
#include "sync/state_db_handle.hpp"

namespace followup::sync {
namespace {

std::optional<SysSeconds> column_time(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  return SysSeconds{std::chrono::seconds{sqlite3_column_int64(s, i)}};
}

void bind_time(sqlite3_stmt* s, int i, const std::optional<SysSeconds>& t) {
  if (t)
    sqlite3_bind_int64(s, i, t->time_since_epoch().count());
  else
    sqlite3_bind_null(s, i);
}

}  // namespace

std::vector<MirroredObject> StateDb::load_mirror() const {
  auto s = handle_->prepare("SELECT href, etag, ics FROM mirror_objects ORDER BY href");
  std::vector<MirroredObject> objects;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    MirroredObject object{{column_text(s.get(), 0), column_text(s.get(), 1)}, std::nullopt};
    if (sqlite3_column_type(s.get(), 2) != SQLITE_NULL) object.ics = column_text(s.get(), 2);
    objects.push_back(std::move(object));
  }
  if (rc != SQLITE_DONE) handle_->fail("read");
  return objects;
}

MirrorMeta StateDb::load_mirror_meta() const {
  auto s = handle_->prepare("SELECT sync_token, full_read_at, bodies_from FROM mirror_meta WHERE id = 1");
  MirrorMeta meta;
  const int rc = sqlite3_step(s.get());
  if (rc == SQLITE_ROW) {
    meta.sync_token = column_text(s.get(), 0);
    meta.full_read_at = column_time(s.get(), 1);
    meta.bodies_from = column_time(s.get(), 2);
  } else if (rc != SQLITE_DONE) {
    handle_->fail("read");
  }
  return meta;
}

void StateDb::put_mirrored(const MirroredObject& object) {
  auto s = handle_->reuse("INSERT OR REPLACE INTO mirror_objects (href, etag, ics) VALUES (?1, ?2, ?3)");
  bind_text(s.get(), 1, object.ref.href);
  bind_text(s.get(), 2, object.ref.etag);
  if (object.ics)
    bind_text(s.get(), 3, *object.ics);
  else
    sqlite3_bind_null(s.get(), 3);
  if (sqlite3_step(s.get()) != SQLITE_DONE) handle_->fail("write");
}

void StateDb::erase_mirrored(const std::string& href) {
  auto s = handle_->reuse("DELETE FROM mirror_objects WHERE href = ?1");
  bind_text(s.get(), 1, href);
  if (sqlite3_step(s.get()) != SQLITE_DONE) handle_->fail("delete");
}

void StateDb::clear_mirror() { handle_->exec("DELETE FROM mirror_objects"); }

void StateDb::save_mirror_meta(const MirrorMeta& meta) {
  auto s = handle_->prepare(
      "INSERT OR REPLACE INTO mirror_meta (id, sync_token, full_read_at, bodies_from) VALUES (1, ?1, ?2, ?3)");
  bind_text(s.get(), 1, meta.sync_token);
  bind_time(s.get(), 2, meta.full_read_at);
  bind_time(s.get(), 3, meta.bodies_from);
  if (sqlite3_step(s.get()) != SQLITE_DONE) handle_->fail("write");
}

}  // namespace followup::sync
