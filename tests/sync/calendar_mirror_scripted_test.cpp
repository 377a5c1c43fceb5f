// The local copy of a CalDAV calendar (sync/calendar_mirror.hpp) against a scripted calendar
// (scripted_calendar.hpp), for the answers the real test servers don't give on purpose: a changed member
// that the multiget leaves out or sends without calendar-data (DAViCal omits hrefs it does not know,
// Google has sent empty objects: CALDAV-NOTES §2.2), and one member's href spelt one way by
// sync-collection and another by calendar-query (an absolute URL or a path, "@" or "%40": §1.2). What
// the real servers do is calendar_mirror_test.cpp's.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ical/time.hpp"
#include "scripted_calendar.hpp"
#include "sync/caldav_storage.hpp"
#include "sync/calendar_mirror.hpp"
#include "sync/state_db.hpp"

namespace followup::sync {
namespace {

using namespace std::chrono;
using testing::ScriptedCalendar;
using InMultiget = ScriptedCalendar::InMultiget;
using Lines = std::vector<std::string>;
using ByHref = std::map<std::string, std::string>;

const SysSeconds now = ical::parse_iso_instant("2026-03-01T12:00:00Z");
const SysSeconds window_start = now - days{90};  // the rules' lookback

std::string event(const std::string& uid, const std::string& summary) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup//mirror scripted test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
         "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260304T100000Z\r\nDTEND:20260304T110000Z\r\nSUMMARY:" + summary +
         "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

const char* name_of(InMultiget how) { return how == InMultiget::LeftOut ? "left out" : "sent without calendar-data"; }

// The scripted calendar, and what a run of `followup sync` opens on it (caldav_job.cpp): a client, the
// store, the state; a mirror opened anew for each run, as over a saved state.
struct ScriptedMirror {
  ScriptedCalendar calendar;
  HttpClient client{quick_options()};
  CalDavStorage remote{calendar.url(), client};
  StateDb state = StateDb::in_memory();

  static HttpOptions quick_options() {
    HttpOptions options;
    options.connect_timeout = seconds{2};
    options.total_timeout = seconds{5};
    return options;
  }

  std::unique_ptr<CalendarMirror> open() {
    MirrorOptions options;
    options.supports_sync_collection = true;  // tokens trusted, time ranges too: as for Radicale or Cyrus
    return std::make_unique<CalendarMirror>(remote, client, state, options);
  }

  std::size_t asked() const { return calendar.requests().size(); }
  Lines asked_since(std::size_t before) const {
    const Lines all = calendar.requests();
    return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
  }
};

// What the copy holds the text of, and what it lists with which ETag, by href as spelt.
ByHref texts(const CalendarMirror& mirror) {
  ByHref out;
  for (const auto& item : mirror.read_members()) out[item.ref.href] = item.ics;
  return out;
}

ByHref etags(CalendarMirror& mirror) {
  ByHref out;
  for (const auto& ref : mirror.list()) out[ref.href] = ref.etag;
  return out;
}

// What the state database keeps for the next run, by href: ETag and text ("<none>" for no text).
std::map<std::string, std::pair<std::string, std::string>> saved(const StateDb& state) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& object : state.load_mirror()) out[object.ref.href] = {object.ref.etag, object.ics.value_or("<none>")};
  return out;
}

// ---- a changed member whose text the server does not send ------------------------------------------

TEST(CalendarMirrorScripted, ChangedMemberTheMultigetDoesNotSendKeepsItsTextAndIsAskedForAgainNextRun) {
  for (const InMultiget how : {InMultiget::LeftOut, InMultiget::WithoutData}) {
    SCOPED_TRACE(name_of(how));
    ScriptedMirror s;
    const std::string a1 = event("a", "Interview a"), b1 = event("b", "Interview b");
    s.calendar.put("a.ics", a1);
    const std::string b_etag = s.calendar.put("b.ics", b1);
    ASSERT_EQ(s.open()->refresh(now, window_start).kind, MirrorRead::Initial);

    // Another client moves `a`; this run's multiget does not bring its text.
    const std::string a2 = event("a", "Interview a (moved to room 4)");
    const std::string a2_etag = s.calendar.put("a.ics", a2);
    s.calendar.answer_in_multiget("a.ics", how);
    auto mirror = s.open();
    std::size_t before = s.asked();
    const MirrorRefresh refresh = mirror->refresh(now + hours{1}, window_start + hours{1});
    EXPECT_EQ(refresh.kind, MirrorRead::Incremental);
    EXPECT_EQ(s.asked_since(before), (Lines{"REPORT sync-collection", "REPORT calendar-multiget /cal/a.ics"}));
    EXPECT_EQ(refresh.unreadable, Lines{"/cal/a.ics"});
    EXPECT_EQ(refresh.fetched, 0U);
    // This run goes on with the text it had (nothing is deleted for want of what it holds)...
    EXPECT_EQ(texts(*mirror), (ByHref{{"/cal/a.ics", a1}, {"/cal/b.ics", b1}}));
    // ...and it is marked for another try: no ETag, in the copy and in the state saved for the next run.
    EXPECT_EQ(etags(*mirror), (ByHref{{"/cal/a.ics", ""}, {"/cal/b.ics", b_etag}}));
    EXPECT_EQ(saved(s.state).at("/cal/a.ics"), (std::pair<std::string, std::string>{"", a1}));
    // Asked for by the engine meanwhile, it is not served from the stale text.
    before = s.asked();
    EXPECT_TRUE(mirror->get({"/cal/a.ics"}).empty());
    EXPECT_EQ(s.asked_since(before), Lines{"REPORT calendar-multiget /cal/a.ics"});

    // The next run: sync-collection no longer reports it (nothing changed since the token), yet it is
    // asked for again, and read.
    s.calendar.answer_in_multiget("a.ics", InMultiget::Sent);
    mirror = s.open();
    before = s.asked();
    const MirrorRefresh next = mirror->refresh(now + hours{2}, window_start + hours{2});
    EXPECT_EQ(next.kind, MirrorRead::Incremental);
    EXPECT_EQ(s.asked_since(before), (Lines{"REPORT sync-collection", "REPORT calendar-multiget /cal/a.ics"}));
    EXPECT_TRUE(next.unreadable.empty());
    EXPECT_EQ(next.fetched, 1U);
    EXPECT_EQ(texts(*mirror), (ByHref{{"/cal/a.ics", a2}, {"/cal/b.ics", b1}}));
    EXPECT_EQ(etags(*mirror), (ByHref{{"/cal/a.ics", a2_etag}, {"/cal/b.ics", b_etag}}));

    // Read once, it is asked for no more.
    before = s.asked();
    EXPECT_TRUE(s.open()->refresh(now + hours{3}, window_start + hours{3}).unreadable.empty());
    EXPECT_EQ(s.asked_since(before), Lines{"REPORT sync-collection"});
  }
}

TEST(CalendarMirrorScripted, ChangedMemberTheDailyFullReadCannotReadKeepsItsTextAndIsAskedForAgainNextRun) {
  for (const InMultiget how : {InMultiget::LeftOut, InMultiget::WithoutData}) {
    SCOPED_TRACE(name_of(how));
    ScriptedMirror s;
    const std::string a1 = event("a", "Interview a"), b1 = event("b", "Interview b");
    s.calendar.put("a.ics", a1);
    const std::string b_etag = s.calendar.put("b.ics", b1);
    ASSERT_EQ(s.open()->refresh(now, window_start).kind, MirrorRead::Initial);

    const std::string a2 = event("a", "Interview a (moved to room 4)");
    const std::string a2_etag = s.calendar.put("a.ics", a2);
    s.calendar.answer_in_multiget("a.ics", how);
    // A day later: the calendar is listed whole and compared with the copy.
    auto mirror = s.open();
    std::size_t before = s.asked();
    const MirrorRefresh daily = mirror->refresh(now + hours{25}, window_start + hours{25});
    EXPECT_EQ(daily.kind, MirrorRead::Full);
    EXPECT_EQ(s.asked_since(before), (Lines{"REPORT sync-collection", "REPORT calendar-multiget /cal/a.ics"}));
    EXPECT_EQ(daily.unreadable, Lines{"/cal/a.ics"});
    EXPECT_EQ(daily.fetched, 0U);
    EXPECT_EQ(texts(*mirror), (ByHref{{"/cal/a.ics", a1}, {"/cal/b.ics", b1}}));
    EXPECT_EQ(etags(*mirror), (ByHref{{"/cal/a.ics", ""}, {"/cal/b.ics", b_etag}}));
    EXPECT_EQ(saved(s.state).at("/cal/a.ics"), (std::pair<std::string, std::string>{"", a1}));

    // Still not sent by the next full read: still the text it had.
    mirror = s.open();
    const MirrorRefresh again = mirror->refresh(now + hours{50}, window_start + hours{50});
    EXPECT_EQ(again.kind, MirrorRead::Full);
    EXPECT_EQ(again.unreadable, Lines{"/cal/a.ics"});
    EXPECT_EQ(texts(*mirror), (ByHref{{"/cal/a.ics", a1}, {"/cal/b.ics", b1}}));

    // Sent at last: the next (incremental) run reads it.
    s.calendar.answer_in_multiget("a.ics", InMultiget::Sent);
    mirror = s.open();
    before = s.asked();
    const MirrorRefresh next = mirror->refresh(now + hours{51}, window_start + hours{51});
    EXPECT_EQ(next.kind, MirrorRead::Incremental);
    EXPECT_EQ(s.asked_since(before), (Lines{"REPORT sync-collection", "REPORT calendar-multiget /cal/a.ics"}));
    EXPECT_TRUE(next.unreadable.empty());
    EXPECT_EQ(next.fetched, 1U);
    EXPECT_EQ(texts(*mirror), (ByHref{{"/cal/a.ics", a2}, {"/cal/b.ics", b1}}));
    EXPECT_EQ(etags(*mirror), (ByHref{{"/cal/a.ics", a2_etag}, {"/cal/b.ics", b_etag}}));
  }
}

TEST(CalendarMirrorScripted, ACalendarOnlyWrittenToFetchesNoChangedMember) {
  ScriptedMirror s;
  s.calendar.put("a.ics", event("a", "Check in with Acme"));
  std::size_t before = s.asked();
  EXPECT_EQ(s.open()->refresh(now, std::nullopt).kind, MirrorRead::Initial);
  EXPECT_EQ(s.asked_since(before), Lines{"REPORT sync-collection"});

  // Changed by another client: the new version is noted, its text read only when the engine asks.
  const std::string a2_etag = s.calendar.put("a.ics", event("a", "Check in with Acme (moved)"));
  auto mirror = s.open();
  before = s.asked();
  const MirrorRefresh refresh = mirror->refresh(now + hours{1}, std::nullopt);
  EXPECT_EQ(refresh.kind, MirrorRead::Incremental);
  EXPECT_EQ(s.asked_since(before), Lines{"REPORT sync-collection"});
  EXPECT_TRUE(refresh.unreadable.empty());
  EXPECT_EQ(refresh.fetched, 0U);
  EXPECT_EQ(etags(*mirror), (ByHref{{"/cal/a.ics", a2_etag}}));
  EXPECT_TRUE(texts(*mirror).empty());

  // The same through the daily full read.
  const std::string a3_etag = s.calendar.put("a.ics", event("a", "Check in with Acme (moved again)"));
  mirror = s.open();
  before = s.asked();
  const MirrorRefresh daily = mirror->refresh(now + hours{25}, std::nullopt);
  EXPECT_EQ(daily.kind, MirrorRead::Full);
  EXPECT_EQ(s.asked_since(before), Lines{"REPORT sync-collection"});
  EXPECT_TRUE(daily.unreadable.empty());
  EXPECT_EQ(etags(*mirror), (ByHref{{"/cal/a.ics", a3_etag}}));
}

TEST(CalendarMirrorScripted, AMemberLeftUnreadIsNotFetchedByARunThatOnlyWritesToTheCalendar) {
  // Read for interviews one run, it could not be read; the next run only writes to the calendar (its
  // roles changed): that run asks for nothing, and the engine's get() reads the member when it needs it.
  ScriptedMirror s;
  s.calendar.put("a.ics", event("a", "Interview a"));
  s.open()->refresh(now, window_start);
  const std::string a2 = event("a", "Interview a (moved)");
  const std::string a2_etag = s.calendar.put("a.ics", a2);
  s.calendar.answer_in_multiget("a.ics", InMultiget::LeftOut);
  ASSERT_EQ(s.open()->refresh(now + hours{1}, window_start + hours{1}).unreadable, Lines{"/cal/a.ics"});

  s.calendar.answer_in_multiget("a.ics", InMultiget::Sent);
  auto mirror = s.open();
  std::size_t before = s.asked();
  const MirrorRefresh refresh = mirror->refresh(now + hours{2}, std::nullopt);
  EXPECT_EQ(refresh.kind, MirrorRead::Incremental);
  EXPECT_EQ(s.asked_since(before), Lines{"REPORT sync-collection"});
  EXPECT_TRUE(refresh.unreadable.empty());
  EXPECT_EQ(etags(*mirror), (ByHref{{"/cal/a.ics", ""}}));  // still marked for another try

  before = s.asked();
  const auto got = mirror->get({"/cal/a.ics"});
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].ics, a2);
  EXPECT_EQ(got[0].ref.etag, a2_etag);
  EXPECT_EQ(s.asked_since(before), Lines{"REPORT calendar-multiget /cal/a.ics"});
}

// ---- one member, two spellings of its href -----------------------------------------------------------

TEST(CalendarMirrorScripted, HrefsSpeltDifferentlyBySyncCollectionAndCalendarQueryAreOneMember) {
  ScriptedMirror s;
  // sync-collection spells it as a path with "@", calendar-query as an absolute URL with "%40".
  s.calendar.spell_in_calendar_query([&s](const std::string& name) {
    std::string encoded;
    for (const char c : name) encoded += c == '@' ? std::string("%40") : std::string(1, c);
    return s.calendar.absolute_url(encoded);
  });
  const std::string as_path = "/cal/a@b.ics";
  const std::string as_url = s.calendar.absolute_url("a%40b.ics");
  const std::string text = event("a@b", "Interview a");
  const std::string etag = s.calendar.put("a@b.ics", text);

  auto mirror = s.open();
  EXPECT_EQ(mirror->refresh(now, window_start).kind, MirrorRead::Initial);
  EXPECT_EQ(mirror->list().size(), 1U) << "listed once by each report, held once";
  EXPECT_EQ(mirror->read_members().size(), 1U);
  EXPECT_EQ(s.state.load_mirror().size(), 1U);
  for (const std::string& href : {as_path, as_url}) {
    const std::size_t before = s.asked();
    const auto got = mirror->get({href});
    ASSERT_EQ(got.size(), 1U) << href;
    EXPECT_EQ(got[0].ics, text) << href;
    EXPECT_EQ(got[0].ref.etag, etag) << href;
    EXPECT_EQ(s.asked_since(before), Lines{}) << href << ": served from the copy";
  }

  // The daily full read lists it as a path again: the same member, its text kept, nothing re-read.
  mirror = s.open();
  std::size_t before = s.asked();
  const MirrorRefresh daily = mirror->refresh(now + hours{25}, window_start + hours{25});
  EXPECT_EQ(daily.kind, MirrorRead::Full);
  EXPECT_EQ(s.asked_since(before), Lines{"REPORT sync-collection"});
  EXPECT_EQ(mirror->list().size(), 1U);
  ASSERT_EQ(mirror->read_members().size(), 1U);
  EXPECT_EQ(mirror->read_members()[0].ics, text);
  for (const std::string& href : {as_path, as_url}) {
    before = s.asked();
    const auto got = mirror->get({href});
    ASSERT_EQ(got.size(), 1U) << href;
    EXPECT_EQ(got[0].ics, text) << href;
    EXPECT_EQ(s.asked_since(before), Lines{}) << href << ": served from the copy";
  }

  // Changed, and reported as a path by sync-collection: still one member (one row in the state), read
  // anew, whichever spelling the engine asks with.
  const std::string moved = event("a@b", "Interview a (moved)");
  s.calendar.put("a@b.ics", moved);
  mirror = s.open();
  const MirrorRefresh next = mirror->refresh(now + hours{26}, window_start + hours{26});
  EXPECT_EQ(next.kind, MirrorRead::Incremental);
  EXPECT_EQ(next.fetched, 1U);
  EXPECT_EQ(mirror->list().size(), 1U);
  EXPECT_EQ(s.state.load_mirror().size(), 1U);
  for (const std::string& href : {as_path, as_url}) {
    before = s.asked();
    const auto got = mirror->get({href});
    ASSERT_EQ(got.size(), 1U) << href;
    EXPECT_EQ(got[0].ics, moved) << href;
    EXPECT_EQ(s.asked_since(before), Lines{}) << href << ": served from the copy";
  }
}

}  // namespace
}  // namespace followup::sync
