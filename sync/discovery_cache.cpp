#include "sync/discovery_cache.hpp"

#include <fcntl.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <system_error>

#include "sync/atomic_file.hpp"
#include "sync/file_io.hpp"
#include "sync/state_db.hpp"

namespace followup::sync {
namespace {

// Raised when the file's layout changes: an older file is then not read, only replaced.
constexpr int kVersion = 1;

const char* tasks_as_word(TasksAs tasks_as) {
  switch (tasks_as) {
    case TasksAs::Vtodo: return "vtodo";
    case TasksAs::Vevent: return "vevent";
    case TasksAs::Both: return "both";
  }
  return "vtodo";
}

nlohmann::ordered_json calendar_json(const CalendarInfo& c) {
  return {{"url", c.url},
          {"display_name", c.display_name},
          {"components", c.components},
          {"writable", c.writable},
          {"sync_collection", c.supports_sync_collection},
          {"ctag", c.ctag},
          {"sync_token", c.sync_token},
          {"server",
           {{"host", c.server.host},
            {"server", c.server.server_header},
            {"dav", c.server.dav_header},
            {"powered_by", c.server.powered_by}}}};
}

// Throws nlohmann::json::exception for a member missing or of another type.
CalendarInfo calendar_of(const nlohmann::json& j) {
  CalendarInfo c;
  c.url = j.at("url").get<std::string>();
  c.display_name = j.at("display_name").get<std::string>();
  c.components = j.at("components").get<std::vector<std::string>>();
  c.writable = j.at("writable").get<bool>();
  c.supports_sync_collection = j.at("sync_collection").get<bool>();
  c.ctag = j.at("ctag").get<std::string>();
  c.sync_token = j.at("sync_token").get<std::string>();
  const nlohmann::json& server = j.at("server");
  c.server.host = server.at("host").get<std::string>();
  c.server.server_header = server.at("server").get<std::string>();
  c.server.dav_header = server.at("dav").get<std::string>();
  c.server.powered_by = server.at("powered_by").get<std::string>();
  return c;
}

bool same_server(const ServerIdentity& a, const ServerIdentity& b) {
  return a.host == b.host && a.server_header == b.server_header && a.dav_header == b.dav_header &&
         a.powered_by == b.powered_by;
}

}  // namespace

std::string calendar_choice_key(const CalendarChoice& choice) {
  // One line per setting; names and URLs hold no line break (the INI reader splits on them).
  std::string key = "calendars:";
  for (const auto& calendar : choice.calendars) key += "\n  " + calendar;
  key += "\nfollowups_calendar: " + choice.followups_calendar;
  key += "\ntasks_calendar: " + choice.tasks_calendar;
  key += std::string("\ntasks_as: ") + tasks_as_word(choice.tasks_as);
  return key;
}

std::filesystem::path discovery_cache_file(const std::string& url, const std::string& account) {
  // The folder and the name-based UUID of the state databases, with an extension of its own.
  return default_state_file("caldav-discovery:" + account + " " + url).replace_extension(".discovery.json");
}

std::optional<std::vector<CalendarInfo>> read_discovery_cache(const std::filesystem::path& file,
                                                              const DiscoveryKey& key, SysSeconds now,
                                                              std::chrono::seconds max_age) {
  try {
    const UniqueFd fd = open_if_present(file, O_RDONLY | O_CLOEXEC);
    if (!fd) return std::nullopt;
    const nlohmann::json doc = nlohmann::json::parse(read_rest(fd.fd, file), nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object() || doc.value("version", 0) != kVersion) return std::nullopt;
    if (doc.at("url").get<std::string>() != key.url || doc.at("account").get<std::string>() != key.account ||
        doc.at("choice").get<std::string>() != key.choice)
      return std::nullopt;
    const SysSeconds discovered_at{std::chrono::seconds{doc.at("discovered_at").get<std::int64_t>()}};
    if (now < discovered_at || now - discovered_at >= max_age) return std::nullopt;
    if (!doc.at("calendars").is_array()) return std::nullopt;
    std::vector<CalendarInfo> calendars;
    for (const auto& calendar : doc.at("calendars")) calendars.push_back(calendar_of(calendar));
    // Discovery never saves an empty list (it throws when it finds nothing): a file that holds one is
    // not ours to trust.
    if (calendars.empty()) return std::nullopt;
    return calendars;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // not a cache of this version: discovered again, and replaced
  } catch (const Error&) {
    return std::nullopt;  // unreadable: the same
  }
}

void write_discovery_cache(const std::filesystem::path& file, const DiscoveryKey& key,
                           const std::vector<CalendarInfo>& calendars, SysSeconds now) {
  make_folders(file.parent_path(), 0700);
  nlohmann::ordered_json doc = {{"version", kVersion},
                                {"url", key.url},
                                {"account", key.account},
                                {"choice", key.choice},
                                {"discovered_at", now.time_since_epoch().count()},
                                {"calendars", nlohmann::ordered_json::array()}};
  for (const auto& calendar : calendars) doc["calendars"].push_back(calendar_json(calendar));
  TempFile temp(file);  // mode 0600 from its creation on
  temp.write(doc.dump(2) + "\n");
  temp.sync();
  temp.replace_final();
}

void forget_discovery_cache(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::remove(file, ec);
  if (ec) throw IoError("cannot remove " + file.string() + ": " + ec.message());
}

bool same_calendars(const std::vector<CalendarInfo>& a, const std::vector<CalendarInfo>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const CalendarInfo &x = a[i], &y = b[i];
    if (x.url != y.url || x.display_name != y.display_name || x.components != y.components ||
        x.writable != y.writable || x.supports_sync_collection != y.supports_sync_collection ||
        !same_server(x.server, y.server))
      return false;
  }
  return true;
}

}  // namespace followup::sync
