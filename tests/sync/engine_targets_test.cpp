// synchronize() over several target stores (sync/engine.hpp, Placement): the CalDAV case of issue 4,
// thank-you tasks in a task list and check-ins in the interview's calendar, played with two in-memory
// stores: where each follow-up lands, both thank-you forms (RULES.md §3), per-target counts, a
// follow-up whose place changes, one with no place, and user edits (RULES.md §5) in either store.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "../rules/rules_fixtures.hpp"
#include "sync/engine.hpp"
#include "sync/generated_item.hpp"
#include "sync/memory_storage.hpp"

using namespace followup;
using namespace followup::sync;
using namespace followup::testing;
using namespace std::chrono;

namespace {

const SysSeconds monday_noon = at("2026-01-13T12:00", "Europe/Berlin");

constexpr std::size_t calendar = 0;   // the interview's calendar: check-ins, move-on, VEVENT thank-yous
constexpr std::size_t task_list = 1;  // VTODO thank-yous

bool is_task_thank_you(const rules::Followup& f) {
  return f.kind == rules::FollowupKind::ThankYou && f.component == ical::ComponentKind::Todo;
}

// What caldav_job does: VTODO thank-yous into the task list, the rest into the calendar.
std::optional<std::size_t> by_component(const rules::Followup& f, const rules::Interview&) {
  return is_task_thank_you(f) ? task_list : calendar;
}

class EngineTargets : public ::testing::Test {
 protected:
  SyncReport run(const std::vector<ical::Item>& items, SysSeconds now, const Placement& where) {
    return synchronize(SyncInput{items, {}, {"test.ics"}, {}}, settings, now,
                       {SyncTarget{&stores[calendar], &states[calendar]}, SyncTarget{&stores[task_list], &states[task_list]}},
                       where, false);
  }
  SyncReport run(const std::vector<ical::Item>& items, SysSeconds now) { return run(items, now, placement); }

  std::vector<StoredItem> objects(std::size_t target) {
    std::vector<std::string> hrefs;
    for (const auto& ref : stores[target].list()) hrefs.push_back(ref.href);
    return stores[target].get(hrefs);
  }

  // The kinds in a store ("check-in", "thank-you"...), one per object, sorted.
  std::multiset<std::string> kinds(std::size_t target) {
    std::multiset<std::string> out;
    for (const auto& object : objects(target)) {
      std::smatch m;
      if (std::regex_search(object.ics, m, std::regex("X-FOLLOWUP-KIND:([a-z-]+)"))) out.insert(m[1]);
      else ADD_FAILURE() << "no X-FOLLOWUP-KIND in\n" << object.ics;
    }
    return out;
  }

  std::vector<ical::Item> parsed(std::size_t target) {
    std::vector<ical::Item> out;
    for (const auto& object : objects(target)) {
      std::vector<ical::ReadProblem> problems;
      for (auto& item : parse_object(object.ics, object.ref.href, problems)) out.push_back(item);
      for (const auto& p : problems) ADD_FAILURE() << p.where << ": " << p.reason;
    }
    return out;
  }

  StoredItem object_with(std::size_t target, const std::string& needle) {
    for (auto& object : objects(target))
      if (object.ics.find(needle) != std::string::npos) return object;
    ADD_FAILURE() << "no object in target " << target << " holds " << needle;
    return {};
  }

  // Another client changes an object (regex on its text).
  void edit(std::size_t target, const StoredItem& object, const std::string& pattern, const std::string& replacement) {
    const std::string changed = std::regex_replace(object.ics, std::regex(pattern), replacement);
    ASSERT_NE(changed, object.ics) << "pattern not found: " << pattern;
    stores[target].put_as_user(object.ref.href, changed);
  }

  rules::Settings settings = settings_in("Europe/Berlin");
  MemoryStorage stores[2];
  StateDb states[2] = {StateDb::in_memory(), StateDb::in_memory()};
  Placement placement{{rules::ThankYouForm::Todo}, by_component};
};

using Kinds = std::multiset<std::string>;

}  // namespace

TEST_F(EngineTargets, ThankYouTasksGoToTheTaskListTheRestToTheCalendar) {
  const SyncReport report = run({acme_interview()}, monday_noon);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.created, 4u);
  EXPECT_EQ(kinds(calendar), (Kinds{"check-in", "check-in", "move-on"}));
  EXPECT_EQ(kinds(task_list), (Kinds{"thank-you"}));
  EXPECT_NE(objects(task_list)[0].ics.find("BEGIN:VTODO"), std::string::npos);
  // What each state remembers is what went into its own store.
  EXPECT_EQ(states[calendar].load().size(), 3u);
  EXPECT_EQ(states[task_list].load().size(), 1u);
}

TEST_F(EngineTargets, TheReportCountsPerTargetInTheOrderGiven) {
  SyncReport report = run({acme_interview()}, monday_noon);
  ASSERT_EQ(report.targets.size(), 2u);
  EXPECT_EQ(report.targets[calendar].name, "memory");
  EXPECT_EQ(report.targets[calendar].created, 3u);
  EXPECT_EQ(report.targets[task_list].created, 1u);
  EXPECT_EQ(report.targets[calendar].unchanged + report.targets[task_list].unchanged, 0u);

  const auto calendar_before = stores[calendar].list();
  const auto task_list_before = stores[task_list].list();
  report = run({acme_interview()}, monday_noon + hours{1});  // a second run changes nothing
  EXPECT_EQ(report.created + report.updated + report.deleted, 0u);
  EXPECT_EQ(report.unchanged, 4u);
  ASSERT_EQ(report.targets.size(), 2u);
  EXPECT_EQ(report.targets[calendar].unchanged, 3u);
  EXPECT_EQ(report.targets[task_list].unchanged, 1u);
  EXPECT_EQ(report.targets[calendar].created + report.targets[task_list].created, 0u);
  EXPECT_EQ(stores[calendar].list(), calendar_before);  // same versions: nothing written
  EXPECT_EQ(stores[task_list].list(), task_list_before);
}

TEST_F(EngineTargets, BothFormsMakeATaskAndAnEventThankYouWithUidsOfTheirOwn) {
  placement.thank_you_forms = {rules::ThankYouForm::Todo, rules::ThankYouForm::Event};
  SyncReport report = run({acme_interview()}, monday_noon);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.created, 5u);
  EXPECT_EQ(kinds(calendar), (Kinds{"check-in", "check-in", "move-on", "thank-you"}));
  EXPECT_EQ(kinds(task_list), (Kinds{"thank-you"}));

  const StoredItem event_thanks = object_with(calendar, "X-FOLLOWUP-KIND:thank-you");
  EXPECT_NE(event_thanks.ics.find("BEGIN:VEVENT"), std::string::npos);
  // RULES.md §3: a 30-minute event an hour after the interview ends, with an alarm.
  EXPECT_NE(event_thanks.ics.find("DTSTART;TZID=Europe/Berlin:20260113T120000"), std::string::npos) << event_thanks.ics;
  EXPECT_NE(event_thanks.ics.find("BEGIN:VALARM"), std::string::npos);
  std::set<std::string> uids;
  for (const std::size_t target : {calendar, task_list})
    for (const auto& item : parsed(target)) uids.insert(item.uid);
  EXPECT_EQ(uids.size(), 5u);  // every item its own UID: the two thank-yous are not one item twice

  report = run({acme_interview()}, monday_noon + hours{1});
  EXPECT_EQ(report.created + report.updated + report.deleted, 0u);
  EXPECT_EQ(report.unchanged, 5u);
  EXPECT_EQ(report.targets[calendar].unchanged, 4u);
  EXPECT_EQ(report.targets[task_list].unchanged, 1u);
}

TEST_F(EngineTargets, AnOutcomeNotedInTheTaskListEndsTheCheckInsInTheCalendar) {
  run({acme_interview()}, monday_noon);
  // RULES.md §5: the user notes the answer in the thank-you task.
  edit(task_list, objects(task_list)[0], "DESCRIPTION:", "DESCRIPTION:Outcome: rejected\\n");
  const SyncReport report = run({acme_interview()}, monday_noon + hours{2});
  EXPECT_EQ(report.targets[calendar].deleted, 3u);
  EXPECT_EQ(report.targets[task_list].kept_user_edits, 1u);
  EXPECT_TRUE(stores[calendar].list().empty());
  EXPECT_EQ(kinds(task_list), (Kinds{"thank-you"}));
}

TEST_F(EngineTargets, AFollowUpStaysWhereItWasWrittenWhenItsPlaceChanges) {
  // First everything into the calendar (no task list yet)...
  const Placement all_in_calendar{{rules::ThankYouForm::Todo},
                                  [](const rules::Followup&, const rules::Interview&) -> std::optional<std::size_t> {
                                    return calendar;
                                  }};
  run({acme_interview()}, monday_noon, all_in_calendar);
  ASSERT_EQ(kinds(calendar), (Kinds{"check-in", "check-in", "move-on", "thank-you"}));

  // ...then the task list appears (a calendar added, the configuration changed): what exists stays
  // where it is, so nothing the user has is moved, revived or duplicated.
  SyncReport report = run({acme_interview()}, monday_noon + hours{1});
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.targets[calendar].deleted, 0u);
  EXPECT_EQ(report.targets[calendar].unchanged, 4u);
  EXPECT_EQ(report.targets[task_list].created, 0u);
  EXPECT_EQ(kinds(calendar), (Kinds{"check-in", "check-in", "move-on", "thank-you"}));
  EXPECT_TRUE(stores[task_list].list().empty());

  // A follow-up the user deleted there is not revived in the new place either.
  const auto thank_you = object_with(calendar, "BEGIN:VTODO");
  stores[calendar].remove(thank_you.ref);
  report = run({acme_interview()}, monday_noon + hours{2});
  EXPECT_EQ(report.created + report.updated + report.deleted, 0u);
  EXPECT_EQ(report.skipped_user_deleted, 1u);
  EXPECT_TRUE(stores[task_list].list().empty());
  EXPECT_EQ(kinds(calendar), (Kinds{"check-in", "check-in", "move-on"}));
}

TEST_F(EngineTargets, AFollowUpWithNowhereToGoIsAnErrorAndTheOthersAreWritten) {
  placement.target_of = [](const rules::Followup& f, const rules::Interview& i) -> std::optional<std::size_t> {
    if (is_task_thank_you(f)) return std::nullopt;  // no task list, no events allowed for it either
    return by_component(f, i);
  };
  const SyncReport report = run({acme_interview()}, monday_noon);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].where, "test.ics:1");
  EXPECT_NE(report.errors[0].reason.find("Mr. Finn"), std::string::npos) << report.errors[0].reason;
  EXPECT_EQ(report.created, 3u);
  EXPECT_EQ(kinds(calendar), (Kinds{"check-in", "check-in", "move-on"}));
  EXPECT_TRUE(stores[task_list].list().empty());

  // A target index out of range is nowhere too, not a crash.
  placement.target_of = [](const rules::Followup& f, const rules::Interview& i) -> std::optional<std::size_t> {
    return is_task_thank_you(f) ? std::optional<std::size_t>{7} : by_component(f, i);
  };
  const SyncReport again = run({acme_interview()}, monday_noon + hours{1});
  EXPECT_EQ(again.errors.size(), 1u);
  EXPECT_EQ(again.unchanged, 3u);
  EXPECT_EQ(again.created + again.deleted, 0u);
}

TEST_F(EngineTargets, AWrittenFollowUpThatLosesItsPlaceIsNotDeleted) {
  run({acme_interview()}, monday_noon);
  ASSERT_EQ(kinds(task_list), (Kinds{"thank-you"}));
  // The task list can no longer be written to this run (target_of says nowhere): the plan still
  // wants the thank-you, so the one written stays where it is; the error says why nothing was done.
  placement.target_of = [](const rules::Followup& f, const rules::Interview& i) -> std::optional<std::size_t> {
    return is_task_thank_you(f) ? std::nullopt : by_component(f, i);
  };
  const SyncReport report = run({acme_interview()}, monday_noon + hours{1});
  EXPECT_TRUE(report.errors.empty()) << "it has a place: where it already is";
  EXPECT_EQ(report.targets[task_list].deleted, 0u);
  EXPECT_EQ(report.targets[task_list].unchanged, 1u);
  EXPECT_EQ(kinds(task_list), (Kinds{"thank-you"}));
}

TEST_F(EngineTargets, ATargetThatCannotBeReadIsLeftAloneAndTheOthersAreWritten) {
  run({acme_interview()}, monday_noon);
  // The task list fails to answer this run; the calendar is still written, and nothing of the task
  // list's is recreated elsewhere.
  class Failing : public MemoryStorage {
   public:
    std::vector<ItemRef> list() override { throw Transient("task list: HTTP 503"); }
  } failing;
  std::vector<SyncTarget> targets{{&stores[calendar], &states[calendar]}, {&failing, &states[task_list]}};
  auto later = acme_interview();
  later.description = "Outcome: rejected";
  const SyncReport report = synchronize({{later}, {}, {"test.ics"}, {}}, settings, monday_noon + hours{1}, targets,
                                        placement, false);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].reason.find("503"), std::string::npos);
  EXPECT_EQ(report.targets[calendar].deleted, 3u);  // the outcome still applies where it can
  EXPECT_EQ(report.targets[calendar].created, 0u);
  EXPECT_EQ(kinds(task_list), (Kinds{"thank-you"}));
}

TEST_F(EngineTargets, UserEditsInEitherTargetAreKept) {
  run({acme_interview()}, monday_noon);
  // The user moves check-in 1 in the calendar and completes the thank-you in the task list...
  edit(calendar, object_with(calendar, "DTSTART;TZID=Europe/Berlin:20260116T090000"), "T09(00|15)00", "T14$0100");
  edit(task_list, objects(task_list)[0], "STATUS:NEEDS-ACTION", "STATUS:COMPLETED\r\nCOMPLETED:20260113T170000Z");
  const StoredItem moved = object_with(calendar, "DTSTART;TZID=Europe/Berlin:20260116T140000");
  const StoredItem completed = objects(task_list)[0];
  // ...then the interview is rescheduled: the plan would move everything.
  auto rescheduled = acme_interview();
  rescheduled.start = at("2026-01-13T09:00", "Europe/Berlin");
  rescheduled.end = at("2026-01-13T10:30", "Europe/Berlin");
  const SyncReport report = run({rescheduled}, monday_noon + hours{1});
  EXPECT_EQ(report.targets[calendar].kept_user_edits, 1u);
  EXPECT_EQ(report.targets[task_list].kept_user_edits, 1u);
  EXPECT_EQ(report.kept_user_edits, 2u);
  const auto calendar_now = stores[calendar].get({moved.ref.href});
  ASSERT_EQ(calendar_now.size(), 1u);
  EXPECT_EQ(calendar_now[0].ref, moved.ref);  // not rewritten
  const auto task_now = stores[task_list].get({completed.ref.href});
  ASSERT_EQ(task_now.size(), 1u);
  EXPECT_EQ(task_now[0].ref, completed.ref);
  EXPECT_EQ(kinds(calendar), (Kinds{"check-in", "check-in", "move-on"}));  // nothing duplicated
  EXPECT_EQ(kinds(task_list), (Kinds{"thank-you"}));
}
