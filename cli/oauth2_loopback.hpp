#pragma once
// Where `followup google-auth` gets the authorization code (issue 5; CALDAV-NOTES §5.3): the browser's
// redirect to http://127.0.0.1:PORT/ (the installed-app loopback flow, as vdirsyncer does it), which
// reaches us on this machine or through `ssh -L PORT:127.0.0.1:PORT host` from another one; or a line
// pasted on standard input, the redirected address copied from the browser's address bar (or only its
// code), for when neither is possible. Whichever comes first.
#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "sync/unique_fd.hpp"

namespace followup::cli {

// What an authorization answer says: the query of the redirect (RFC 6749 §4.1.2, §4.1.2.1).
struct AuthorizationAnswer {
  std::string code;
  std::string state;  // "" when the answer had none (a bare pasted code)
  std::string error;  // "access_denied" when the user said no
};

// Reads a pasted line: a whole redirected URL or its query ("...?state=..&code=.."), or the bare code.
// nullopt for a blank line.
std::optional<AuthorizationAnswer> parse_pasted_answer(std::string_view line);

class LoopbackRedirect {
 public:
  // Listens on 127.0.0.1:`port` (0: a free port the kernel picks). Throws UsageError when it is taken.
  explicit LoopbackRedirect(int port);

  int port() const { return port_; }
  // "http://127.0.0.1:PORT/": the redirect_uri of the authorization and of the code exchange.
  std::string redirect_uri() const;

  // Waits up to `limit` for a redirect to "/" or a pasted line (read from `input_fd` until its end)
  // carrying a code, and returns the code. The browser gets a short page saying what happened. Answers
  // for another `state` (an old tab) are turned away with a note on `notes`, and waiting goes on.
  // Throws AuthError when the user refused (the answer's `error`), UsageError when time runs out.
  std::string wait_for_code(const std::string& state, int input_fd, std::ostream& notes, std::chrono::seconds limit);

 private:
  sync::UniqueFd listener_;
  int port_ = 0;
};

}  // namespace followup::cli
