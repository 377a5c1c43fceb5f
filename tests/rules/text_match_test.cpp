#include "rules/text_match.hpp"

#include <gtest/gtest.h>

using followup::rules::WordMatcher;

TEST(WordMatcher, WholeWordsInAnyCase) {
  const WordMatcher m({"interview"});
  EXPECT_TRUE(m.matches("Interview with Acme"));
  EXPECT_TRUE(m.matches("JOB INTERVIEW: Engineer"));
  EXPECT_TRUE(m.matches("Acme-interview"));
  EXPECT_TRUE(m.matches("面接 interview"));
  EXPECT_FALSE(m.matches("Lunch with the interviewer"));
  EXPECT_FALSE(m.matches("Reinterview"));
  EXPECT_FALSE(m.matches(""));
}

TEST(WordMatcher, UnicodeWordsAndFolding) {
  const WordMatcher m({"Vorstellungsgespräch", "entretien"});
  EXPECT_TRUE(m.matches("VORSTELLUNGSGESPRÄCH bei Acme"));
  EXPECT_TRUE(m.matches("Entretien d'embauche"));
  EXPECT_FALSE(m.matches("Vorstellungsgesprächsvorbereitung"));
  EXPECT_TRUE(m.may_match("anything at all"));  // non-ASCII patterns cannot be pre-filtered by bytes
}

TEST(WordMatcher, MayMatchIsConservative) {
  const WordMatcher m({"interview"});
  EXPECT_TRUE(m.may_match("SUMMARY:Job INTERVIEW"));
  EXPECT_FALSE(m.may_match("SUMMARY:Dentist"));
}
