// The descriptive fields of an Item: text, categories, people, links, X- properties.
#include <gtest/gtest.h>

#include "read_helpers.hpp"

namespace followup::ical {
namespace {

using testing::calendar;
using testing::read_text;

Item read_one(std::string_view properties) {
  const auto read = read_text(calendar("BEGIN:VEVENT\nUID:f\nDTSTART:20260113T100000Z\n" + std::string{properties} +
                                       "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:alarm text\nTRIGGER:-PT15M\n"
                                       "X-ALARM-ONLY:yes\nEND:VALARM\nEND:VEVENT\n"));
  EXPECT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_TRUE(read.problems.empty()) << read.problem_text();
  return read.items.empty() ? Item{} : read.items[0];
}

TEST(ReaderFields, TextIsUnescaped) {
  const Item item = read_one("SUMMARY:Interview\\, round 2\\; Acme\nDESCRIPTION:Decision: 2026-11-28\\nAsk about\\\\team\n"
                             "LOCATION:Berlin\\, Room 4\n");
  EXPECT_EQ(item.summary, "Interview, round 2; Acme");
  EXPECT_EQ(item.description, "Decision: 2026-11-28\nAsk about\\team");  // not the VALARM's DESCRIPTION
  EXPECT_EQ(item.location, "Berlin, Room 4");
  EXPECT_EQ(item.kind, ComponentKind::Event);
  EXPECT_EQ(item.uid, "f");
}

TEST(ReaderFields, CategoriesAreSplitAcrossValuesAndProperties) {
  const Item item = read_one("CATEGORIES:Interview,Work\nCATEGORIES:Acme\\, Inc.\nCATEGORIES:Follow-up\n");
  EXPECT_EQ(item.categories, (std::vector<std::string>{"Interview", "Work", "Acme, Inc.", "Follow-up"}));
}

TEST(ReaderFields, StatusIsUpperCased) {
  EXPECT_EQ(read_one("STATUS:cancelled\n").status, "CANCELLED");
  EXPECT_EQ(read_one("").status, "");
}

TEST(ReaderFields, AttendeesAndOrganizer) {
  const Item item = read_one(
      "ORGANIZER;CN=Recruiting Team:mailto:Jobs@Acme.example\n"
      "ATTENDEE;CN=\"Jürgen Müller-Lüdenscheidt\";ROLE=req-participant;PARTSTAT=ACCEPTED:MAILTO:J.Mueller@Acme.Example\n"
      "ATTENDEE;CUTYPE=ROOM;CN=Room Berlin 4:mailto:room4@acme.example\n"
      "ATTENDEE:me@example.org\n"
      "ATTENDEE;EMAIL=ann@acme.example;CN=Ann:urn:uuid:1234\n");
  ASSERT_EQ(item.attendees.size(), 4u);
  EXPECT_EQ(item.attendees[0].email, "j.mueller@acme.example");
  EXPECT_EQ(item.attendees[0].name, "Jürgen Müller-Lüdenscheidt");
  EXPECT_EQ(item.attendees[0].cutype, "INDIVIDUAL");
  EXPECT_EQ(item.attendees[0].role, "REQ-PARTICIPANT");
  EXPECT_EQ(item.attendees[1].cutype, "ROOM");
  EXPECT_EQ(item.attendees[1].role, "");
  EXPECT_EQ(item.attendees[2].email, "me@example.org");
  EXPECT_EQ(item.attendees[3].email, "ann@acme.example");
  ASSERT_TRUE(item.organizer);
  EXPECT_EQ(item.organizer->email, "jobs@acme.example");
  EXPECT_EQ(item.organizer->name, "Recruiting Team");
  EXPECT_EQ(item.organizer->cutype, "INDIVIDUAL");
}

TEST(ReaderFields, RelatedToAndXProperties) {
  const Item item = read_one("RELATED-TO;RELTYPE=PARENT:interview-1\nRELATED-TO:interview-2\n"
                             "X-FOLLOWUP-KIND:thank-you\nX-FOLLOWUP-DECISION:2026-11-28\n"
                             "X-Custom-Thing;X-PARAM=1:first\nX-CUSTOM-THING:second\n");
  EXPECT_EQ(item.related_to, (std::vector<std::string>{"interview-1", "interview-2"}));
  EXPECT_EQ(item.x_props.at("X-FOLLOWUP-KIND"), "thank-you");
  EXPECT_EQ(item.x_props.at("X-FOLLOWUP-DECISION"), "2026-11-28");
  EXPECT_EQ(item.x_props.at("X-CUSTOM-THING"), "first");
  EXPECT_EQ(item.x_props.count("X-ALARM-ONLY"), 0u);  // only the component's own properties
}

TEST(ReaderFields, TodoFields) {
  const auto read = read_text(calendar("BEGIN:VTODO\nUID:t\nSUMMARY:Send thank-you\nSTATUS:needs-action\n"
                                       "RELATED-TO:interview-1\nX-FOLLOWUP-KIND:thank-you\nEND:VTODO\n"));
  ASSERT_EQ(read.items.size(), 1u) << read.problem_text();
  EXPECT_EQ(read.items[0].kind, ComponentKind::Todo);
  EXPECT_EQ(read.items[0].summary, "Send thank-you");
  EXPECT_EQ(read.items[0].status, "NEEDS-ACTION");
  EXPECT_EQ(read.items[0].x_props.at("X-FOLLOWUP-KIND"), "thank-you");
  EXPECT_FALSE(read.items[0].start);
}

}  // namespace
}  // namespace followup::ical
