// Every file of the shared corpus of real-world iCalendar data (FOLLOWUP_SHARED_DIR/corpus) taken as a
// user's calendar: a follow-up is added and removed again, and every byte outside it stays as it was.
// Files that are not iCalendar (HTTP transcripts, vCards, fuzzer output, bare-CR files) are refused
// with BadInput and left untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "ical/errors.hpp"
#include "storage_test_support.hpp"
#include "sync/ics_file_layout.hpp"
#include "sync/ics_file_storage.hpp"

namespace followup::sync {
namespace {

using namespace testing;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Where a follow-up goes: the start of the last END:VCALENDAR line.
std::size_t append_point(const std::string& text) {
  const std::size_t end = lower(text).rfind("end:vcalendar");
  const std::size_t line_start = text.rfind('\n', end);
  return line_start == std::string::npos ? 0 : line_start + 1;
}

// The line ending of the BEGIN:VCALENDAR line.
LineEnding ending_of(const std::string& text) {
  const std::size_t nl = text.find('\n', lower(text).find("begin:vcalendar"));
  return nl > 0 && text[nl - 1] == '\r' ? LineEnding::Crlf : LineEnding::Lf;
}

std::map<std::string, std::string> etags(Storage& store) {
  std::map<std::string, std::string> out;
  for (const auto& ref : store.list()) out[ref.href] = ref.etag;
  return out;
}

TEST(IcsFileStorageCorpus, AddingAndRemovingAFollowUpKeepsEveryOtherByte) {
  const std::filesystem::path corpus = FOLLOWUP_SHARED_DIR "/corpus";
  ASSERT_TRUE(std::filesystem::is_directory(corpus)) << "the shared corpus is missing: " << corpus;
  TempDir dir;
  const auto path = dir.path() / "calendar.ics";
  const std::string uid = "followup-corpus-check@followup";
  int accepted = 0;
  int refused = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file()) continue;
    SCOPED_TRACE(entry.path().string());
    std::filesystem::remove(path);  // a read-only copy of the last file would refuse to be overwritten
    std::filesystem::copy_file(entry.path(), path);
    const std::string original = read_file(path);

    IcsFileStorage store(path);
    std::map<std::string, std::string> before;
    try {
      before = etags(store);
    } catch (const BadInput&) {
      ++refused;
      EXPECT_THROW(store.create(uid, follow_up_object(uid, "Corpus follow-up")), BadInput);
      store.flush();
      EXPECT_EQ(read_file(path), original);
      continue;
    }
    ++accepted;
    std::vector<std::string> hrefs;
    for (const auto& [href, etag] : before) hrefs.push_back(href);
    EXPECT_EQ(store.get(hrefs).size(), hrefs.size());

    const ItemRef ref = store.create(uid, follow_up_object(uid, "Corpus follow-up"));
    store.flush();
    const std::size_t at = append_point(original);
    EXPECT_EQ(read_file(path), original.substr(0, at) +
                                   with_line_ending(follow_up_todo(uid, "Corpus follow-up"), ending_of(original)) +
                                   original.substr(at));

    IcsFileStorage fresh(path);
    auto after = etags(fresh);
    EXPECT_EQ(after[ref.href], ref.etag);
    after.erase(ref.href);
    EXPECT_EQ(after, before);
    fresh.remove(ref);
    fresh.flush();
    EXPECT_EQ(read_file(path), original);
  }
  std::cout << accepted << " corpus files taken as calendars, " << refused << " refused as not iCalendar\n";
  EXPECT_GT(accepted, 200);
}

}  // namespace
}  // namespace followup::sync
