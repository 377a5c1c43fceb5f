#pragma once
// One interface for every place follow-ups are written to (vdirsyncer's storage model): a collection of
// iCalendar objects, each at an href with a version tag (ETag). Writes carry preconditions, so that
// nothing someone else changed in the meantime is overwritten: create only if absent, update and
// delete only if the version still matches. Implementations: in memory, one .ics file, a vdir folder,
// and (later) a CalDAV collection. One contract test suite runs against all of them.
#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ical/errors.hpp"

namespace followup::sync {

// An object's place in the store and its version tag.
struct ItemRef {
  std::string href;
  std::string etag;
  friend bool operator==(const ItemRef&, const ItemRef&) = default;
};

// An object's iCalendar text: one VCALENDAR holding the components of one UID (RFC 4791 §4.1) and the
// VTIMEZONEs they use.
struct StoredItem {
  ItemRef ref;
  std::string ics;
};

// create() found an object at the href already.
class AlreadyExists : public Conflict {
 public:
  using Conflict::Conflict;
};

// update()/remove(): the object changed (or vanished) since its version tag was read.
class VersionMismatch : public Conflict {
 public:
  using Conflict::Conflict;
};

// One write of a batch (Storage::write_all).
struct WriteOp {
  enum class Kind { Create, Update, Remove };
  Kind kind = Kind::Create;
  std::string uid;  // Create: the new object's UID
  ItemRef ref;      // Update, Remove: the version the write is conditional on
  std::string ics;  // Create, Update: the text
};

// What one write of a batch came to: the new version (Create, Update; Remove: the ref removed), or the
// exception create(), update() or remove() would have thrown (AlreadyExists, VersionMismatch, ...).
struct WriteOutcome {
  ItemRef ref;
  std::exception_ptr error;
};

// Told as each write of a batch is over, with its index in the batch (in the order they finish). What it
// throws ends the batch: writes not begun are not made, and write_all() throws it.
using WriteDone = std::function<void(std::size_t index, const WriteOutcome& outcome)>;

class Storage {
 public:
  virtual ~Storage() = default;

  // For messages: "vdir /home/me/calendars/jobs", "file out.ics".
  virtual std::string describe() const = 0;

  // Every object with its version tag.
  virtual std::vector<ItemRef> list() = 0;

  // The objects at these hrefs; those that are not there are left out.
  virtual std::vector<StoredItem> get(const std::vector<std::string>& hrefs) = 0;

  // The href an object with this UID is created at.
  virtual std::string href_for(std::string_view uid) const = 0;

  // Stores a new object at href_for(uid); throws AlreadyExists if one is there.
  virtual ItemRef create(std::string_view uid, const std::string& ics) = 0;

  // Replaces the object if its version tag is still `ref.etag`; throws VersionMismatch otherwise.
  virtual ItemRef update(const ItemRef& ref, const std::string& ics) = 0;

  // Deletes the object if its version tag is still `ref.etag`; throws VersionMismatch otherwise.
  virtual void remove(const ItemRef& ref) = 0;

  // The writes of `ops`, each as create(), update() or remove() makes it, each with its own outcome (one
  // failing never stops the others); `done` (may be empty) is told as each is over. A store may make
  // several at once (CalDAV: parallel requests), so ops must be independent of each other (one per
  // object). Returns the outcomes in the order of `ops`. By default: one after another.
  virtual std::vector<WriteOutcome> write_all(const std::vector<WriteOp>& ops, const WriteDone& done);

  // A store that holds many objects in one file gathers writes and makes them durable here, at once
  // (temporary file, fsync, rename). Others write through and do nothing here.
  virtual bool buffers_writes() const { return false; }
  virtual void flush() {}

  // Whether an empty listing, where follow-ups were written before, means the store was replaced (a
  // file overwritten, a folder not mounted) rather than the user deleting them all. A CalDAV calendar
  // at the same URL is the same calendar: empty there is the user's doing.
  virtual bool empty_means_replaced() const { return true; }
};

// One write made through create(), update() or remove(), its exception caught into the outcome.
WriteOutcome write_one(Storage& store, const WriteOp& op);

}  // namespace followup::sync
