#include "http_test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "rules/ascii_text.hpp"

namespace followup::sync::testing {
namespace {

constexpr std::chrono::milliseconds kPollStep{20};

int listening_socket(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot listen on 127.0.0.1");
  }
  port = ntohs(address.sin_port);
  return fd;
}

// Waits for input on `fd` in small steps, so that the server can stop; false when stopping.
bool wait_readable(int fd, const std::atomic<bool>& stopping) {
  while (!stopping) {
    pollfd entry{fd, POLLIN, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(kPollStep.count()));
    if (ready > 0) return true;
  }
  return false;
}

// Reads one request; false when the client closed the connection (or the server stops).
bool read_request(int fd, std::string& buffer, ReceivedRequest& request, const std::atomic<bool>& stopping) {
  const auto fill = [&] {
    if (!wait_readable(fd, stopping)) return false;
    char chunk[16384];
    const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(got));
    return true;
  };
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos)
    if (!fill()) return false;

  const std::string head = buffer.substr(0, end);
  buffer.erase(0, end + 4);
  std::size_t line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  const auto first_space = request_line.find(' ');
  const auto second_space = request_line.find(' ', first_space + 1);
  request.method = request_line.substr(0, first_space);
  request.target = request_line.substr(first_space + 1, second_space - first_space - 1);
  while (line_end != std::string::npos) {
    const std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    request.headers.emplace_back(line.substr(0, colon), std::string(rules::trim(line.substr(colon + 1))));
  }
  const std::string length = request.header("Content-Length");
  const std::size_t body_size = length.empty() ? 0 : std::stoul(length);
  while (buffer.size() < body_size)
    if (!fill()) return false;
  request.body = buffer.substr(0, body_size);
  buffer.erase(0, body_size);
  return true;
}

}  // namespace

std::string ReceivedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (rules::lower_ascii(key) == rules::lower_ascii(name)) return value;
  return {};
}

bool ReceivedRequest::has_header(std::string_view name) const {
  for (const auto& header : headers)
    if (rules::lower_ascii(header.first) == rules::lower_ascii(name)) return true;
  return false;
}

bool TestConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    // MSG_NOSIGNAL: a client that hung up must not kill the test with SIGPIPE.
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    bytes_sent_ += static_cast<std::size_t>(sent);
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool TestConnection::wait_for_hangup(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!stopping_ && std::chrono::steady_clock::now() < deadline) {
    pollfd entry{fd_, POLLIN, 0};
    if (::poll(&entry, 1, static_cast<int>(kPollStep.count())) > 0) {
      char byte;
      if (::recv(fd_, &byte, 1, MSG_PEEK) <= 0) return true;
      std::this_thread::sleep_for(kPollStep);  // data, not a hang-up: keep waiting
    }
  }
  return false;
}

std::string http_reply(int status, std::string_view reason, const HttpHeaders& headers, std::string_view body) {
  std::string reply = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  for (const auto& [name, value] : headers) reply += name + ": " + value + "\r\n";
  reply += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  reply += body;
  return reply;
}

HttpTestServer::HttpTestServer(TestHandler handler) : handler_(std::move(handler)) {
  listen_fd_ = listening_socket(port_);
  accept_thread_ = std::thread([this] { accept_loop(); });
}

HttpTestServer::~HttpTestServer() {
  stopping_ = true;
  accept_thread_.join();
  for (auto& thread : connection_threads_) thread.join();
  ::close(listen_fd_);
}

std::string HttpTestServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::vector<ReceivedRequest> HttpTestServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

void HttpTestServer::accept_loop() {
  while (wait_readable(listen_fd_, stopping_)) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    const std::lock_guard lock(mutex_);
    connection_threads_.emplace_back([this, fd] { serve(fd); });
  }
}

void HttpTestServer::serve(int fd) {
  std::string buffer;
  TestConnection connection(fd, stopping_);
  ReceivedRequest request;
  while (!connection.closing() && read_request(fd, buffer, request, stopping_)) {
    {
      const std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    handler_(request, connection);
    request = {};
  }
  ::close(fd);
}

int unused_port() {
  int port = 0;
  ::close(listening_socket(port));
  return port;
}

}  // namespace followup::sync::testing
