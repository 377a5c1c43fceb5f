// `followup outcome INTERVIEW OUTCOME [DATE]`: records how an application ended (or that it waits), and
// applies it at once (issue 5, RULES.md §5). The outcome goes into a record the program generates (an
// all-day marker in the check-ins' calendar: rules/plan.cpp outcome_record), never into the user's event; the
// same run then does what `sync` does with it: the remaining check-ins and the move-on go.
#include <iostream>
#include <sstream>

#include "cli/account_runs.hpp"
#include "cli/calendar_choice.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/run_lock.hpp"
#include "cli/sync_output.hpp"
#include "ical/errors.hpp"
#include "rules/ascii_text.hpp"
#include "rules/local_time.hpp"
#include "rules/outcome.hpp"
#include "sync/caldav_job.hpp"

namespace followup::cli {
namespace po = boost::program_options;

namespace {

po::options_description outcome_options() {
  po::options_description o = caldav_options();
  o.add_options()("dry-run", "show what recording it would change, and write nothing");
  return o;
}

// "offer", "waiting-until 2026-02-02" -> the outcome, read as RULES.md §5 reads the line it becomes.
rules::Outcome outcome_from(const std::vector<std::string>& words, const rules::Settings& settings, SysSeconds now) {
  const std::string kind = rules::lower_ascii(words.at(1));
  std::string line;
  if (kind == "waiting-until" || kind == "waiting") {
    if (words.size() != 3) throw UsageError("outcome: 'waiting-until' takes a date (waiting-until 2026-02-02)");
    line = "Outcome: waiting until " + words[2];
  } else if (kind == "offer" || kind == "rejected" || kind == "withdrawn" || kind == "accepted") {
    if (words.size() != 2) throw UsageError("outcome: '" + kind + "' takes no date");
    line = "Outcome: " + kind;
  } else {
    throw UsageError("outcome: '" + words[1] + "' is not an outcome (offer, rejected, withdrawn, accepted, waiting-until DATE)");
  }
  const auto outcome = rules::read_outcome(line, rules::local_date(now, settings.timezone), settings.business_days);
  if (!outcome) throw UsageError("outcome: cannot read the date in '" + words[2] + "' (write it as 2026-02-02)");
  return *outcome;
}

struct Candidate {
  CaldavSettings account;
  rules::Interview interview;
};

// The interview INTERVIEW names: its UID, else the one whose summary (or company and position) holds
// every word given, in any case.
bool names(const rules::Interview& iv, const std::string& query, const ical::Zone& zone) {
  if (iv.uid == query) return true;
  // The day counts as a word too: it tells the occurrences of a series apart ("stark 2026-01-23").
  const std::string haystack = rules::lower_ascii(iv.summary + " " + iv.company + " " + iv.position + " " +
                                                  format_date(rules::local_date(iv.start, zone)));
  std::istringstream words(rules::lower_ascii(query));
  bool any = false;
  for (std::string word; words >> word;) {
    any = true;
    if (haystack.find(word) == std::string::npos) return false;
  }
  return any;
}

std::string listed(const std::vector<Candidate>& candidates, const ical::Zone& zone) {
  std::string out;
  for (const auto& c : candidates)
    out += "\n  " + ical::format_iso(c.interview.start, zone).substr(0, 16) + "  " + c.interview.summary +
           "  (UID " + c.interview.uid + (c.interview.recurrence_id.empty() ? "" : ", " + c.interview.recurrence_id) + ")";
  return out;
}

}  // namespace

std::string outcome_help() {
  return command_help("Usage: followup outcome INTERVIEW (offer|rejected|withdrawn|accepted|waiting-until DATE)\n"
       "                        [--config F] [--account NAME] [--dry-run] [--json] [--now TIME]\n\n"
       "Records how an application ended, or until when you are waiting, and applies it at once as\n"
       "'followup sync' would: an offer, a rejection, a withdrawal or an acceptance ends the check-ins\n"
       "(thank-yous stay); waiting-until moves the next check-in after DATE. INTERVIEW is the event's UID or\n"
       "words of its title (\"acme marketing\"); when several interviews match, they are listed and nothing\n"
       "changes. The outcome is kept in an all-day marker on today's date related to the interview;\n"
       "your own event is never changed.\n\n",
                      outcome_options());
}

CommandResult run_outcome(const std::vector<std::string>& args, std::ostream& out) {
  const auto vm = parse_command_line("outcome", args, outcome_options());
  if (vm.count("help")) {
    out << outcome_help();
    return {};
  }
  const std::vector<std::string> words = vm.count("file") ? vm["file"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (words.size() < 2 || words.size() > 3)
    throw UsageError("outcome: give INTERVIEW and an outcome (offer, rejected, withdrawn, accepted, waiting-until DATE)");
  const Config config = config_from(vm);
  const SysSeconds now = now_from(vm);
  const bool dry_run = vm.count("dry-run") > 0;
  const bool json = vm.count("json") > 0;
  const auto account_name = vm.count("account") ? std::optional(vm["account"].as<std::string>()) : std::nullopt;
  const ical::Zone& zone = config.rules.timezone;
  const rules::Outcome outcome = outcome_from(words, config.rules, now);

  // Find the interview: what `status` sees, in every account chosen.
  std::vector<Candidate> candidates;
  for (const auto& account : chosen_accounts(config, account_name)) {
    sync::HttpClient client(caldav_http_options(account));
    const sync::CaldavJob look{account.url, account.username, calendar_choice(account), true};
    for (const auto& p : sync::run_caldav_job(client, look, config.rules, now).sync.plan.interviews)
      if (names(p.interview, words[0], zone)) candidates.push_back({account, p.interview});
  }
  // A UID names one interview (or the occurrences of one series) exactly, whatever words also match.
  std::vector<Candidate> by_uid;
  for (const auto& c : candidates)
    if (c.interview.uid == words[0]) by_uid.push_back(c);
  if (!by_uid.empty()) candidates = by_uid;
  // The UID of a series and the day of one occurrence: "UID 2026-01-23".
  if (candidates.size() > 1) {
    std::vector<Candidate> on_day;
    for (const auto& c : candidates)
      if (words[0].find(format_date(rules::local_date(c.interview.start, zone))) != std::string::npos) on_day.push_back(c);
    if (on_day.size() == 1) candidates = on_day;
  }
  if (candidates.empty())
    throw UsageError("outcome: no interview in the window matches '" + words[0] + "' (see 'followup status')");
  if (candidates.size() > 1)
    throw UsageError("outcome: '" + words[0] + "' matches " + std::to_string(candidates.size()) +
                     " interviews; give more words, the day (2026-01-23) or the UID; nothing was changed:" + listed(candidates, zone));

  const Candidate& chosen = candidates.front();
  const CaldavSettings& account = chosen.account;
  const std::optional<RunLock> lock = dry_run ? std::nullopt : std::optional(lock_account(account));
  sync::HttpClient client(caldav_http_options(account));
  sync::CaldavJob job{account.url, account.username, calendar_choice(account), dry_run};
  job.new_outcomes = {rules::NewOutcome{chosen.interview.uid, chosen.interview.recurrence_id, outcome}};
  const sync::CaldavJobReport report = sync::run_caldav_job(client, job, config.rules, now);

  std::vector<sync::ItemError> errors = report.problems;
  errors.insert(errors.end(), report.sync.errors.begin(), report.sync.errors.end());
  if (json) {
    nlohmann::ordered_json doc = sync_summary(report.sync, errors, zone);
    doc["interview_uid"] = chosen.interview.uid;
    doc["outcome"] = std::string(rules::outcome_word(outcome.kind));
    if (outcome.waiting_until) doc["waiting_until"] = format_date(*outcome.waiting_until);
    out << json_text(doc);
  } else {
    out << (dry_run ? "Would record " : "Recorded ") << "'" << outcome.source << "' for " << chosen.interview.summary
        << " (" << rules::date_in_words(rules::local_date(chosen.interview.start, zone)) << ").\n";
    out << sync_summary_text(report.sync, errors, zone, dry_run, "account " + account.name);
  }
  out.flush();
  std::cerr << error_lines(errors);
  return CommandResult{!errors.empty()};
}

}  // namespace followup::cli
