#pragma once
// Time vocabulary shared by every layer: std::chrono types only, no libical.
#include <chrono>
#include <string>

namespace followup {

using SysSeconds = std::chrono::sys_seconds;      // an instant (UTC)
using LocalSeconds = std::chrono::local_seconds;  // a wall-clock reading in some zone
using Date = std::chrono::year_month_day;

// "2026-01-13"
std::string format_date(Date d);
// Parses "YYYY-MM-DD"; throws std::invalid_argument naming the text when it is not a valid date.
Date parse_date(const std::string& text);

}  // namespace followup
