#include "scripted_calendar.hpp"

#include <regex>
#include <utility>

namespace followup::sync::testing {
namespace {

constexpr const char* kCollection = "/cal/";

// The member name an href stands for, whatever its spelling (absolute URL or path, "@" or "%40"); ""
// for anything that is not a member. The server's own reading, not the client's comparison key.
std::string name_of(const std::string& href) {
  std::string path = href;
  if (path.rfind("http://", 0) == 0) {
    const auto slash = path.find('/', 7);
    path = slash == std::string::npos ? "/" : path.substr(slash);
  }
  std::string decoded;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size()) {
      decoded += static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += path[i];
    }
  }
  const std::string prefix = kCollection;
  if (decoded.rfind(prefix, 0) != 0 || decoded.size() == prefix.size()) return "";
  return decoded.substr(prefix.size());
}

std::string escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

std::string multistatus(const std::string& responses, const std::string& token = "") {
  return R"(<?xml version="1.0" encoding="utf-8"?>)"
         R"(<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)" +
         responses + (token.empty() ? "" : "<D:sync-token>" + token + "</D:sync-token>") + "</D:multistatus>";
}

std::string ok_response(const std::string& href, const std::string& props) {
  return "<D:response><D:href>" + escaped(href) + "</D:href><D:propstat><D:prop>" + props +
         "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>";
}

std::string etag_prop(const std::string& etag) { return "<D:getetag>" + escaped(etag) + "</D:getetag>"; }

std::string data_prop(const std::string& ics) { return "<C:calendar-data>" + escaped(ics) + "</C:calendar-data>"; }

std::string not_found(const std::string& href) {
  return "<D:response><D:href>" + escaped(href) + "</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>";
}

std::string reply_207(const std::string& body) {
  return http_reply(207, "Multi-Status", {{"Content-Type", "application/xml; charset=utf-8"}}, body);
}

}  // namespace

ScriptedCalendar::ScriptedCalendar()
    : sync_spelling_(path),
      query_spelling_(path),
      server_([this](const ReceivedRequest& request, TestConnection& connection) { handle(request, connection); }) {}

std::string ScriptedCalendar::url() const { return server_.url(kCollection); }

std::string ScriptedCalendar::path(const std::string& name) { return kCollection + name; }

std::string ScriptedCalendar::absolute_url(const std::string& name) const { return server_.url(path(name)); }

std::string ScriptedCalendar::put(const std::string& name, const std::string& ics) {
  const std::lock_guard lock(mutex_);
  return store(name, ics);
}

std::string ScriptedCalendar::store(const std::string& name, const std::string& ics) {
  Member& member = members_[name];
  member.changed_at = ++changes_;
  member.etag = "\"" + name + "-" + std::to_string(changes_) + "\"";
  member.ics = ics;
  removed_at_.erase(name);
  return member.etag;
}

void ScriptedCalendar::remove(const std::string& name) {
  const std::lock_guard lock(mutex_);
  if (members_.erase(name) > 0) removed_at_[name] = ++changes_;
}

std::string ScriptedCalendar::text_of(const std::string& name) const {
  const std::lock_guard lock(mutex_);
  const auto it = members_.find(name);
  return it == members_.end() ? "" : it->second.ics;
}

std::string ScriptedCalendar::etag_of(const std::string& name) const {
  const std::lock_guard lock(mutex_);
  const auto it = members_.find(name);
  return it == members_.end() ? "" : it->second.etag;
}

void ScriptedCalendar::answer_in_multiget(const std::string& name, InMultiget how) {
  const std::lock_guard lock(mutex_);
  in_multiget_[name] = how;
}

void ScriptedCalendar::spell_in_sync_collection(Spelling spelling) {
  const std::lock_guard lock(mutex_);
  sync_spelling_ = std::move(spelling);
}

void ScriptedCalendar::spell_in_calendar_query(Spelling spelling) {
  const std::lock_guard lock(mutex_);
  query_spelling_ = std::move(spelling);
}

void ScriptedCalendar::answer_puts(PutAnswer answer, std::function<std::string(const std::string&)> stored) {
  const std::lock_guard lock(mutex_);
  put_answer_ = answer;
  stored_ = std::move(stored);
}

std::vector<std::string> ScriptedCalendar::requests() const {
  const std::lock_guard lock(mutex_);
  return log_;
}

void ScriptedCalendar::handle(const ReceivedRequest& request, TestConnection& connection) {
  const std::lock_guard lock(mutex_);
  std::string reply;
  if (request.method == "REPORT" && request.body.find("sync-collection") != std::string::npos)
    reply = sync_collection(request.body);
  else if (request.method == "REPORT" && request.body.find("calendar-query") != std::string::npos)
    reply = calendar_query(request.body);
  else if (request.method == "REPORT" && request.body.find("calendar-multiget") != std::string::npos)
    reply = multiget(request.body);
  else if (request.method == "PROPFIND")
    reply = propfind(request);
  else if (request.method == "PUT")
    reply = put(request);
  else if (request.method == "DELETE")
    reply = remove(request);
  else
    reply = http_reply(418, "Unscripted");  // shows as an error naming the request, never as a success
  connection.send(reply);
}

std::string ScriptedCalendar::sync_collection(const std::string& body) {
  log_.push_back("REPORT sync-collection");
  std::smatch match;
  const bool has_token = std::regex_search(body, match, std::regex("<(?:[A-Za-z0-9]+:)?sync-token>([^<]*)<"));
  const std::string token = has_token ? match[1].str() : "";
  std::size_t since = 0;
  if (!token.empty()) {
    std::smatch number;
    if (!std::regex_match(token, number, std::regex("data:,([0-9]+)")) || std::stoul(number[1].str()) > changes_)
      return http_reply(403, "Forbidden", {{"Content-Type", "application/xml"}},
                        R"(<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>)");
    since = std::stoul(number[1].str());
  }
  std::string responses;
  for (const auto& [name, member] : members_)
    if (token.empty() || member.changed_at > since) responses += ok_response(sync_spelling_(name), etag_prop(member.etag));
  if (!token.empty())
    for (const auto& [name, at] : removed_at_)
      if (at > since) responses += not_found(sync_spelling_(name));
  return reply_207(multistatus(responses, "data:," + std::to_string(changes_)));
}

std::string ScriptedCalendar::calendar_query(const std::string& body) {
  log_.push_back("REPORT calendar-query");
  // The query for recurring events (prop-filter RRULE) finds none: there are none here.
  if (body.find("prop-filter") != std::string::npos) return reply_207(multistatus(""));
  std::string responses;
  for (const auto& [name, member] : members_)
    responses += ok_response(query_spelling_(name), etag_prop(member.etag) + data_prop(member.ics));
  return reply_207(multistatus(responses));
}

std::string ScriptedCalendar::multiget(const std::string& body) {
  std::string line = "REPORT calendar-multiget";
  std::string responses;
  const std::regex href("<(?:[A-Za-z0-9]+:)?href>([^<]*)<");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), href); it != std::sregex_iterator(); ++it) {
    const std::string asked = (*it)[1].str();
    line += " " + asked;
    const auto member = members_.find(name_of(asked));
    if (member == members_.end()) {
      responses += not_found(asked);
      continue;
    }
    const auto how = in_multiget_.find(member->first);
    switch (how == in_multiget_.end() ? InMultiget::Sent : how->second) {
      case InMultiget::Sent:
        responses += ok_response(asked, etag_prop(member->second.etag) + data_prop(member->second.ics));
        break;
      case InMultiget::LeftOut:
        break;
      case InMultiget::WithoutData:
        responses += ok_response(asked, etag_prop(member->second.etag) + "<C:calendar-data></C:calendar-data>");
        break;
    }
  }
  log_.push_back(line);
  return reply_207(multistatus(responses));
}

std::string ScriptedCalendar::propfind(const ReceivedRequest& request) {
  log_.push_back("PROPFIND " + request.target);
  if (request.header("Depth") == "0") {
    const auto member = members_.find(name_of(request.target));
    if (member == members_.end()) return http_reply(404, "Not Found");
    return reply_207(multistatus(ok_response(request.target, etag_prop(member->second.etag))));
  }
  std::string responses = ok_response(kCollection, "<D:resourcetype><D:collection/></D:resourcetype>");
  for (const auto& [name, member] : members_) responses += ok_response(path(name), etag_prop(member.etag));
  return reply_207(multistatus(responses));
}

std::string ScriptedCalendar::put(const ReceivedRequest& request) {
  log_.push_back("PUT " + request.target);
  const std::string name = name_of(request.target);
  if (name.empty()) return http_reply(403, "Forbidden");
  const auto existing = members_.find(name);
  const bool exists = existing != members_.end();
  if (request.header("If-None-Match") == "*" && exists) return http_reply(412, "Precondition Failed");
  if (request.has_header("If-Match") && (!exists || request.header("If-Match") != existing->second.etag))
    return http_reply(412, "Precondition Failed");
  const std::string etag = store(name, stored_ ? stored_(request.body) : request.body);
  HttpHeaders headers;
  if (put_answer_ == PutAnswer::StrongEtag) headers.emplace_back("ETag", etag);
  if (put_answer_ == PutAnswer::WeakEtag) headers.emplace_back("ETag", "W/" + etag);
  return exists ? http_reply(204, "No Content", headers) : http_reply(201, "Created", headers);
}

std::string ScriptedCalendar::remove(const ReceivedRequest& request) {
  log_.push_back("DELETE " + request.target);
  const std::string name = name_of(request.target);
  const auto existing = members_.find(name);
  if (existing == members_.end()) return http_reply(404, "Not Found");
  if (request.has_header("If-Match") && request.header("If-Match") != existing->second.etag)
    return http_reply(412, "Precondition Failed");
  members_.erase(existing);
  removed_at_[name] = ++changes_;
  return http_reply(204, "No Content");
}

}  // namespace followup::sync::testing
