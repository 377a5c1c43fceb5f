#include "rules/texts.hpp"

#include <gtest/gtest.h>

#include "ical/errors.hpp"

using namespace followup::rules;

TEST(Texts, RenderFillsPlaceholdersAndPicksVariants) {
  const std::string tmpl = "Hi {company}\n\nBody {company} {{literal} {unknown}\n---\nHello {company}\n\nSecond";
  auto t = render(tmpl, 0, {{"company", "Ann"}});
  EXPECT_EQ(t.summary, "Hi Ann");
  EXPECT_EQ(t.description, "Body Ann {literal} {unknown}");
  EXPECT_EQ(render(tmpl, 1, {{"company", "Bo"}}).summary, "Hello Bo");
  EXPECT_EQ(render(tmpl, 2, {{"company", "Cy"}}).summary, "Hi Cy");
}

TEST(Texts, BuiltInTemplatesAreValid) {
  const auto t = Templates::built_in();
  EXPECT_NO_THROW(validate_template(t.thank_you, "thank-you"));
  EXPECT_NO_THROW(validate_template(t.check_in, "check-in"));
  EXPECT_NO_THROW(validate_template(t.move_on, "move-on"));
  EXPECT_NO_THROW(validate_template(t.debrief, "debrief"));
}

TEST(Texts, BadTemplatesAreRefused) {
  EXPECT_THROW(validate_template("", "t"), followup::BadInput);
  EXPECT_THROW(validate_template("Summary {open\n\nbody", "t"), followup::BadInput);
  EXPECT_THROW(validate_template("Good\n\nbody\n---\n\n", "t"), followup::BadInput);
  EXPECT_THROW(validate_template("Thanks {interviwer}\n\nbody", "t"), followup::BadInput);
}
