#include "sync/fingerprint.hpp"

#include <cstdint>
#include <cstdio>

namespace followup::sync {
namespace {

// FNV-1a, 64 bits: stable across compilers and runs (std::hash is not), and plenty for telling one
// version of an item from another.
class Fnv1a {
 public:
  void add(std::string_view s) {
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
    add_separator();
  }
  void add(long long n) { add(std::to_string(n)); }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_));
    return buf;
  }

 private:
  void add_separator() {
    hash_ ^= 0x1f;
    hash_ *= 0x100000001b3ULL;
  }
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
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
  Fnv1a h;
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
  return h.hex();
}

}  // namespace followup::sync
