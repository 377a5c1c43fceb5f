// Fuzz target: bytes as the INI configuration file, through cli::parse_config (the reader behind
// load_config). ConfigError (a kind of BadInput) is the only acceptable failure. Relative paths in it
// (holidays_file, templates) are taken from an empty folder, so they name nothing.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "cli/config.hpp"
#include "ical/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path base_dir = [] {
    auto dir = std::filesystem::temp_directory_path() / "followup-fuzz-config-empty";
    std::filesystem::create_directories(dir);
    return dir;
  }();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)followup::cli::parse_config(text, "fuzz.ini", base_dir, {});
  } catch (const followup::Error&) {
    // ConfigError names the key and the file: fine. (IoError: a holidays file that cannot be read.)
  }
  return 0;
}
