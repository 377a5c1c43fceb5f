// followup: turns job interviews in a calendar into the follow-ups career advice says to do.
// main() alone ends the program with an exit code (documented in --help): report_of (exit_codes.hpp)
// maps what a command threw to its code and its one line.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "ical/errors.hpp"

namespace {

using namespace followup::cli;  // the exit codes

std::string usage() {
  return "Usage: followup COMMAND [OPTIONS]\n\n"
         "Turns job interviews in your calendar into follow-ups: a thank-you task per interviewer,\n"
         "check-ins after the promised decision date, and a move-on marker.\n\n"
         "Commands:\n"
         "  plan FILE.ics...   show the follow-ups for the interviews in the files (writes nothing)\n"
         "  import FILE.ics... (--output OUT.ics | --vdir DIR)\n"
         "                     write the follow-ups into an .ics file or a vdir folder\n"
         "  sync               read interviews from your CalDAV calendars ([caldav] in the configuration)\n"
         "                     and write their follow-ups back (the job to run from cron)\n"
         "  calendars          list the calendars found at [caldav] url and where follow-ups would go\n"
         "  status             where each application stands: stage, next action and when (changes nothing)\n"
         "  outcome INTERVIEW (offer|rejected|withdrawn|accepted|waiting-until DATE)\n"
         "                     record how an application ended, and apply it at once\n"
         "  config check       check the configuration file and show what it resolves to (secrets masked)\n"
         "  google-auth        authorize followup for Google calendars once (OAuth2; works without a browser\n"
         "                     on this machine: see 'followup google-auth --help')\n\n"
         "Options:\n"
         "  -h, --help         this help; 'followup COMMAND --help' for a command's options\n"
         "  --version          the version\n"
         "  -q, -v, -vv        after a command: only errors; say more; also each HTTP request (on stderr).\n"
         "                     sync and import print nothing when nothing changed and nothing failed\n\n"
         "Exit codes:\n"
         "  0  all done\n"
         "  1  internal error (a bug: please report it)\n"
         "  2  bad command line or configuration (unknown key, bad value)\n"
         "  3  an input or output file could not be read or written, or a server's answer made no sense\n"
         "  4  done, but some calendar components were skipped or some items failed (each is listed)\n"
         "  5  the server refused the credentials (check [caldav] username and password)\n"
         "  6  the server could not be reached or talked to (network failure, timeout, TLS certificate not\n"
         "     trusted, redirect refused)\n"
         "  7  another followup run is working on the same account or output; nothing was done (cron: the\n"
         "     next run does it)\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) {
      std::cerr << usage();
      return exit_usage;
    }
    const std::string& command = args.front();
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << usage();
      return exit_ok;
    }
    if (command == "--version") {
      std::cout << "followup " FOLLOWUP_VERSION "\n";
      return exit_ok;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    followup::cli::CommandResult result;
    if (command == "plan") {
      result = followup::cli::run_plan(rest, std::cout);
    } else if (command == "import") {
      result = followup::cli::run_import(rest, std::cout);
    } else if (command == "sync") {
      result = followup::cli::run_sync(rest, std::cout);
    } else if (command == "calendars") {
      result = followup::cli::run_calendars(rest, std::cout);
    } else if (command == "config") {
      result = followup::cli::run_config(rest, std::cout);
    } else if (command == "status") {
      result = followup::cli::run_status(rest, std::cout);
    } else if (command == "outcome") {
      result = followup::cli::run_outcome(rest, std::cout);
    } else if (command == "google-auth") {
      result = followup::cli::run_google_auth(rest, std::cout);
    } else {
      throw followup::UsageError("unknown command '" + command + "' (see followup --help)");
    }
    std::cout.flush();
    return result.partial ? exit_partial : exit_ok;
  } catch (...) {
    const followup::cli::ErrorReport report = followup::cli::report_of(std::current_exception());
    std::cerr << "followup: " << report.line << "\n";
    return report.code;
  }
}
