#pragma once
// The `match` and `exclude` patterns of RULES.md §1: words or phrases found in any case, at word
// boundaries of any script ("interview" matches "Job Interview:" and "面接 interview", not "interviewer").
#include <string>
#include <string_view>
#include <vector>

namespace followup::rules {

class WordMatcher {
 public:
  explicit WordMatcher(const std::vector<std::string>& phrases);

  // True when one of the phrases stands in `text` as a whole word (Unicode case folding).
  bool matches(std::string_view text) const;
  // A cheap, conservative test on raw iCalendar text: false only when no phrase can be in it. Used to
  // skip components without parsing them.
  bool may_match(std::string_view raw) const;
  bool empty() const { return folded_.empty(); }

 private:
  std::vector<std::u16string> folded_;   // case-folded phrases (UTF-16, ICU's form)
  std::vector<std::string> ascii_lower_;  // lower-cased ASCII phrases, for may_match
  bool has_non_ascii_ = false;
};

}  // namespace followup::rules
