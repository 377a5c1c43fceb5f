#include "sync/caldav_discovery.hpp"

#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "ical/errors.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/caldav_request_support.hpp"
#include "sync/dav_href.hpp"
#include "sync/dav_request_bodies.hpp"
#include "sync/http_url.hpp"
#include "sync/webdav_xml.hpp"

namespace followup::sync {
namespace {

const std::vector<std::string> kAllComponents = {"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY"};

// What a URL is: a calendar, a home set's owner, or something naming the current user's principal. Only
// these: DAViCal 1.1.12 answers 500 to a PROPFIND for DAV:sync-token on its root.
std::string probe_propfind_body() {
  const std::string dav(kDavNs), cal(kCalDavNs);
  return propfind_body({{dav, "resourcetype"}, {dav, "current-user-principal"}, {cal, "calendar-home-set"}});
}

// What discovery reports about a calendar.
std::string calendar_propfind_body() {
  const std::string dav(kDavNs), cal(kCalDavNs), cs(kCalendarServerNs);
  return propfind_body({{dav, "resourcetype"},
                        {dav, "displayname"},
                        {cal, "supported-calendar-component-set"},
                        {dav, "current-user-privilege-set"},
                        {cs, "getctag"},
                        {dav, "sync-token"},
                        {dav, "supported-report-set"}});
}

// "https://host/path/": no credentials that may sit in the URL, no query.
std::string for_messages(const std::string& url) {
  const auto parsed = parse_http_url(url);
  return parsed ? parsed->for_messages() : url;
}

// What an answer says about the server that sent it (server_quirks.hpp); the host is the calendar's.
ServerIdentity identity_of(const HttpResponse& response) {
  ServerIdentity server;
  server.server_header = response.header("Server");
  server.dav_header = response.header("DAV");
  // DAViCal says who it is only here ("Server: 1.1" on the test fixture): X-DAViCal-Version.
  for (const char* name : {"X-Powered-By", "X-DAViCal-Version"})
    if (const std::string value = response.header(name); !value.empty())
      server.powered_by += (server.powered_by.empty() ? "" : ", ") + value;
  return server;
}

// One PROPFIND's answer: the responses and the URL their hrefs are relative to.
struct Answer {
  DavMultistatus multistatus;
  std::string base_url;  // the URL that answered (after redirects)
  ServerIdentity server;  // its headers
};

class Discovery {
 public:
  Discovery(HttpClient& client, std::string url) : client_(client), url_(std::move(url)) {}

  std::vector<CalendarInfo> run() {
    std::vector<std::string> candidates{url_};
    if (parse_http_url(url_)) {
      candidates.push_back(resolve_href(url_, "/.well-known/caldav"));
      candidates.push_back(resolve_href(url_, "/"));
    }
    std::set<std::string> seen;
    for (const auto& candidate : candidates) {
      if (!seen.insert(normalize_href_for_comparison(candidate) + "|" + origin_key(candidate)).second) continue;
      auto calendars = from_url(candidate);
      if (!calendars.empty()) return calendars;
    }
    if (!refused_.empty()) throw AuthError(refused_);  // a 403 somewhere may be why nothing was found
    std::string message = "no CalDAV calendars found at " + for_messages(url_) + " (tried: ";
    for (std::size_t i = 0; i < tried_.size(); ++i) message += (i ? "; " : "") + tried_[i];
    throw BadInput(message + ")");
  }

 private:
  static std::string origin_key(const std::string& url) {
    const auto parsed = parse_http_url(url);
    return parsed ? parsed->scheme + "://" + parsed->host + ":" + std::to_string(parsed->port) : std::string();
  }

  // PROPFIND; nothing (and a note in tried_) for an answer other than 207. A 401 ends discovery at once
  // (retrying with the same credentials only gets Nextcloud to throttle us); a 403 is noted and the
  // next candidate tried (Radicale and DAViCal refuse paths the user has no rights on, such as a
  // mistyped one), and it becomes the AuthError when nothing is found.
  std::optional<Answer> propfind(const std::string& url, const char* depth, const std::string& body) {
    const HttpRequest request{"PROPFIND", url, {{"Depth", depth}, {"Content-Type", kXmlType}}, body};
    const HttpResponse response = client_.perform(request);
    const std::string what = "PROPFIND " + for_messages(url) + " (Depth " + depth + ")";
    if (response.status == 401) throw AuthError(what + ": HTTP 401 (credentials not accepted)");
    if (response.status == 403 && refused_.empty()) refused_ = what + ": HTTP 403 (access refused)";
    if (response.status != 207) {
      tried_.push_back(what + ": HTTP " + std::to_string(response.status));
      return std::nullopt;
    }
    try {
      return Answer{parse_multistatus(response.body, what),
                    response.effective_url.empty() ? url : response.effective_url, identity_of(response)};
    } catch (const BadInput& e) {
      tried_.push_back(e.what());
      return std::nullopt;
    }
  }

  // The response about the requested resource itself: the one whose href names the URL that answered,
  // else the first (a Depth 0 answer has one).
  static const DavResponse* self_response(const Answer& answer) {
    const std::string self = normalize_href_for_comparison(answer.base_url);
    for (const auto& response : answer.multistatus.responses)
      if (!response.href.empty() &&
          normalize_href_for_comparison(resolve_href(answer.base_url, response.href)) == self)
        return &response;
    return answer.multistatus.responses.empty() ? nullptr : &answer.multistatus.responses.front();
  }

  static bool is_calendar(const DavResponse& response) {
    const auto* type = response.find(kDavNs, "resourcetype");
    return type && type->has_element(kCalDavNs, "calendar");
  }

  static CalendarInfo describe(const Answer& answer, const DavResponse& response) {
    CalendarInfo info;
    info.url = response.href.empty() ? answer.base_url : resolve_href(answer.base_url, response.href);
    if (const auto* name = response.find(kDavNs, "displayname")) info.display_name = name->trimmed_text();
    if (const auto* set = response.find(kCalDavNs, "supported-calendar-component-set"))
      for (const auto& element : set->elements)
        if (element.is(kCalDavNs, "comp") && !element.attribute("name").empty())
          info.components.push_back(element.attribute("name"));
    if (info.components.empty()) info.components = kAllComponents;  // RFC 4791 §5.2.3
    if (const auto* privileges = response.find(kDavNs, "current-user-privilege-set"))
      info.writable = privileges->has_element(kDavNs, "write") || privileges->has_element(kDavNs, "write-content") ||
                      privileges->has_element(kDavNs, "all");
    else
      info.writable = true;  // no RFC 3744 on this server: nothing says the user may not write
    if (const auto* reports = response.find(kDavNs, "supported-report-set"))
      info.supports_sync_collection = reports->has_element(kDavNs, "sync-collection");
    if (const auto* ctag = response.find(kCalendarServerNs, "getctag")) info.ctag = ctag->trimmed_text();
    if (const auto* token = response.find(kDavNs, "sync-token")) info.sync_token = token->trimmed_text();
    info.server = answer.server;
    if (const auto parsed = parse_http_url(info.url)) info.server.host = parsed->host;
    return info;
  }

  static std::vector<std::string> hrefs_of(const Answer& answer, const DavResponse& response, std::string_view ns,
                                           std::string_view name) {
    std::vector<std::string> urls;
    if (const auto* property = response.find(ns, name))
      for (const auto& href : property->hrefs)
        if (!href.empty()) urls.push_back(resolve_href(answer.base_url, href));
    return urls;
  }

  std::vector<CalendarInfo> from_url(const std::string& url) {
    const auto answer = propfind(url, "0", probe_propfind_body());
    if (!answer) return {};
    const DavResponse* self = self_response(*answer);
    if (!self) {
      tried_.push_back("PROPFIND " + for_messages(url) + ": empty answer");
      return {};
    }
    if (is_calendar(*self)) return describe_calendar(answer->base_url);
    if (auto homes = hrefs_of(*answer, *self, kCalDavNs, "calendar-home-set"); !homes.empty())
      return list_homes(homes);
    if (auto principals = hrefs_of(*answer, *self, kDavNs, "current-user-principal"); !principals.empty())
      return from_principal(principals.front());
    tried_.push_back("PROPFIND " + for_messages(answer->base_url) +
                     ": not a calendar, no calendar-home-set, no current-user-principal");
    return {};
  }

  // The calendar at `url`, described by a PROPFIND Depth 0 of its own.
  std::vector<CalendarInfo> describe_calendar(const std::string& url) {
    const auto answer = propfind(url, "0", calendar_propfind_body());
    if (!answer) return {};
    const DavResponse* self = self_response(*answer);
    if (!self || !is_calendar(*self)) {
      tried_.push_back("PROPFIND " + for_messages(url) + ": not a calendar on second look");
      return {};
    }
    return {describe(*answer, *self)};
  }

  std::vector<CalendarInfo> from_principal(const std::string& principal) {
    const auto answer = propfind(principal, "0", probe_propfind_body());
    if (!answer) return {};
    const DavResponse* self = self_response(*answer);
    auto homes = self ? hrefs_of(*answer, *self, kCalDavNs, "calendar-home-set") : std::vector<std::string>{};
    if (homes.empty()) {
      tried_.push_back("principal " + for_messages(principal) + ": no calendar-home-set");
      return {};
    }
    return list_homes(homes);
  }

  std::vector<CalendarInfo> list_homes(const std::vector<std::string>& homes) {
    std::vector<CalendarInfo> calendars;
    std::set<std::string> found;
    for (const auto& home : homes) {
      const auto answer = propfind(home, "1", calendar_propfind_body());
      if (!answer) continue;
      const std::string home_key = normalize_href_for_comparison(answer->base_url);
      bool any = false;
      for (const auto& response : answer->multistatus.responses) {
        if (!is_calendar(response)) continue;  // inbox/outbox, proxy principals, other collections
        CalendarInfo info = describe(*answer, response);
        const std::string key = normalize_href_for_comparison(info.url);
        if (key == home_key && !response.href.empty()) continue;  // the home itself
        if (!found.insert(origin_key(info.url) + key).second) continue;
        calendars.push_back(std::move(info));
        any = true;
      }
      if (!any) tried_.push_back("home set " + for_messages(home) + ": no calendars");
    }
    return calendars;
  }

  HttpClient& client_;
  std::string url_;
  std::vector<std::string> tried_;
  std::string refused_;  // the first 403, for the AuthError
};

}  // namespace

std::vector<CalendarInfo> discover_calendars(HttpClient& client, const std::string& url) {
  return Discovery(client, url).run();
}

}  // namespace followup::sync
