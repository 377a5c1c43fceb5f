#include "sync/generated_item.hpp"

#include <sstream>

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

DesiredItem desired_item(const rules::Followup& f, const rules::Interview& iv, const rules::Settings& settings,
                         SysSeconds now) {
  ical::NewItem n = new_item(f, iv, now);
  // The meaning is taken from the object as read back, so that it is computed exactly as it will be
  // for the stored copy.
  std::vector<ical::ReadProblem> problems;
  const auto parsed = parse_object(ical::write_object(n, settings.timezone), f.uid, problems, settings.timezone);
  DesiredItem d;
  d.uid = f.uid;
  d.interview = {iv.uid, iv.recurrence_id};
  d.kind = f.kind;
  d.summary = f.summary;
  d.when = f.due ? *f.due : f.start;
  d.all_day = f.date.has_value();
  d.settled = f.settled;
  d.fingerprint = parsed.empty() ? std::string() : fingerprint(parsed.front());
  n.x_props.emplace_back(std::string(fingerprint_property), d.fingerprint);
  d.ics = ical::write_object(n, settings.timezone);
  return d;
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
