#pragma once
// The CalDAV test server a test runs against (tests/servers/README.md): its variables from the .env
// file of the ctest fixture, and scratch calendars of the test's own.
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "sync/caldav_storage.hpp"

namespace followup::sync::testing {

// A fresh random UUID (the kernel's), for names and UIDs no other test uses.
std::string random_uuid();

// The variables of FOLLOWUP_TEST_ENV_FILE. Throws (so the test fails, never skips: CI must run these)
// when the variable is unset, the file is missing or it is for another server than `expected_server`.
std::map<std::string, std::string> read_test_server_env(const std::string& expected_server);

// HttpOptions for alice on that server (Basic, or none for plain Xandikos).
HttpOptions test_server_options(const std::map<std::string, std::string>& env);

// A calendar collection made with MKCALENDAR (RFC 4791 §5.3.1) under alice's home, with a unique name
// (tests share one server and run at the same time), holding VEVENT and VTODO; deleted again when the
// last holder lets go.
class ScratchCalendar {
 public:
  explicit ScratchCalendar(const std::string& server);
  ~ScratchCalendar();
  ScratchCalendar(const ScratchCalendar&) = delete;
  ScratchCalendar& operator=(const ScratchCalendar&) = delete;

  const std::string& url() const { return url_; }
  const HttpOptions& options() const { return options_; }

 private:
  HttpOptions options_;
  std::string url_;
};

// A CalDavStorage (with a connection of its own, as a fresh process would have) on the scratch
// calendar of the test that uses `dir`; the calendar is made on the first open and deleted when the
// last store on it is gone.
class ScratchCalDavStorage : public CalDavStorage {
 public:
  ScratchCalDavStorage(std::shared_ptr<ScratchCalendar> calendar);

  static std::unique_ptr<Storage> open(const std::string& server, const std::filesystem::path& dir);

 private:
  std::shared_ptr<ScratchCalendar> calendar_;
};

}  // namespace followup::sync::testing
