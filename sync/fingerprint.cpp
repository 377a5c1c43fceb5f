#include "sync/fingerprint.hpp"

#include <algorithm>
#include <vector>

#include "sync/fnv_hash.hpp"

namespace followup::sync {
namespace {

// The fields, each preceded by its length so that no two sequences of fields hash alike by accident.
class FieldHash {
 public:
  void add(std::string_view s) {
    hash_.add_number(s.size());
    hash_.add_bytes(s);
  }
  void add(long long n) { add(std::to_string(n)); }
  std::string hex() const { return to_hex(hash_.value()); }

 private:
  Fnv1a64 hash_;
};

// Line ends and trailing blanks are how a client stores text, not what it says.
std::string normalized_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (c != '\r') out += c;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t')) out.pop_back();
  return out;
}

long long seconds_or_none(const std::optional<SysSeconds>& t) {
  return t ? static_cast<long long>(t->time_since_epoch().count()) : -1;
}

}  // namespace

std::string fingerprint(const ical::Item& item) {
  FieldHash h;
  h.add(item.kind == ical::ComponentKind::Todo ? "VTODO" : "VEVENT");
  h.add(normalized_text(item.summary));
  h.add(normalized_text(item.description));
  h.add(item.all_day ? 1 : 0);
  if (item.all_day) {
    h.add(item.start_date ? format_date(*item.start_date) : "");
    h.add(item.end_date ? format_date(*item.end_date) : "");
  } else {
    h.add(seconds_or_none(item.start));
    h.add(item.has_end ? seconds_or_none(item.end) : -1);
  }
  h.add(seconds_or_none(item.due));
  // NEEDS-ACTION is what a task without STATUS means (RFC 5545 §3.8.1.11); a VEVENT without STATUS is
  // as good as CONFIRMED for this purpose.
  std::string status = item.status;
  if (item.kind == ical::ComponentKind::Todo && status.empty()) status = "NEEDS-ACTION";
  if (item.kind == ical::ComponentKind::Event && status == "CONFIRMED") status.clear();
  h.add(status);
  h.add(item.completed ? 1 : 0);
  // Beyond the list (time, text, status, completion), what a user sets on purpose: where,
  // how important, whether it blocks time, its link, its reminders, its categories.
  h.add(normalized_text(item.location));
  h.add(item.priority);
  h.add(item.transparency == "OPAQUE" ? std::string() : item.transparency);  // OPAQUE is the default
  h.add(item.url);
  std::vector<std::string> alarms = item.alarms;
  std::sort(alarms.begin(), alarms.end());
  h.add(static_cast<long long>(alarms.size()));
  for (const auto& a : alarms) h.add(a);
  std::vector<std::string> categories = item.categories;
  std::sort(categories.begin(), categories.end());
  h.add(static_cast<long long>(categories.size()));
  for (const auto& c : categories) h.add(c);
  return h.hex();
}

}  // namespace followup::sync
