// `followup import`: the offline main job. Reads interviews from .ics files and writes their
// follow-ups into an .ics file (which may be the input itself) or a vdir folder.
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/run_lock.hpp"
#include "cli/sync_output.hpp"
#include "ical/errors.hpp"
#include "sync/calendar_input.hpp"
#include "sync/engine.hpp"
#include "sync/file_io.hpp"
#include "sync/ics_file_storage.hpp"
#include "sync/vdir_storage.hpp"

namespace followup::cli {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

po::options_description import_options() {
  po::options_description o = common_options();
  o.add_options()
      ("output", po::value<std::string>(), "write the follow-ups into this .ics file (created if missing; may be an input)")
      ("vdir", po::value<std::string>(), "write the follow-ups into this vdir folder (one .ics per item, as khal and todoman read)")
      ("dry-run", "show what would be created, updated and deleted, and write nothing");
  return o;
}

// The state of a dry run starts as the saved one but is never written back.
sync::StateDb state_for(const std::string& identity, bool dry_run) {
  const fs::path file = sync::default_state_file(identity);
  return dry_run ? sync::StateDb::in_memory_copy_of(file) : sync::StateDb(file);
}

}  // namespace

std::string import_help() {
  return command_help("Usage: followup import INPUT.ics... (--output OUT.ics | --vdir DIR) [--dry-run] [--json]\n"
       "                       [--now TIME] [--config F] [--timezone ZONE] [--me ADDRESS]\n\n"
       "Reads interviews from the inputs and writes their follow-ups into OUT.ics or the vdir DIR.\n"
       "Run it again and again: nothing is duplicated, what you edited or deleted stays as you left it,\n"
       "and nothing it did not create is ever changed. It prints nothing when nothing changed and nothing\n"
       "failed (-v: the summary always); problems go to stderr, one line each. While it writes OUT.ics or\n"
       "DIR, another import into them exits with code 7.\n\n",
                      import_options());
}

CommandResult run_import(const std::vector<std::string>& args, std::ostream& out) {
  const auto vm = parse_command_line("import", args, import_options());
  if (vm.count("help")) {
    out << import_help();
    return {};
  }
  const auto files = input_files("import", vm);
  if (vm.count("output") == vm.count("vdir")) throw UsageError("import: give exactly one of --output OUT.ics and --vdir DIR");
  const Verbosity verbosity = verbosity_from(vm);
  const Config config = config_from(vm);
  const SysSeconds now = now_from(vm);
  const bool dry_run = vm.count("dry-run") > 0;

  const bool to_file = vm.count("output") > 0;
  const fs::path target = fs::absolute(vm[to_file ? "output" : "vdir"].as<std::string>()).lexically_normal();
  const std::string identity = (to_file ? "file:" : "vdir:") + target.string();
  // A missing folder is more likely a typo than a wish for a new tree of folders.
  std::error_code ec;
  if (!fs::is_directory(target.parent_path(), ec))
    throw IoError("cannot write " + target.string() + ": the folder " + target.parent_path().string() + " does not exist");
  const auto open_store = [&]() -> std::unique_ptr<sync::Storage> {
    if (to_file) return std::make_unique<sync::IcsFileStorage>(target);
    return std::make_unique<sync::VdirStorage>(target);
  };

  // One run per target at a time, from before the inputs are read until the state is saved. A dry run
  // writes nothing, not even the lock file, and reads a consistent copy of the state (in_memory_copy_of):
  // it needs no lock and is not refused while cron's run works.
  const std::optional<RunLock> lock = dry_run ? std::nullopt : std::optional(lock_run(identity, target.string()));
  // A run killed mid-write left its temporary file; with the lock held no run of ours writes there now,
  // so ours go (only ours, only where this target writes: sync/file_io.hpp).
  if (lock && to_file) sync::remove_stale_temp_files(target);
  if (lock && !to_file) sync::remove_stale_temp_files_in(target);

  ProgressLine progress(std::cerr, verbosity != Verbosity::Quiet && stderr_is_terminal());
  // The items move into the run (a Conflict reads the inputs again anyway): one copy fewer of every
  // interview at the run's peak of memory (issue 7). The problems stay, for the report.
  const auto synchronize_into = [&](sync::CalendarInput& input, sync::Storage& store, sync::StateDb& state) {
    sync::SyncInput sync_input{std::move(input.items), input.problems, input.sources, {}};
    sync_input.progress = [&progress](std::string_view stage, std::size_t done, std::size_t total) {
      progress.show(stage, done, total);
    };
    return sync::synchronize(sync_input, config.rules, now, store, state, dry_run);
  };
  auto input = sync::read_calendar_files(files, config.rules, now);
  auto state = state_for(identity, dry_run);
  std::unique_ptr<sync::Storage> store = open_store();
  sync::SyncReport report;
  try {
    report = synchronize_into(input, *store, state);
  } catch (const Conflict&) {
    // Another program changed the output file while we worked, and nothing was written: read
    // everything again and decide again, once (if the output is also an input, it changed too).
    input = sync::read_calendar_files(files, config.rules, now);
    store = open_store();
    report = synchronize_into(input, *store, state);
  }
  progress.erase();

  std::vector<sync::ItemError> errors;
  for (const auto& p : input.problems) errors.push_back({p.where, p.reason});
  errors.insert(errors.end(), report.errors.begin(), report.errors.end());
  if (vm.count("json"))
    out << sync_summary_json(report, errors, config.rules.timezone);
  else if (summary_wanted(report, errors, dry_run, verbosity))
    out << sync_summary_text(report, errors, config.rules.timezone, dry_run, store->describe());
  out.flush();
  std::cerr << error_lines(errors);
  return CommandResult{!errors.empty()};
}

}  // namespace followup::cli
