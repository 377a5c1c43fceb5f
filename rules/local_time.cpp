#include "rules/local_time.hpp"

#include <array>
#include <cstdio>

namespace followup::rules {

std::string date_in_words(Date d) {
  static constexpr std::array<const char*, 7> weekdays = {"Sunday", "Monday", "Tuesday", "Wednesday",
                                                          "Thursday", "Friday", "Saturday"};
  static constexpr std::array<const char*, 12> months = {"January", "February", "March", "April",
                                                         "May", "June", "July", "August",
                                                         "September", "October", "November", "December"};
  const std::chrono::weekday w{std::chrono::sys_days{d}};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %u %s %d", weekdays[w.c_encoding()], static_cast<unsigned>(d.day()),
                months[static_cast<unsigned>(d.month()) - 1], static_cast<int>(d.year()));
  return buf;
}

std::string time_in_words(SysSeconds t, const ical::Zone& zone) {
  const auto minutes = local_time_of_day(t, zone).count();
  char buf[48];
  std::snprintf(buf, sizeof buf, ", %02ld:%02ld", static_cast<long>(minutes / 60), static_cast<long>(minutes % 60));
  return date_in_words(local_date(t, zone)) + buf;
}

}  // namespace followup::rules
