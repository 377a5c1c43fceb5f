#include "cli/settings_values.hpp"

#include "rules/ascii_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <stdexcept>

namespace followup::cli {
namespace {

using rules::trim;
std::string lower(std::string_view s) { return rules::lower_ascii(s); }

}  // namespace

std::chrono::seconds parse_duration(std::string_view text) {
  const std::string t = lower(trim(text));
  if (t.empty()) throw std::invalid_argument("empty duration");
  std::chrono::seconds total{0};
  std::size_t i = 0;
  while (i < t.size()) {
    long long n = 0;
    const std::size_t digits_start = i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) {
      if (n > 1'000'000) throw std::invalid_argument("duration too long: '" + t + "'");
      n = n * 10 + (t[i++] - '0');
    }
    if (i == digits_start || i == t.size())
      throw std::invalid_argument("not a duration (like 24h, 14d, 2w, 90m): '" + t + "'");
    const char unit = t[i++];
    switch (unit) {
      case 'w': total += std::chrono::weeks{n}; break;
      case 'd': total += std::chrono::days{n}; break;
      case 'h': total += std::chrono::hours{n}; break;
      case 'm': total += std::chrono::minutes{n}; break;
      case 's': total += std::chrono::seconds{n}; break;
      default: throw std::invalid_argument("unknown unit '" + std::string(1, unit) + "' in '" + t + "' (use w, d, h, m)");
    }
  }
  return total;
}

std::chrono::minutes parse_time_of_day(std::string_view text) {
  const std::string t(trim(text));
  const auto colon = t.find(':');
  const auto is_digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 2 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  if (colon == std::string::npos || !is_digits(std::string_view(t).substr(0, colon)) ||
      t.size() - colon - 1 != 2 || !is_digits(std::string_view(t).substr(colon + 1)))
    throw std::invalid_argument("not a time of day (HH:MM): '" + t + "'");
  const int h = std::stoi(t.substr(0, colon));
  const int m = std::stoi(t.substr(colon + 1));
  if (h > 23 || m > 59) throw std::invalid_argument("no such time of day: '" + t + "'");
  return std::chrono::hours{h} + std::chrono::minutes{m};
}

std::chrono::weekday parse_weekday(std::string_view text) {
  static constexpr std::array<std::string_view, 7> names = {"sunday", "monday", "tuesday", "wednesday",
                                                            "thursday", "friday", "saturday"};
  const std::string t = lower(trim(text));
  if (t.size() >= 2) {
    for (unsigned i = 0; i < names.size(); ++i)
      if (names[i].starts_with(t) && (t.size() >= 3 || t == names[i].substr(0, 2))) return std::chrono::weekday{i};
  }
  throw std::invalid_argument("not a weekday: '" + t + "'");
}

bool parse_bool(std::string_view text) {
  const std::string t = lower(trim(text));
  if (t == "true" || t == "yes" || t == "on" || t == "1") return true;
  if (t == "false" || t == "no" || t == "off" || t == "0") return false;
  throw std::invalid_argument("not a yes/no value (true, false, yes, no): '" + t + "'");
}

std::vector<std::string> split_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& value : values) {
    std::string_view rest = value;
    for (;;) {
      const auto comma = rest.find(',');
      const auto item = trim(rest.substr(0, comma));
      if (!item.empty()) out.emplace_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

std::string normalize_address(std::string_view text) {
  std::string t = lower(trim(text));
  if (t.starts_with("mailto:")) t.erase(0, 7);
  return t;
}

}  // namespace followup::cli
