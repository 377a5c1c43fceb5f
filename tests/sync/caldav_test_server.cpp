#include "caldav_test_server.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace followup::sync::testing {
namespace {

std::string required(const std::map<std::string, std::string>& env, const std::string& key) {
  const auto it = env.find(key);
  if (it == env.end() || it->second.empty()) throw std::runtime_error("the test server's .env file has no " + key);
  return it->second;
}

// MKCALENDAR with both components: Cyrus enforces the set (403 for a VEVENT in a VTODO calendar).
std::string mkcalendar_body() {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<C:mkcalendar xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
         "<D:displayname>followup contract test</D:displayname>"
         "<C:supported-calendar-component-set><C:comp name=\"VEVENT\"/><C:comp name=\"VTODO\"/>"
         "</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>";
}

}  // namespace

std::string random_uuid() {
  std::ifstream in("/proc/sys/kernel/random/uuid");
  std::string uuid;
  if (!(in >> uuid)) throw std::runtime_error("cannot read /proc/sys/kernel/random/uuid");
  return uuid;
}

std::map<std::string, std::string> read_test_server_env(const std::string& expected_server) {
  const char* file = std::getenv("FOLLOWUP_TEST_ENV_FILE");
  if (!file || !*file)
    throw std::runtime_error("FOLLOWUP_TEST_ENV_FILE is not set: run this test through ctest (fixture server_" +
                             expected_server + ")");
  std::ifstream in(file);
  if (!in)
    throw std::runtime_error(std::string("no test server: ") + file +
                             " is missing (server_" + expected_server + "_start skipped or failed)");
  // One line of KEY=VALUE pairs separated by single spaces (tests/servers/README.md).
  std::string line;
  std::getline(in, line);
  std::map<std::string, std::string> env;
  std::istringstream words(line);
  for (std::string word; words >> word;)
    if (const auto eq = word.find('='); eq != std::string::npos) env[word.substr(0, eq)] = word.substr(eq + 1);
  if (env["FOLLOWUP_TEST_SERVER"] != expected_server)
    throw std::runtime_error(std::string(file) + " is for server '" + env["FOLLOWUP_TEST_SERVER"] + "', not '" +
                             expected_server + "'");
  return env;
}

HttpOptions test_server_options(const std::map<std::string, std::string>& env) {
  HttpOptions options;
  if (required(env, "FOLLOWUP_TEST_AUTH") == "basic") {
    options.auth = HttpOptions::Auth::Basic;
    options.username = required(env, "FOLLOWUP_TEST_USER");
    options.password = required(env, "FOLLOWUP_TEST_PASSWORD");
  }
  return options;
}

ScratchCalendar::ScratchCalendar(const std::string& server) {
  const auto env = read_test_server_env(server);
  options_ = test_server_options(env);
  url_ = required(env, "FOLLOWUP_TEST_HOME") + "followup-contract-" + random_uuid() + "/";
  HttpClient client(options_);
  const auto response = client.perform(
      {"MKCALENDAR", url_, {{"Content-Type", "application/xml; charset=utf-8"}}, mkcalendar_body()});
  if (response.status != 201)
    throw std::runtime_error("MKCALENDAR " + url_ + ": HTTP " + std::to_string(response.status) + " " + response.body);
}

ScratchCalendar::~ScratchCalendar() {
  try {
    HttpClient client(options_);
    client.perform({"DELETE", url_, {}, {}});
  } catch (const std::exception&) {
    // Left behind on a server that is about to be stopped and removed: nothing to do.
  }
}

ScratchCalDavStorage::ScratchCalDavStorage(std::shared_ptr<ScratchCalendar> calendar)
    : CalDavStorage(calendar->url(), calendar->options()), calendar_(std::move(calendar)) {}

std::unique_ptr<Storage> ScratchCalDavStorage::open(const std::string& server, const std::filesystem::path& dir) {
  // The contract opens a second store before the first is gone (make_durable), so the calendar lives
  // as long as any store on it, keyed by the test's folder.
  static std::map<std::filesystem::path, std::weak_ptr<ScratchCalendar>> calendars;
  auto calendar = calendars[dir].lock();
  if (!calendar) {
    calendar = std::make_shared<ScratchCalendar>(server);
    calendars[dir] = calendar;
  }
  return std::make_unique<ScratchCalDavStorage>(std::move(calendar));
}

}  // namespace followup::sync::testing
