#include "rules/texts.hpp"

#include <algorithm>

#include "ical/errors.hpp"

namespace followup::rules {
namespace {

constexpr std::string_view variant_separator = "\n---\n";

std::vector<std::string_view> split_variants(std::string_view text) {
  std::vector<std::string_view> variants;
  for (;;) {
    const auto at = text.find(variant_separator);
    variants.push_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + variant_separator.size());
  }
  return variants;
}

std::string_view trim_newlines(std::string_view s) {
  while (!s.empty() && (s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

std::string fill(std::string_view text, const TextValues& values) {
  std::string out;
  out.reserve(text.size() + 256);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    const auto close = text.find('}', i);
    const auto name = close == std::string_view::npos ? std::string_view{} : text.substr(i + 1, close - i - 1);
    const auto value = values.find(name);
    if (value == values.end()) {
      out += text[i];
      continue;
    }
    out += value->second;
    i = close;
  }
  return out;
}

// The built-in texts follow the seeds: seed 002's "value proposition letter", seed 003's short email and
// seed 004's three paragraphs for the thank-you; seed 000/001's script and seed 002's don'ts for the
// check-in; seed 002/001/004 for moving on.
constexpr std::string_view built_in_thank_you = R"(Thank {interviewer} for {interview_name}

Send {interviewer} a thank-you {channel_noun} within {within} of the interview (due {due}).{late_note}
{channel}

Draft (make it yours; one page at most, professional, proofread):

Dear {dear},

Thank you for taking the time to meet with me on {date} about {position_phrase}. I especially enjoyed our conversation about {discussed}.

What you told me makes me even more certain that I fit what you are looking for: [the strength of yours that matches what they need most]. I would love to work with you at {company_or_you}, and I hope you will choose me for the position.

If any of my answers could use more detail, or if an idea of mine could help with [a challenge they mentioned], I would be glad to add it.

{follow_up_promise}

Kind regards,
[your name]
---
Thank {interviewer} for {interview_name}

Send {interviewer} a thank-you {channel_noun} within {within} of the interview (due {due}).{late_note}
{channel}
Vary the wording from your other thank-you letters for this interview (seed advice: one letter per interviewer).

Draft (make it yours; one page at most, professional, proofread):

Dear {dear},

Thanks again for the open conversation on {date} about {position_phrase}. Learning about {discussed} was the highlight of my day.

It confirmed why I applied: [what you bring that solves their problem]. I am still very interested in joining {company_or_you}.

Should I clear up anything I said, or add a thought on [a topic from the interview], I am happy to do so.

{follow_up_promise}

Best wishes,
[your name]
---
Thank {interviewer} for {interview_name}

Send {interviewer} a thank-you {channel_noun} within {within} of the interview (due {due}).{late_note}
{channel}
Vary the wording from your other thank-you letters for this interview (seed advice: one letter per interviewer).

Draft (make it yours; one page at most, professional, proofread):

Dear {dear},

I appreciated the time you gave me on {date} to talk about {position_phrase}, and in particular {discussed}.

I left the conversation convinced that my experience with [a skill or result] would help your team from the first day, and I would be glad to bring it to {company_or_you}.

If there is anything I can explain better or any idea I can develop further, please let me know.

{follow_up_promise}

Sincerely,
[your name]
)";

constexpr std::string_view built_in_check_in = R"({checkin_ordinal} check-in {about}

Call or email {contact} to ask where they are in the hiring process.{late_note}

Script:
"Hello {contact_name}, I met with you on {date} for {position_phrase}. I'm calling to see where you are in the hiring process. I am still very interested in the role, and I would be glad to answer any further questions."

Keep it short and friendly:
- don't be pushy, and ask at most twice in all;
- don't complain about the wait;
- don't speak badly of other candidates.

When you hear back, write a line "Outcome: offer" (or rejected, withdrawn, accepted) in this event's notes, or "Outcome: waiting until <date>" if they need more time; followup adjusts the rest.
)";

constexpr std::string_view built_in_move_on = R"(Move on from {from_whom}

No answer from {company_or_them} after {contacts}: assume it is a no and put your energy into other openings.{late_note}

Keep applying and keep interviewing; if {company_or_them} call after all, that is a bonus. If you do hear from them, write "Outcome: ..." in the interview's notes.
)";

constexpr std::string_view built_in_debrief = R"(Debrief: {interview_name}

Right after the interview, while it is fresh, write down:
- what went well;
- what didn't;
- what they need in the person they hire.

Your notes feed the thank-you letters (due {thank_you_due}).
)";

}  // namespace

Templates Templates::built_in() {
  return Templates{std::string(built_in_thank_you), std::string(built_in_check_in),
                   std::string(built_in_move_on), std::string(built_in_debrief)};
}

const std::vector<std::string_view>& placeholder_names() {
  static const std::vector<std::string_view> names = {
      "about", "channel", "channel_noun", "checkin_date", "checkin_number", "checkin_ordinal", "company",
      "company_or_them", "company_or_you", "contact", "contact_name", "contacts", "date", "dear", "discussed",
      "due", "follow_up_promise", "from_whom", "interview_name", "interviewer", "interviewer_email",
      "late_note", "position", "position_phrase", "summary", "thank_you_due", "time", "within"};
  return names;
}

void validate_template(std::string_view text, std::string_view what) {
  const auto fail = [&](std::string_view why) {
    throw BadInput(std::string(what) + ": " + std::string(why));
  };
  int variant_number = 0;
  for (std::string_view variant : split_variants(text)) {
    ++variant_number;
    variant = trim_newlines(variant);
    if (variant.empty()) fail("variant " + std::to_string(variant_number) + " is empty");
    const auto first_line = variant.substr(0, variant.find('\n'));
    if (trim_newlines(first_line).empty()) fail("the first line (the summary) is empty");
    for (std::size_t i = 0; i < variant.size(); ++i) {
      if (variant[i] != '{') continue;
      if (i + 1 < variant.size() && variant[i + 1] == '{') {
        ++i;
        continue;
      }
      const auto close = variant.find_first_of("}\n", i);
      if (close == std::string_view::npos || variant[close] != '}')
        fail("a '{' in variant " + std::to_string(variant_number) + " is not closed on its line");
      const auto name = variant.substr(i + 1, close - i - 1);
      const auto& known = placeholder_names();
      if (std::find(known.begin(), known.end(), name) == known.end())
        fail("unknown placeholder {" + std::string(name) + "} (write {{ for a literal brace)");
      i = close;
    }
  }
}

Text render(std::string_view template_text, std::size_t index, const TextValues& values) {
  const auto variants = split_variants(template_text);
  const std::string_view variant = trim_newlines(variants[index % variants.size()]);
  const auto line_end = variant.find('\n');
  Text text;
  text.summary = fill(trim_newlines(variant.substr(0, line_end)), values);
  if (line_end != std::string_view::npos)
    text.description = fill(trim_newlines(variant.substr(line_end + 1)), values);
  return text;
}

}  // namespace followup::rules
