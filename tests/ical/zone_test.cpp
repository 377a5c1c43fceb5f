// Zone::find, conversions across DST changes, and thread-safety of reads.
#include "ical/zone.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "read_helpers.hpp"

namespace followup::ical {
namespace {

using testing::utc_time;
using testing::wall_time;
using std::chrono::hours;

std::string found_name(std::string_view name) {
  const auto zone = Zone::find(name);
  return zone ? zone->name() : "<none>";
}

TEST(ZoneFind, IanaNames) {
  EXPECT_EQ(found_name("Europe/Berlin"), "Europe/Berlin");
  EXPECT_EQ(found_name("America/New_York"), "America/New_York");
  EXPECT_EQ(found_name("America/Argentina/Buenos_Aires"), "America/Argentina/Buenos_Aires");
}

TEST(ZoneFind, NameIsThePlainLocationNotLibicalsPrefixedTzid) {
  // libical's built-in tzid is "/freeassociation.sourceforge.net/Europe/Berlin".
  EXPECT_EQ(found_name("Europe/Berlin"), "Europe/Berlin");
}

TEST(ZoneFind, VendorPrefixesAreStripped) {
  EXPECT_EQ(found_name("/freeassociation.sourceforge.net/Europe/Berlin"), "Europe/Berlin");
  EXPECT_EQ(found_name("/mozilla.org/20050126_1/Europe/Berlin"), "Europe/Berlin");
  EXPECT_EQ(found_name("/softwarestudio.org/Olson_20011030_5/America/New_York"), "America/New_York");
  EXPECT_EQ(found_name("/citadel.org/20190914_1/Asia/Tokyo"), "Asia/Tokyo");
}

TEST(ZoneFind, QuotedNames) {
  EXPECT_EQ(found_name("\"Europe/Berlin\""), "Europe/Berlin");
  EXPECT_EQ(found_name("\"W. Europe Standard Time\""), "Europe/Berlin");
  EXPECT_EQ(found_name("  Europe/Berlin "), "Europe/Berlin");
}

TEST(ZoneFind, MicrosoftNamesMapThroughCldr) {
  EXPECT_EQ(found_name("W. Europe Standard Time"), "Europe/Berlin");
  EXPECT_EQ(found_name("Eastern Standard Time"), "America/New_York");
  EXPECT_EQ(found_name("Romance Standard Time"), "Europe/Paris");
  EXPECT_EQ(found_name("Tokyo Standard Time"), "Asia/Tokyo");
  EXPECT_EQ(found_name("Pacific Standard Time"), "America/Los_Angeles");
  // CLDR says "Asia/Calcutta"; libical's table has that link too.
  EXPECT_NE(found_name("India Standard Time"), "<none>");
}

TEST(ZoneFind, WindowsDisplayNamesByCityOrGenericName) {
  EXPECT_EQ(found_name("(UTC+07:00) Bangkok, Hanoi, Jakarta"), "Asia/Bangkok");
  EXPECT_EQ(found_name("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"), "Europe/Amsterdam");
  EXPECT_EQ(found_name("(UTC-05:00) Eastern Time (US & Canada)"), "America/New_York");
  EXPECT_EQ(found_name("Amsterdam, Belgrade, Berlin, Brussels, Budapest, Madrid, Paris, Prague, Stockholm"),
            "Europe/Amsterdam");
  EXPECT_EQ(found_name("(UTC) Coordinated Universal Time"), "UTC");
  // The offset must agree, and an offset alone is not enough.
  EXPECT_EQ(found_name("(UTC+05:00) Bangkok"), "<none>");
  EXPECT_EQ(found_name("(GMT +01:00)"), "<none>");
  EXPECT_EQ(found_name("UTC+01"), "<none>");
}

TEST(ZoneFind, NamesInAnotherCase) {
  EXPECT_EQ(found_name("europe/berlin"), "Europe/Berlin");
  EXPECT_EQ(found_name("w. europe standard time"), "Europe/Berlin");
}

TEST(ZoneFind, LinksResolve) {
  const auto eastern = Zone::find("US/Eastern");
  ASSERT_TRUE(eastern);
  EXPECT_EQ(eastern->utc_offset(utc_time(2026, 1, 15, 12)), hours{-5});
}

TEST(ZoneFind, UtcSpellings) {
  for (const char* name : {"UTC", "Z", "GMT", "Etc/UTC", "utc", "\"UTC\"", "/freeassociation.sourceforge.net/UTC"}) {
    const auto zone = Zone::find(name);
    ASSERT_TRUE(zone) << name;
    EXPECT_EQ(zone->name(), "UTC") << name;
    EXPECT_EQ(*zone, Zone::utc()) << name;
  }
}

TEST(ZoneFind, UnknownNamesAreNotGuessed) {
  for (const char* name : {"", "   ", "Mars/Olympus_Mons", "Customized Time Zone", "Europe", "\"\"",
                           "(UTC+01:00) Nowhere", "../../../../dev/stdin", "/dev/zero", "Europe/../../etc/passwd"})
    EXPECT_FALSE(Zone::find(name)) << name;
}

TEST(ZoneConversion, OffsetsInSummerAndWinter) {
  const Zone berlin = *Zone::find("Europe/Berlin");
  EXPECT_EQ(berlin.utc_offset(utc_time(2026, 1, 13, 12)), hours{1});
  EXPECT_EQ(berlin.utc_offset(utc_time(2026, 7, 13, 12)), hours{2});
  EXPECT_EQ(berlin.to_local(utc_time(2026, 7, 13, 12)), wall_time(2026, 7, 13, 14));
  EXPECT_EQ(berlin.to_sys(wall_time(2026, 1, 13, 10)), utc_time(2026, 1, 13, 9));
  EXPECT_EQ(Zone::utc().to_sys(wall_time(2026, 1, 13, 10)), utc_time(2026, 1, 13, 10));
}

// 2026-03-29: Berlin's clocks jump from 02:00 to 03:00 (01:00 UTC).
TEST(ZoneConversion, BerlinSpringGapMovesForwardByTheGap) {
  const Zone berlin = *Zone::find("Europe/Berlin");
  EXPECT_EQ(berlin.to_sys(wall_time(2026, 3, 29, 2, 30)), utc_time(2026, 3, 29, 1, 30));  // = 03:30 CEST
  EXPECT_EQ(berlin.to_sys(wall_time(2026, 3, 29, 1, 59)), utc_time(2026, 3, 29, 0, 59));
  EXPECT_EQ(berlin.to_sys(wall_time(2026, 3, 29, 3, 0)), utc_time(2026, 3, 29, 1, 0));
}

// 2026-10-25: Berlin's clocks go back from 03:00 CEST to 02:00 CET; 02:30 happens twice.
TEST(ZoneConversion, BerlinAutumnFoldTakesTheEarlierInstant) {
  const Zone berlin = *Zone::find("Europe/Berlin");
  EXPECT_EQ(berlin.to_sys(wall_time(2026, 10, 25, 2, 30)), utc_time(2026, 10, 25, 0, 30));  // CEST
  EXPECT_EQ(berlin.to_sys(wall_time(2026, 10, 25, 3, 0)), utc_time(2026, 10, 25, 2, 0));
  EXPECT_EQ(berlin.to_local(utc_time(2026, 10, 25, 0, 30)), wall_time(2026, 10, 25, 2, 30));
  EXPECT_EQ(berlin.to_local(utc_time(2026, 10, 25, 1, 30)), wall_time(2026, 10, 25, 2, 30));
}

// 2026-03-08: New York jumps from 02:00 EST to 03:00 EDT; 2026-11-01: 01:00-02:00 happens twice.
TEST(ZoneConversion, NewYorkGapAndFold) {
  const Zone new_york = *Zone::find("America/New_York");
  EXPECT_EQ(new_york.to_sys(wall_time(2026, 3, 8, 2, 30)), utc_time(2026, 3, 8, 7, 30));  // = 03:30 EDT
  EXPECT_EQ(new_york.to_sys(wall_time(2026, 11, 1, 1, 30)), utc_time(2026, 11, 1, 5, 30));  // EDT, earlier
  EXPECT_EQ(new_york.to_sys(wall_time(2026, 11, 1, 2, 30)), utc_time(2026, 11, 1, 7, 30));
}

TEST(ZoneConversion, EveryWallTimeRoundTripsOutsideGapsAndFolds) {
  const Zone berlin = *Zone::find("Europe/Berlin");
  for (SysSeconds t = utc_time(2026, 1, 1); t < utc_time(2027, 1, 1); t += std::chrono::minutes{97}) {
    const SysSeconds back = berlin.to_sys(berlin.to_local(t));
    // In the fold the earlier instant comes back; it is at most an hour earlier.
    EXPECT_TRUE(back == t || back == t - hours{1}) << format_iso(t, Zone::utc());
  }
}

TEST(ZoneConversion, FarFutureKeepsTheRulesAndStaysFast) {
  // libical alone re-expands its tables on each such lookup (9 ms each) and loses DST there.
  const Zone berlin = *Zone::find("Europe/Berlin");
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(berlin.utc_offset(utc_time(9000, 7, 1) + hours{i}), hours{2});
    EXPECT_EQ(berlin.utc_offset(utc_time(9000, 1, 1) + hours{i}), hours{1});
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count(), testing::hang_limit(1.0));
}

TEST(ZoneConversion, ExtremeInstantsDoNotOverflow) {
  const Zone berlin = *Zone::find("Europe/Berlin");
  EXPECT_NO_THROW(berlin.to_local(SysSeconds::max()));
  EXPECT_NO_THROW(berlin.to_local(SysSeconds::min()));
  EXPECT_NO_THROW(berlin.to_sys(LocalSeconds::max()));
  EXPECT_NO_THROW(berlin.to_sys(LocalSeconds::min()));
}

TEST(ZoneConversion, SharedZonesConvertTheSameOnManyThreads) {
  const std::vector<Zone> zones{*Zone::find("Europe/Berlin"), *Zone::find("America/New_York"),
                                *Zone::find("Australia/Sydney"), *Zone::find("Asia/Kolkata")};
  std::vector<std::vector<long long>> expected;
  for (const Zone& zone : zones) {
    std::vector<long long> offsets;
    for (int year = 1990; year < 2040; ++year)
      for (unsigned month = 1; month <= 12; ++month) offsets.push_back(zone.utc_offset(utc_time(year, month, 1)).count());
    expected.push_back(std::move(offsets));
  }
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t z = 0; z < zones.size(); ++z) {
        const Zone copy = zones[(z + static_cast<std::size_t>(t)) % zones.size()];
        const auto& offsets = expected[(z + static_cast<std::size_t>(t)) % zones.size()];
        std::size_t i = 0;
        for (int year = 1990; year < 2040; ++year)
          for (unsigned month = 1; month <= 12; ++month)
            if (copy.utc_offset(utc_time(year, month, 1)).count() != offsets[i++]) ++failures[static_cast<std::size_t>(t)];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

TEST(IsoTime, FormatsWithTheZonesOffset) {
  EXPECT_EQ(format_iso(utc_time(2026, 1, 13, 9), *Zone::find("Europe/Berlin")), "2026-01-13T10:00:00+01:00");
  EXPECT_EQ(format_iso(utc_time(2026, 7, 13, 9), *Zone::find("Europe/Berlin")), "2026-07-13T11:00:00+02:00");
  EXPECT_EQ(format_iso(utc_time(2026, 1, 13, 15, 4, 5), *Zone::find("America/New_York")), "2026-01-13T10:04:05-05:00");
  EXPECT_EQ(format_iso(utc_time(2026, 1, 13, 9), Zone::utc()), "2026-01-13T09:00:00+00:00");
  EXPECT_EQ(format_iso(utc_time(2026, 1, 13, 9), *Zone::find("Asia/Kolkata")), "2026-01-13T14:30:00+05:30");
}

TEST(IsoTime, ParsesOffsetsAndZ) {
  EXPECT_EQ(parse_iso_instant("2026-01-13T12:00:00+01:00"), utc_time(2026, 1, 13, 11));
  EXPECT_EQ(parse_iso_instant("2026-01-13T11:00:00Z"), utc_time(2026, 1, 13, 11));
  EXPECT_EQ(parse_iso_instant("2026-01-13T06:00:00-0500"), utc_time(2026, 1, 13, 11));
  EXPECT_EQ(parse_iso_instant("2026-01-13T11:00:00.750Z"), utc_time(2026, 1, 13, 11));
  EXPECT_EQ(parse_iso_instant("2026-01-13T16:30:00+05:30"), utc_time(2026, 1, 13, 11));
}

TEST(IsoTime, RoundTrips) {
  const Zone berlin = *Zone::find("Europe/Berlin");
  for (SysSeconds t = utc_time(2026, 1, 1); t < utc_time(2027, 1, 1); t += std::chrono::hours{31})
    EXPECT_EQ(parse_iso_instant(format_iso(t, berlin)), t);
}

TEST(IsoTime, RejectsWhatIsNotAnInstantNamingTheText) {
  for (const char* text : {"", "2026-01-13", "2026-01-13T11:00:00", "2026-01-13 11:00:00Z", "2026-02-30T11:00:00Z",
                           "2026-01-13T25:00:00Z", "2026-01-13T11:00:00+1", "2026-01-13T11:00:00Zjunk",
                           "2026-01-13T11:00:00.Z", "2026-1-13T11:00:00Z", "2026-01-13T11:00:00+24:00"}) {
    try {
      parse_iso_instant(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string{error.what()}.find("'" + std::string{text} + "'"), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace followup::ical
