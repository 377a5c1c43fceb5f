#include "sync/ics_file_edits.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace followup::sync {

std::size_t IcsFileEdits::insert(std::uint64_t offset, std::string text) {
  insertions_.push_back({offset, std::move(text)});
  return insertions_.size() - 1;
}

bool IcsFileEdits::empty() const {
  return drops_.empty() &&
         std::all_of(insertions_.begin(), insertions_.end(), [](const Insertion& i) { return i.text.empty(); });
}

void IcsFileEdits::clear() {
  insertions_.clear();
  drops_.clear();
}

void IcsFileEdits::render(std::uint64_t original_size, const CopyRange& copy, const WriteText& write) const {
  // Insertions by offset; those at one offset in the order made (stable sort).
  std::vector<std::size_t> order(insertions_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [this](std::size_t a, std::size_t b) { return insertions_[a].offset < insertions_[b].offset; });

  std::uint64_t pos = 0;
  const auto copy_to = [&](std::uint64_t to) {
    if (to < pos || to > original_size) throw std::logic_error("ics file edits overlap");
    if (to > pos) copy(pos, to);
    pos = to;
  };
  auto next_insert = order.begin();
  auto next_drop = drops_.begin();
  while (next_insert != order.end() || next_drop != drops_.end()) {
    if (next_insert != order.end() &&
        (next_drop == drops_.end() || insertions_[*next_insert].offset <= next_drop->first)) {
      const Insertion& insertion = insertions_[*next_insert++];
      copy_to(insertion.offset);
      if (!insertion.text.empty()) write(insertion.text);
    } else {
      copy_to(next_drop->first);
      pos = next_drop->second;
      ++next_drop;
    }
  }
  copy_to(original_size);
}

}  // namespace followup::sync
