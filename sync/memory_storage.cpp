#include "sync/memory_storage.hpp"

#include "sync/href.hpp"

namespace followup::sync {

std::vector<ItemRef> MemoryStorage::list() {
  std::vector<ItemRef> refs;
  for (const auto& [href, item] : items_) refs.push_back(item.ref);
  return refs;
}

std::vector<StoredItem> MemoryStorage::get(const std::vector<std::string>& hrefs) {
  std::vector<StoredItem> out;
  for (const auto& href : hrefs)
    if (const auto it = items_.find(href); it != items_.end()) out.push_back(it->second);
  return out;
}

std::string MemoryStorage::href_for(std::string_view uid) const { return file_name_for_uid(uid); }

ItemRef MemoryStorage::create(std::string_view uid, const std::string& ics) {
  const std::string href = href_for(uid);
  if (items_.contains(href)) throw AlreadyExists("memory: " + href + " exists");
  StoredItem item{{href, next_etag()}, ics};
  items_[href] = item;
  return item.ref;
}

ItemRef MemoryStorage::update(const ItemRef& ref, const std::string& ics) {
  const auto it = items_.find(ref.href);
  if (it == items_.end() || it->second.ref.etag != ref.etag) throw VersionMismatch("memory: " + ref.href + " changed");
  it->second = StoredItem{{ref.href, next_etag()}, ics};
  return it->second.ref;
}

void MemoryStorage::remove(const ItemRef& ref) {
  const auto it = items_.find(ref.href);
  if (it == items_.end() || it->second.ref.etag != ref.etag) throw VersionMismatch("memory: " + ref.href + " changed");
  items_.erase(it);
}

ItemRef MemoryStorage::put_as_user(const std::string& href, const std::string& ics) {
  items_[href] = StoredItem{{href, next_etag()}, ics};
  return items_[href].ref;
}

}  // namespace followup::sync
