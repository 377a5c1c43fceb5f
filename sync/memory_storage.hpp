#pragma once
// A store in memory: for tests, and the model the other stores are checked against.
#include <map>

#include "sync/storage.hpp"

namespace followup::sync {

class MemoryStorage : public Storage {
 public:
  std::string describe() const override { return "memory"; }
  std::vector<ItemRef> list() override;
  std::vector<StoredItem> get(const std::vector<std::string>& hrefs) override;
  std::string href_for(std::string_view uid) const override;
  ItemRef create(std::string_view uid, const std::string& ics) override;
  ItemRef update(const ItemRef& ref, const std::string& ics) override;
  void remove(const ItemRef& ref) override;

  // What another client does: put any object at any href, changing its version.
  ItemRef put_as_user(const std::string& href, const std::string& ics);

 private:
  std::map<std::string, StoredItem> items_;
  unsigned long long next_version_ = 1;
  std::string next_etag() { return "\"" + std::to_string(next_version_++) + "\""; }
};

}  // namespace followup::sync
