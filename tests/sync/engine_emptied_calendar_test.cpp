// A target that is found empty where follow-ups were written before. A file or folder that says an
// empty listing means it was replaced (Storage::empty_means_replaced, the default) is written afresh:
// engine_test.cpp's AnEmptiedTargetIsWrittenAnewNotTakenForDeletions. A CalDAV calendar at the same URL
// is the same calendar: empty there is the user deleting every follow-up, and deletions are final
// (RULES.md §5) however many there were.
#include <gtest/gtest.h>

#include "../rules/rules_fixtures.hpp"
#include "sync/engine.hpp"
#include "sync/memory_storage.hpp"

using namespace followup;
using namespace followup::sync;
using namespace followup::testing;
using namespace std::chrono;

namespace {

const SysSeconds monday_noon = at("2026-01-13T12:00", "Europe/Berlin");

// A store that, like a CalDAV calendar (CalDavStorage, CalendarMirror), is the same store when empty.
class CalendarLikeStorage : public MemoryStorage {
 public:
  bool empty_means_replaced() const override { return false; }
};

class EngineEmptiedCalendar : public ::testing::Test {
 protected:
  SyncReport run(SysSeconds now) {
    return synchronize(SyncInput{{acme_interview()}, {}, {"test.ics"}, {}}, settings, now, store, state, false);
  }

  rules::Settings settings = settings_in("Europe/Berlin");
  CalendarLikeStorage store;
  StateDb state = StateDb::in_memory();
};

}  // namespace

TEST_F(EngineEmptiedCalendar, EveryFollowUpTheUserDeletedStaysDeleted) {
  auto report = run(monday_noon);
  ASSERT_EQ(report.created, 4u);
  ASSERT_EQ(store.list().size(), 4u);
  for (const auto& ref : store.list()) store.remove(ref);  // the user deletes them all, one by one

  report = run(monday_noon + hours{1});
  EXPECT_EQ(report.created, 0u);
  EXPECT_EQ(report.skipped_user_deleted, 4u);
  EXPECT_TRUE(store.list().empty());
  // Remembered as deleted by the user, so that later runs do not recreate them either.
  const auto saved = state.load();
  ASSERT_EQ(saved.size(), 4u);
  for (const auto& s : saved) EXPECT_EQ(s.status, SavedStatus::UserDeleted) << s.uid;

  report = run(monday_noon + hours{2});
  EXPECT_EQ(report.created, 0u);
  EXPECT_EQ(report.skipped_user_deleted, 4u);
  EXPECT_TRUE(store.list().empty());
}

TEST_F(EngineEmptiedCalendar, AFileThatSaysEmptyMeansReplacedIsWrittenAfresh) {
  // The contrast, in the same scenario: the default store starts afresh.
  MemoryStorage file_like;
  ASSERT_TRUE(file_like.empty_means_replaced());
  const SyncInput input{{acme_interview()}, {}, {"test.ics"}, {}};
  ASSERT_EQ(synchronize(input, settings, monday_noon, file_like, state, false).created, 4u);
  for (const auto& ref : file_like.list()) file_like.remove(ref);
  const auto report = synchronize(input, settings, monday_noon + hours{1}, file_like, state, false);
  EXPECT_EQ(report.created, 4u);
  EXPECT_EQ(report.skipped_user_deleted, 0u);
  EXPECT_EQ(file_like.list().size(), 4u);
}
