#pragma once
// A scripted HTTP/1.1 server on 127.0.0.1 for the HTTP client's tests: each test says, in a handler,
// what the server does with each request (answer, stall, stream without end, hang up). Connections are
// kept alive unless the handler closes them, so that connection reuse shows; every request is recorded.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "sync/http_client.hpp"

namespace followup::sync::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;
  HttpHeaders headers;
  std::string body;

  // The first header of that name (case-insensitive), or "" .
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

// The server's side of one connection, for the handler.
class TestConnection {
 public:
  TestConnection(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}

  // False once the client has gone.
  bool send(std::string_view bytes);
  // Closes the connection after the handler returns.
  void close_after_reply() { close_ = true; }
  // Waits until the client hangs up (true) or `limit` passes (false), reading nothing.
  bool wait_for_hangup(std::chrono::milliseconds limit);

  std::size_t bytes_sent() const { return bytes_sent_; }
  bool closing() const { return close_; }
  bool stopping() const { return stopping_; }  // the server is shutting down: a handler should return

 private:
  int fd_;
  const std::atomic<bool>& stopping_;
  std::size_t bytes_sent_ = 0;
  bool close_ = false;
};

using TestHandler = std::function<void(const ReceivedRequest&, TestConnection&)>;

// "HTTP/1.1 <status> <reason>", the headers, Content-Length and the body.
std::string http_reply(int status, std::string_view reason, const HttpHeaders& headers = {},
                       std::string_view body = {});

class HttpTestServer {
 public:
  explicit HttpTestServer(TestHandler handler);
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>"
  std::string url(std::string_view path) const;

  std::vector<ReceivedRequest> requests() const;
  std::size_t connections() const { return connections_; }

 private:
  void accept_loop();
  void serve(int fd);

  TestHandler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> connections_{0};
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> requests_;
  std::vector<std::thread> connection_threads_;
  std::thread accept_thread_;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
int unused_port();

}  // namespace followup::sync::testing
