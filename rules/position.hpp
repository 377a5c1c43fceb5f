#pragma once
// Position and company, best effort (RULES.md §2): from the SUMMARY ("Interview with Acme",
// "Acme interview – Role", "Job interview: Role, Acme"), the LOCATION and the interviewers' mail
// domains; else the SUMMARY itself.
#include <string>
#include <string_view>
#include <vector>

namespace followup::rules {

struct Interviewer;

struct PositionAndCompany {
  std::string position;
  std::string company;
  bool position_known = false;  // false: `position` is the SUMMARY (RULES.md §2's last resort)
  bool company_known = false;
};

PositionAndCompany guess_position_and_company(std::string_view summary, std::string_view location,
                                              const std::vector<Interviewer>& interviewers);

// "Acme" from "jane@acme.com" or "hr@jobs.acme.co.uk"; empty for free mail providers.
std::string company_from_address(std::string_view email);

}  // namespace followup::rules
