// Synchronization runs against the in-memory store: RULES.md §5 as run-twice scenarios with a change
// in between, state loss, conflicts and interrupted runs.
#include "sync/engine.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <regex>

#include "../rules/rules_fixtures.hpp"
#include "sync/generated_item.hpp"
#include "sync/ics_file_storage.hpp"
#include "sync/memory_storage.hpp"

using namespace followup;
using namespace followup::sync;
using namespace followup::testing;
using namespace std::chrono;

namespace {

const SysSeconds monday_noon = at("2026-01-13T12:00", "Europe/Berlin");

class Engine : public ::testing::Test {
 protected:
  SyncReport run(const std::vector<ical::Item>& items, SysSeconds now, bool dry_run = false) {
    return synchronize(SyncInput{items, {}, {"test.ics"}, {}}, settings, now, store, state, dry_run);
  }

  // The stored objects of one kind ("thank-you", "check-in", "move-on"), by href, in href order.
  std::vector<StoredItem> objects(const std::string& kind) {
    std::vector<std::string> hrefs;
    for (const auto& ref : store.list()) hrefs.push_back(ref.href);
    std::vector<StoredItem> out;
    for (auto& object : store.get(hrefs))
      if (object.ics.find("X-FOLLOWUP-KIND:" + kind) != std::string::npos) out.push_back(object);
    return out;
  }

  std::vector<ical::Item> parsed(const std::string& kind) {
    std::vector<ical::Item> out;
    for (const auto& object : objects(kind)) {
      std::vector<ical::ReadProblem> problems;
      for (auto& item : parse_object(object.ics, object.ref.href, problems)) out.push_back(item);
      for (const auto& p : problems) ADD_FAILURE() << p.where << ": " << p.reason;
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
    return out;
  }

  // The stored object whose text holds `needle`.
  StoredItem object_with(const std::string& needle) {
    std::vector<std::string> hrefs;
    for (const auto& ref : store.list()) hrefs.push_back(ref.href);
    for (auto& object : store.get(hrefs))
      if (object.ics.find(needle) != std::string::npos) return object;
    ADD_FAILURE() << "no object holds " << needle;
    return {};
  }

  // Another client changes an object (regex on its text).
  void edit(const StoredItem& object, const std::string& pattern, const std::string& replacement) {
    const std::string changed = std::regex_replace(object.ics, std::regex(pattern), replacement);
    ASSERT_NE(changed, object.ics) << "pattern not found: " << pattern;
    store.put_as_user(object.ref.href, changed);
  }

  rules::Settings settings = settings_in("Europe/Berlin");
  MemoryStorage store;
  StateDb state = StateDb::in_memory();
};

}  // namespace

TEST_F(Engine, FirstRunWritesThePlanAndASecondWritesNothing) {
  auto report = run({acme_interview()}, monday_noon);
  EXPECT_EQ(report.interviews, 1u);
  EXPECT_EQ(report.created, 4u);
  EXPECT_TRUE(report.errors.empty());
  const auto before = store.list();
  report = run({acme_interview()}, monday_noon + hours{1});
  EXPECT_EQ(report.created + report.updated + report.deleted, 0u);
  EXPECT_EQ(report.unchanged, 4u);
  EXPECT_EQ(store.list(), before);  // same versions: nothing written
}

TEST_F(Engine, WrittenObjectsCarryWhatRules3Asks) {
  run({acme_interview()}, monday_noon);
  const auto thanks = objects("thank-you");
  ASSERT_EQ(thanks.size(), 1u);
  const std::string& ics = thanks[0].ics;
  EXPECT_NE(ics.find("BEGIN:VTODO"), std::string::npos);
  EXPECT_NE(ics.find("RELATED-TO:interview-1@example.com"), std::string::npos);
  EXPECT_NE(ics.find("CATEGORIES:Follow-up"), std::string::npos);
  EXPECT_NE(ics.find("DUE;TZID=Europe/Berlin:20260114T110000"), std::string::npos);
  EXPECT_NE(ics.find("TZID:Europe/Berlin"), std::string::npos);  // the VTIMEZONE, under its IANA name
  EXPECT_EQ(ics.find("freeassociation"), std::string::npos);
  EXPECT_NE(ics.find("BEGIN:VALARM"), std::string::npos);
  const auto checkins = parsed("check-in");
  ASSERT_EQ(checkins.size(), 2u);
  EXPECT_EQ(*checkins[0].start, at("2026-01-16T09:00", "Europe/Berlin"));
  const auto move_on = parsed("move-on");
  ASSERT_EQ(move_on.size(), 1u);
  EXPECT_TRUE(move_on[0].all_day);
  EXPECT_EQ(*move_on[0].start_date, Date(2026y / January / 30));
}

TEST_F(Engine, DryRunWritesNothing) {
  const auto report = run({acme_interview()}, monday_noon, /*dry_run=*/true);
  EXPECT_EQ(report.created, 4u);
  EXPECT_TRUE(store.list().empty());
  EXPECT_TRUE(state.load().empty());
}

TEST_F(Engine, OutcomeOfferRemovesCheckInsAndMoveOnKeepsThankYou) {
  run({acme_interview()}, monday_noon);
  auto decided = acme_interview();
  decided.description += "\nOutcome: offer";
  const auto report = run({decided}, monday_noon + hours{2});
  EXPECT_EQ(report.deleted, 3u);
  EXPECT_EQ(objects("thank-you").size(), 1u);
  EXPECT_TRUE(objects("check-in").empty());
  EXPECT_TRUE(objects("move-on").empty());
}

TEST_F(Engine, OutcomeWrittenInAGeneratedItemCounts) {
  run({acme_interview()}, monday_noon);
  // The user notes the answer in the thank-you task.
  edit(objects("thank-you")[0], "DESCRIPTION:", "DESCRIPTION:Outcome: rejected\\n");
  const auto report = run({acme_interview()}, monday_noon + hours{2});
  EXPECT_EQ(report.kept_user_edits, 1u);
  EXPECT_TRUE(objects("check-in").empty());
  EXPECT_EQ(objects("thank-you").size(), 1u);
}

TEST_F(Engine, WaitingUntilMovesTheCheckIns) {
  run({acme_interview()}, monday_noon);
  auto waiting = acme_interview();
  waiting.description += "\nOutcome: waiting until 2026-01-28";
  const auto report = run({waiting}, monday_noon + hours{2});
  EXPECT_EQ(report.updated, 4u);  // the check-ins, the move-on, and the thank-you's "I will follow up by"
  const auto checkins = parsed("check-in");
  EXPECT_EQ(*checkins[0].start, at("2026-01-29T09:00", "Europe/Berlin"));
  EXPECT_EQ(*checkins[1].start, at("2026-02-05T09:00", "Europe/Berlin"));
}

TEST_F(Engine, RescheduledInterviewMovesPendingItems) {
  run({acme_interview()}, monday_noon - hours{4});
  auto moved = acme_interview();
  moved.start = at("2026-01-20T10:00", "Europe/Berlin");
  moved.end = at("2026-01-20T11:00", "Europe/Berlin");
  const auto report = run({moved}, monday_noon);
  EXPECT_EQ(report.updated, 4u);
  EXPECT_EQ(*parsed("thank-you")[0].due, at("2026-01-21T11:00", "Europe/Berlin"));
  EXPECT_EQ(*parsed("check-in")[0].start, at("2026-01-23T09:00", "Europe/Berlin"));
}

TEST_F(Engine, CancelledOrDeletedInterviewRemovesPendingItems) {
  run({acme_interview()}, monday_noon);
  auto cancelled = acme_interview();
  cancelled.status = "CANCELLED";
  auto report = run({cancelled}, monday_noon + hours{1});
  EXPECT_EQ(report.deleted, 4u);
  EXPECT_TRUE(store.list().empty());

  run({acme_interview()}, monday_noon);  // back again (our own deletions are not the user's)
  EXPECT_EQ(store.list().size(), 4u);
  report = run({}, monday_noon + hours{1});  // the interview is gone from the calendar
  EXPECT_EQ(report.deleted, 4u);
}

TEST_F(Engine, UserEditsWinAndCompletedStaysCompleted) {
  run({acme_interview()}, monday_noon);
  edit(object_with("DTSTART;TZID=Europe/Berlin:20260116T090000"), "T09(00|15)00", "T14$0100");
  edit(objects("thank-you")[0], "STATUS:NEEDS-ACTION", "STATUS:COMPLETED\r\nCOMPLETED:20260113T170000Z");
  // Then the interview is rescheduled: the plan would move everything.
  auto moved = acme_interview();
  moved.start = at("2026-01-13T09:00", "Europe/Berlin");
  moved.end = at("2026-01-13T10:30", "Europe/Berlin");
  const auto report = run({moved}, monday_noon + hours{1});
  EXPECT_EQ(report.kept_user_edits, 2u);
  const auto thanks = parsed("thank-you");
  EXPECT_EQ(thanks[0].status, "COMPLETED");
  bool found_moved = false;
  for (const auto& c : parsed("check-in")) found_moved |= *c.start == at("2026-01-16T14:00", "Europe/Berlin");
  EXPECT_TRUE(found_moved);
}

TEST_F(Engine, UserMovedCheckInMovesTheRest) {
  run({acme_interview()}, monday_noon);
  // A client moves the event: DTSTART and DTEND together.
  edit(object_with("DTSTART;TZID=Europe/Berlin:20260116T090000"), "20260116T09", "20260119T09");
  const auto report = run({acme_interview()}, monday_noon + hours{1});
  EXPECT_EQ(report.kept_user_edits, 1u);
  const auto checkins = parsed("check-in");
  EXPECT_EQ(*checkins[1].start, at("2026-01-26T09:00", "Europe/Berlin"));
  EXPECT_EQ(*parsed("move-on")[0].start_date, Date(2026y / February / 2));
}

TEST_F(Engine, UserDeletionIsFinal) {
  run({acme_interview()}, monday_noon);
  const auto move_on = objects("move-on")[0];
  store.remove(move_on.ref);
  auto report = run({acme_interview()}, monday_noon + hours{1});
  EXPECT_EQ(report.skipped_user_deleted, 1u);
  EXPECT_EQ(report.created, 0u);
  report = run({acme_interview()}, monday_noon + hours{2});
  EXPECT_EQ(report.skipped_user_deleted, 1u);
  EXPECT_TRUE(objects("move-on").empty());
}

TEST_F(Engine, ReserializedByAnotherProgramIsNotAnEdit) {
  run({acme_interview()}, monday_noon);
  // Another program rewrites every object: new DTSTAMP, property order, unfolded lines.
  for (const auto& ref : store.list()) {
    auto object = store.get({ref.href}).front();
    std::string text = std::regex_replace(object.ics, std::regex("DTSTAMP:[0-9TZ]+"), "DTSTAMP:20300101T000000Z");
    text = std::regex_replace(text, std::regex("\r\n "), "");
    text = std::regex_replace(text, std::regex("PRODID:[^\r]*"), "PRODID:-//Other//Program//EN");
    store.put_as_user(ref.href, text);
  }
  auto decided = acme_interview();
  decided.description += "\nOutcome: withdrawn";
  const auto report = run({decided}, monday_noon + hours{1});
  EXPECT_EQ(report.kept_user_edits, 0u);
  EXPECT_EQ(report.deleted, 3u);
}

TEST_F(Engine, UserObjectsAreNeverTouched) {
  const std::string mine = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:me\r\nBEGIN:VTODO\r\nUID:my-todo\r\nSUMMARY:Buy milk\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
  const auto ref = store.put_as_user("my-todo.ics", mine);
  run({acme_interview()}, monday_noon);
  auto cancelled = acme_interview();
  cancelled.status = "CANCELLED";
  run({cancelled}, monday_noon + hours{1});
  const auto after = store.get({"my-todo.ics"});
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].ref, ref);
  EXPECT_EQ(after[0].ics, mine);
}

TEST_F(Engine, LostStateIsSurvivable) {
  run({acme_interview()}, monday_noon);
  edit(objects("check-in")[0], "SUMMARY:", "SUMMARY:Call Mr. Finn - ");
  state = StateDb::in_memory();  // the state file is gone
  auto report = run({acme_interview()}, monday_noon + hours{1});
  EXPECT_EQ(report.created, 0u);
  EXPECT_EQ(report.unchanged, 3u);
  EXPECT_EQ(report.kept_user_edits, 1u);
  auto decided = acme_interview();
  decided.description += "\nOutcome: accepted";
  state = StateDb::in_memory();
  report = run({decided}, monday_noon + hours{2});
  EXPECT_EQ(report.deleted, 2u);  // check-in 2 and move-on; the edited check-in 1 stays
}

TEST_F(Engine, PastItemsStayWhereTheyWere) {
  run({acme_interview()}, monday_noon);
  // A week later check-in 1 (Friday 16th) has happened; nothing moves.
  auto report = run({acme_interview()}, at("2026-01-20T12:00", "Europe/Berlin"));
  EXPECT_EQ(report.updated + report.created + report.deleted, 0u);
  // Much later everything has passed: still nothing moves, nothing is recreated.
  report = run({acme_interview()}, at("2026-03-01T12:00", "Europe/Berlin"));
  EXPECT_EQ(report.updated + report.created + report.deleted, 0u);
}

TEST_F(Engine, RunsOverOtherInputsDeleteNothingOfTheirs) {
  auto work = acme_interview();
  work.where = "work.ics:10";
  auto personal = acme_interview();
  personal.uid = "interview-2@example.com";
  personal.summary = "Interview with Globex";
  personal.where = "personal.ics:3";
  auto report = synchronize({{work}, {}, {"work.ics"}, {}}, settings, monday_noon, store, state, false);
  EXPECT_EQ(report.created, 4u);
  report = synchronize({{personal}, {}, {"personal.ics"}, {}}, settings, monday_noon, store, state, false);
  EXPECT_EQ(report.created, 4u);
  EXPECT_EQ(report.deleted, 0u);
  report = synchronize({{work}, {}, {"work.ics"}, {}}, settings, monday_noon, store, state, false);
  EXPECT_EQ(report.created + report.deleted, 0u);
  EXPECT_EQ(store.list().size(), 8u);
  // The work calendar no longer has its interview: only its follow-ups go.
  report = synchronize({{}, {}, {"work.ics"}, {}}, settings, monday_noon, store, state, false);
  EXPECT_EQ(report.deleted, 4u);
  EXPECT_EQ(store.list().size(), 4u);
}

TEST_F(Engine, AnEmptiedTargetIsWrittenAnewNotTakenForDeletions) {
  run({acme_interview()}, monday_noon);
  for (const auto& ref : store.list()) store.remove(ref);  // the file was replaced, the folder moved
  const auto report = run({acme_interview()}, monday_noon + hours{1});
  EXPECT_EQ(report.created, 4u);
  EXPECT_EQ(report.skipped_user_deleted, 0u);
}

TEST_F(Engine, ASwitchedOffReminderOrAddedLocationIsAnEdit) {
  run({acme_interview()}, monday_noon);
  const auto checkin = object_with("DTSTART;TZID=Europe/Berlin:20260116T090000");
  const std::string without_alarm = std::regex_replace(checkin.ics, std::regex("BEGIN:VALARM[\\s\\S]*END:VALARM\r\n"), "");
  store.put_as_user(checkin.ref.href, std::regex_replace(without_alarm, std::regex("SUMMARY:"), "LOCATION:Phone\r\nSUMMARY:"));
  auto later = acme_interview();
  later.description = "They'll decide by Friday";  // the plan moves the check-ins
  const auto report = run({later}, monday_noon + hours{1});
  EXPECT_EQ(report.kept_user_edits, 1u);
  const auto kept = store.get({checkin.ref.href});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].ics.find("BEGIN:VALARM"), std::string::npos);
  EXPECT_NE(kept[0].ics.find("LOCATION:Phone"), std::string::npos);
}

namespace {

// A store that fails (as a crash would stop the run) after a number of writes.
class FailingStorage : public MemoryStorage {
 public:
  int writes_left = 1000000;
  ItemRef create(std::string_view uid, const std::string& ics) override {
    tick();
    return MemoryStorage::create(uid, ics);
  }
  ItemRef update(const ItemRef& ref, const std::string& ics) override {
    tick();
    return MemoryStorage::update(ref, ics);
  }
  void remove(const ItemRef& ref) override {
    tick();
    MemoryStorage::remove(ref);
  }
  struct Crash {};

 private:
  void tick() {
    if (writes_left-- <= 0) throw Crash{};
  }
};

}  // namespace

TEST(EngineInterrupted, RunStoppedAfterEachWriteConvergesToTheUninterruptedResult) {
  auto settings = settings_in("Europe/Berlin");
  auto second = acme_interview();
  second.uid = "interview-2@example.com";
  second.summary = "Interview with Globex";
  const std::vector<ical::Item> inputs{acme_interview(), second};
  auto decided = acme_interview();
  decided.description += "\nOutcome: offer";
  const std::vector<ical::Item> later_inputs{decided, second};

  // The reference: two uninterrupted runs.
  MemoryStorage reference;
  auto reference_state = StateDb::in_memory();
  synchronize({inputs, {}, {"test.ics"}, {}}, settings, monday_noon, reference, reference_state, false);
  synchronize({later_inputs, {}, {"test.ics"}, {}}, settings, monday_noon + hours{1}, reference, reference_state, false);
  std::set<std::string> expected;
  for (const auto& r : reference.list()) expected.insert(r.href);

  for (int crash_after = 0; crash_after < 12; ++crash_after) {
    for (int which_run = 0; which_run < 2; ++which_run) {
      FailingStorage store;
      auto state = StateDb::in_memory();
      if (which_run == 1) synchronize({inputs, {}, {"test.ics"}, {}}, settings, monday_noon, store, state, false);
      store.writes_left = crash_after;
      try {
        synchronize({which_run == 0 ? inputs : later_inputs, {}, {"test.ics"}, {}}, settings, monday_noon + hours{which_run}, store, state, false);
      } catch (const FailingStorage::Crash&) {
      }
      store.writes_left = 1000000;
      if (which_run == 0) synchronize({inputs, {}, {"test.ics"}, {}}, settings, monday_noon, store, state, false);
      synchronize({later_inputs, {}, {"test.ics"}, {}}, settings, monday_noon + hours{1}, store, state, false);
      const auto final_report = synchronize({later_inputs, {}, {"test.ics"}, {}}, settings, monday_noon + hours{1}, store, state, false);
      std::set<std::string> got;
      for (const auto& r : store.list()) got.insert(r.href);
      EXPECT_EQ(got, expected) << "crash after " << crash_after << " writes in run " << which_run;
      EXPECT_EQ(final_report.created + final_report.updated + final_report.deleted, 0u);
      EXPECT_EQ(final_report.skipped_user_deleted, 0u) << "an interrupted run was taken for a user's deletion";
      EXPECT_TRUE(state.intact());
    }
  }
}

namespace {

// An .ics file store whose run stops (as a crash would) just before or just after the file is written.
class CrashingFileStorage : public IcsFileStorage {
 public:
  enum class When { Never, BeforeWrite, AfterWrite };
  CrashingFileStorage(std::filesystem::path path, When when) : IcsFileStorage(std::move(path)), when_(when) {}
  void flush() override {
    if (when_ == When::BeforeWrite) throw FailingStorage::Crash{};
    IcsFileStorage::flush();
    if (when_ == When::AfterWrite) throw FailingStorage::Crash{};
  }

 private:
  When when_;
};

std::set<std::string> uids_in(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::set<std::string> uids;
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("UID:")) uids.insert(line.substr(4, line.find_last_not_of("\r") - 3));
  return uids;
}

}  // namespace

TEST(EngineInterrupted, FileRunStoppedBeforeOrAfterItsWriteConverges) {
  const auto settings = settings_in("Europe/Berlin");
  auto decided = acme_interview();
  decided.description += "\nOutcome: offer";
  const auto dir = std::filesystem::temp_directory_path() / ("followup-crash-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);

  const auto reference_file = dir / "reference.ics";
  auto reference_state = StateDb::in_memory();
  for (const auto& items : {std::vector<ical::Item>{acme_interview()}, std::vector<ical::Item>{decided}}) {
    IcsFileStorage store(reference_file);
    synchronize({items, {}, {"test.ics"}, {}}, settings, monday_noon, store, reference_state, false);
  }
  const auto expected = uids_in(reference_file);
  ASSERT_EQ(expected.size(), 1u);  // the thank-you

  for (auto when : {CrashingFileStorage::When::BeforeWrite, CrashingFileStorage::When::AfterWrite}) {
    for (int crashing_run = 0; crashing_run < 2; ++crashing_run) {
      const auto file = dir / "target.ics";
      std::filesystem::remove(file);
      auto state = StateDb::in_memory();
      const std::vector<std::vector<ical::Item>> runs{{acme_interview()}, {decided}};
      for (int run = 0; run < 2; ++run) {
        CrashingFileStorage store(file, run == crashing_run ? when : CrashingFileStorage::When::Never);
        try {
          synchronize({runs[static_cast<std::size_t>(run)], {}, {"test.ics"}, {}}, settings, monday_noon, store, state, false);
        } catch (const FailingStorage::Crash&) {
        }
      }
      // A normal run after the interrupted ones.
      IcsFileStorage store(file);
      const auto report = synchronize({{decided}, {}, {"test.ics"}, {}}, settings, monday_noon, store, state, false);
      EXPECT_EQ(uids_in(file), expected) << "crash " << static_cast<int>(when) << " in run " << crashing_run;
      EXPECT_EQ(report.skipped_user_deleted, 0u) << "an interrupted run was taken for a user's deletion";
      EXPECT_TRUE(state.intact());
    }
  }
  std::filesystem::remove_all(dir);
}
