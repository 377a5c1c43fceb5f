#include "rules/position.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "rules/ascii_text.hpp"
#include "rules/interview.hpp"

namespace followup::rules {
namespace {

std::string lower(std::string_view s) { return lower_ascii(s); }

// Titles are trimmed of blanks, commas, semicolons and quotes (not parentheses: they carry meaning).
std::string_view trim_title(std::string_view s) { return trim(s, ",;\"'-"); }

// Separators people put between the parts of a title: dashes (ASCII and Unicode), colons, bars.
std::vector<std::string_view> split_segments(std::string_view summary) {
  static constexpr std::array<std::string_view, 6> separators = {" \xE2\x80\x93 ", " \xE2\x80\x94 ", " - ",
                                                                 ": ", " | ", " / "};
  std::vector<std::string_view> parts{summary};
  for (std::string_view sep : separators) {
    std::vector<std::string_view> next;
    for (std::string_view part : parts) {
      for (;;) {
        const auto at = part.find(sep);
        next.push_back(part.substr(0, at));
        if (at == std::string_view::npos) break;
        part.remove_prefix(at + sep.size());
      }
    }
    parts = std::move(next);
  }
  std::vector<std::string_view> out;
  for (auto p : parts)
    if (!trim_title(p).empty()) out.push_back(trim_title(p));
  return out;
}

// Words that say what kind of interview it is, not who with.
bool is_interview_type_word(std::string_view w) {
  static constexpr std::array<std::string_view, 34> words = {
      "job", "phone", "video", "onsite", "on-site", "final", "first", "second", "third", "technical",
      "tech", "hr", "panel", "screening", "screen", "recruiter", "behavioral", "behavioural", "zoom",
      "teams", "remote", "virtual", "initial", "follow-up", "round", "1st", "2nd", "3rd", "coffee",
      "lunch", "informal", "intro", "introductory", "case"};
  return std::find(words.begin(), words.end(), lower(w)) != words.end();
}

// Everything before "interview" in a segment, without the type words ("Final round Acme interview"
// gives "Acme").
std::string_view strip_type_words(std::string_view s) {
  s = trim_title(s);
  for (;;) {
    const auto space = s.find(' ');
    const auto word = s.substr(0, space);
    if (!is_interview_type_word(word)) break;
    if (space == std::string_view::npos) return {};
    s = trim_title(s.substr(space + 1));
  }
  for (;;) {
    const auto space = s.rfind(' ');
    const auto word = space == std::string_view::npos ? s : s.substr(space + 1);
    if (!is_interview_type_word(word)) break;
    if (space == std::string_view::npos) return {};
    s = trim_title(s.substr(0, space));
  }
  return s;
}

std::optional<std::size_t> find_word(std::string_view haystack, std::string_view word) {
  const std::string h = lower(haystack);
  for (auto at = h.find(word); at != std::string::npos; at = h.find(word, at + 1)) {
    const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(h[at - 1]));
    const auto end = at + word.size();
    const bool ends = end >= h.size() || !std::isalnum(static_cast<unsigned char>(h[end]));
    if (starts && ends) return at;
  }
  return std::nullopt;
}

// "Role at Acme" / "Role, Acme" / "Role @ Acme": position and company.
bool split_role_company(std::string_view s, PositionAndCompany& out) {
  for (std::string_view sep : {" at ", " @ ", ", "}) {
    const auto at = lower(s).rfind(sep);
    if (at == std::string::npos) continue;
    const auto role = trim_title(s.substr(0, at));
    const auto company = trim_title(s.substr(at + sep.size()));
    if (role.empty() || company.empty()) continue;
    if (out.position.empty()) out.position = role;
    if (out.company.empty()) out.company = company;
    return true;
  }
  return false;
}

bool is_person(std::string_view s, const std::vector<Interviewer>& interviewers) {
  const std::string l = lower(s);
  return std::any_of(interviewers.begin(), interviewers.end(),
                     [&](const Interviewer& i) { return !i.name.empty() && lower(i.name) == l; });
}

void read_interview_segment(std::string_view segment, const std::vector<Interviewer>& interviewers,
                            PositionAndCompany& out) {
  const auto at = find_word(segment, "interview");
  const std::string_view before = strip_type_words(segment.substr(0, *at));
  std::string_view after = trim_title(segment.substr(*at + std::string_view("interview").size()));
  const std::string after_lower = lower(after);
  if (after_lower.starts_with("with ")) {
    // "Interview with Jane Doe (Acme)" or "Interview with Acme".
    std::string_view who = trim_title(after.substr(5));
    const auto paren = who.find('(');
    if (paren != std::string_view::npos && who.find(')', paren) != std::string_view::npos) {
      // The parenthesis names the company only after a person: "Interview with Acme (video call)".
      const auto inside = trim_title(who.substr(paren + 1, who.find(')', paren) - paren - 1));
      who = trim_title(who.substr(0, paren));
      if (out.company.empty() && !inside.empty() && is_person(who, interviewers)) out.company = inside;
    }
    if (!split_role_company(who, out) && !is_person(who, interviewers) && out.company.empty())
      out.company = who;
  } else if (after_lower.starts_with("for ")) {
    // "Interview for Role at Acme"
    const auto rest = trim_title(after.substr(4));
    if (!split_role_company(rest, out) && out.position.empty()) out.position = rest;
  } else if (after_lower.starts_with("at ")) {
    if (out.company.empty()) out.company = trim_title(after.substr(3));
  }
  if (!before.empty()) {
    // "Acme interview" names the company; "Marketing Manager interview at Acme" names the role.
    if (after_lower.starts_with("at ") || after_lower.starts_with("with ")) {
      if (out.position.empty()) out.position = before;
    } else if (!split_role_company(before, out) && out.company.empty()) {
      out.company = before;
    } else if (out.position.empty()) {
      out.position = before;
    }
  }
}

bool looks_like_place_or_link(std::string_view location) {
  const std::string l = lower(location);
  for (std::string_view hint : {"http", "www.", "zoom", "teams", "meet", "webex", "skype", "phone", "call",
                                "online", "remote", "video", "room", "tel:"})
    if (l.find(hint) != std::string::npos) return true;
  return location.empty() || std::isdigit(static_cast<unsigned char>(location.front()));
}

}  // namespace

std::string company_from_address(std::string_view email) {
  const auto at = email.rfind('@');
  if (at == std::string_view::npos) return {};
  std::vector<std::string> labels;
  std::string_view domain = email.substr(at + 1);
  for (;;) {
    const auto dot = domain.find('.');
    labels.emplace_back(lower(domain.substr(0, dot)));
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  if (labels.size() < 2) return {};
  labels.pop_back();  // the top-level domain
  // Second-level registries such as .co.uk, .com.au.
  if (labels.size() >= 2 && (labels.back() == "co" || labels.back() == "com" || labels.back() == "ac" ||
                             labels.back() == "org" || labels.back() == "net" || labels.back() == "gov"))
    labels.pop_back();
  std::string name = labels.back();
  static constexpr std::array<std::string_view, 22> not_companies = {
      "gmail", "googlemail", "outlook", "hotmail", "live", "yahoo", "icloud", "me", "mac", "aol",
      "gmx", "web", "proton", "protonmail", "fastmail", "posteo", "mail", "yandex", "zoho",
      "greenhouse", "lever", "example"};
  if (name.empty() || std::find(not_companies.begin(), not_companies.end(), name) != not_companies.end())
    return {};
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

PositionAndCompany guess_position_and_company(std::string_view summary, std::string_view location,
                                              const std::vector<Interviewer>& interviewers) {
  PositionAndCompany out;
  const auto segments = split_segments(summary);
  // First the segment that says "interview", then the others fill what is still missing.
  for (auto segment : segments)
    if (find_word(segment, "interview")) read_interview_segment(segment, interviewers, out);
  for (auto segment : segments) {
    if (find_word(segment, "interview") || is_person(segment, interviewers)) continue;
    if (split_role_company(segment, out)) continue;
    if (out.company.empty() && out.position.empty()) {
      out.position = segment;  // "Acme interview – Role": the other segment is the role
    } else if (out.position.empty()) {
      out.position = segment;
    } else if (out.company.empty()) {
      out.company = segment;
    }
  }
  if (out.company.empty()) {
    for (const auto& i : interviewers) {
      out.company = company_from_address(i.email);
      if (!out.company.empty()) break;
    }
  }
  if (out.company.empty() && !looks_like_place_or_link(trim_title(location)))
    out.company = std::string(trim_title(location.substr(0, location.find(','))));
  const std::string fallback(trim_title(summary));
  out.company_known = !out.company.empty();
  out.position_known = !out.position.empty();
  if (out.company.empty()) out.company = fallback;
  if (out.position.empty()) out.position = fallback;
  return out;
}

}  // namespace followup::rules
