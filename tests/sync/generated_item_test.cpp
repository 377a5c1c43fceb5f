// desired_item() writes each follow-up once and puts the fingerprint into the written text afterwards
// (issue 7: it used to write it twice). What a later run reads back must be exactly what it wrote: the
// embedded fingerprint equal to the one computed from the stored copy, or every follow-up would look
// edited by the user (RULES.md §5).
#include "sync/generated_item.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "../rules/rules_fixtures.hpp"
#include "rules/plan.hpp"

using namespace followup;
using namespace followup::sync;
using namespace followup::testing;

namespace {

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Every follow-up of the worked example (RULES.md §6: a task with an alarm, timed check-ins, an
// all-day move-on; and with `debrief`, one more task), in two zones.
TEST(DesiredItem, TheEmbeddedFingerprintIsTheOneTheStoredCopyReadsAs) {
  for (const std::string zone_name : {"Europe/Berlin", "America/New_York"}) {
    rules::Settings settings = settings_in(zone_name);
    settings.debrief = true;
    const SysSeconds now = at("2026-01-13T12:00", "Europe/Berlin");
    const rules::Plan plan = rules::make_plan({acme_interview()}, settings, now);
    ASSERT_EQ(plan.interviews.size(), 1u);
    const auto& planned = plan.interviews[0];
    ASSERT_GE(planned.followups.size(), 4u);
    std::set<ical::ComponentKind> components;
    bool all_day = false;
    for (const rules::Followup& f : planned.followups) {
      SCOPED_TRACE(zone_name + ": " + f.summary);
      const DesiredItem d = desired_item(f, planned.interview, settings, now);
      ASSERT_TRUE(std::regex_match(d.fingerprint, std::regex("[0-9a-f]{16}"))) << d.fingerprint;
      EXPECT_EQ(count_of(d.ics, "X-FOLLOWUP-FINGERPRINT:"), 1u) << d.ics;
      EXPECT_NE(d.ics.find("\r\nX-FOLLOWUP-FINGERPRINT:" + d.fingerprint + "\r\n"), std::string::npos) << d.ics;
      EXPECT_EQ(d.ics.find("0000000000000000"), std::string::npos) << "the stand-in is left: " << d.ics;

      std::vector<ical::ReadProblem> problems;
      const auto items = parse_object(d.ics, "stored.ics", problems, settings.timezone);
      EXPECT_TRUE(problems.empty());
      ASSERT_EQ(items.size(), 1u);
      const auto found = found_item(items[0], ItemRef{"stored.ics", "1"});
      ASSERT_TRUE(found.has_value());
      EXPECT_EQ(found->embedded_fingerprint, d.fingerprint);
      EXPECT_EQ(found->fingerprint, d.fingerprint);  // read back unedited: not taken for a user's edit
      components.insert(items[0].kind);
      all_day = all_day || items[0].all_day;
    }
    EXPECT_EQ(components.size(), 2u);  // tasks and events both
    EXPECT_TRUE(all_day);              // the move-on
  }
}

}  // namespace

// Many follow-ups at once (threads share them past a few dozen): the same items as one by one, each
// at its own place in the order given.
TEST(DesiredItem, ManyAtOnceAreTheSameAsOneByOneInTheOrderGiven) {
  const rules::Settings settings = settings_in("Europe/Berlin");
  const SysSeconds now = at("2026-01-13T12:00", "Europe/Berlin");
  std::vector<ical::Item> interviews;
  for (int day = 0; day < 60; ++day) {
    ical::Item item = acme_interview();
    item.uid = "interview-" + std::to_string(day) + "@example.com";
    *item.start -= std::chrono::days{day};
    *item.end -= std::chrono::days{day};
    interviews.push_back(item);
  }
  const rules::Plan plan = rules::make_plan(interviews, settings, now);
  std::vector<std::pair<const rules::Followup*, const rules::Interview*>> wanted;
  for (const auto& planned : plan.interviews)
    for (const auto& f : planned.followups) wanted.emplace_back(&f, &planned.interview);
  ASSERT_GE(wanted.size(), 200u);

  const std::vector<DesiredItem> all = desired_items(wanted, settings, now);
  ASSERT_EQ(all.size(), wanted.size());
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const DesiredItem one = desired_item(*wanted[i].first, *wanted[i].second, settings, now);
    EXPECT_EQ(all[i].uid, wanted[i].first->uid);
    EXPECT_EQ(all[i].ics, one.ics) << i;
    EXPECT_EQ(all[i].fingerprint, one.fingerprint) << i;
  }
  EXPECT_TRUE(desired_items({}, settings, now).empty());
}
