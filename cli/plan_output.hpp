#pragma once
// How `followup plan` shows a plan: a readable report, or one JSON document (names fixed by issue #2).
#include <string>
#include <vector>

#include "ical/reader.hpp"
#include "rules/plan.hpp"

namespace followup::cli {

std::string plan_json(const rules::Plan& plan, const std::vector<ical::ReadProblem>& skipped,
                      const rules::Settings& settings, SysSeconds now);

std::string plan_report(const rules::Plan& plan, const std::vector<ical::ReadProblem>& skipped,
                        const rules::Settings& settings, SysSeconds now);

}  // namespace followup::cli
