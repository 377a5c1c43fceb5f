// IcsFileStorage beyond the contract: a user's own calendar keeps every byte outside the objects
// changed through the store, whatever line ending, folding or case it uses; what changed on disk in
// between, or is not iCalendar, is never overwritten; permissions stay; large files are streamed.
#include "sync/ics_file_storage.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>

#include "ical/errors.hpp"
#include "storage_test_support.hpp"
#include "sync/generated_item.hpp"
#include "sync/href.hpp"

namespace followup::sync {
namespace {

using namespace testing;

std::string with_lf(const std::string& text) {
  std::string out;
  for (const char c : text)
    if (c != '\r') out += c;
  return out;
}

// A user's calendar as a calendar app exports it: X-WR-CALNAME, a VTIMEZONE, a weekly event whose
// moved occurrence (RECURRENCE-ID) comes after an unrelated VTODO, a folded UID, a folded SUMMARY,
// non-ASCII text, a VALARM, and an event written in lower case (RFC 5545 §3.1: names are
// case-insensitive).
std::string user_calendar_text() {
  return "BEGIN:VCALENDAR\n"
         "VERSION:2.0\n"
         "PRODID:-//Apple Inc.//macOS 14.5//EN\n"
         "CALSCALE:GREGORIAN\n"
         "X-WR-CALNAME:Job search\n"
         "X-WR-TIMEZONE:Europe/Berlin\n" +
         std::string(with_lf(berlin_zone())) +
         "BEGIN:VEVENT\n"
         "UID:weekly-standup-2026@example.com\n"
         "DTSTAMP:20260105T090000Z\n"
         "DTSTART;TZID=Europe/Berlin:20260105T093000\n"
         "DTEND;TZID=Europe/Berlin:20260105T094500\n"
         "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=26\n"
         "SUMMARY:Weekly standup with the recruiting team about open positions and \n"
         " the pipeline\n"
         "END:VEVENT\n"
         "BEGIN:VTODO\n"
         "UID:todo-update-cv-2026-with-a-uid-long-enough-to-be-folded-by-the-ap\n"
         " p@example.com\n"
         "DTSTAMP:20260105T090000Z\n"
         "SUMMARY:Update CV – add the Müller project\n"
         "DUE;VALUE=DATE:20260110\n"
         "END:VTODO\n"
         "BEGIN:VEVENT\n"
         "UID:weekly-standup-2026@example.com\n"
         "RECURRENCE-ID;TZID=Europe/Berlin:20260112T093000\n"
         "DTSTAMP:20260105T090000Z\n"
         "DTSTART;TZID=Europe/Berlin:20260112T100000\n"
         "DTEND;TZID=Europe/Berlin:20260112T101500\n"
         "SUMMARY:Weekly standup (moved)\n"
         "END:VEVENT\n"
         "begin:vevent\n"
         "uid:interview-acme@example.com\n"
         "dtstamp:20260105T090000Z\n"
         "dtstart;tzid=\"Europe/Berlin\":20260113T100000\n"
         "dtend;tzid=Europe/Berlin:20260113T110000\n"
         "summary:Interview with Acme – Marketing Manager\n"
         "BEGIN:VALARM\n"
         "ACTION:DISPLAY\n"
         "TRIGGER:-PT15M\n"
         "DESCRIPTION:Interview\n"
         "END:VALARM\n"
         "end:vevent\n"
         "END:VCALENDAR\n";
}

const std::string kStandupUid = "weekly-standup-2026@example.com";
const std::string kTodoUid = "todo-update-cv-2026-with-a-uid-long-enough-to-be-folded-by-the-app@example.com";
const std::string kInterviewUid = "interview-acme@example.com";

// Where the store appends: the start of the last END:VCALENDAR line.
std::size_t append_point(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::size_t end = lower.rfind("end:vcalendar");
  const std::size_t line_start = text.rfind('\n', end);
  return line_start == std::string::npos ? 0 : line_start + 1;
}

std::string inserted_at(const std::string& text, std::size_t at, const std::string& insertion) {
  return text.substr(0, at) + insertion + text.substr(at);
}

std::map<std::string, std::string> etags(Storage& store) {
  std::map<std::string, std::string> out;
  for (const auto& ref : store.list()) out[ref.href] = ref.etag;
  return out;
}

class IcsFileStorageTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::filesystem::path file = dir.path() / "calendar.ics";
};

TEST_F(IcsFileStorageTest, ObjectsOfAUsersCalendarAreGroupedByUid) {
  write_file(file, crlf(user_calendar_text()));
  IcsFileStorage store(file);
  const auto refs = etags(store);
  EXPECT_EQ(refs.size(), 3U);
  EXPECT_TRUE(refs.contains(file_name_for_uid(kStandupUid)));
  EXPECT_TRUE(refs.contains(file_name_for_uid(kTodoUid)));       // its UID was folded
  EXPECT_TRUE(refs.contains(file_name_for_uid(kInterviewUid)));  // written in lower case

  // The recurring event: master and override (elsewhere in the file), with the VTIMEZONE they use.
  const auto standup = store.get({file_name_for_uid(kStandupUid)});
  ASSERT_EQ(standup.size(), 1U);
  const std::string& text = standup[0].ics;
  EXPECT_TRUE(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 14.5//EN\r\n")) << text;
  EXPECT_TRUE(text.ends_with("END:VCALENDAR\r\n"));
  EXPECT_NE(text.find(berlin_zone()), std::string::npos);
  EXPECT_NE(text.find("RRULE:FREQ=WEEKLY"), std::string::npos);
  EXPECT_NE(text.find("RECURRENCE-ID"), std::string::npos);
  EXPECT_EQ(text.find("Update CV"), std::string::npos);
  std::vector<ical::ReadProblem> problems;
  const auto items = parse_object(text, "standup", problems);
  for (const auto& p : problems) ADD_FAILURE() << p.where << ": " << p.reason;
  EXPECT_FALSE(items.empty());
  EXPECT_TRUE(
      std::any_of(items.begin(), items.end(), [](const auto& i) { return i.summary == "Weekly standup (moved)"; }));
}

TEST_F(IcsFileStorageTest, FollowUpIsCreatedUpdatedAndRemovedLeavingEveryOtherByte) {
  const std::string original = crlf(user_calendar_text());
  write_file(file, original);
  const std::string uid = "followup-thank-you-acme";
  const auto users_etags = etags(*std::make_unique<IcsFileStorage>(file));

  IcsFileStorage store(file);
  const ItemRef created = store.create(uid, follow_up_object(uid, "Send a thank-you note", "Europe/Berlin"));
  EXPECT_EQ(read_file(file), original) << "nothing is written before flush()";
  store.flush();
  // The file already has Europe/Berlin: only the VTODO is added, at the end of the calendar.
  const std::size_t at = append_point(original);
  EXPECT_EQ(read_file(file), inserted_at(original, at, follow_up_todo(uid, "Send a thank-you note", "Europe/Berlin")));
  {
    IcsFileStorage fresh(file);
    auto after = etags(fresh);
    EXPECT_EQ(after[created.href], created.etag) << "the tag create() gave is the one the file has";
    after.erase(created.href);
    EXPECT_EQ(after, users_etags);
  }

  const ItemRef updated =
      store.update(created, follow_up_object(uid, "Send a thank-you note (done?)", "Europe/Berlin"));
  store.flush();
  EXPECT_EQ(read_file(file),
            inserted_at(original, at, follow_up_todo(uid, "Send a thank-you note (done?)", "Europe/Berlin")));
  EXPECT_EQ(etags(*std::make_unique<IcsFileStorage>(file))[updated.href], updated.etag);

  store.remove(updated);
  store.flush();
  EXPECT_EQ(read_file(file), original);
  EXPECT_EQ(etags(*std::make_unique<IcsFileStorage>(file)), users_etags);
}

TEST_F(IcsFileStorageTest, UpdatingARecurringEventReplacesMasterAndOverrideInPlaceOfTheFirst) {
  const std::string original = crlf(user_calendar_text());
  write_file(file, original);
  IcsFileStorage store(file);
  const std::string href = file_name_for_uid(kStandupUid);
  const ItemRef ref{href, etags(store)[href]};
  const std::string replacement = crlf(
      "BEGIN:VEVENT\nUID:" + kStandupUid +
      "\nDTSTAMP:20260106T090000Z\n"
      "DTSTART;TZID=Europe/Berlin:20260105T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO\nSUMMARY:Standup, earlier\nEND:VEVENT\n");
  store.update(ref, crlf("BEGIN:VCALENDAR\nVERSION:2.0\n") + berlin_zone() + replacement + crlf("END:VCALENDAR\n"));
  store.flush();

  const std::size_t master = original.find("BEGIN:VEVENT\r\nUID:" + kStandupUid);
  const std::size_t master_end = original.find("END:VEVENT\r\n", master) + 12;
  const std::size_t override_begin = original.find("BEGIN:VEVENT\r\nUID:" + kStandupUid, master_end);
  const std::size_t override_end = original.find("END:VEVENT\r\n", override_begin) + 12;
  EXPECT_EQ(read_file(file), original.substr(0, master) + replacement +
                                 original.substr(master_end, override_begin - master_end) +
                                 original.substr(override_end));
}

TEST_F(IcsFileStorageTest, AMissingTimeZoneIsAddedOnce) {
  const std::string original = crlf(user_calendar_text());
  write_file(file, original);
  IcsFileStorage store(file);
  store.create("followup-a", follow_up_object("followup-a", "A", "America/New_York"));
  store.create("followup-b", follow_up_object("followup-b", "B", "America/New_York"));
  store.flush();
  const std::string text = read_file(file);
  EXPECT_EQ(text, inserted_at(original, append_point(original),
                              new_york_zone() + follow_up_todo("followup-a", "A", "America/New_York") +
                                  follow_up_todo("followup-b", "B", "America/New_York")));
  IcsFileStorage fresh(file);
  const auto b = fresh.get({"followup-b.ics"});
  ASSERT_EQ(b.size(), 1U);
  EXPECT_NE(b[0].ics.find(new_york_zone()), std::string::npos);
  // Removing them leaves the zone: other objects may use it.
  for (const auto& ref : fresh.list())
    if (ref.href.starts_with("followup-")) fresh.remove(ref);
  fresh.flush();
  EXPECT_EQ(read_file(file), inserted_at(original, append_point(original), new_york_zone()));
}

TEST_F(IcsFileStorageTest, AnLfFileStaysLf) {
  const std::string original = user_calendar_text();
  write_file(file, original);
  IcsFileStorage store(file);
  const ItemRef ref = store.create("followup-a", follow_up_object("followup-a", "A", "America/New_York"));
  store.flush();
  const std::string text = read_file(file);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text, inserted_at(original, append_point(original),
                              with_lf(new_york_zone() + follow_up_todo("followup-a", "A", "America/New_York"))));
  EXPECT_EQ(etags(*std::make_unique<IcsFileStorage>(file))[ref.href], ref.etag);
  const auto got = store.get({ref.href});
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].ics.find('\r'), std::string::npos);
}

TEST_F(IcsFileStorageTest, AMissingFileIsCreatedByFlushWithACalendarAroundTheObjects) {
  IcsFileStorage store(file);
  EXPECT_TRUE(store.list().empty());
  store.flush();
  EXPECT_FALSE(std::filesystem::exists(file)) << "nothing to write, nothing written";
  store.create("followup-a", follow_up_object("followup-a", "A", "Europe/Berlin"));
  EXPECT_FALSE(std::filesystem::exists(file));
  store.flush();
  EXPECT_EQ(read_file(file), crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//followup//followup 0.1//EN\n") +
                                 berlin_zone() + follow_up_todo("followup-a", "A", "Europe/Berlin") +
                                 crlf("END:VCALENDAR\n"));
  EXPECT_EQ(permission_bits(file), 0600U);
}

TEST_F(IcsFileStorageTest, AFileInAMissingFolderIsCreatedWithTheFolder) {
  const auto nested = dir.path() / "a" / "b" / "followups.ics";
  IcsFileStorage store(nested);
  store.create("followup-a", follow_up_object("followup-a", "A"));
  store.flush();
  EXPECT_TRUE(std::filesystem::is_regular_file(nested));
  EXPECT_EQ(permission_bits(dir.path() / "a"), 0700U);
}

TEST_F(IcsFileStorageTest, AnEmptyFileIsTakenAsAnEmptyCalendar) {
  write_file(file, "");
  ::chmod(file.c_str(), 0640);
  IcsFileStorage store(file);
  EXPECT_TRUE(store.list().empty());
  store.create("followup-a", follow_up_object("followup-a", "A"));
  store.flush();
  EXPECT_TRUE(read_file(file).starts_with("BEGIN:VCALENDAR\r\n"));
  EXPECT_EQ(permission_bits(file), 0640U);
}

TEST_F(IcsFileStorageTest, FileChangedOnDiskBeforeFlushIsAConflictAndStaysAsTheOtherProgramLeftIt) {
  const std::string original = crlf(user_calendar_text());
  write_file(file, original);
  IcsFileStorage store(file);
  store.create("followup-a", follow_up_object("followup-a", "A"));
  // Another program adds an event meanwhile.
  const std::string theirs = inserted_at(original, append_point(original), follow_up_todo("their-todo", "Theirs"));
  write_file(file, theirs);
  try {
    store.flush();
    ADD_FAILURE() << "no Conflict";
  } catch (const Conflict& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_file(file), theirs);
  // The buffered write is dropped, and the file read again.
  const auto now = etags(store);
  EXPECT_TRUE(now.contains("their-todo.ics"));
  EXPECT_FALSE(now.contains("followup-a.ics"));
}

TEST_F(IcsFileStorageTest, SameBytesUnderANewInodeOrTimeAreAConflictToo) {
  const std::string original = crlf(user_calendar_text());
  write_file(file, original);
  {
    IcsFileStorage store(file);
    store.create("followup-a", follow_up_object("followup-a", "A"));
    // An editor saving by rename: same bytes, a new file.
    write_file(dir.path() / "saved.ics", original);
    std::filesystem::rename(dir.path() / "saved.ics", file);
    EXPECT_THROW(store.flush(), Conflict);
    EXPECT_EQ(read_file(file), original);
  }
  {
    IcsFileStorage store(file);
    store.create("followup-a", follow_up_object("followup-a", "A"));
    // Touched in place: same bytes, a new modification time.
    const timespec times[2] = {{0, UTIME_OMIT}, {1'000'000'000, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
    EXPECT_THROW(store.flush(), Conflict);
    EXPECT_EQ(read_file(file), original);
  }
  {
    IcsFileStorage store(file);
    store.create("followup-a", follow_up_object("followup-a", "A"));
    std::filesystem::remove(file);
    EXPECT_THROW(store.flush(), Conflict);
    EXPECT_FALSE(std::filesystem::exists(file));
  }
  {
    IcsFileStorage store(file);  // missing when read
    store.create("followup-a", follow_up_object("followup-a", "A"));
    write_file(file, original);
    EXPECT_THROW(store.flush(), Conflict);
    EXPECT_EQ(read_file(file), original);
  }
}

TEST_F(IcsFileStorageTest, WhatIsNotICalendarIsBadInputAndNeverOverwritten) {
  for (const std::string& content :
       {std::string("Dear diary,\nto do: write follow-ups\n"),
        crlf("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nEND:VCALENDAR\n"), std::string(100'000, '\x7f')}) {
    write_file(file, content);
    IcsFileStorage store(file);
    try {
      store.list();
      ADD_FAILURE() << "no BadInput";
    } catch (const BadInput& e) {
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
    EXPECT_THROW(store.create("followup-a", follow_up_object("followup-a", "A")), BadInput);
    EXPECT_THROW(store.get({"a.ics"}), BadInput);
    store.flush();
    EXPECT_EQ(read_file(file), content);
  }
}

TEST_F(IcsFileStorageTest, PermissionBitsArePreserved) {
  write_file(file, crlf(user_calendar_text()));
  ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
  IcsFileStorage store(file);
  store.create("followup-a", follow_up_object("followup-a", "A"));
  store.flush();
  EXPECT_EQ(permission_bits(file), 0640U);
}

TEST_F(IcsFileStorageTest, ASymbolicLinkStaysALink) {
  const auto target = dir.path() / "real.ics";
  write_file(target, crlf(user_calendar_text()));
  std::filesystem::create_symlink(target, file);
  IcsFileStorage store(file);
  store.create("followup-a", follow_up_object("followup-a", "A"));
  store.flush();
  EXPECT_TRUE(std::filesystem::is_symlink(file));
  EXPECT_NE(read_file(target).find("UID:followup-a"), std::string::npos);
}

TEST_F(IcsFileStorageTest, NoTemporaryFileIsLeftBehind) {
  write_file(file, crlf(user_calendar_text()));
  IcsFileStorage store(file);
  store.create("followup-a", follow_up_object("followup-a", "A"));
  store.flush();
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"calendar.ics"});
}

TEST_F(IcsFileStorageTest, AnObjectEditedByTheUserGetsANewEtagAndTheOthersKeepTheirs) {
  const std::string original = crlf(user_calendar_text());
  write_file(file, original);
  const auto before = etags(*std::make_unique<IcsFileStorage>(file));
  std::string edited = original;
  edited.replace(edited.find("add the Müller project"), 22, "add the Schulz project");
  write_file(file, edited);
  auto after = etags(*std::make_unique<IcsFileStorage>(file));
  EXPECT_NE(after[file_name_for_uid(kTodoUid)], before.at(file_name_for_uid(kTodoUid)));
  after[file_name_for_uid(kTodoUid)] = before.at(file_name_for_uid(kTodoUid));
  EXPECT_EQ(after, before);
}

TEST_F(IcsFileStorageTest, ComponentsWithoutUidAndRepeatedUidsGetHrefsNobodyCreates) {
  const std::string original = crlf(
      "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:no uid\nEND:VEVENT\nBEGIN:VEVENT\nUID:same\nEND:VEVENT\n"
      "BEGIN:VFREEBUSY\nUID:fb\nEND:VFREEBUSY\nEND:VCALENDAR\n"
      "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:same\nSUMMARY:other calendar\nEND:VEVENT\nEND:VCALENDAR\n");
  write_file(file, original);
  IcsFileStorage store(file);
  const auto refs = store.list();
  ASSERT_EQ(refs.size(), 3U);
  int synthetic = 0;
  for (const auto& ref : refs) {
    if (ref.href.starts_with('.')) ++synthetic;
    const auto got = store.get({ref.href});
    ASSERT_EQ(got.size(), 1U);
  }
  EXPECT_EQ(synthetic, 2);
  EXPECT_THROW(store.create("same", follow_up_object("same", "mine")), AlreadyExists);
  store.create("followup-a", follow_up_object("followup-a", "A"));
  store.flush();
  EXPECT_EQ(read_file(file), inserted_at(original, append_point(original), follow_up_todo("followup-a", "A")));
}

TEST_F(IcsFileStorageTest, ObjectTextMustHoldTheObjectsUid) {
  IcsFileStorage store(file);
  EXPECT_THROW(store.create("followup-a", follow_up_object("followup-b", "B")), BadInput);
  EXPECT_THROW(store.create("followup-a", "not a calendar"), BadInput);
  EXPECT_THROW(store.create("followup-a", crlf("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")), BadInput);
  const ItemRef ref = store.create("followup-a", follow_up_object("followup-a", "A"));
  EXPECT_THROW(store.update(ref, follow_up_object("followup-b", "B")), BadInput);
  EXPECT_EQ(store.list(), std::vector<ItemRef>{ref});
}

TEST_F(IcsFileStorageTest, IoFailureIsIoErrorNamingTheFile) {
  write_file(dir.path() / "not-a-folder", "x");
  IcsFileStorage store(dir.path() / "not-a-folder" / "calendar.ics");
  store.create("followup-a", follow_up_object("followup-a", "A"));
  try {
    store.flush();
    ADD_FAILURE() << "no IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("not-a-folder"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Not a directory"), std::string::npos) << e.what();
  }
}

long peak_rss_kib() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST_F(IcsFileStorageTest, ATwentyMegabyteCalendarIsStreamed) {
  // 10,000 events of 2 KB, written a line at a time: this test holds no copy of the file either.
  constexpr int kEvents = 10'000;
  const std::string description(2000, 'x');
  {
    std::ofstream out(file, std::ios::binary);
    out << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Big//EN\r\n";
    for (int i = 0; i < kEvents; ++i) {
      out << "BEGIN:VEVENT\r\nUID:event-" << i << "@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
          << "DTSTART:20260101T100000Z\r\nSUMMARY:Event " << i << "\r\nDESCRIPTION:";
      for (std::size_t at = 0; at < description.size(); at += 74)
        out << (at ? "\r\n " : "") << description.substr(at, 74);
      out << "\r\nEND:VEVENT\r\n";
    }
    out << "END:VCALENDAR\r\n";
  }
  const auto size = std::filesystem::file_size(file);
  ASSERT_GT(size, 20'000'000U);
  const long before = peak_rss_kib();
  {
    IcsFileStorage store(file);
    EXPECT_EQ(store.list().size(), static_cast<std::size_t>(kEvents));
    const auto one = store.get({"event-4242~40example.com.ics"});
    ASSERT_EQ(one.size(), 1U);
    EXPECT_NE(one[0].ics.find("SUMMARY:Event 4242\r\n"), std::string::npos);
    store.create("followup-a", follow_up_object("followup-a", "A"));
    store.flush();
    EXPECT_EQ(store.list().size(), static_cast<std::size_t>(kEvents) + 1);
  }
  // One-sided (an earlier test may have raised the peak already): the peak grows by the index (some
  // 450 bytes an event), never by the file.
  std::cout << "peak grew by " << peak_rss_kib() - before << " KiB for a " << size / 1024 << " KiB file\n";
  EXPECT_LT(peak_rss_kib() - before, static_cast<long>(size / 1024));
  const std::string added = follow_up_todo("followup-a", "A");
  EXPECT_EQ(std::filesystem::file_size(file), size + added.size());
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(size - 15));
  std::string tail(added.size() + 15, '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  EXPECT_EQ(tail, added + "END:VCALENDAR\r\n");
}

}  // namespace
}  // namespace followup::sync
