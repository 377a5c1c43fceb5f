// `followup status` and `followup outcome` (issue 5) end to end against the Radicale fixture
// (tests/servers/README.md), running the real executable: each test has scratch calendars of its own
// (interviews, follow-ups, tasks) holding the RULES.md §6 worked example and a second interview, and a
// state folder of its own. A missing .env file fails the test.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <regex>

#include "run_command.hpp"
#include "sync/caldav_storage.hpp"
#include "temp_dir.hpp"
#include "tests/sync/caldav_test_server.hpp"

using namespace followup::testing;
using followup::sync::CalDavStorage;
using followup::sync::HttpClient;
using followup::sync::StoredItem;
using followup::sync::testing::random_uuid;
using followup::sync::testing::read_test_server_env;
using followup::sync::testing::ScratchCalendar;
namespace fs = std::filesystem;

namespace {

const std::string now_arg = " --now 2026-01-13T12:00:00+01:00";

std::string vevent(const std::string& uid, const std::string& day_and_time, const std::string& end_time,
                   const std::string& summary, const std::string& lines) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup tests//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
         "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:" + day_and_time +
         "\r\nDTEND;TZID=Europe/Berlin:" + day_and_time.substr(0, 9) + end_time + "\r\nSUMMARY:" + summary + "\r\n" +
         lines + "END:VEVENT\r\nEND:VCALENDAR\r\n";
}

class StatusOutcome : public ::testing::Test {
 protected:
  void SetUp() override {
    // RULES.md §6: Tuesday 2026-01-13 10:00–11:00 Berlin, Mr. Finn, "They'll decide by Thursday".
    put(acme_uid_, vevent(acme_uid_, "20260113T100000", "110000", "Interview with Acme – Marketing Manager",
                          "DESCRIPTION:They'll decide by Thursday\r\nATTENDEE;CN=Mr. Finn:mailto:finn@acme.example\r\n"
                          "ATTENDEE;CN=Me:mailto:me@example.com\r\n"));
    // Wednesday 2026-01-14 14:00–15:00, no decision date promised.
    put(initech_uid_, vevent(initech_uid_, "20260114T140000", "150000", "Interview with Initech – Backend Engineer",
                             "ATTENDEE;CN=Peter Gibbons:mailto:peter@initech.example\r\n"));
    const auto file = dir_ / "config.ini";
    write_file(file, "[caldav]\nurl = " + env_["FOLLOWUP_TEST_URL"] + "\nusername = " + env_["FOLLOWUP_TEST_USER"] +
                         "\npassword = " + env_["FOLLOWUP_TEST_PASSWORD"] + "\ncalendars = " + interviews_.url() +
                         "\nfollowups_calendar = " + followups_.url() + "\ntasks_calendar = " + tasks_.url() +
                         "\ntimeout = 20s\n\n[rules]\ntimezone = Europe/Berlin\nme = me@example.com\n");
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    config_ = " --config " + followup::testing::quoted(file.string());
  }

  void put(const std::string& uid, const std::string& ics) {
    HttpClient client(interviews_.options());
    const auto r = client.perform({"PUT", interviews_.url() + uid + ".ics", {{"Content-Type", "text/calendar; charset=utf-8"}}, ics});
    ASSERT_TRUE(r.status == 201 || r.status == 204) << r.status << " " << r.body;
  }

  RunResult followup(const std::string& args) { return run_followup(args + config_ + now_arg); }

  // The interview's object exactly as the server gives it.
  std::string get_interview(const std::string& uid) {
    HttpClient client(interviews_.options());
    const auto r = client.perform({"GET", interviews_.url() + uid + ".ics", {}, ""});
    EXPECT_EQ(r.status, 200);
    return r.body;
  }

  // href -> ETag of every object in every scratch calendar (hrefs are paths: unique on the server).
  std::map<std::string, std::string> etags() {
    std::map<std::string, std::string> out;
    for (const ScratchCalendar* c : {&interviews_, &followups_, &tasks_}) {
      CalDavStorage store(c->url(), c->options());
      for (const auto& ref : store.list()) out[ref.href] = ref.etag;
    }
    return out;
  }

  // The ETag of the interview's object (its href spells the '@' of the UID as it likes: %40 or not).
  std::string interview_etag(const std::string& uid) {
    for (const auto& [href, etag] : etags())
      if (href.find(uid.substr(0, uid.find('@'))) != std::string::npos) return etag;
    ADD_FAILURE() << "no object for " << uid;
    return "";
  }

  // The objects of a calendar that belong to an interview (RELATED-TO its UID).
  std::vector<StoredItem> related(const ScratchCalendar& calendar, const std::string& interview_uid) {
    CalDavStorage store(calendar.url(), calendar.options());
    std::vector<std::string> hrefs;
    for (const auto& ref : store.list()) hrefs.push_back(ref.href);
    std::vector<StoredItem> out;
    for (auto& object : store.get(hrefs))
      if (object.ics.find("RELATED-TO:" + interview_uid + "\r\n") != std::string::npos) out.push_back(object);
    return out;
  }

  // Their hrefs and ETags: what tells that nothing of theirs changed.
  std::vector<followup::sync::ItemRef> refs_of(const std::vector<StoredItem>& objects) {
    std::vector<followup::sync::ItemRef> out;
    for (const auto& o : objects) out.push_back(o.ref);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.href < b.href; });
    return out;
  }

  // The user ticks the thank-you off in the task list (another client: new STATUS, COMPLETED, ETag).
  void complete_thank_you(const std::string& interview_uid) {
    for (const auto& o : related(tasks_, interview_uid))
      if (o.ics.find("X-FOLLOWUP-KIND:thank-you\r\n") != std::string::npos) {
        const std::string done = std::regex_replace(o.ics, std::regex("STATUS:NEEDS-ACTION\r\n"),
                                                    "STATUS:COMPLETED\r\nCOMPLETED:20260113T150000Z\r\n");
        ASSERT_NE(done, o.ics);
        CalDavStorage(tasks_.url(), tasks_.options()).update(o.ref, done);
        return;
      }
    FAIL() << "no thank-you for " << interview_uid;
  }

  static std::size_t count_kind(const std::vector<StoredItem>& objects, const std::string& kind) {
    std::size_t n = 0;
    for (const auto& o : objects) n += o.ics.find("X-FOLLOWUP-KIND:" + kind + "\r\n") != std::string::npos;
    return n;
  }

  // Every file under the state folder (XDG_STATE_HOME), named with its size and a digest of its
  // contents. `databases_only`: the state databases themselves, without the lock files a run takes and
  // SQLite's -wal/-shm companions (which a read leaves behind, empty).
  std::map<std::string, std::string> state_files(bool databases_only) {
    std::map<std::string, std::string> out;
    const auto state = dir_ / "state";
    if (!fs::exists(state)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(state)) {
      if (!entry.is_regular_file()) continue;
      if (databases_only && entry.path().extension() != ".sqlite3") continue;
      const std::string contents = read_file(entry.path());
      out[entry.path().filename().string()] =
          std::to_string(contents.size()) + " bytes, digest " + std::to_string(std::hash<std::string>{}(contents));
    }
    return out;
  }

  std::map<std::string, std::string> env_ = read_test_server_env("radicale");
  ScratchCalendar interviews_{"radicale"};
  ScratchCalendar followups_{"radicale"};
  ScratchCalendar tasks_{"radicale"};
  TempDir dir_;
  std::string config_;
  std::string acme_uid_ = "acme-" + random_uuid() + "@example.com";
  std::string initech_uid_ = "initech-" + random_uuid() + "@example.com";
};

}  // namespace

TEST_F(StatusOutcome, StatusListsBothInterviewsWithStageAndNextActionAndChangesNothing) {
  const auto before = etags();
  ASSERT_EQ(before.size(), 2u);

  const auto r = followup("status --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc.at("interviews").size(), 2u) << r.out;
  EXPECT_EQ(doc.at("errors").size(), 0u) << r.out;
  const auto& acme = doc["interviews"][0];  // in the order of their start
  EXPECT_EQ(acme.at("uid"), acme_uid_);
  EXPECT_EQ(acme.at("company"), "Acme");
  EXPECT_EQ(acme.at("position"), "Marketing Manager");
  EXPECT_EQ(acme.at("start"), "2026-01-13T10:00:00+01:00");
  EXPECT_EQ(acme.at("stage"), "thank-you-due");
  EXPECT_EQ(acme.at("stage_text"), "thank-you due");
  EXPECT_EQ(acme.at("next").at("action"), "send the thank-you to Mr. Finn");
  EXPECT_EQ(acme.at("next").at("when"), "2026-01-14T11:00:00+01:00");
  EXPECT_EQ(acme.at("overdue"), false);
  const auto& initech = doc["interviews"][1];
  EXPECT_EQ(initech.at("uid"), initech_uid_);
  EXPECT_EQ(initech.at("company"), "Initech");
  EXPECT_EQ(initech.at("position"), "Backend Engineer");
  EXPECT_EQ(initech.at("stage"), "upcoming");
  EXPECT_EQ(initech.at("next").at("action"), "the interview");
  EXPECT_EQ(initech.at("next").at("when"), "2026-01-14T14:00:00+01:00");

  // Nothing written: not the server, not the state folder (status keeps no state of its own).
  EXPECT_EQ(etags(), before);
  EXPECT_EQ(state_files(false), (std::map<std::string, std::string>{}));

  // The table: one line each, the stage and the next action with its local time.
  const auto text = followup("status");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(std::regex_search(text.out, std::regex("Acme, Marketing Manager +thank-you due +next: send the thank-you "
                                                     "to Mr\\. Finn, Wed 14 Jan 11:00\n")))
      << text.out;
  EXPECT_TRUE(std::regex_search(text.out, std::regex("Initech, Backend Engineer +interview ahead +next: the interview, "
                                                     "Wed 14 Jan 14:00\n")))
      << text.out;

  // After a sync the state exists; status leaves it (and the server) as it is.
  ASSERT_EQ(followup("sync -q").exit_code, 0);
  const auto synced = etags();
  const auto state = state_files(true);
  ASSERT_FALSE(state.empty());
  const auto again = followup("status --json");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(etags(), synced);
  EXPECT_EQ(state_files(true), state);
  // The thank-you is now a task in the list, still to do.
  EXPECT_EQ(nlohmann::json::parse(again.out)["interviews"][0]["stage"], "thank-you-due") << again.out;
}

TEST_F(StatusOutcome, OutcomeRecordsATaskRemovesTheCheckInsLeavesTheEventAndSyncKeepsIt) {
  ASSERT_EQ(followup("sync -q").exit_code, 0);
  ASSERT_EQ(count_kind(related(followups_, acme_uid_), "check-in"), 2u);
  ASSERT_EQ(count_kind(related(followups_, acme_uid_), "move-on"), 1u);
  const auto event_before = get_interview(acme_uid_);
  const auto event_etag_before = interview_etag(acme_uid_);
  const auto initech_before = refs_of(related(followups_, initech_uid_));

  const auto r = followup("outcome acme rejected");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Recorded 'Outcome: rejected' for Interview with Acme – Marketing Manager"), std::string::npos)
      << r.out;

  // The record: an all-day marker in the check-ins' calendar, related to the interview, saying the
  // outcome (not a completed task: task lists get those cleared).
  const auto records = related(followups_, acme_uid_);
  ASSERT_EQ(count_kind(records, "outcome"), 1u);
  for (const auto& t : records)
    if (t.ics.find("X-FOLLOWUP-KIND:outcome\r\n") != std::string::npos) {
      EXPECT_NE(t.ics.find("BEGIN:VEVENT"), std::string::npos) << t.ics;
      EXPECT_NE(t.ics.find("DTSTART;VALUE=DATE:"), std::string::npos) << t.ics;
      EXPECT_NE(t.ics.find("DESCRIPTION:Outcome: rejected"), std::string::npos) << t.ics;
    }
  EXPECT_EQ(count_kind(related(tasks_, acme_uid_), "outcome"), 0u);
  EXPECT_EQ(count_kind(related(tasks_, acme_uid_), "thank-you"), 1u) << "the thank-you stays";
  // Acme's pending check-ins and move-on are gone; Initech's are as they were.
  EXPECT_EQ(count_kind(related(followups_, acme_uid_), "check-in"), 0u);
  EXPECT_EQ(count_kind(related(followups_, acme_uid_), "move-on"), 0u);
  EXPECT_EQ(refs_of(related(followups_, initech_uid_)), initech_before);
  // The user's event: byte for byte as it was, same ETag.
  EXPECT_EQ(get_interview(acme_uid_), event_before);
  EXPECT_EQ(interview_etag(acme_uid_), event_etag_before);
  const auto after = etags();

  // status tells the outcome.
  const auto status = followup("status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto doc = nlohmann::json::parse(status.out);
  EXPECT_EQ(doc["interviews"][0]["stage"], "decided") << status.out;
  EXPECT_EQ(doc["interviews"][0]["stage_text"], "rejected") << status.out;

  // A sync after it changes nothing and keeps the record; a sync days later too, and nothing of Acme's
  // chain comes back.
  const auto sync = followup("sync");
  EXPECT_EQ(sync.exit_code, 0) << sync.err;
  EXPECT_EQ(sync.out, "") << "nothing changed";
  EXPECT_EQ(etags(), after);
  const auto later = run_followup("sync -q" + config_ + " --now 2026-01-20T12:00:00+01:00");
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(count_kind(related(followups_, acme_uid_), "outcome"), 1u);
  EXPECT_EQ(count_kind(related(followups_, acme_uid_), "check-in"), 0u);
  EXPECT_EQ(count_kind(related(followups_, acme_uid_), "move-on"), 0u);
  EXPECT_EQ(get_interview(acme_uid_), event_before);
}

TEST_F(StatusOutcome, AmbiguousOrUnknownInterviewsAndAMissingDateChangeNothing) {
  ASSERT_EQ(followup("sync -q").exit_code, 0);
  const auto before = etags();
  const auto state = state_files(true);

  // "interview" is in both summaries: both listed, with their UIDs, and nothing changed.
  const auto both = followup("outcome interview rejected");
  EXPECT_EQ(both.exit_code, 2) << both.out << both.err;
  EXPECT_NE(both.err.find("matches 2 interviews"), std::string::npos) << both.err;
  EXPECT_NE(both.err.find("Interview with Acme – Marketing Manager"), std::string::npos) << both.err;
  EXPECT_NE(both.err.find("Interview with Initech – Backend Engineer"), std::string::npos) << both.err;
  EXPECT_NE(both.err.find(acme_uid_), std::string::npos) << both.err;
  EXPECT_NE(both.err.find(initech_uid_), std::string::npos) << both.err;
  EXPECT_NE(both.err.find("nothing was changed"), std::string::npos) << both.err;
  EXPECT_EQ(etags(), before);

  const auto none = followup("outcome globex offer");
  EXPECT_EQ(none.exit_code, 2) << none.out << none.err;
  EXPECT_NE(none.err.find("no interview"), std::string::npos) << none.err;
  EXPECT_EQ(etags(), before);

  const auto no_date = followup("outcome initech waiting-until");
  EXPECT_EQ(no_date.exit_code, 2) << no_date.out << no_date.err;
  EXPECT_NE(no_date.err.find("takes a date"), std::string::npos) << no_date.err;
  const auto bad_date = followup("outcome initech waiting-until someday");
  EXPECT_EQ(bad_date.exit_code, 2) << bad_date.out << bad_date.err;
  const auto not_an_outcome = followup("outcome initech maybe");
  EXPECT_EQ(not_an_outcome.exit_code, 2) << not_an_outcome.out << not_an_outcome.err;

  EXPECT_EQ(etags(), before);
  EXPECT_EQ(state_files(true), state);
}

TEST_F(StatusOutcome, AnInterviewNamedByItsUid) {
  ASSERT_EQ(followup("sync -q").exit_code, 0);
  const auto initech_before = refs_of(related(followups_, initech_uid_));
  const auto r = followup("outcome " + followup::testing::quoted(acme_uid_) + " offer");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto records = related(followups_, acme_uid_);
  ASSERT_EQ(count_kind(records, "outcome"), 1u);
  bool says_offer = false;
  for (const auto& t : records) says_offer |= t.ics.find("DESCRIPTION:Outcome: offer") != std::string::npos;
  EXPECT_TRUE(says_offer);
  EXPECT_EQ(count_kind(related(followups_, acme_uid_), "check-in"), 0u);
  EXPECT_EQ(count_kind(related(followups_, initech_uid_), "outcome"), 0u);
  EXPECT_EQ(refs_of(related(followups_, initech_uid_)), initech_before);
}

TEST_F(StatusOutcome, WaitingUntilMovesTheNextCheckIn) {
  ASSERT_EQ(followup("sync -q").exit_code, 0);
  complete_thank_you(acme_uid_);
  const auto r = followup("outcome acme waiting-until 2026-01-28");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto checkins = related(followups_, acme_uid_);
  ASSERT_EQ(count_kind(checkins, "check-in"), 2u);
  bool on_29th = false;
  for (const auto& c : checkins) on_29th |= c.ics.find("DTSTART;TZID=Europe/Berlin:20260129T090000") != std::string::npos;
  EXPECT_TRUE(on_29th) << "check-in 1 on the first business day after the 28th";
  const auto status = followup("status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto doc = nlohmann::json::parse(status.out);
  EXPECT_EQ(doc["interviews"][0]["stage"], "waiting") << status.out;
  EXPECT_EQ(doc["interviews"][0]["stage_text"], "waiting until Wednesday 28 January 2026") << status.out;
  EXPECT_EQ(doc["interviews"][0]["thank_yous_sent"], 1) << status.out;
  EXPECT_EQ(doc["interviews"][0]["next"]["action"], "check-in 1") << status.out;
  EXPECT_EQ(doc["interviews"][0]["next"]["when"], "2026-01-29T09:00:00+01:00") << status.out;
  EXPECT_EQ(count_kind(related(followups_, acme_uid_), "outcome"), 1u);
}

TEST_F(StatusOutcome, DryRunWritesNothing) {
  ASSERT_EQ(followup("sync -q").exit_code, 0);
  const auto before = etags();
  const auto state = state_files(true);
  const auto r = followup("outcome initech rejected --dry-run");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Would record 'Outcome: rejected' for Interview with Initech – Backend Engineer"), std::string::npos)
      << r.out;
  EXPECT_EQ(etags(), before);
  EXPECT_EQ(state_files(true), state);
  EXPECT_EQ(count_kind(related(followups_, initech_uid_), "outcome"), 0u);
  // Nor was the state told: the real run after it does all of it.
  const auto real = followup("outcome initech rejected");
  ASSERT_EQ(real.exit_code, 0) << real.out << real.err;
  EXPECT_EQ(count_kind(related(followups_, initech_uid_), "outcome"), 1u);
  EXPECT_EQ(count_kind(related(followups_, initech_uid_), "check-in"), 0u);
}
