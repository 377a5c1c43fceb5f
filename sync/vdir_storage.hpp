#pragma once
// Objects as files in a folder, the vdir format vdirsyncer defines (and khal and todoman read): one
// iCalendar object per "<name>.ics" file, the file name being the object's href. The version tag is
// "<mtime_ns>;<inode>;<size>" from stat(), as vdirsyncer's etag is made of mtime and inode, so that an
// edit by any other program changes it. Every write is atomic (temporary file, fsync, link or rename,
// fsync of the folder); writes go through at once (buffers_writes() is false).
#include <filesystem>

#include "sync/storage.hpp"

namespace followup::sync {

class VdirStorage : public Storage {
 public:
  // The folder is created (mode 0700) by the first write if it does not exist; until then it lists
  // nothing.
  explicit VdirStorage(std::filesystem::path folder) : folder_(std::move(folder)) {}

  std::string describe() const override { return "vdir " + folder_.string(); }
  std::vector<ItemRef> list() override;
  std::vector<StoredItem> get(const std::vector<std::string>& hrefs) override;
  std::string href_for(std::string_view uid) const override;
  ItemRef create(std::string_view uid, const std::string& ics) override;
  ItemRef update(const ItemRef& ref, const std::string& ics) override;
  void remove(const ItemRef& ref) override;

 private:
  std::filesystem::path folder_;
};

}  // namespace followup::sync
