#pragma once
// The words of each follow-up (RULES.md §4): built-in templates, replaceable by files the user names.
//
// A template is its SUMMARY on the first line, an empty line, then the DESCRIPTION. It may hold several
// variants separated by a line "---": the n-th interviewer of an interview gets variant n (cycling), so
// that letters to several interviewers are not word for word the same (seed 004). Placeholders are
// written {name}; "{{" stands for a literal "{". Unknown placeholders are left as written.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace followup::rules {

struct Text {
  std::string summary;
  std::string description;
};

struct Templates {
  std::string thank_you;
  std::string check_in;
  std::string move_on;
  std::string debrief;

  static Templates built_in();
};

using TextValues = std::map<std::string, std::string, std::less<>>;

// The placeholders a template may use.
const std::vector<std::string_view>& placeholder_names();

// Checks a template's form; throws BadInput naming `what` and the problem (no summary line, an empty
// variant, an unclosed or unknown placeholder).
void validate_template(std::string_view text, std::string_view what);

// Picks variant `index` (cycling) and fills the placeholders.
Text render(std::string_view template_text, std::size_t index, const TextValues& values);

}  // namespace followup::rules
