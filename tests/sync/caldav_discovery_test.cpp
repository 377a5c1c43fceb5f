// CalDAV discovery against the real test servers (tests/servers/README.md): from the server root, the
// principal, the home set and a calendar URL, each server's fixture calendars are found with what the
// server really reports about them. Registered once per server in tests/sync/CMakeLists.txt, each
// needing that server's ctest fixture; a missing .env file fails the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "caldav_test_server.hpp"
#include "http_test_server.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_discovery.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/dav_href.hpp"
#include "sync/server_quirks.hpp"

namespace followup::sync {
namespace {

using Env = std::map<std::string, std::string>;

struct Server {
  std::string name;    // gtest's: "Radicale"
  std::string server;  // tests/servers' NAME: "radicale"
};

void PrintTo(const Server& server, std::ostream* out) { *out << server.name; }

std::string server_name(const ::testing::TestParamInfo<Server>& info) { return info.param.name; }

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

const CalendarInfo* find_calendar(const std::vector<CalendarInfo>& calendars, const std::string& url) {
  const std::string key = normalize_href_for_comparison(url);
  for (const auto& calendar : calendars)
    if (normalize_href_for_comparison(calendar.url) == key) return &calendar;
  return nullptr;
}

std::string listing(const std::vector<CalendarInfo>& calendars) {
  std::string text;
  for (const auto& calendar : calendars) {
    text += "\n  " + calendar.url + " '" + calendar.display_name + "' [";
    for (const auto& component : calendar.components) text += " " + component;
    text += " ] writable=" + std::string(calendar.writable ? "yes" : "no") +
            " sync=" + (calendar.supports_sync_collection ? "yes" : "no") + " ctag=" + calendar.ctag +
            " token=" + calendar.sync_token;
  }
  return text;
}

class CalDavDiscovery : public ::testing::TestWithParam<Server> {
 protected:
  void SetUp() override { env_ = testing::read_test_server_env(GetParam().server); }

  bool all_components_everywhere() const {
    // Xandikos 0.2.8 hard-codes VEVENT VTODO VJOURNAL VFREEBUSY for every calendar (README).
    return GetParam().server == "xandikos" || GetParam().server == "xandikos-auth";
  }

  std::vector<std::string> expected_components(const std::string& which) const {
    if (all_components_everywhere()) return {"VEVENT", "VFREEBUSY", "VJOURNAL", "VTODO"};
    if (which == "work") return {"VEVENT", "VTODO"};
    if (which == "tasks") return {"VTODO"};
    return {"VEVENT"};
  }

  std::vector<CalendarInfo> discover(const std::string& url) {
    HttpClient client(testing::test_server_options(env_));
    return discover_calendars(client, url);
  }

  void expect_calendar(const std::vector<CalendarInfo>& calendars, const std::string& which) {
    const std::string& url = env_.at("FOLLOWUP_TEST_CAL_" + upper(which));
    const CalendarInfo* calendar = find_calendar(calendars, url);
    ASSERT_NE(calendar, nullptr) << which << " (" << url << ") not found in:" << listing(calendars);
    EXPECT_EQ(sorted(calendar->components), expected_components(which)) << which << listing(calendars);
    EXPECT_TRUE(calendar->writable) << which << listing(calendars);
    EXPECT_TRUE(calendar->supports_sync_collection) << which << listing(calendars);
    EXPECT_FALSE(calendar->sync_token.empty()) << which << listing(calendars);
    EXPECT_EQ(calendar->url.rfind("http", 0), 0u) << "not absolute: " << calendar->url;
  }

  void expect_fixture_calendars(const std::vector<CalendarInfo>& calendars) {
    for (const char* which : {"work", "tasks", "events"}) expect_calendar(calendars, which);
    const std::string& readonly = env_["FOLLOWUP_TEST_CAL_READONLY"];
    if (!readonly.empty()) {
      const CalendarInfo* calendar = find_calendar(calendars, readonly);
      ASSERT_NE(calendar, nullptr) << "read-only calendar not found in:" << listing(calendars);
      EXPECT_FALSE(calendar->writable) << listing(calendars);
    }
    // Only calendars: not the home, the principal, inbox/outbox or proxy principals.
    for (const auto& calendar : calendars) {
      EXPECT_NE(normalize_href_for_comparison(calendar.url), normalize_href_for_comparison(env_["FOLLOWUP_TEST_HOME"]));
      EXPECT_EQ(calendar.url.find("proxy"), std::string::npos) << calendar.url;
      EXPECT_EQ(calendar.url.find("box"), std::string::npos) << calendar.url;
    }
  }

  static std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return text;
  }

  Env env_;
};

TEST_P(CalDavDiscovery, FromServerRoot) {
  const auto calendars = discover(env_.at("FOLLOWUP_TEST_URL"));
  expect_fixture_calendars(calendars);
}

TEST_P(CalDavDiscovery, FromPrincipal) {
  const auto calendars = discover(env_.at("FOLLOWUP_TEST_PRINCIPAL"));
  expect_fixture_calendars(calendars);
}

TEST_P(CalDavDiscovery, FromHomeSet) {
  const auto calendars = discover(env_.at("FOLLOWUP_TEST_HOME"));
  expect_fixture_calendars(calendars);
}

TEST_P(CalDavDiscovery, FromCalendarUrlReturnsJustIt) {
  for (const char* which : {"work", "tasks", "events"}) {
    const auto calendars = discover(env_.at("FOLLOWUP_TEST_CAL_" + upper(which)));
    ASSERT_EQ(calendars.size(), 1u) << which << listing(calendars);
    expect_calendar(calendars, which);
  }
}

TEST_P(CalDavDiscovery, FromUnknownPathFallsBackToWellKnown) {
  // A path that names nothing: discovery goes on with /.well-known/caldav (and /) on the same origin.
  expect_fixture_calendars(discover(env_.at("FOLLOWUP_TEST_URL") + "no-such-collection-here/"));
}

std::string identity_text(const ServerIdentity& server) {
  return "host=" + server.host + " Server=" + server.server_header + " DAV=" + server.dav_header +
         " powered_by=" + server.powered_by;
}

TEST_P(CalDavDiscovery, IdentityIsFilledAndGivesTheServersQuirks) {
  // From the root (the home's listing answers) and from a calendar URL (its own PROPFIND answers).
  for (const char* key : {"FOLLOWUP_TEST_URL", "FOLLOWUP_TEST_CAL_WORK"}) {
    const auto calendars = discover(env_.at(key));
    ASSERT_FALSE(calendars.empty()) << key;
    for (const auto& calendar : calendars) {
      const std::string what = std::string(key) + " " + calendar.url + ": " + identity_text(calendar.server);
      EXPECT_EQ(calendar.server.host, "127.0.0.1") << what;
      // Cyrus names itself only to OPTIONS (server_quirks.cpp); the others in every answer.
      if (GetParam().server != "cyrus") {
        EXPECT_FALSE(calendar.server.server_header.empty()) << what;
      }
      const ServerQuirks quirks = quirks_for(calendar.server);
      if (GetParam().server == "davical") {
        EXPECT_NE(calendar.server.powered_by.find("DAViCal/"), std::string::npos) << what;
        EXPECT_NE(calendar.server.dav_header.find("calendar-access"), std::string::npos) << what;
        EXPECT_EQ(quirks.name, "DAViCal") << what;
        EXPECT_TRUE(quirks.fragile_sync_token) << what;  // CALDAV-NOTES §2.3: a bad token gets a full listing
      } else {
        EXPECT_EQ(quirks.name, "generic") << what;
        EXPECT_FALSE(quirks.fragile_sync_token || quirks.ignores_if_none_match || quirks.no_vtodo ||
                     quirks.unreliable_time_range || quirks.credentials_within_domain)
            << what;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Server, CalDavDiscovery,
                         ::testing::Values(Server{"Radicale", "radicale"}, Server{"Xandikos", "xandikos"},
                                           Server{"XandikosAuth", "xandikos-auth"}, Server{"Cyrus", "cyrus"},
                                           Server{"Davical", "davical"}),
                         server_name);

// Servers with a calendar alice may read but not write (README: Radicale, Cyrus, DAViCal).
class CalDavDiscoveryReadOnly : public CalDavDiscovery {};

TEST_P(CalDavDiscoveryReadOnly, ReadOnlyCalendarIsNotWritable) {
  const std::string& readonly = env_.at("FOLLOWUP_TEST_CAL_READONLY");
  ASSERT_FALSE(readonly.empty()) << "this server's fixture has no read-only calendar";
  const auto calendars = discover(readonly);
  ASSERT_EQ(calendars.size(), 1u) << listing(calendars);
  EXPECT_FALSE(calendars.front().writable) << listing(calendars);
  EXPECT_EQ(normalize_href_for_comparison(calendars.front().url), normalize_href_for_comparison(readonly));
}

INSTANTIATE_TEST_SUITE_P(Server, CalDavDiscoveryReadOnly,
                         ::testing::Values(Server{"Radicale", "radicale"}, Server{"Cyrus", "cyrus"},
                                           Server{"Davical", "davical"}),
                         server_name);

// Servers that check passwords (plain Xandikos accepts any).
class CalDavDiscoveryAuth : public CalDavDiscovery {};

TEST_P(CalDavDiscoveryAuth, WrongPasswordIsAuthError) {
  HttpOptions options = testing::test_server_options(env_);
  ASSERT_EQ(options.auth, HttpOptions::Auth::Basic);
  options.password = "not-the-password";
  for (const char* key : {"FOLLOWUP_TEST_URL", "FOLLOWUP_TEST_PRINCIPAL", "FOLLOWUP_TEST_CAL_WORK"}) {
    HttpClient client(options);
    EXPECT_THROW(discover_calendars(client, env_.at(key)), AuthError) << key;
  }
}

INSTANTIATE_TEST_SUITE_P(Server, CalDavDiscoveryAuth,
                         ::testing::Values(Server{"Radicale", "radicale"}, Server{"XandikosAuth", "xandikos-auth"},
                                           Server{"Cyrus", "cyrus"}, Server{"Davical", "davical"}),
                         server_name);

// Against a scripted server (no fixture): what the real servers above don't show.
constexpr const char* kMultistatus = "application/xml; charset=utf-8";

std::string reply_207(const std::string& body) {
  return testing::http_reply(207, "Multi-Status", {{"Content-Type", kMultistatus}}, body);
}

TEST(CalDavDiscoveryScripted, FollowsWellKnownPrincipalAndHomeResolvingHrefsByNamespaceUri) {
  testing::HttpTestServer server([](const testing::ReceivedRequest& request, testing::TestConnection& connection) {
    if (request.method != "PROPFIND" || request.header("Content-Type") != "application/xml; charset=utf-8") {
      connection.send(testing::http_reply(415, "Unsupported Media Type"));
      return;
    }
    if (request.target == "/start/") {  // a plain collection without any of the discovery properties
      connection.send(reply_207(
          R"(<?xml version="1.0"?><m:multistatus xmlns:m="DAV:"><m:response><m:href>/start/</m:href>)"
          R"(<m:propstat><m:prop><m:resourcetype><m:collection/></m:resourcetype></m:prop>)"
          R"(<m:status>HTTP/1.1 200 OK</m:status></m:propstat></m:response></m:multistatus>)"));
    } else if (request.target == "/.well-known/caldav") {
      connection.send(testing::http_reply(301, "Moved", {{"Location", "/dav/"}}));
    } else if (request.target == "/dav/") {
      connection.send(reply_207(
          R"(<x:multistatus xmlns:x="DAV:"><x:response><x:href>/dav/</x:href><x:propstat><x:prop>)"
          R"(<x:current-user-principal><x:href>principals/alice/</x:href></x:current-user-principal>)"
          R"(</x:prop><x:status>HTTP/1.1 200 OK</x:status></x:propstat></x:response></x:multistatus>)"));
    } else if (request.target == "/dav/principals/alice/") {
      connection.send(reply_207(
          R"(<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:response>)"
          R"(<D:href>/dav/principals/alice/</D:href><D:propstat><D:prop><C:calendar-home-set>)"
          R"(<D:href>../../cal/alice/</D:href></C:calendar-home-set></D:prop>)"
          R"(<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>)"));
    } else if (request.target == "/dav/cal/alice/" && request.header("Depth") == "1") {
      // "D" bound to the calendarserver namespace and "C" to DAV: on purpose.
      connection.send(reply_207(
          R"(<C:multistatus xmlns:C="DAV:" xmlns:K="urn:ietf:params:xml:ns:caldav" xmlns:D="http://calendarserver.org/ns/">)"
          R"(<C:response><C:href>/dav/cal/alice/</C:href><C:propstat><C:prop><C:resourcetype><C:collection/>)"
          R"(</C:resourcetype></C:prop><C:status>HTTP/1.1 200 OK</C:status></C:propstat></C:response>)"
          R"(<C:response><C:href>work/</C:href><C:propstat><C:prop><C:resourcetype><C:collection/><K:calendar/>)"
          R"(</C:resourcetype><C:displayname><![CDATA[Work]]></C:displayname><K:supported-calendar-component-set>)"
          R"(<K:comp name="VEVENT"/><K:comp name="VTODO"/></K:supported-calendar-component-set>)"
          R"(<C:current-user-privilege-set><C:privilege><C:read/></C:privilege><C:privilege><C:write-content/>)"
          R"(</C:privilege></C:current-user-privilege-set><D:getctag>"c1"</D:getctag><C:sync-token>data:,7</C:sync-token>)"
          R"(<C:supported-report-set><C:supported-report><C:report><C:sync-collection/></C:report></C:supported-report>)"
          R"(</C:supported-report-set></C:prop><C:status>HTTP/1.1 200 OK</C:status></C:propstat></C:response>)"
          R"(<C:response><C:href>/dav/cal/alice/inbox/</C:href><C:propstat><C:prop><C:resourcetype><C:collection/>)"
          R"(<K:schedule-inbox/></C:resourcetype></C:prop><C:status>HTTP/1.1 200 OK</C:status></C:propstat></C:response>)"
          R"(<C:response><C:href>http://elsewhere.example/shared/</C:href><C:propstat><C:prop><C:resourcetype>)"
          R"(<C:collection/><K:calendar/></C:resourcetype><K:supported-calendar-component-set/>)"
          R"(<C:current-user-privilege-set><C:privilege><C:read/></C:privilege></C:current-user-privilege-set>)"
          R"(</C:prop><C:status>HTTP/1.1 200 OK</C:status></C:propstat><C:propstat><C:prop><D:getctag/>)"
          R"(</C:prop><C:status>HTTP/1.1 404 Not Found</C:status></C:propstat></C:response></C:multistatus>)"));
    } else {
      connection.send(testing::http_reply(404, "Not Found"));
    }
  });
  HttpClient client(HttpOptions{});
  const auto calendars = discover_calendars(client, server.url("/start/"));
  ASSERT_EQ(calendars.size(), 2u) << listing(calendars);
  EXPECT_EQ(calendars[0].url, server.url("/dav/cal/alice/work/"));
  EXPECT_EQ(calendars[0].display_name, "Work");
  EXPECT_EQ(calendars[0].components, (std::vector<std::string>{"VEVENT", "VTODO"}));
  EXPECT_TRUE(calendars[0].writable);
  EXPECT_TRUE(calendars[0].supports_sync_collection);
  EXPECT_EQ(calendars[0].ctag, "\"c1\"");
  EXPECT_EQ(calendars[0].sync_token, "data:,7");
  EXPECT_EQ(calendars[1].url, "http://elsewhere.example/shared/");
  EXPECT_EQ(calendars[1].components, (std::vector<std::string>{"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY"}));
  EXPECT_FALSE(calendars[1].writable);
  EXPECT_FALSE(calendars[1].supports_sync_collection);
  EXPECT_EQ(calendars[1].ctag, "");
}

TEST(CalDavDiscoveryScripted, NothingFoundIsBadInputSayingWhatWasTried) {
  testing::HttpTestServer server([](const testing::ReceivedRequest&, testing::TestConnection& connection) {
    connection.send(testing::http_reply(404, "Not Found"));
  });
  HttpClient client(HttpOptions{});
  const std::string url = server.url("/somewhere/");
  try {
    discover_calendars(client, url);
    FAIL() << "no error";
  } catch (const AuthError&) {
    FAIL() << "AuthError for a 404";
  } catch (const BadInput& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("no CalDAV calendars found at " + url + " (tried: ", 0), 0u) << message;
    EXPECT_NE(message.find("/.well-known/caldav"), std::string::npos) << message;
    EXPECT_NE(message.find("404"), std::string::npos) << message;
  }
  EXPECT_EQ(server.requests().size(), 3u);  // the URL, /.well-known/caldav, /
}

TEST(CalDavDiscoveryScripted, UnauthorizedAndForbiddenAreAuthErrors) {
  for (const int status : {401, 403}) {
    testing::HttpTestServer server([status](const testing::ReceivedRequest&, testing::TestConnection& connection) {
      connection.send(testing::http_reply(status, "No", {{"WWW-Authenticate", "Basic realm=\"x\""}}));
    });
    HttpClient client(HttpOptions{});
    EXPECT_THROW(discover_calendars(client, server.url("/")), AuthError) << status;
  }
}

TEST(CalDavDiscoveryScripted, IdentityComesFromTheListingAnswerAndTheCalendarsHost) {
  // A home set on one host listing a calendar on another (iCloud's partitions, CALDAV-NOTES §4.2).
  testing::HttpTestServer server([](const testing::ReceivedRequest& request, testing::TestConnection& connection) {
    if (request.target != "/home/") {
      connection.send(testing::http_reply(404, "Not Found", {{"Server", "WrongAnswer/1.0"}}));
      return;
    }
    const std::string body =
        R"(<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)"
        R"(<D:response><D:href>/home/</D:href><D:propstat><D:prop><C:calendar-home-set><D:href>/home/</D:href>)"
        R"(</C:calendar-home-set><D:resourcetype><D:collection/></D:resourcetype></D:prop>)"
        R"(<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>)"
        R"(<D:response><D:href>https://P07-CalDAV.iCloud.com/1234/calendars/work/</D:href><D:propstat><D:prop>)"
        R"(<D:resourcetype><D:collection/><C:calendar/></D:resourcetype></D:prop>)"
        R"(<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>)";
    connection.send(testing::http_reply(207, "Multi-Status",
                                        {{"Content-Type", kMultistatus},
                                         {"Server", "ListingServer/2.0"},
                                         {"DAV", "1, 2, 3, calendar-access"},
                                         {"DAV", "calendar-auto-schedule"},
                                         {"X-Powered-By", "PHP/8.2"},
                                         {"X-DAViCal-Version", "DAViCal/1.1.12; DB/1.3.5"}},
                                        body));
  });
  HttpClient client(HttpOptions{});
  const auto calendars = discover_calendars(client, server.url("/home/"));
  ASSERT_EQ(calendars.size(), 1u) << listing(calendars);
  const ServerIdentity& identity = calendars[0].server;
  EXPECT_EQ(identity.host, "p07-caldav.icloud.com");
  EXPECT_EQ(identity.server_header, "ListingServer/2.0");
  EXPECT_EQ(identity.dav_header, "1, 2, 3, calendar-access, calendar-auto-schedule");
  EXPECT_EQ(identity.powered_by, "PHP/8.2, DAViCal/1.1.12; DB/1.3.5");
  EXPECT_EQ(quirks_for(identity).name, "iCloud");  // rows by host come first
}

}  // namespace
}  // namespace followup::sync
