#include "cli/oauth2_loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ostream>
#include <vector>

#include "ical/errors.hpp"
#include "rules/ascii_text.hpp"
#include "sync/caldav_errors.hpp"

namespace followup::cli {
namespace {

using Clock = std::chrono::steady_clock;

// A browser that sends nothing (a speculative preconnect) is dropped after this long.
constexpr auto kQuietConnection = std::chrono::seconds{10};
// A request line and headers: anything longer is not the redirect.
constexpr std::size_t kMaxRequest = 16 * 1024;

std::string percent_decoded(std::string_view s) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

// code, state and error of a query ("a=1&b=2"); the rest is ignored (Google adds scope, authuser...).
AuthorizationAnswer answer_of_query(std::string_view query) {
  AuthorizationAnswer answer;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = pair.substr(0, eq);
    std::string value = percent_decoded(pair.substr(eq + 1));
    if (name == "code") answer.code = std::move(value);
    if (name == "state") answer.state = std::move(value);
    if (name == "error") answer.error = std::move(value);
  }
  return answer;
}

// The error code as it may be shown: RFC 6749 §4.1.2.1 codes are letters and '_'; anything else is cut.
std::string shown_error(const std::string& error) {
  std::string shown;
  for (const char c : error.substr(0, 64))
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') shown += c;
  return shown.empty() ? "refused" : shown;
}

void send_page(int fd, int status, std::string_view reason, std::string_view text) {
  const std::string body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>followup</title></head>"
                           "<body><p>" + std::string(text) + "</p></body></html>\n";
  const std::string reply = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
                            "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + body;
  std::size_t sent = 0;
  while (sent < reply.size()) {
    const ssize_t n = ::send(fd, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the browser left: nothing more to tell it
    sent += static_cast<std::size_t>(n);
  }
}

struct Connection {
  sync::UniqueFd fd;
  std::string received;
  Clock::time_point since;
};

// What one answer (a redirect or a pasted line) decides: a code, a refusal, or nothing yet.
enum class Verdict { Code, Refused, OtherAttempt, NoCode };

Verdict judge(const AuthorizationAnswer& answer, const std::string& state) {
  // A pasted bare code carries no state; a redirect or a pasted URL does, and must carry ours (RFC 6749
  // §10.12: an answer for another request is not ours to use).
  if (!answer.state.empty() && answer.state != state) return Verdict::OtherAttempt;
  if (!answer.error.empty()) return Verdict::Refused;
  if (!answer.code.empty()) return Verdict::Code;
  return Verdict::NoCode;
}

}  // namespace

std::optional<AuthorizationAnswer> parse_pasted_answer(std::string_view line) {
  const std::string_view text = rules::trim(line);
  if (text.empty()) return std::nullopt;
  std::string_view query = text;
  if (const auto q = query.find('?'); q != std::string_view::npos) query = query.substr(q + 1);
  query = query.substr(0, query.find('#'));
  if (query.find("code=") != std::string_view::npos || query.find("error=") != std::string_view::npos ||
      query.find("state=") != std::string_view::npos)
    return answer_of_query(query);
  AuthorizationAnswer answer;
  answer.code = percent_decoded(text);  // "4%2F0Ab..." copied from an address bar is "4/0Ab..."
  return answer;
}

LoopbackRedirect::LoopbackRedirect(int port) {
  if (port < 0 || port > 65535) throw UsageError("--port: " + std::to_string(port) + " is not a port number");
  listener_ = sync::UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!listener_) throw IoError(std::string("cannot open a socket: ") + std::strerror(errno));
  const int yes = 1;
  ::setsockopt(listener_.fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  // 127.0.0.1 only: nothing on the network can hand us a code (RFC 8252 §7.3, §8.3).
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::bind(listener_.fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    throw UsageError("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno) +
                     " (choose another --port)");
  if (::listen(listener_.fd, 8) != 0) throw IoError(std::string("cannot listen: ") + std::strerror(errno));
  socklen_t length = sizeof address;
  ::getsockname(listener_.fd, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
}

std::string LoopbackRedirect::redirect_uri() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

std::string LoopbackRedirect::wait_for_code(const std::string& state, int input_fd, std::ostream& notes,
                                            std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  std::vector<Connection> connections;
  std::string pasted;
  bool input_open = input_fd >= 0;
  const auto refused = [](const AuthorizationAnswer& answer) {
    return sync::AuthError("access was not granted (" + shown_error(answer.error) +
                           "); run followup google-auth again to retry");
  };

  while (true) {
    const auto now = Clock::now();
    if (now >= deadline)
      throw UsageError("no authorization arrived within " + std::to_string(limit.count() / 60) +
                       " minutes; run followup google-auth again");
    std::vector<pollfd> fds{{listener_.fd, POLLIN, 0}};
    if (input_open) fds.push_back({input_fd, POLLIN, 0});
    const std::size_t first_connection = fds.size();
    for (const auto& c : connections) fds.push_back({c.fd.fd, POLLIN, 0});
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(wait, 1000)));
    if (ready < 0 && errno != EINTR) throw IoError(std::string("cannot wait for the browser: ") + std::strerror(errno));
    if (ready <= 0) {
      std::erase_if(connections, [&](const Connection& c) { return Clock::now() - c.since > kQuietConnection; });
      continue;
    }

    // A line pasted on standard input.
    if (input_open && fds[1].revents != 0) {  // POLLNVAL too: a closed stdin reads as its end
      char buffer[4096];
      const ssize_t n = ::read(input_fd, buffer, sizeof buffer);
      if (n <= 0 && !(n < 0 && errno == EINTR)) input_open = false;  // its end: the browser may still come
      if (n > 0) pasted.append(buffer, static_cast<std::size_t>(n));
      if (pasted.size() > kMaxRequest && pasted.find('\n') == std::string::npos) pasted.clear();  // not an address
      for (std::size_t end; (end = pasted.find('\n')) != std::string::npos || (!input_open && !pasted.empty());) {
        const std::string line = end == std::string::npos ? pasted : pasted.substr(0, end);
        pasted.erase(0, end == std::string::npos ? pasted.size() : end + 1);
        const auto answer = parse_pasted_answer(line);
        if (!answer) continue;
        switch (judge(*answer, state)) {
          case Verdict::Code: return answer->code;
          case Verdict::Refused: throw refused(*answer);
          case Verdict::OtherAttempt:
            notes << "That address belongs to another run of followup google-auth (its state differs); paste the one "
                     "from this run.\n" << std::flush;
            break;
          case Verdict::NoCode:
            notes << "No code in that address; paste the whole address the browser was sent to.\n" << std::flush;
            break;
        }
      }
    }

    // Data from the browsers' connections.
    for (std::size_t i = 0; i < connections.size(); ++i) {
      if (!(fds[first_connection + i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Connection& c = connections[i];
      char buffer[4096];
      const ssize_t n = ::recv(c.fd.fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        if (!(n < 0 && errno == EINTR)) c.fd.reset();
        continue;
      }
      c.received.append(buffer, static_cast<std::size_t>(n));
      if (c.received.find("\r\n\r\n") == std::string::npos && c.received.size() < kMaxRequest) continue;
      // "GET /?state=...&code=... HTTP/1.1"
      const std::string request_line = c.received.substr(0, c.received.find("\r\n"));
      const std::size_t space = request_line.find(' ');
      const std::size_t second = request_line.find(' ', space == std::string::npos ? space : space + 1);
      const std::string target =
          space == std::string::npos ? "" : request_line.substr(space + 1, second == std::string::npos ? second : second - space - 1);
      const std::string path = target.substr(0, target.find('?'));
      if (request_line.rfind("GET ", 0) != 0 || path != "/") {
        send_page(c.fd.fd, 404, "Not Found", "Nothing here.");
        c.fd.reset();
        continue;
      }
      const AuthorizationAnswer answer =
          answer_of_query(target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1));
      switch (judge(answer, state)) {
        case Verdict::Code:
          send_page(c.fd.fd, 200, "OK", "followup has the authorization. You can close this tab.");
          return answer.code;
        case Verdict::Refused:
          send_page(c.fd.fd, 200, "OK", "followup was not given access (" + shown_error(answer.error) +
                                            "). Run followup google-auth again to retry.");
          throw refused(answer);
        case Verdict::OtherAttempt:
        case Verdict::NoCode:
          send_page(c.fd.fd, 400, "Bad Request",
                    "This is not the answer followup google-auth is waiting for (an older attempt?). Open the "
                    "address it shows now.");
          notes << "Turned away a browser answer that is not for this run (an older tab?); still waiting.\n"
                << std::flush;
          c.fd.reset();
          break;
      }
    }
    std::erase_if(connections, [](const Connection& c) { return !c.fd; });

    // A browser connecting.
    if (fds[0].revents & POLLIN) {
      sync::UniqueFd fd(::accept4(listener_.fd, nullptr, nullptr, SOCK_CLOEXEC));
      if (fd) connections.push_back(Connection{std::move(fd), {}, Clock::now()});
    }
  }
}

}  // namespace followup::cli
