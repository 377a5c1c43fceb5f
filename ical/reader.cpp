// The streaming reader: lines -> VCALENDARs and their top-level components (CalendarScanner) ->
// the caller's cheap filter -> libical, one component at a time.
#include "ical/reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "ical/calendar_scanner.hpp"
#include "ical/calendar_zones.hpp"
#include "ical/component_reader.hpp"
#include "ical/errors.hpp"
#include "ical/line_reader.hpp"

namespace followup::ical {
namespace {

// Receives the scanner's components. A VEVENT or VTODO the filter keeps is parsed at once when
// nothing later in its VCALENDAR can change how it reads: it does not recur, is not an override, and
// every TZID it uses is defined by a VTIMEZONE already seen. The others (recurring masters, their
// overrides, users of TZIDs not yet defined: VTIMEZONEs may come last) wait for END:VCALENDAR. So
// memory holds the current component plus the few waiting ones, not the file.
class CalendarReader final : public ScanHandler {
 public:
  CalendarReader(std::string_view source, const ReadOptions& options, ItemSink& sink)
      : zones_([this](std::size_t line, std::string reason) { context_.problem(line, std::move(reason)); }),
        context_{source, options, zones_, sink} {}
  CalendarReader(const CalendarReader&) = delete;
  CalendarReader& operator=(const CalendarReader&) = delete;

  void calendar_begin(std::size_t /*line*/) override { reset(); }

  // One component at a time, parsed and freed, so a calendar of many recurring events never holds
  // all their parse trees. Overrides go first: their RECURRENCE-IDs tell each master which of its
  // instances to leave out (RFC 5545 §3.8.4.4: wherever the override moved to, and whether or not the
  // filter kept it).
  void calendar_end() override {
    std::unordered_map<std::string, std::vector<SysSeconds>> replaced;
    for (ScannedBlock& block : waiting_) {
      if (block.recurrence_id_line.empty()) continue;
      auto override_component = parse_component(block, context_);
      std::string{}.swap(block.text);  // parsed: its text is no longer needed
      if (!override_component) continue;
      if (override_component->kind == ComponentKind::Event && override_component->recurrence_id)
        replaced[override_component->uid].push_back(override_component->recurrence_id->instant);
      emit_items(*override_component, {}, context_);
    }
    for (const auto& [uid, line] : rejected_overrides_)
      if (auto instant = recurrence_id_instant(line, context_)) replaced[uid].push_back(*instant);

    static const std::vector<SysSeconds> kNone;
    for (ScannedBlock& block : waiting_) {
      if (!block.recurrence_id_line.empty()) continue;
      auto component = parse_component(block, context_);
      std::string{}.swap(block.text);
      if (!component) continue;
      const auto found = replaced.find(component->uid);
      emit_items(*component, found != replaced.end() ? found->second : kNone, context_);
    }
    reset();
  }

  bool wants(std::string_view name) override { return name == "VEVENT" || name == "VTODO" || name == "VTIMEZONE"; }

  void component(ScannedBlock& block) override {
    if (block.name == "VTIMEZONE") {
      zones_.define(std::move(block.tzid), std::move(block.text), block.line);
      return;
    }
    if (context_.options.keep && !context_.options.keep(block.name, block.text)) {
      if (block.name == "VEVENT" && !block.recurrence_id_line.empty() && !block.uid.empty())
        rejected_overrides_.emplace_back(block.uid, block.recurrence_id_line);
      return;
    }
    const bool ready = !block.recurs && block.recurrence_id_line.empty() && !block.too_many_tzids &&
                       std::all_of(block.tzids.begin(), block.tzids.end(),
                                   [&](const std::string& tzid) { return zones_.defines(tzid); });
    if (!ready) {
      waiting_.push_back(std::move(block));
      return;
    }
    if (auto parsed = parse_component(block, context_)) emit_items(*parsed, {}, context_);
  }

  void problem(std::size_t line, std::string reason) override { context_.problem(line, std::move(reason)); }

 private:
  void reset() {
    zones_.clear();
    waiting_.clear();
    rejected_overrides_.clear();
  }

  CalendarZones zones_;
  ReadContext context_;
  std::vector<ScannedBlock> waiting_;
  std::vector<std::pair<std::string, std::string>> rejected_overrides_;  // UID, RECURRENCE-ID line
};

}  // namespace

void read_calendar(std::istream& in, std::string_view source, const ReadOptions& options, ItemSink& sink) {
  CalendarReader reader{source, options, sink};
  CalendarScanner scanner{reader};
  LineReader lines{in};
  std::string_view line;
  std::size_t number = 0;
  while (lines.next(line, number)) scanner.line(line, number);
  scanner.finish();
}

void read_calendar_file(const std::filesystem::path& file, const ReadOptions& options, ItemSink& sink) {
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) throw IoError("cannot read " + file.string() + ": is a directory");
  std::ifstream in;
  std::vector<char> buffer(std::size_t{1} << 16);  // set before open() to take effect
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  errno = 0;
  in.open(file, std::ios::binary);
  if (!in.is_open())
    throw IoError("cannot read " + file.string() + ": " + (errno != 0 ? std::strerror(errno) : "cannot open"));
  read_calendar(in, file.string(), options, sink);
  if (in.bad()) throw IoError("cannot read " + file.string() + ": read error");
}

}  // namespace followup::ical
