// The mirror tables of the state database (sync/state_db.hpp, state_db_mirror.cpp: the local copy of a
// CalDAV calendar) and StateDb::in_memory_copy_of, what a dry run works on: a copy it may write to
// while the file stays as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sync/state_db.hpp"

using namespace followup;
using namespace followup::sync;
using namespace std::chrono;

namespace {

const SysSeconds noon{seconds{1'768'305'600}};  // 2026-01-13T12:00:00Z

MirroredObject object(const std::string& href, const std::string& etag, std::optional<std::string> ics) {
  return {{href, etag}, std::move(ics)};
}

const std::string event_text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Interview\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";

SavedItem saved_item(const std::string& uid) {
  SavedItem s;
  s.uid = uid;
  s.interview = {"interview-1@example.com", ""};
  s.ref = {"/cal/" + uid + ".ics", "\"1\""};
  s.written_fingerprint = "fp-" + uid;
  s.interview_start = noon;
  s.interview_source = "https://dav.example.com/cal/";
  return s;
}

void expect_same(const std::vector<MirroredObject>& got, const std::vector<MirroredObject>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].ref, want[i].ref) << i;
    EXPECT_EQ(got[i].ics, want[i].ics) << i;
  }
}

void expect_same(const MirrorMeta& got, const MirrorMeta& want) {
  EXPECT_EQ(got.sync_token, want.sync_token);
  EXPECT_EQ(got.full_read_at, want.full_read_at);
  EXPECT_EQ(got.bodies_from, want.bodies_from);
}

// A folder of the test's own (tests run in parallel), removed at the end.
class StateDbMirror : public ::testing::Test {
 protected:
  StateDbMirror()
      : dir_(std::filesystem::temp_directory_path() /
             ("followup-state-mirror-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::remove_all(dir_);
  }
  ~StateDbMirror() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

}  // namespace

TEST(StateDbMirrorTables, AFreshDatabaseHasNoMirror) {
  const StateDb db = StateDb::in_memory();
  EXPECT_TRUE(db.load_mirror().empty());
  expect_same(db.load_mirror_meta(), MirrorMeta{});
}

TEST(StateDbMirrorTables, ObjectsComeBackWithAndWithoutText) {
  StateDb db = StateDb::in_memory();
  db.put_mirrored(object("/cal/b.ics", "\"2\"", std::nullopt));  // listed, never read
  db.put_mirrored(object("/cal/a.ics", "W/\"1\"", event_text));
  db.put_mirrored(object("/cal/c.ics", "\"3\"", std::string()));  // read, and empty: not the same as unread
  expect_same(db.load_mirror(), {object("/cal/a.ics", "W/\"1\"", event_text), object("/cal/b.ics", "\"2\"", std::nullopt),
                                 object("/cal/c.ics", "\"3\"", std::string())});

  // Put again: replaced, text dropped or added as the object says.
  db.put_mirrored(object("/cal/a.ics", "\"4\"", std::nullopt));
  db.put_mirrored(object("/cal/b.ics", "\"5\"", event_text));
  db.erase_mirrored("/cal/c.ics");
  db.erase_mirrored("/cal/never-there.ics");
  expect_same(db.load_mirror(), {object("/cal/a.ics", "\"4\"", std::nullopt), object("/cal/b.ics", "\"5\"", event_text)});
  EXPECT_TRUE(db.intact());
}

TEST(StateDbMirrorTables, MetaComesBackWithAndWithoutTimes) {
  StateDb db = StateDb::in_memory();
  const MirrorMeta full{"http://radicale.org/ns/sync/abc", noon, noon - days{90}};
  db.save_mirror_meta(full);
  expect_same(db.load_mirror_meta(), full);
  const MirrorMeta bare{"", std::nullopt, std::nullopt};
  db.save_mirror_meta(bare);  // one row: saving again replaces it, times included
  expect_same(db.load_mirror_meta(), bare);
  const MirrorMeta partial{"data:,12-3", noon, std::nullopt};
  db.save_mirror_meta(partial);
  expect_same(db.load_mirror_meta(), partial);
}

TEST(StateDbMirrorTables, ClearingTheMirrorKeepsWhatWasWritten) {
  StateDb db = StateDb::in_memory();
  db.put(saved_item("x"));
  db.put_mirrored(object("/cal/a.ics", "\"1\"", event_text));
  db.put_mirrored(object("/cal/b.ics", "\"2\"", std::nullopt));
  db.clear_mirror();
  EXPECT_TRUE(db.load_mirror().empty());
  ASSERT_EQ(db.load().size(), 1u);  // the follow-ups' records are another table
  EXPECT_EQ(db.load()[0].uid, "x");
}

TEST(StateDbMirrorTables, AFailedTransactionLeavesTheMirrorAsItWas) {
  StateDb db = StateDb::in_memory();
  db.put_mirrored(object("/cal/a.ics", "\"1\"", event_text));
  struct Stop {};
  EXPECT_THROW(db.transaction([&] {
    db.clear_mirror();
    db.put_mirrored(object("/cal/z.ics", "\"9\"", std::nullopt));
    throw Stop{};
  }),
               Stop);
  expect_same(db.load_mirror(), {object("/cal/a.ics", "\"1\"", event_text)});
}

TEST_F(StateDbMirror, TheMirrorSurvivesReopening) {
  const auto file = dir_ / "state.sqlite3";
  const MirrorMeta meta{"data:,7", noon, noon - days{90}};
  {
    StateDb db(file);
    db.put_mirrored(object("/cal/a.ics", "\"1\"", event_text));
    db.put_mirrored(object("/cal/b.ics", "\"2\"", std::nullopt));
    db.save_mirror_meta(meta);
  }
  const StateDb db(file);
  expect_same(db.load_mirror(), {object("/cal/a.ics", "\"1\"", event_text), object("/cal/b.ics", "\"2\"", std::nullopt)});
  expect_same(db.load_mirror_meta(), meta);
}

TEST_F(StateDbMirror, AnInMemoryCopyHoldsEverythingAndWritesToItLeaveTheFileAlone) {
  const auto file = dir_ / "state.sqlite3";
  const MirrorMeta meta{"data:,7", noon, noon - days{90}};
  {
    StateDb db(file);
    db.put(saved_item("x"));
    db.put(saved_item("y"));
    db.put_mirrored(object("/cal/a.ics", "\"1\"", event_text));
    db.put_mirrored(object("/cal/b.ics", "\"2\"", std::nullopt));
    db.save_mirror_meta(meta);
  }
  {
    StateDb copy = StateDb::in_memory_copy_of(file);
    ASSERT_EQ(copy.load().size(), 2u);
    EXPECT_EQ(copy.load()[0].uid, "x");
    EXPECT_EQ(copy.load()[0].written_fingerprint, "fp-x");
    EXPECT_EQ(copy.load()[1].interview_start, noon);
    expect_same(copy.load_mirror(), {object("/cal/a.ics", "\"1\"", event_text), object("/cal/b.ics", "\"2\"", std::nullopt)});
    expect_same(copy.load_mirror_meta(), meta);

    // What a dry run would do to it.
    copy.transaction([&] {
      copy.erase("x");
      copy.put(saved_item("z"));
      copy.clear_mirror();
      copy.put_mirrored(object("/cal/c.ics", "\"3\"", event_text));
      copy.save_mirror_meta({"data:,8", noon + hours{1}, std::nullopt});
    });
    EXPECT_EQ(copy.load().size(), 2u);
    EXPECT_EQ(copy.load_mirror().size(), 1u);
  }

  // (Not byte for byte: opening the file brings its schema up to date, which SQLite counts as a change.)
  const StateDb reopened(file);
  ASSERT_EQ(reopened.load().size(), 2u);
  EXPECT_EQ(reopened.load()[0].uid, "x");
  EXPECT_EQ(reopened.load()[1].uid, "y");
  expect_same(reopened.load_mirror(), {object("/cal/a.ics", "\"1\"", event_text), object("/cal/b.ics", "\"2\"", std::nullopt)});
  expect_same(reopened.load_mirror_meta(), meta);
}

TEST_F(StateDbMirror, AnInMemoryCopyOfAMissingFileIsEmptyAndCreatesNothing) {
  const auto file = dir_ / "not" / "there.sqlite3";
  {
    StateDb copy = StateDb::in_memory_copy_of(file);
    EXPECT_TRUE(copy.load().empty());
    EXPECT_TRUE(copy.load_mirror().empty());
    expect_same(copy.load_mirror_meta(), MirrorMeta{});
    copy.put(saved_item("x"));  // a dry run writes to it
    copy.put_mirrored(object("/cal/a.ics", "\"1\"", event_text));
    EXPECT_EQ(copy.load().size(), 1u);
  }
  EXPECT_FALSE(std::filesystem::exists(file));
  EXPECT_FALSE(std::filesystem::exists(dir_));  // not even the folder
}
