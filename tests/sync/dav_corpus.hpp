#pragma once
// The server responses of the shared corpus (FOLLOWUP_SHARED_DIR "/corpus", see its PROVENANCE.md),
// read where they are: DAViCal's regression-suite results (a whole HTTP response each) and kdav's
// recorded exchanges ("S:" status and header lines, "D:" body lines, "X" ending an exchange).
#include <filesystem>
#include <string>
#include <vector>

#include "storage_test_support.hpp"
#include "sync/webdav_xml.hpp"

namespace followup::sync::testing {

struct CorpusResponse {
  std::string file;  // relative to the corpus
  int status = 0;
  std::string body;
};

inline std::filesystem::path dav_corpus_dir() { return std::filesystem::path(FOLLOWUP_SHARED_DIR "/corpus"); }

inline std::vector<CorpusResponse> davical_responses() {
  std::vector<CorpusResponse> responses;
  const auto dir = dav_corpus_dir() / "davical" / "regression-suite";
  if (!std::filesystem::is_directory(dir)) return responses;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string text = read_file(entry.path());
    auto head_end = text.find("\r\n\r\n");
    std::size_t skip = 4;
    if (head_end == std::string::npos) {
      head_end = text.find("\n\n");
      skip = 2;
    }
    responses.push_back({"davical/regression-suite/" + entry.path().filename().string(),
                         parse_status_line(text.substr(0, text.find('\n'))),
                         head_end == std::string::npos ? std::string() : text.substr(head_end + skip)});
  }
  return responses;
}

inline std::vector<CorpusResponse> kdav_responses() {
  std::vector<CorpusResponse> responses;
  const auto dir = dav_corpus_dir() / "kdav" / "data";
  if (!std::filesystem::is_directory(dir)) return responses;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = "kdav/data/" + entry.path().filename().string();
    const std::string text = read_file(entry.path());
    CorpusResponse current{name, 0, {}};
    bool status_seen = false;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      start = end + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      // "D: text": the tag, a space, the line.
      const std::string rest = line.size() > 3 ? line.substr(3) : std::string();
      if (line.starts_with("S:") && !status_seen) {
        current.status = parse_status_line(rest);
        status_seen = true;
      } else if (line.starts_with("D:")) {
        current.body += rest + "\n";
      } else if (line == "X") {
        responses.push_back(current);
        current = {name, 0, {}};
        status_seen = false;
      }
    }
    if (status_seen) responses.push_back(current);
  }
  return responses;
}

}  // namespace followup::sync::testing
