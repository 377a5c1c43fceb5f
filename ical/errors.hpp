#pragma once
// The project's exception classes, classified in one place: every layer throws one of these, and only
// main() maps them to exit codes.
#include <stdexcept>
#include <string>

namespace followup {

// Base of every error the program reports to the user. what() is one line naming what and where.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input from the user: a malformed file, a bad option, an unknown config key. Not retried.
class BadInput : public Error {
 public:
  using Error::Error;
};

// Configuration problems (unknown key, bad value), a kind of bad input with its own exit code.
class ConfigError : public BadInput {
 public:
  using BadInput::BadInput;
};

// A command line that does not parse (unknown option, missing argument).
class UsageError : public BadInput {
 public:
  using BadInput::BadInput;
};

// A file or folder could not be read or written (permissions, missing, disk full).
class IoError : public Error {
 public:
  using Error::Error;
};

// Something changed under us (a version tag no longer matches): re-read and decide again.
class Conflict : public Error {
 public:
  using Error::Error;
};

// A failure that may pass on its own (network, 5xx, 429): retried with backoff.
class Transient : public Error {
 public:
  using Error::Error;
};

}  // namespace followup
