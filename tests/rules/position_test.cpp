#include "rules/position.hpp"

#include <gtest/gtest.h>

#include "rules/interview.hpp"

using followup::rules::guess_position_and_company;
using followup::rules::Interviewer;

namespace {
struct Case {
  const char* summary;
  const char* location;
  const char* position;
  const char* company;
};
}  // namespace

TEST(Position, SummaryForms) {
  const Case cases[] = {
      {"Interview with Acme – Marketing Manager", "", "Marketing Manager", "Acme"},
      {"Interview with Acme", "", "Interview with Acme", "Acme"},
      {"Acme interview – Role", "", "Role", "Acme"},
      {"Acme interview - Senior Engineer", "", "Senior Engineer", "Acme"},
      {"Job interview: Data Analyst, Globex", "", "Data Analyst", "Globex"},
      {"Interview: Backend Developer at Initech", "", "Backend Developer", "Initech"},
      {"Interview for Product Owner at Hooli", "", "Product Owner", "Hooli"},
      {"Coffee interview with Umbrella (video call)", "", "Coffee interview with Umbrella (video call)", "Umbrella"},
      {"Final round interview | Staff Engineer | Stark Industries", "", "Staff Engineer", "Stark Industries"},
      {"Technical interview", "Wayne Enterprises, Gotham", "Technical interview", "Wayne Enterprises"},
      {"Technical interview", "https://zoom.us/j/123", "Technical interview", "Technical interview"},
  };
  for (const auto& c : cases) {
    const auto got = guess_position_and_company(c.summary, c.location, {});
    EXPECT_EQ(got.position, c.position) << c.summary;
    EXPECT_EQ(got.company, c.company) << c.summary;
  }
}

TEST(Position, InterviewerWithPersonNameIsNotTheCompany) {
  const std::vector<Interviewer> people{{"Jane Doe", "jane@acme-corp.com"}};
  const auto got = guess_position_and_company("Interview with Jane Doe", "", people);
  EXPECT_EQ(got.company, "Acme-corp");
}

TEST(Position, ParenthesisAfterAPersonNamesTheCompany) {
  const std::vector<Interviewer> people{{"Jane Doe", "jane@gmail.com"}};
  const auto got = guess_position_and_company("Phone interview with Jane Doe (Umbrella)", "", people);
  EXPECT_EQ(got.company, "Umbrella");
}

TEST(Position, CompanyFromMailDomain) {
  EXPECT_EQ(followup::rules::company_from_address("jane@acme.com"), "Acme");
  EXPECT_EQ(followup::rules::company_from_address("hr@jobs.globex.co.uk"), "Globex");
  EXPECT_EQ(followup::rules::company_from_address("someone@gmail.com"), "");
  EXPECT_EQ(followup::rules::company_from_address("no-at-sign"), "");
}
