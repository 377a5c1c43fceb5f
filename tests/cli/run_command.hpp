#pragma once
// Runs the real `followup` executable, as a user would, and captures what it says.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace followup::testing {

struct RunResult {
  int exit_code = -1;  // 128 + signal when killed
  std::string out;
  std::string err;
};

inline std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// `args` is passed through the shell: quote paths with quoted().
inline RunResult run_followup(const std::string& args) {
  const auto err_file = std::filesystem::temp_directory_path() /
                        ("followup-stderr-" + std::to_string(::getpid()) + ".txt");
  const std::string command = "timeout 60 " + quoted(FOLLOWUP_EXE) + " " + args + " 2>" + quoted(err_file.string());
  RunResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 65536> buf;
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream e(err_file);
  std::ostringstream s;
  s << e.rdbuf();
  r.err = s.str();
  std::filesystem::remove(err_file);
  return r;
}

}  // namespace followup::testing
