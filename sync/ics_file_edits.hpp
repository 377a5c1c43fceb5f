#pragma once
// The changes made to one .ics file in a session, over its original bytes: byte ranges dropped and
// texts inserted at offsets. Writing the file copies every byte that is not dropped from the original
// as it is, so a user's calendar stays byte-for-byte the same outside the objects changed.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace followup::sync {

class IcsFileEdits {
 public:
  // Inserts `text` at `offset` of the original, after texts inserted there before. Returns its id.
  std::size_t insert(std::uint64_t offset, std::string text);
  void replace(std::size_t id, std::string text) { insertions_.at(id).text = std::move(text); }
  const std::string& text(std::size_t id) const { return insertions_.at(id).text; }
  std::uint64_t offset(std::size_t id) const { return insertions_.at(id).offset; }

  // Leaves the original bytes [begin, end) out; ranges must not overlap, and no text may be inserted
  // strictly inside one (a text inserted at `begin` comes before the gap).
  void drop(std::uint64_t begin, std::uint64_t end) { drops_[begin] = end; }

  bool empty() const;
  void clear();

  // Writes the edited file: original ranges through copy(begin, end), the rest through write(text).
  using CopyRange = std::function<void(std::uint64_t begin, std::uint64_t end)>;
  using WriteText = std::function<void(std::string_view text)>;
  void render(std::uint64_t original_size, const CopyRange& copy, const WriteText& write) const;

 private:
  struct Insertion {
    std::uint64_t offset;
    std::string text;
  };
  std::vector<Insertion> insertions_;             // in the order made
  std::map<std::uint64_t, std::uint64_t> drops_;  // begin -> end
};

}  // namespace followup::sync
