#include "sync/generated_item.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "ical/writer.hpp"
#include "rules/interview.hpp"
#include "sync/fingerprint.hpp"

namespace followup::sync {
namespace {

constexpr std::string_view fingerprint_property = "X-FOLLOWUP-FINGERPRINT";
// Events remind shortly before they start; tasks a few hours before they are due, while there is
// still time to do them.
constexpr auto event_alarm_lead = std::chrono::minutes{15};
constexpr auto task_alarm_lead = std::chrono::hours{3};

class Collect : public ical::ItemSink {
 public:
  Collect(std::vector<ical::Item>& items, std::vector<ical::ReadProblem>& problems) : items_(items), problems_(problems) {}
  void item(ical::Item&& i) override { items_.push_back(std::move(i)); }
  void problem(ical::ReadProblem&& p) override { problems_.push_back(std::move(p)); }

 private:
  std::vector<ical::Item>& items_;
  std::vector<ical::ReadProblem>& problems_;
};

ical::NewItem new_item(const rules::Followup& f, const rules::Interview& iv, SysSeconds now) {
  ical::NewItem n;
  n.kind = f.component;
  n.uid = f.uid;
  n.stamp = now;
  n.summary = f.summary;
  n.description = f.description;
  if (f.date) {
    n.date = f.date;
  } else {
    n.start = f.start;
    n.end = f.end;
    n.due = f.due;
  }
  if (f.component == ical::ComponentKind::Todo) n.status = "NEEDS-ACTION";
  n.transparent = f.transparent;
  if (f.alarm)
    n.alarm = ical::Alarm{f.component == ical::ComponentKind::Todo ? task_alarm_lead : event_alarm_lead, f.summary};
  n.categories = {"Follow-up"};
  n.related_to = iv.uid;
  n.x_props.emplace_back("X-FOLLOWUP-KIND", std::string(rules::kind_name(f.kind)));
  if (!iv.recurrence_id.empty()) n.x_props.emplace_back("X-FOLLOWUP-RECURRENCE-ID", iv.recurrence_id);
  return n;
}

#ifdef NDEBUG
constexpr bool kCheckShortcut = false;
#else
constexpr bool kCheckShortcut = true;
#endif

}  // namespace

std::vector<ical::Item> parse_object(const std::string& ics, const std::string& where,
                                     std::vector<ical::ReadProblem>& problems, const ical::Zone& local_zone) {
  std::vector<ical::Item> items;
  Collect collect(items, problems);
  std::istringstream in(ics);
  ical::ReadOptions options;
  options.local_zone = local_zone;
  ical::read_calendar(in, where, options, collect);
  return items;
}

namespace {

// The meaning is computed from the object as a reader will see it, exactly as it will be for the
// stored copy: from the component as built when its text reads back as written, else from a read of
// the text (ical::write_object_as_read). Debug builds, which every test runs, check the first against
// the second for each item they write.
std::string meaning_as_read(const ical::WrittenObject& written, const std::string& uid, const ical::Zone& zone) {
  std::string read_meaning;
  if (!written.as_read || kCheckShortcut) {
    std::vector<ical::ReadProblem> problems;
    const auto parsed = parse_object(written.text, uid, problems, zone);
    read_meaning = parsed.empty() ? std::string() : fingerprint(parsed.front());
    if (!written.as_read) return read_meaning;
  }
  std::string meaning = fingerprint(*written.as_read);
  if (kCheckShortcut && meaning != read_meaning)
    throw std::logic_error("the fingerprint of " + uid + " as built differs from the one read back");
  return meaning;
}

}  // namespace

DesiredItem desired_item(const rules::Followup& f, const rules::Interview& iv, const rules::Settings& settings,
                         SysSeconds now) {
  ical::NewItem n = new_item(f, iv, now);
  // The fingerprint does not hash X- properties, so the object is written once, with a stand-in of
  // the fingerprint's length (16 hex digits, fnv_hash.hpp), and the stand-in's line then gets the
  // real value: writing it twice was a third of `followup import` (issue 7).
  static const std::string stand_in(16, '0');
  n.x_props.emplace_back(std::string(fingerprint_property), stand_in);
  ical::WrittenObject written = ical::write_object_as_read(n, settings.timezone, settings.timezone);
  DesiredItem d;
  d.uid = f.uid;
  d.interview = {iv.uid, iv.recurrence_id};
  d.kind = f.kind;
  d.summary = f.summary;
  d.when = f.due ? *f.due : f.start;
  d.all_day = f.date.has_value();
  d.settled = f.settled;
  d.fingerprint = meaning_as_read(written, f.uid, settings.timezone);
  // The line as the writer wrote it: the item's last property line, never folded (39 octets).
  const std::string line = "\r\n" + std::string(fingerprint_property) + ":";
  std::string& ics = written.text;
  const std::size_t at = ics.find(line + stand_in + "\r\n");
  if (at != std::string::npos) ics.replace(at + line.size(), stand_in.size(), d.fingerprint);
  d.ics = std::move(ics);
  return d;
}

std::vector<DesiredItem> desired_items(
    const std::vector<std::pair<const rules::Followup*, const rules::Interview*>>& wanted,
    const rules::Settings& settings, SysSeconds now) {
  // Threads pay off only past a few dozen items; more than four gain little on a laptop and crowd
  // the concurrent account runs (cli/account_runs.cpp).
  constexpr std::size_t min_items_per_thread = 32;
  constexpr unsigned max_threads = 4;
  const std::size_t threads =
      std::min({std::size_t{std::max(1u, std::min(max_threads, std::thread::hardware_concurrency()))},
                wanted.size() / min_items_per_thread, wanted.size()});
  std::vector<DesiredItem> out(wanted.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> failures(std::max<std::size_t>(threads, 1));
  const auto work = [&](std::size_t worker) {
    try {
      for (std::size_t i = next++; i < wanted.size(); i = next++)
        out[i] = desired_item(*wanted[i].first, *wanted[i].second, settings, now);
    } catch (...) {
      failures[worker] = std::current_exception();
      next = wanted.size();  // the others stop too
    }
  };
  if (threads <= 1) {
    work(0);
  } else {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
  }  // joined here
  for (const auto& failure : failures)
    if (failure) std::rethrow_exception(failure);
  return out;
}

std::optional<FoundItem> found_item(const ical::Item& item, const ItemRef& ref) {
  if (!rules::is_generated(item)) return std::nullopt;
  FoundItem f;
  f.ref = ref;
  f.uid = item.uid;
  f.interview.uid = item.related_to.empty() ? std::string() : item.related_to.front();
  if (const auto rid = item.x_props.find("X-FOLLOWUP-RECURRENCE-ID"); rid != item.x_props.end())
    f.interview.recurrence_id = rid->second;
  f.summary = item.summary;
  f.when = item.kind == ical::ComponentKind::Todo ? item.due : item.start;
  f.all_day = item.all_day;
  f.fingerprint = fingerprint(item);
  if (const auto kind = item.x_props.find("X-FOLLOWUP-KIND"); kind != item.x_props.end())
    f.permanent = kind->second == rules::kind_name(rules::FollowupKind::Outcome);
  if (const auto fp = item.x_props.find(std::string(fingerprint_property)); fp != item.x_props.end())
    f.embedded_fingerprint = fp->second;
  return f;
}

}  // namespace followup::sync
