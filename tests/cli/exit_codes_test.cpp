// Every error a command can throw, mapped to its documented exit code and one line (cli/exit_codes.hpp).
// The end-to-end tests provoke 2 to 7 with the real executable; exit code 1 is for bugs, which no input
// should provoke, so it is checked here.
#include <gtest/gtest.h>

#include <stdexcept>

#include "cli/exit_codes.hpp"
#include "cli/run_lock.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/http_client.hpp"

namespace followup::cli {
namespace {

template <typename E>
ErrorReport report_for(const E& error) {
  return report_of(std::make_exception_ptr(error));
}

TEST(ExitCodes, EachErrorHasItsCodeAndOneLine) {
  EXPECT_EQ(report_for(UsageError("sync: takes no file arguments")).code, exit_usage);
  EXPECT_EQ(report_for(ConfigError("config.ini:3: bad value")).code, exit_usage);
  EXPECT_EQ(report_for(BadInput("cal.ics:12: not iCalendar")).code, exit_input);
  EXPECT_EQ(report_for(IoError("cannot write out.ics")).code, exit_input);
  EXPECT_EQ(report_for(sync::AuthError("401")).code, exit_auth);
  EXPECT_EQ(report_for(sync::AccessDenied("403")).code, exit_auth);
  EXPECT_EQ(report_for(Transient("connection refused")).code, exit_unreachable);
  EXPECT_EQ(report_for(sync::HttpError(sync::HttpError::Reason::TlsVerification, "certificate not trusted")).code,
            exit_unreachable);
  EXPECT_EQ(report_for(Conflict("out.ics changed")).code, exit_partial);
  EXPECT_EQ(report_for(RunLocked("another followup run is working on account default")).code, exit_locked);
  EXPECT_EQ(report_for(std::runtime_error("vector::at")).code, exit_internal);
  EXPECT_EQ(report_of(std::make_exception_ptr(42)).code, exit_internal);

  EXPECT_EQ(report_for(sync::AuthError("for /dav/ (401)")).line, "the server refused the credentials: for /dav/ (401)");
  EXPECT_EQ(report_for(Transient("timed out")).line, "server unreachable: timed out");
  EXPECT_EQ(report_for(std::runtime_error("vector::at")).line, "internal error: vector::at");
  EXPECT_EQ(report_for(Conflict("out.ics changed")).line, "out.ics changed (nothing was written; run again)");
  for (const auto& r : {report_for(UsageError("a")), report_for(Transient("b")), report_for(std::runtime_error("c"))})
    EXPECT_EQ(r.line.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace followup::cli
