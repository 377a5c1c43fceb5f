// A seeded randomized model test: random sequences of interview changes, user edits, user deletions,
// re-serializations by other programs, lost state and passing time, with the invariants checked after
// every step.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <regex>
#include <set>

#include "../rules/rules_fixtures.hpp"
#include "rules/interview.hpp"
#include "rules/local_time.hpp"
#include "sync/engine.hpp"
#include "sync/generated_item.hpp"
#include "sync/memory_storage.hpp"

using namespace followup;
using namespace followup::sync;
using namespace followup::testing;
using namespace std::chrono;

namespace {

struct Model {
  std::map<std::string, ical::Item> interviews;      // by UID: the user's calendar
  std::set<std::string> user_deleted;                // hrefs the user deleted
  std::map<std::string, std::string> user_edited;    // href -> text as the user left it
  std::map<std::string, std::string> user_objects;   // href -> the user's own objects in the store
};

class RandomRun {
 public:
  explicit RandomRun(unsigned seed) : rng_(seed), now_(at("2026-01-05T08:00", "Europe/Berlin")) {
    settings_ = settings_in("Europe/Berlin");
    const std::string mine = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:me\r\nBEGIN:VEVENT\r\nUID:dentist\r\n"
                             "DTSTART:20260110T090000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    store_.put_as_user("dentist.ics", mine);
    model_.user_objects["dentist.ics"] = mine;
  }

  void step(int n) {
    switch (pick(9)) {
      case 0: add_interview(n); break;
      case 1: change_interview(); break;
      case 2: remove_interview(); break;
      case 3: user_edits(); break;
      case 4: user_deletes(); break;
      case 5: reserialize(); break;
      case 6: now_ += hours{pick(96)}; break;
      case 7:
        if (pick(4) == 0) {
          // The state file is lost: items are adopted again by their UIDs, but the memory of what
          // the user deleted is gone with it (it lives nowhere else), so those may come back.
          state_ = StateDb::in_memory();
          model_.user_deleted.clear();
        }
        break;
      default: add_interview(n); break;
    }
    sync_and_check(n);
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::vector<ical::Item> calendar() const {
    std::vector<ical::Item> items;
    for (const auto& [uid, item] : model_.interviews) items.push_back(item);
    return items;
  }

  void add_interview(int n) {
    const auto start = now_ + hours{pick(24 * 14)} - hours{24 * 7};
    auto item = interview_item("Interview with Company" + std::to_string(n), start, start + hours{1});
    item.uid = "iv-" + std::to_string(n);
    item.attendees = {person("a" + std::to_string(n) + "@example.com", "Person " + std::to_string(n))};
    if (pick(2)) item.attendees.push_back(person("b" + std::to_string(n) + "@example.com"));
    static const char* notes[] = {"They'll decide by Thursday", "Decision in two weeks", "", "We will hear back next week"};
    item.description = notes[pick(4)];
    model_.interviews[item.uid] = item;
  }

  ical::Item* any_interview() {
    if (model_.interviews.empty()) return nullptr;
    auto it = model_.interviews.begin();
    std::advance(it, pick(static_cast<int>(model_.interviews.size())));
    return &it->second;
  }

  void change_interview() {
    ical::Item* item = any_interview();
    if (!item) return;
    switch (pick(4)) {
      case 0: item->description += "\nOutcome: offer"; break;
      case 1: item->description += "\nOutcome: waiting until " + format_date(rules::local_date(now_ + days{10}, settings_.timezone)); break;
      case 2: *item->start += hours{24 * (1 + pick(5))}; *item->end = *item->start + hours{1}; break;
      default: item->status = "CANCELLED"; break;
    }
  }

  void remove_interview() {
    if (ical::Item* item = any_interview()) model_.interviews.erase(item->uid);
  }

  std::vector<StoredItem> generated_objects() {
    std::vector<std::string> hrefs;
    for (const auto& ref : store_.list())
      if (!model_.user_objects.contains(ref.href)) hrefs.push_back(ref.href);
    return store_.get(hrefs);
  }

  void user_edits() {
    auto objects = generated_objects();
    if (objects.empty()) return;
    const auto& o = objects[static_cast<std::size_t>(pick(static_cast<int>(objects.size())))];
    std::string text = o.ics;
    if (text.find("BEGIN:VTODO") != std::string::npos && pick(2))
      text = std::regex_replace(text, std::regex("STATUS:NEEDS-ACTION"), "STATUS:COMPLETED\r\nCOMPLETED:20260101T000000Z");
    else
      text = std::regex_replace(text, std::regex("SUMMARY:"), "SUMMARY:(mine) ");
    store_.put_as_user(o.ref.href, text);
    model_.user_edited[o.ref.href] = text;
  }

  void user_deletes() {
    auto objects = generated_objects();
    if (objects.empty()) return;
    const auto& o = objects[static_cast<std::size_t>(pick(static_cast<int>(objects.size())))];
    store_.remove(o.ref);
    model_.user_deleted.insert(o.ref.href);
    model_.user_edited.erase(o.ref.href);
  }

  // Another program rewrites an object without changing what it says.
  void reserialize() {
    auto objects = generated_objects();
    if (objects.empty()) return;
    const auto& o = objects[static_cast<std::size_t>(pick(static_cast<int>(objects.size())))];
    std::string text = std::regex_replace(o.ics, std::regex("DTSTAMP:[0-9TZ]+"), "DTSTAMP:20300101T000000Z");
    text = std::regex_replace(text, std::regex("\r\n "), "");
    store_.put_as_user(o.ref.href, text);
    if (model_.user_edited.contains(o.ref.href)) model_.user_edited[o.ref.href] = text;
  }

  void sync_and_check(int n) {
    const auto report = synchronize({calendar(), {}, {"test.ics"}, {}}, settings_, now_, store_, state_, false);
    ASSERT_TRUE(report.errors.empty()) << "step " << n << ": " << report.errors.front().reason;
    // Idempotent: a second run at once writes nothing.
    const auto again = synchronize({calendar(), {}, {"test.ics"}, {}}, settings_, now_, store_, state_, false);
    EXPECT_EQ(again.created + again.updated + again.deleted, 0u) << "step " << n;

    std::set<std::string> uids;
    std::map<std::string, std::string> by_href;
    for (auto& object : store_.get([&] {
           std::vector<std::string> hrefs;
           for (const auto& ref : store_.list()) hrefs.push_back(ref.href);
           return hrefs;
         }())) {
      by_href[object.ref.href] = object.ics;
      std::vector<ical::ReadProblem> problems;
      for (const auto& item : parse_object(object.ics, object.ref.href, problems))
        EXPECT_TRUE(uids.insert(item.uid).second) << "step " << n << ": duplicate UID " << item.uid;
    }
    for (const auto& [href, text] : model_.user_objects) EXPECT_EQ(by_href[href], text) << "step " << n << ": user object changed";
    for (const auto& [href, text] : model_.user_edited) EXPECT_EQ(by_href[href], text) << "step " << n << ": user edit lost";
    for (const auto& href : model_.user_deleted) EXPECT_FALSE(by_href.contains(href)) << "step " << n << ": recreated " << href;
    EXPECT_TRUE(state_.intact());
  }

  std::mt19937 rng_;
  SysSeconds now_;
  rules::Settings settings_;
  MemoryStorage store_;
  StateDb state_ = StateDb::in_memory();
  Model model_;
};

}  // namespace

TEST(ModelTest, RandomSequencesKeepTheInvariants) {
  for (unsigned seed : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    RandomRun run(seed);
    for (int step = 0; step < 60; ++step) {
      run.step(step);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}
