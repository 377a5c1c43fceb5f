#pragma once
// Objects in ONE .ics file, which may be the user's own calendar (their events, todos, VTIMEZONEs,
// X-WR-CALNAME ...). An object is the set of top-level components of one VCALENDAR that share a UID (a
// recurring event's master and its RECURRENCE-ID overrides, as in RFC 4791 §4.1); its href is
// file_name_for_uid(UID) and its version tag a hash of its bytes. The file is scanned for byte ranges
// only: objects not changed through this interface are never parsed, never held in memory, and
// written back byte for byte.
//
// Writes are buffered (buffers_writes() is true) and made durable together by flush(): the edited file
// is written to a temporary file beside it, fsync'ed and renamed over it, keeping its permission bits;
// if the file changed on disk since it was read, flush() throws Conflict and writes nothing. A file
// that is not iCalendar is never written (BadInput). A missing file lists nothing and is created by the
// first flush() that has something to write.
#include <filesystem>
#include <memory>

#include "sync/storage.hpp"

namespace followup::sync {

struct IcsFileState;

class IcsFileStorage : public Storage {
 public:
  explicit IcsFileStorage(std::filesystem::path path);
  ~IcsFileStorage() override;

  std::string describe() const override { return "file " + path_.string(); }
  std::vector<ItemRef> list() override;
  std::vector<StoredItem> get(const std::vector<std::string>& hrefs) override;
  std::string href_for(std::string_view uid) const override;
  ItemRef create(std::string_view uid, const std::string& ics) override;
  ItemRef update(const ItemRef& ref, const std::string& ics) override;
  void remove(const ItemRef& ref) override;

  bool buffers_writes() const override { return true; }
  // After a Conflict the buffered writes are dropped and the file is read again on next use.
  void flush() override;

 private:
  IcsFileState& state();  // reads the file on first use

  std::filesystem::path path_;
  std::unique_ptr<IcsFileState> state_;  // null until the file is read
};

}  // namespace followup::sync
