#pragma once
// Readers for the value forms of the configuration and the command line: durations ("24h", "14d",
// "2w", "90m", "1d12h"), times of day ("09:00"), weekday lists, booleans, lists. Each throws
// std::invalid_argument with a short reason; the caller adds the key and the file.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace followup::cli {

std::chrono::seconds parse_duration(std::string_view text);
std::chrono::minutes parse_time_of_day(std::string_view text);
std::chrono::weekday parse_weekday(std::string_view text);
bool parse_bool(std::string_view text);
// Splits comma-separated values of each repeated key, trimming blanks and dropping empty entries.
std::vector<std::string> split_list(const std::vector<std::string>& values);
// "mailto:Jane@Example.com" -> "jane@example.com"
std::string normalize_address(std::string_view text);

}  // namespace followup::cli
