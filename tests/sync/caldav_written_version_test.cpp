// What a PUT's answer says about the text the server stored (RFC 4791 §5.3.4, CALDAV-NOTES §3.1 item 5):
// a strong ETag means stored as sent; a weak one or none (Google; DAViCal and Cyrus for scheduling
// objects) means the version is read afterwards and the text there may not be ours. CalDavStorage says
// which (WrittenVersion::as_sent), and the mirror keeps the text it sent only when it was stored as
// sent, so that get() serves the server's text, not ours. Against a scripted calendar
// (scripted_calendar.hpp); what real servers do is calendar_mirror_test.cpp's.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "ical/time.hpp"
#include "scripted_calendar.hpp"
#include "storage_test_support.hpp"
#include "sync/caldav_storage.hpp"
#include "sync/calendar_mirror.hpp"
#include "sync/state_db.hpp"

namespace followup::sync {
namespace {

using namespace std::chrono;
using testing::ScriptedCalendar;
using PutAnswer = ScriptedCalendar::PutAnswer;
using Lines = std::vector<std::string>;

const SysSeconds now = ical::parse_iso_instant("2026-03-01T12:00:00Z");

std::string todo(const std::string& summary) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup//written version test//EN\r\nBEGIN:VTODO\r\n"
         "UID:followup-a\r\nDTSTAMP:20260113T090000Z\r\nSUMMARY:" +
         summary + "\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
}

// What a server that rewrites what it is sent stores: its own PRODID, and a property of its own.
std::string rewritten(const std::string& sent) {
  std::string text = std::regex_replace(sent, std::regex("PRODID:[^\r]*"), "PRODID:-//Server//Rewritten//EN");
  return std::regex_replace(text, std::regex("END:VTODO"), "X-SERVER-ADDED:yes\r\nEND:VTODO");
}

const char* name_of(PutAnswer answer) {
  switch (answer) {
    case PutAnswer::StrongEtag: return "strong ETag";
    case PutAnswer::WeakEtag: return "weak ETag";
    case PutAnswer::NoEtag: return "no ETag";
  }
  return "?";
}

HttpOptions quick_options() {
  HttpOptions options;
  options.connect_timeout = seconds{2};
  options.total_timeout = seconds{5};
  return options;
}

struct Scripted {
  ScriptedCalendar calendar;
  HttpClient client{quick_options()};
  CalDavStorage remote{calendar.url(), client};
  StateDb state = StateDb::in_memory();

  CalendarMirror mirror() {
    MirrorOptions options;
    options.supports_sync_collection = true;
    return CalendarMirror(remote, client, state, options);
  }
  std::size_t asked() const { return calendar.requests().size(); }
  Lines asked_since(std::size_t before) const {
    const Lines all = calendar.requests();
    return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
  }
};

// ---- CalDavStorage: the version written, and whether it is the text sent ---------------------------

TEST(CalDavWrittenVersion, OnlyAStrongEtagInThePutAnswerSaysStoredAsSent) {
  for (const PutAnswer answer : {PutAnswer::StrongEtag, PutAnswer::WeakEtag, PutAnswer::NoEtag}) {
    SCOPED_TRACE(name_of(answer));
    Scripted s;
    const bool strong = answer == PutAnswer::StrongEtag;
    s.calendar.answer_puts(answer);

    std::size_t before = s.asked();
    const WrittenVersion created = s.remote.create_object("followup-a", todo("Send a thank-you note"));
    EXPECT_EQ(created.as_sent, strong);
    // The ETag is the object's real one either way: from the answer, or read after it (never W/).
    EXPECT_EQ(created.ref, (ItemRef{"/cal/followup-a.ics", s.calendar.etag_of("followup-a.ics")}));
    EXPECT_EQ(s.asked_since(before), strong ? Lines{"PUT /cal/followup-a.ics"}
                                            : (Lines{"PUT /cal/followup-a.ics", "PROPFIND /cal/followup-a.ics"}));

    before = s.asked();
    const WrittenVersion updated = s.remote.update_object(created.ref, todo("Send a thank-you note today"));
    EXPECT_EQ(updated.as_sent, strong);
    EXPECT_EQ(updated.ref, (ItemRef{"/cal/followup-a.ics", s.calendar.etag_of("followup-a.ics")}));
    EXPECT_NE(updated.ref.etag, created.ref.etag);
    EXPECT_EQ(s.asked_since(before), strong ? Lines{"PUT /cal/followup-a.ics"}
                                            : (Lines{"PUT /cal/followup-a.ics", "PROPFIND /cal/followup-a.ics"}));

    // create() and update() give the same versions (the Storage interface).
    s.calendar.remove("followup-a.ics");
    const ItemRef ref = s.remote.create("followup-a", todo("Send a thank-you note"));
    EXPECT_EQ(ref, (ItemRef{"/cal/followup-a.ics", s.calendar.etag_of("followup-a.ics")}));
  }
}

// ---- CalendarMirror: the copy keeps only texts the server stored as sent ----------------------------

TEST(CalDavWrittenVersion, MirrorReadsBackWhatItCreatedWhenTheServerDidNotSayStoredAsSent) {
  for (const PutAnswer answer : {PutAnswer::WeakEtag, PutAnswer::NoEtag}) {
    SCOPED_TRACE(name_of(answer));
    Scripted s;
    s.calendar.answer_puts(answer, rewritten);
    CalendarMirror mirror = s.mirror();
    mirror.refresh(now, std::nullopt);

    const std::string sent = todo("Send a thank-you note");
    const ItemRef created = mirror.create("followup-a", sent);
    ASSERT_EQ(s.calendar.text_of("followup-a.ics"), rewritten(sent));
    std::size_t before = s.asked();
    auto got = mirror.get({created.href});
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0].ics, rewritten(sent)) << "the server's text, not the one sent";
    EXPECT_EQ(got[0].ref, created);
    EXPECT_EQ(s.asked_since(before), Lines{"REPORT calendar-multiget /cal/followup-a.ics"});
    // Read once, it is the copy's now.
    before = s.asked();
    EXPECT_EQ(mirror.get({created.href}).at(0).ics, rewritten(sent));
    EXPECT_EQ(s.asked_since(before), Lines{});

    // The same after an update.
    const std::string changed = todo("Send a thank-you note today");
    const ItemRef updated = mirror.update(got[0].ref, changed);
    before = s.asked();
    got = mirror.get({updated.href});
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0].ics, rewritten(changed));
    EXPECT_EQ(got[0].ref, updated);
    EXPECT_EQ(s.asked_since(before), Lines{"REPORT calendar-multiget /cal/followup-a.ics"});

    // And the next run's copy (from the state) has no stale text either.
    before = s.asked();
    CalendarMirror next = s.mirror();
    EXPECT_EQ(next.get({updated.href}).at(0).ics, rewritten(changed));
    EXPECT_EQ(s.asked_since(before), Lines{});
  }
}

TEST(CalDavWrittenVersion, MirrorServesWhatItWroteWithoutARequestWhenStoredAsSent) {
  Scripted s;
  CalendarMirror mirror = s.mirror();
  mirror.refresh(now, std::nullopt);
  const std::string sent = todo("Send a thank-you note");
  const ItemRef created = mirror.create("followup-a", sent);
  std::size_t before = s.asked();
  auto got = mirror.get({created.href});
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].ics, sent);
  EXPECT_EQ(got[0].ref, created);
  EXPECT_EQ(s.asked_since(before), Lines{});

  const std::string changed = todo("Send a thank-you note today");
  const ItemRef updated = mirror.update(created, changed);
  before = s.asked();
  got = mirror.get({updated.href});
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].ics, changed);
  EXPECT_EQ(s.asked_since(before), Lines{});
}

}  // namespace
}  // namespace followup::sync
