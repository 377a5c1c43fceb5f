// The discovery cache (sync/discovery_cache.hpp) and how `followup sync` uses it (run_caldav_job,
// issue 7): a run where nothing changed makes exactly one REPORT per calendar and no PROPFIND; the
// calendars are discovered again for another URL, user or calendar choice, a day later, after a torn
// file, and in the same run when a calendar answers as if it were gone (404, 410, 403), but not for a
// 401. Against a scripted account (principal, home set, calendars) whose every request is counted.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "http_test_server.hpp"
#include "ical/time.hpp"
#include "storage_test_support.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/caldav_job.hpp"
#include "sync/discovery_cache.hpp"

namespace followup::sync {
namespace {

using namespace std::chrono;
using Lines = std::vector<std::string>;

const SysSeconds t0 = ical::parse_iso_instant("2026-03-01T12:00:00Z");

// One user's CalDAV account on a scripted server: "/" names the principal "/p/", whose home set is
// "/home/", which lists the calendars "/home/NAME/" (empty, with sync-collection). A calendar can be
// made to answer every request with a status (gone: 404 or 410; refused: 403, 401), and be left out
// of the home's listing. Each request is logged: "PROPFIND /p/", "REPORT sync-collection /home/work/".
class ScriptedAccount {
 public:
  ScriptedAccount()
      : server_([this](const testing::ReceivedRequest& request, testing::TestConnection& connection) {
          handle(request, connection);
        }) {}

  std::string url(const std::string& path) const { return server_.url(path); }

  void add(const std::string& name, const std::string& components) {
    const std::lock_guard lock(mutex_);
    calendars_.push_back({name, components, true, 0, 0, {}});
  }
  // An object in the calendar from the start (the token does not count changes: add before the first run).
  void add_object(const std::string& calendar, const std::string& name, const std::string& ics) {
    const std::lock_guard lock(mutex_);
    for (auto& c : calendars_)
      if (c.name == calendar) c.objects[name] = ics;
  }
  // PUTs into the calendar get `status` (0: 201 with a strong ETag).
  void answer_puts(const std::string& name, int status) {
    const std::lock_guard lock(mutex_);
    for (auto& c : calendars_)
      if (c.name == name) c.put_status = status;
  }
  // From now on every request on the calendar gets `status`; `listed`: whether the home still lists it.
  void answer(const std::string& name, int status, bool listed) {
    const std::lock_guard lock(mutex_);
    for (auto& c : calendars_)
      if (c.name == name) c.status = status, c.listed = listed;
  }

  Lines requests() const {
    const std::lock_guard lock(mutex_);
    return log_;
  }

 private:
  struct Calendar {
    std::string name;
    std::string components;  // "VEVENT", "VTODO" or "VEVENT VTODO"
    bool listed = true;
    int status = 0;      // 0: answers as a calendar
    int put_status = 0;  // 0: 201
    std::map<std::string, std::string> objects;  // by name
  };

  static std::string reply_207(const std::string& responses, const std::string& token = "") {
    return testing::http_reply(
        207, "Multi-Status", {{"Content-Type", "application/xml; charset=utf-8"}, {"Server", "ScriptedAccount/1.0"}},
        R"(<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)" +
            responses + (token.empty() ? "" : "<D:sync-token>" + token + "</D:sync-token>") + "</D:multistatus>");
  }

  static std::string response(const std::string& href, const std::string& props) {
    return "<D:response><D:href>" + href + "</D:href><D:propstat><D:prop>" + props +
           "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>";
  }

  static std::string token_of(const Calendar& c) { return "data:," + c.name + "-1"; }

  std::string listing() const {
    std::string responses = response("/home/", "<D:resourcetype><D:collection/></D:resourcetype>");
    for (const auto& c : calendars_) {
      if (!c.listed) continue;
      std::string components;
      for (const auto& name : {"VEVENT", "VTODO"})
        if (c.components.find(name) != std::string::npos) components += std::string("<C:comp name=\"") + name + "\"/>";
      responses += response(
          "/home/" + c.name + "/",
          "<D:resourcetype><D:collection/><C:calendar/></D:resourcetype><D:displayname>" + c.name +
              "</D:displayname><C:supported-calendar-component-set>" + components +
              "</C:supported-calendar-component-set><D:current-user-privilege-set><D:privilege><D:read/>"
              "</D:privilege><D:privilege><D:write/></D:privilege></D:current-user-privilege-set><D:sync-token>" +
              token_of(c) +
              "</D:sync-token><D:supported-report-set><D:supported-report><D:report><D:sync-collection/>"
              "</D:report></D:supported-report></D:supported-report-set>");
    }
    return reply_207(responses);
  }

  std::string report(const Calendar& c, const std::string& body) const {
    if (c.status != 0)
      return testing::http_reply(c.status, "Scripted", {{"WWW-Authenticate", "Basic realm=\"scripted\""}});
    if (body.find("sync-collection") != std::string::npos) {
      std::smatch match;
      const bool has = std::regex_search(body, match, std::regex("<(?:[A-Za-z0-9]+:)?sync-token>([^<]*)<"));
      if (has && !match[1].str().empty() && match[1].str() != token_of(c))
        return testing::http_reply(403, "Forbidden", {{"Content-Type", "application/xml"}},
                                   R"(<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>)");
      std::string members;
      if (!has || match[1].str().empty())
        for (const auto& [name, ics] : c.objects)
          members += response("/home/" + c.name + "/" + name, "<D:getetag>\"1\"</D:getetag>");
      return reply_207(members, token_of(c));
    }
    // calendar-query: every object matches the time range, none is recurring
    std::string members;
    if (body.find("prop-filter") == std::string::npos)
      for (const auto& [name, ics] : c.objects)
        members += response("/home/" + c.name + "/" + name,
                            "<D:getetag>\"1\"</D:getetag><C:calendar-data>" + ics + "</C:calendar-data>");
    return reply_207(members);
  }

  std::string answer(const testing::ReceivedRequest& request) const {
    const std::string& path = request.target;
    if (request.method == "PROPFIND" && path == "/")
      return reply_207(response("/", "<D:resourcetype><D:collection/></D:resourcetype><D:current-user-principal>"
                                     "<D:href>/p/</D:href></D:current-user-principal>"));
    if (request.method == "PROPFIND" && path == "/p/")
      return reply_207(response("/p/", "<D:resourcetype><D:collection/><D:principal/></D:resourcetype>"
                                       "<C:calendar-home-set><D:href>/home/</D:href></C:calendar-home-set>"));
    if (request.method == "PROPFIND" && path == "/home/") return listing();
    if (request.method == "REPORT")
      for (const auto& c : calendars_)
        if (path == "/home/" + c.name + "/") return report(c, request.body);
    if (request.method == "PUT")
      for (const auto& c : calendars_)
        if (path.rfind("/home/" + c.name + "/", 0) == 0)
          return c.put_status ? testing::http_reply(c.put_status, "Scripted")
                              : testing::http_reply(201, "Created", {{"ETag", "\"put-1\""}});
    if (request.method == "PROPFIND" || request.method == "REPORT") return testing::http_reply(404, "Not Found");
    return testing::http_reply(418, "Unscripted");  // an error naming the request, never a success
  }

  void handle(const testing::ReceivedRequest& request, testing::TestConnection& connection) {
    const std::lock_guard lock(mutex_);
    std::string kind;
    for (const char* name : {"sync-collection", "calendar-query", "calendar-multiget"})
      if (request.method == "REPORT" && request.body.find(name) != std::string::npos) kind = std::string(name) + " ";
    log_.push_back(request.method + " " + kind + request.target);
    connection.send(answer(request));
  }

  mutable std::mutex mutex_;
  std::vector<Calendar> calendars_;
  Lines log_;
  testing::HttpTestServer server_;  // last: it starts after, and stops before, what its handler uses
};

// What one run of the job did: its report, and the requests it made (from the server's log and the
// client's count).
struct JobRun {
  CaldavJobReport report;
  Lines asked;
  std::map<std::string, std::size_t> by_method;
  std::size_t requests = 0;

  std::size_t count(const std::string& method) const {
    const auto it = by_method.find(method);
    return it == by_method.end() ? 0 : it->second;
  }
};

std::string listing(const Lines& lines) {
  std::string out;
  for (const auto& line : lines) out += "\n  " + line;
  return out;
}

class DiscoveryCacheScripted : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("XDG_STATE_HOME");
    saved_state_home_ = old ? std::optional<std::string>(old) : std::nullopt;
    ::setenv("XDG_STATE_HOME", (dir_.path() / "state").c_str(), 1);
    account_.add("work", "VEVENT");
    account_.add("tasks", "VTODO");
  }
  void TearDown() override {
    saved_state_home_ ? ::setenv("XDG_STATE_HOME", saved_state_home_->c_str(), 1) : ::unsetenv("XDG_STATE_HOME");
  }

  static HttpOptions quick_options() {
    HttpOptions options;
    options.connect_timeout = seconds{2};
    options.total_timeout = seconds{5};
    options.retries = 0;
    return options;
  }

  JobRun run(SysSeconds now, const std::string& path = "/", CalendarChoice choice = {}, bool dry_run = false,
          const std::string& user = "alice") {
    HttpClient client(quick_options());
    const std::size_t before = account_.requests().size();
    const CaldavJob job{account_.url(path), user, std::move(choice), dry_run};
    JobRun r;
    r.report = run_caldav_job(client, job, rules::Settings{}, now);
    const Lines all = account_.requests();
    r.asked.assign(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
    r.by_method = client.requests_by_method();
    r.requests = client.requests_made();
    return r;
  }

  std::filesystem::path cache_file(const std::string& path = "/", const std::string& user = "alice") const {
    return discovery_cache_file(account_.url(path), user);
  }

  static Lines urls_read(const JobRun& r) {
    Lines urls;
    for (const auto& c : r.report.calendars) urls.push_back(c.url);
    return urls;
  }

  testing::TempDir dir_;
  std::optional<std::string> saved_state_home_;
  ScriptedAccount account_;
};

const Lines discovery = {"PROPFIND /", "PROPFIND /p/", "PROPFIND /home/"};
const Lines one_report_each = {"REPORT sync-collection /home/work/", "REPORT sync-collection /home/tasks/"};

bool starts_with(const Lines& lines, const Lines& prefix) {
  return lines.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), lines.begin());
}

bool contains(const Lines& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// ---- an unchanged run ----------------------------------------------------------------------------------

TEST_F(DiscoveryCacheScripted, UnchangedSecondRunIsExactlyOneReportPerCalendarAndNoPropfind) {
  const JobRun first = run(t0);
  EXPECT_TRUE(starts_with(first.asked, discovery)) << listing(first.asked);
  EXPECT_EQ(first.report.problems.size(), 0U);
  ASSERT_EQ(urls_read(first), (Lines{account_.url("/home/work/"), account_.url("/home/tasks/")}));
  // Kept for the user alone, as the state databases are.
  ASSERT_TRUE(std::filesystem::exists(cache_file()));
  EXPECT_EQ(testing::permission_bits(cache_file()), 0600U);

  const JobRun second = run(t0 + hours{1});
  EXPECT_EQ(second.asked, one_report_each) << listing(second.asked);
  EXPECT_EQ(second.requests, 2U);
  EXPECT_EQ(second.by_method, (std::map<std::string, std::size_t>{{"REPORT", 2}}));
  EXPECT_EQ(second.report.problems.size(), 0U);
  ASSERT_EQ(urls_read(second), urls_read(first));
  for (const auto& c : second.report.calendars) EXPECT_EQ(c.read, MirrorRead::Incremental) << c.url;
  EXPECT_EQ(second.report.calendars[0].roles, (Lines{"interviews", "followups"}));
  EXPECT_EQ(second.report.calendars[1].roles, (Lines{"tasks"}));
}

TEST_F(DiscoveryCacheScripted, DryRunReadsTheCacheAndWritesNone) {
  // No cache yet: the dry run discovers, and leaves no file behind.
  const JobRun dry = run(t0, "/", {}, /*dry_run=*/true);
  EXPECT_TRUE(starts_with(dry.asked, discovery)) << listing(dry.asked);
  EXPECT_FALSE(std::filesystem::exists(cache_file()));

  run(t0);
  const std::string saved = testing::read_file(cache_file());
  const auto saved_time = std::filesystem::last_write_time(cache_file());
  const JobRun cached = run(t0 + hours{1}, "/", {}, true);
  EXPECT_EQ(cached.count("PROPFIND"), 0U) << listing(cached.asked);
  // Stale: discovered again, and still not written.
  const JobRun stale = run(t0 + days{2}, "/", {}, true);
  EXPECT_TRUE(starts_with(stale.asked, discovery)) << listing(stale.asked);
  EXPECT_EQ(testing::read_file(cache_file()), saved);
  EXPECT_EQ(std::filesystem::last_write_time(cache_file()), saved_time);
}

// ---- discovering again ----------------------------------------------------------------------------------

TEST_F(DiscoveryCacheScripted, AnotherUrlUserOrCalendarChoiceDiscoversAgain) {
  run(t0);
  EXPECT_EQ(run(t0 + minutes{1}).count("PROPFIND"), 0U);

  // The configured URL changed (the principal instead of the server).
  const JobRun principal = run(t0 + minutes{2}, "/p/");
  EXPECT_EQ(principal.asked[0], "PROPFIND /p/") << listing(principal.asked);
  EXPECT_EQ(principal.count("PROPFIND"), 2U) << listing(principal.asked);
  EXPECT_EQ(run(t0 + minutes{3}, "/p/").count("PROPFIND"), 0U);

  // Another user.
  EXPECT_TRUE(starts_with(run(t0 + minutes{4}, "/", {}, false, "bob").asked, discovery));

  // A calendar made on the server and then configured: the cached list does not have it, and the run
  // finds it instead of failing with "no calendar 'new'".
  account_.add("new", "VEVENT");
  CalendarChoice choice;
  choice.calendars = {"new"};
  const JobRun configured = run(t0 + minutes{5}, "/", choice);
  EXPECT_TRUE(starts_with(configured.asked, discovery)) << listing(configured.asked);
  EXPECT_TRUE(contains(urls_read(configured), account_.url("/home/new/"))) << listing(urls_read(configured));
  EXPECT_EQ(run(t0 + minutes{6}, "/", choice).count("PROPFIND"), 0U);

  // Where the follow-ups go is part of the choice too.
  choice.followups_calendar = "work";
  EXPECT_TRUE(starts_with(run(t0 + minutes{7}, "/", choice).asked, discovery));
}

TEST_F(DiscoveryCacheScripted, StaleAfterADayAndWhenTheClockGoesBack) {
  run(t0);
  EXPECT_EQ(run(t0 + hours{23} + minutes{59}).count("PROPFIND"), 0U);
  const JobRun day = run(t0 + hours{24});
  EXPECT_TRUE(starts_with(day.asked, discovery)) << listing(day.asked);
  EXPECT_EQ(run(t0 + hours{25}).count("PROPFIND"), 0U);
  // Saved "in the future" (a clock set back, or --now in the past): not trusted.
  const JobRun back = run(t0 + hours{20});
  EXPECT_TRUE(starts_with(back.asked, discovery)) << listing(back.asked);
}

TEST_F(DiscoveryCacheScripted, TornOrForeignCacheMeansDiscoveringAgain) {
  run(t0);
  const std::string saved = testing::read_file(cache_file());
  for (const std::string& damaged : {saved.substr(0, saved.size() / 2), std::string("not json"), std::string(),
                                     std::string(R"({"version": 1, "url": 7})")}) {
    SCOPED_TRACE(damaged);
    testing::write_file(cache_file(), damaged);
    const JobRun r = run(t0 + minutes{1});
    EXPECT_TRUE(starts_with(r.asked, discovery)) << listing(r.asked);
    EXPECT_EQ(r.report.problems.size(), 0U);
    // Replaced by a good one: the next run needs no discovery.
    EXPECT_EQ(run(t0 + minutes{2}).asked, one_report_each);
  }
}

TEST_F(DiscoveryCacheScripted, CalendarGoneIsDiscoveredAgainAndReadInTheSameRun) {
  int minute = 0;
  for (const int status : {404, 410, 403}) {
    SCOPED_TRACE(status);
    const std::string old_name = "work" + std::to_string(status), new_name = old_name + "-moved";
    account_.add(old_name, "VEVENT");
    forget_discovery_cache(cache_file());  // so that the new calendar is found
    run(t0 + minutes{++minute});
    EXPECT_EQ(run(t0 + minutes{++minute}).count("PROPFIND"), 0U);

    // Someone moved the calendar: the old URL answers `status`, the home lists the new one.
    account_.answer(old_name, status, /*listed=*/false);
    account_.add(new_name, "VEVENT");
    const JobRun r = run(t0 + minutes{++minute});
    EXPECT_TRUE(contains(r.asked, "REPORT sync-collection /home/" + old_name + "/")) << listing(r.asked);
    EXPECT_EQ(r.count("PROPFIND"), 3U) << listing(r.asked);
    EXPECT_TRUE(contains(r.asked, "REPORT sync-collection /home/" + new_name + "/")) << listing(r.asked);
    // ...and the run is as if it had known: no problem, the new calendar read, the old one not listed.
    EXPECT_EQ(r.report.problems.size(), 0U) << (r.report.problems.empty() ? "" : r.report.problems[0].reason);
    const Lines read = urls_read(r);
    EXPECT_TRUE(contains(read, account_.url("/home/" + new_name + "/"))) << listing(read);
    EXPECT_FALSE(contains(read, account_.url("/home/" + old_name + "/"))) << listing(read);

    // The cache holds what was found: the next unchanged run is one REPORT per calendar again.
    const JobRun next = run(t0 + minutes{++minute});
    EXPECT_EQ(next.count("PROPFIND"), 0U) << listing(next.asked);
    EXPECT_EQ(next.requests, read.size()) << listing(next.asked);
    EXPECT_EQ(next.count("REPORT"), read.size()) << listing(next.asked);
  }
}

TEST_F(DiscoveryCacheScripted, RefusedCalendarThatDiscoveryStillListsIsNotReadTwice) {
  run(t0);
  account_.answer("work", 403, /*listed=*/true);  // a 403 without a precondition: AccessDenied
  const JobRun r = run(t0 + minutes{1});
  Lines want = one_report_each;
  want.insert(want.end(), discovery.begin(), discovery.end());
  EXPECT_EQ(r.asked, want) << listing(r.asked);
  // The refusal stands, reported for that calendar (and its interviews as unread); the rest was read.
  ASSERT_FALSE(r.report.problems.empty());
  for (const auto& problem : r.report.problems) EXPECT_EQ(problem.where, account_.url("/home/work/")) << problem.reason;
  EXPECT_NE(r.report.problems[0].reason.find("403"), std::string::npos) << r.report.problems[0].reason;
  ASSERT_EQ(r.report.calendars.size(), 2U);
  EXPECT_EQ(r.report.calendars[1].read, MirrorRead::Incremental);
}

TEST_F(DiscoveryCacheScripted, UnauthorizedIsNotAReasonToDiscoverAgain) {
  run(t0);
  const std::string saved = testing::read_file(cache_file());
  account_.answer("work", 401, /*listed=*/true);
  const std::size_t before = account_.requests().size();
  HttpClient client(quick_options());
  const CaldavJob job{account_.url("/"), "alice", {}, false};
  EXPECT_THROW(run_caldav_job(client, job, rules::Settings{}, t0 + minutes{1}), AuthError);
  const Lines all = account_.requests();
  EXPECT_EQ(Lines(all.begin() + static_cast<std::ptrdiff_t>(before), all.end()),
            Lines{"REPORT sync-collection /home/work/"});
  EXPECT_EQ(testing::read_file(cache_file()), saved);
}

TEST_F(DiscoveryCacheScripted, RefusedWriteMakesTheNextRunDiscoverAgain) {
  // An interview in `work`: its check-ins go there, its thank-you into `tasks`.
  account_.add_object("work", "interview.ics",
                      testing::crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//followup//discovery cache test//EN\n"
                                    "BEGIN:VEVENT\nUID:discovery-cache-interview\nDTSTAMP:20260101T000000Z\n"
                                    "DTSTART:20260227T100000Z\nDTEND:20260227T110000Z\nSUMMARY:Interview with Acme\n"
                                    "ATTENDEE;CN=Ann Lee:mailto:ann@acme.example\nEND:VEVENT\nEND:VCALENDAR\n"));
  // The calendar turned read-only since discovery (a 403 to each PUT): what is found next time may
  // differ, so the cache goes; the reads had nothing to say, so this run is not done again.
  account_.answer_puts("work", 403);
  const JobRun refused = run(t0);
  EXPECT_GT(refused.count("PUT"), 0U) << listing(refused.asked);
  EXPECT_FALSE(refused.report.sync.errors.empty());
  EXPECT_FALSE(std::filesystem::exists(cache_file()));

  account_.answer_puts("work", 0);
  const JobRun next = run(t0 + minutes{1});
  EXPECT_TRUE(starts_with(next.asked, discovery)) << listing(next.asked);
  EXPECT_TRUE(next.report.sync.errors.empty()) << next.report.sync.errors.front().reason;
  EXPECT_GT(next.count("PUT"), 0U) << listing(next.asked);

  // Written: the run after it writes nothing and asks only for the changes, one REPORT a calendar.
  const JobRun unchanged = run(t0 + minutes{2});
  EXPECT_EQ(unchanged.asked, one_report_each) << listing(unchanged.asked);
  EXPECT_EQ(unchanged.report.sync.created + unchanged.report.sync.updated + unchanged.report.sync.deleted, 0U);
}

// ---- the file ------------------------------------------------------------------------------------------

TEST(DiscoveryCache, KeepsEverythingDiscoveryFoundForItsKeyOnly) {
  testing::TempDir dir;
  const auto file = dir.path() / "followup" / "x.discovery.json";
  CalendarInfo a;
  a.url = "https://p07-caldav.icloud.com/1234/calendars/work/";
  a.display_name = "Work \"ünïcode\"";
  a.components = {"VEVENT", "VTODO"};
  a.writable = true;
  a.supports_sync_collection = true;
  a.ctag = "\"c1\"";
  a.sync_token = "data:,7";
  a.server = {"p07-caldav.icloud.com", "AppleHttpServer/1", "1, 2, calendar-access", "PHP/8.2"};
  CalendarInfo b;
  b.url = "https://p07-caldav.icloud.com/1234/calendars/shared/";
  b.components = {"VEVENT"};
  const DiscoveryKey key{"https://caldav.icloud.com/", "me@icloud.com", calendar_choice_key({})};
  write_discovery_cache(file, key, {a, b}, t0);
  EXPECT_EQ(testing::permission_bits(file), 0600U);

  const auto read = read_discovery_cache(file, key, t0 + hours{1}, hours{24});
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->size(), 2U);
  const CalendarInfo& r = (*read)[0];
  EXPECT_EQ(r.url, a.url);
  EXPECT_EQ(r.display_name, a.display_name);
  EXPECT_EQ(r.components, a.components);
  EXPECT_TRUE(r.writable);
  EXPECT_TRUE(r.supports_sync_collection);
  EXPECT_EQ(r.ctag, a.ctag);
  EXPECT_EQ(r.sync_token, a.sync_token);
  EXPECT_EQ(r.server.host, a.server.host);
  EXPECT_EQ(r.server.server_header, a.server.server_header);
  EXPECT_EQ(r.server.dav_header, a.server.dav_header);
  EXPECT_EQ(r.server.powered_by, a.server.powered_by);
  EXPECT_FALSE((*read)[1].writable);
  EXPECT_TRUE(same_calendars(*read, {a, b}));

  // Another URL, user or choice, or too old: nothing.
  for (const DiscoveryKey& other : {DiscoveryKey{"https://caldav.icloud.com/x/", key.account, key.choice},
                                    DiscoveryKey{key.url, "you@icloud.com", key.choice},
                                    DiscoveryKey{key.url, key.account, "other"}})
    EXPECT_FALSE(read_discovery_cache(file, other, t0 + hours{1}, hours{24}).has_value()) << other.url << other.account;
  EXPECT_FALSE(read_discovery_cache(file, key, t0 + hours{24}, hours{24}).has_value());
  EXPECT_FALSE(read_discovery_cache(dir.path() / "missing.json", key, t0, hours{24}).has_value());

  forget_discovery_cache(file);
  EXPECT_FALSE(std::filesystem::exists(file));
  forget_discovery_cache(file);  // nothing there: fine
}

TEST(DiscoveryCache, SameCalendarsIgnoresOnlyCtagAndSyncToken) {
  CalendarInfo a;
  a.url = "https://h/cal/";
  a.display_name = "Work";
  a.components = {"VEVENT"};
  CalendarInfo b = a;
  b.ctag = "changed";
  b.sync_token = "changed";
  EXPECT_TRUE(same_calendars({a}, {b}));
  for (int i = 0; i < 6; ++i) {
    CalendarInfo c = a;
    if (i == 0) c.url = "https://h/cal2/";
    if (i == 1) c.display_name = "Renamed";
    if (i == 2) c.components = {"VEVENT", "VTODO"};
    if (i == 3) c.writable = true;
    if (i == 4) c.supports_sync_collection = true;
    if (i == 5) c.server.server_header = "Other/2";
    EXPECT_FALSE(same_calendars({a}, {c})) << i;
  }
  EXPECT_FALSE(same_calendars({a}, {a, a}));
}

TEST(DiscoveryCache, ChoiceKeyTellsEverySettingApart) {
  CalendarChoice base;
  std::vector<CalendarChoice> choices(6, base);
  choices[1].calendars = {"work"};
  choices[2].calendars = {"work", "home"};
  choices[3].followups_calendar = "work";
  choices[4].tasks_calendar = "work";
  choices[5].tasks_as = TasksAs::Both;
  for (std::size_t i = 0; i < choices.size(); ++i)
    for (std::size_t j = i + 1; j < choices.size(); ++j)
      EXPECT_NE(calendar_choice_key(choices[i]), calendar_choice_key(choices[j])) << i << " " << j;
  // One configured name is not two that would join to it.
  CalendarChoice joined, split;
  joined.calendars = {"a b"};
  split.calendars = {"a", "b"};
  EXPECT_NE(calendar_choice_key(joined), calendar_choice_key(split));
}

}  // namespace
}  // namespace followup::sync
