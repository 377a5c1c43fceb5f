#pragma once
// An HTTPS server on 127.0.0.1 with a fresh self-signed certificate, for the TLS tests of the HTTP
// client: python3's http.server behind ssl, the certificate made by the openssl command. It answers
// "tls ok" to GET, and "/to-http/<port>" with a redirect to http://127.0.0.1:<port>/landed.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "storage_test_support.hpp"

extern char** environ;

namespace followup::sync::testing {

class HttpsTestServer {
 public:
  // Starts the server; empty when python3 or openssl is missing or the server does not come up.
  static std::optional<std::string> start(HttpsTestServer& server) {
    const auto& dir = server.dir_.path();
    server.cert_ = dir / "cert.pem";
    const std::string make_cert =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1"
        " -addext subjectAltName=IP:127.0.0.1 -keyout '" + (dir / "key.pem").string() + "' -out '" +
        server.cert_.string() + "' >/dev/null 2>&1";
    if (std::system(make_cert.c_str()) != 0) return "openssl could not make a certificate";
    write_file(dir / "server.py", kScript);

    int out[2];
    if (::pipe(out) != 0) return "pipe() failed";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    // Handshakes the tests break off on purpose make python print tracebacks.
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const std::string script = (dir / "server.py").string();
    const std::string key = (dir / "key.pem").string();
    const std::string cert = server.cert_.string();
    const char* argv[] = {"python3", script.c_str(), cert.c_str(), key.c_str(), nullptr};
    const int spawned =
        ::posix_spawnp(&server.pid_, "python3", &actions, nullptr, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (spawned != 0) {
      ::close(out[0]);
      server.pid_ = -1;
      return "python3 could not be started";
    }
    FILE* port_line = ::fdopen(out[0], "r");
    if (!port_line || std::fscanf(port_line, "%d", &server.port_) != 1) server.port_ = 0;
    if (port_line) std::fclose(port_line);
    if (server.port_ == 0) return "the python3 HTTPS server did not start";
    return std::nullopt;
  }

  HttpsTestServer() = default;
  ~HttpsTestServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  HttpsTestServer(const HttpsTestServer&) = delete;
  HttpsTestServer& operator=(const HttpsTestServer&) = delete;

  std::string url(const std::string& path) const { return "https://127.0.0.1:" + std::to_string(port_) + path; }
  const std::filesystem::path& certificate() const { return cert_; }

 private:
  static constexpr const char* kScript = R"(import http.server, ssl, sys
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        if self.path.startswith("/to-http/"):
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:" + self.path.split("/")[2] + "/landed")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"tls ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
)";

  TempDir dir_;
  std::filesystem::path cert_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace followup::sync::testing
