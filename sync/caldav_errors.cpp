#include "sync/caldav_errors.hpp"

#include "sync/http_url.hpp"

namespace followup::sync {
namespace {

bool is_uid_conflict(const DavCondition& condition) {
  return condition.is(kCalDavNs, "no-uid-conflict") || condition.is(kCalDavNs, "unique-scheduling-object-resource");
}

std::optional<std::string> conflict_in(const std::vector<DavCondition>& conditions) {
  for (const auto& condition : conditions)
    if (is_uid_conflict(condition)) return condition.hrefs.empty() ? std::string() : condition.hrefs.front();
  return std::nullopt;
}

// Error bodies can be long HTML pages or pretty-printed XML: one line, bounded.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
    if (out.size() >= 200) return out + "...";
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::optional<std::string> uid_conflict_href(const DavErrorBody& error) { return conflict_in(error.conditions); }

std::optional<std::string> uid_conflict_href(const DavMultistatus& answer) {
  for (const auto& response : answer.responses) {
    if (auto href = conflict_in(response.errors)) return href;
    for (const auto& propstat : response.propstats)
      if (auto href = conflict_in(propstat.errors)) return href;
  }
  return std::nullopt;
}

std::string request_for_messages(std::string_view method, const std::string& url) {
  const auto parsed = parse_http_url(url);
  return std::string(method) + " " + (parsed ? parsed->path : std::string("<invalid URL>"));
}

void throw_for_status(std::string_view method, const std::string& url, const HttpResponse& response) {
  const long status = response.status;
  const DavErrorBody error = parse_dav_error(response.body);
  const auto parsed = parse_http_url(url);
  const std::string where = parsed ? parsed->for_messages() : std::string("<invalid URL>");
  // RFC 9110 §15.5.2/§15.5.4: 401 is about the credentials. A 403 with a precondition is about the
  // request (Cyrus: valid-calendar-data, supported-calendar-component), one without is about who asks.
  if (status == 401) throw AuthError("the server refused the credentials for " + where + " (401)");
  if (status == 403 && error.conditions.empty()) throw AccessDenied("the server refused access to " + where + " (403)");
  std::string message = request_for_messages(method, url) + ": HTTP " + std::to_string(status);
  for (const auto& condition : error.conditions) message += " " + condition.name;
  if (!error.description.empty()) message += ": " + one_line(error.description);
  if (status == 429 || status >= 500) {
    // Said, not obeyed here: the store makes one request per call, and the caller waits (CALDAV-NOTES §5.6).
    if (const std::string wait = response.header("Retry-After"); !wait.empty())
      message += " (Retry-After: " + one_line(wait) + ")";
    throw Transient(message);
  }
  throw BadInput(message);
}

}  // namespace followup::sync
