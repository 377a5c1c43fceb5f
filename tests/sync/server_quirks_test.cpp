// The quirks table (sync/server_quirks.hpp): which row a server gets from its host or its headers, as
// the local test servers and the hosted services present themselves, and that every quirk says why.
#include "sync/server_quirks.hpp"

#include <gtest/gtest.h>

#include <string>

namespace followup::sync {
namespace {

int flags_set(const ServerQuirks& quirks) {
  return int{quirks.fragile_sync_token} + int{quirks.ignores_if_none_match} + int{quirks.no_vtodo} +
         int{quirks.unreliable_time_range} + int{quirks.credentials_within_domain} +
         int{quirks.max_parallel_requests > 0} + int{quirks.no_multiplexing};
}

void expect_generic(const ServerIdentity& server, const std::string& what) {
  const ServerQuirks quirks = quirks_for(server);
  EXPECT_EQ(quirks.name, "generic") << what;
  EXPECT_EQ(flags_set(quirks), 0) << what;
  EXPECT_TRUE(quirks.reasons.empty()) << what;
}

// One reason per quirk, each citing where it comes from.
void expect_reasoned(const ServerQuirks& quirks) {
  EXPECT_EQ(quirks.reasons.size(), static_cast<std::size_t>(flags_set(quirks))) << quirks.name;
  for (const auto& reason : quirks.reasons) {
    EXPECT_NE(reason.find("CALDAV-NOTES §"), std::string::npos) << quirks.name << ": " << reason;
    EXPECT_EQ(reason.find('\n'), std::string::npos) << quirks.name << ": " << reason;
  }
}

TEST(ServerQuirks, NothingKnownIsGeneric) {
  expect_generic({}, "empty identity");
  expect_generic({"caldav.example.org", "Apache", "1, 2, 3, calendar-access", "PHP/8.2"}, "an unknown server");
}

TEST(ServerQuirks, LocalTestServersAsTheyPresentThemselvesAreGenericExceptDavical) {
  // Headers of the PROPFIND answers that discovery reads, recorded from tests/servers (see the table).
  expect_generic(
      {"127.0.0.1", "WSGIServer/0.2 CPython/3.11.2", "1, 2, 3, calendar-access, addressbook, extended-mkcol", ""},
      "Radicale 3.1.8");
  expect_generic({"127.0.0.1", "Python/3.11 aiohttp/3.8.4", "", ""}, "Xandikos 0.2.8");
  expect_generic({"127.0.0.1", "nginx/1.22.1", "", ""}, "Xandikos behind nginx");
  expect_generic({"127.0.0.1", "", "", ""}, "Cyrus 3.6.1 (no Server or DAV header on PROPFIND)");

  const ServerQuirks davical = quirks_for(
      {"127.0.0.1", "1.1",
       "1, 2, 3, access-control, calendar-access, calendar-schedule, extended-mkcol, bind, addressbook, "
       "calendar-auto-schedule, calendar-proxy",
       "PHP/8.2.36, DAViCal/1.1.12; DB/1.3.5"});
  EXPECT_EQ(davical.name, "DAViCal");
  EXPECT_TRUE(davical.fragile_sync_token);
  EXPECT_TRUE(davical.no_multiplexing);  // CALDAV-NOTES §4.8 (issue #7)
  EXPECT_EQ(flags_set(davical), 2);
  expect_reasoned(davical);
}

TEST(ServerQuirks, GoogleChecksBeforeCreatingAndHasNoTasks) {
  for (const char* host : {"apidata.googleusercontent.com", "www.google.com", "APIDATA.googleusercontent.com."}) {
    const ServerQuirks google = quirks_for({host, "GSE", "", ""});
    EXPECT_EQ(google.name, "Google") << host;
    EXPECT_TRUE(google.ignores_if_none_match) << host;
    EXPECT_TRUE(google.no_vtodo) << host;
    EXPECT_FALSE(google.fragile_sync_token) << host;  // §4.1: Google asks clients to use sync-collection
    expect_reasoned(google);
  }
}

TEST(ServerQuirks, ICloudPartitionHostsShareCredentialsAndHaveNoTasks) {
  for (const char* host : {"caldav.icloud.com", "p42-caldav.icloud.com", "icloud.com"}) {
    const ServerQuirks icloud = quirks_for({host, "", "", ""});
    EXPECT_EQ(icloud.name, "iCloud") << host;
    EXPECT_TRUE(icloud.credentials_within_domain) << host;
    EXPECT_TRUE(icloud.no_vtodo) << host;
    EXPECT_FALSE(icloud.ignores_if_none_match) << host;
    expect_reasoned(icloud);
  }
}

TEST(ServerQuirks, HostsMatchByWholeLabelsOnly) {
  expect_generic({"evilicloud.com", "", "", ""}, "evilicloud.com");
  expect_generic({"icloud.com.example.net", "", "", ""}, "icloud.com.example.net");
  expect_generic({"notposteo.de", "", "", ""}, "notposteo.de");
  expect_generic({"google.com", "", "", ""}, "google.com is not www.google.com");
}

TEST(ServerQuirks, FragileSyncTokensWhereTheNotesSaySo) {
  // CALDAV-NOTES §2.3 and §8: DAViCal, SOGo, Synology, Zimbra, Posteo and GMX.
  const ServerIdentity servers[] = {
      {"cal.example.org", "Apache", "", "DAViCal/1.1.12; DB/1.3.5"},
      {"posteo.de", "", "", ""},
      {"caldav.gmx.net", "", "", ""},
      {"home.synology.me", "Apache", "", ""},
      {"nas.myds.me", "nginx", "", ""},
      {"mail.example.org", "SOGo/5.8", "", ""},
      {"mail.example.org", "Zimbra", "", ""},
  };
  for (const auto& server : servers) {
    const ServerQuirks quirks = quirks_for(server);
    EXPECT_NE(quirks.name, "generic") << server.host << " " << server.server_header;
    EXPECT_TRUE(quirks.fragile_sync_token) << quirks.name;
    EXPECT_FALSE(quirks.ignores_if_none_match) << quirks.name;
    expect_reasoned(quirks);
  }
}

TEST(ServerQuirks, CyrusAndFastmailAreNamedButNeedNothing) {
  // The Server header local Cyrus sends to OPTIONS, and Fastmail by host.
  for (const ServerIdentity& server :
       {ServerIdentity{"127.0.0.1", "Cyrus-HTTP/3.6.1-Debian-3.6.1-4+deb12u5 Cyrus-SASL/2.1.28", "", ""},
        ServerIdentity{"caldav.fastmail.com", "", "", ""}}) {
    const ServerQuirks quirks = quirks_for(server);
    EXPECT_EQ(quirks.name, "Cyrus/Fastmail") << server.host;
    EXPECT_EQ(flags_set(quirks), 0) << server.host;
  }
}

}  // namespace
}  // namespace followup::sync
