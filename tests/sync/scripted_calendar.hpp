#pragma once
// One calendar collection, /cal/, on a scripted server (http_test_server.hpp), answering what
// CalendarMirror and CalDavStorage ask of it: sync-collection from tokens that count its changes
// (RFC 6578), calendar-query (every event matches any time range; the query for recurring events finds
// none), calendar-multiget, PROPFIND of members' ETags, PUT and DELETE with their preconditions. The
// test changes what it holds as another client would, and says how it misbehaves where the real test
// servers never do: hrefs spelled differently in different reports, members a multiget leaves out or
// sends without calendar-data, PUT answers without a strong ETag (CALDAV-NOTES §1.2, §2.2, §3.1 item 5).
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "http_test_server.hpp"

namespace followup::sync::testing {

class ScriptedCalendar {
 public:
  // How a calendar-multiget answers for one member.
  enum class InMultiget {
    Sent,         // href, getetag and calendar-data
    LeftOut,      // no response at all (DAViCal, for hrefs it does not know)
    WithoutData,  // getetag and an empty calendar-data (Google has sent empty objects)
  };
  // What a PUT's answer says of the version stored.
  enum class PutAnswer {
    StrongEtag,  // stored as sent (RFC 4791 §5.3.4)
    WeakEtag,    // W/"...": stored changed
    NoEtag,      // Google; DAViCal and Cyrus for scheduling objects
  };
  // How a report spells a member's href, given its name ("a@b.ics").
  using Spelling = std::function<std::string(const std::string& name)>;

  ScriptedCalendar();
  ScriptedCalendar(const ScriptedCalendar&) = delete;
  ScriptedCalendar& operator=(const ScriptedCalendar&) = delete;

  std::string url() const;                           // "http://127.0.0.1:PORT/cal/"
  static std::string path(const std::string& name);  // "/cal/NAME", as the name is
  std::string absolute_url(const std::string& name) const;  // "http://127.0.0.1:PORT/cal/" + name

  // Another client writes (the ETag it gets) or deletes a member: a change the next token reports.
  std::string put(const std::string& name, const std::string& ics);
  void remove(const std::string& name);
  std::string text_of(const std::string& name) const;  // "" when there is no such member
  std::string etag_of(const std::string& name) const;

  void answer_in_multiget(const std::string& name, InMultiget how);
  // Default for both: path(name).
  void spell_in_sync_collection(Spelling spelling);
  void spell_in_calendar_query(Spelling spelling);
  // What PUT answers, and what it stores of the text sent (default: StrongEtag, the text as sent).
  void answer_puts(PutAnswer answer, std::function<std::string(const std::string& sent)> stored = {});

  // Each request so far, one line: "REPORT sync-collection", "REPORT calendar-query", "REPORT
  // calendar-multiget /cal/a.ics /cal/b.ics" (the hrefs as sent), "PROPFIND /cal/a.ics", "PUT ...".
  std::vector<std::string> requests() const;

 private:
  struct Member {
    std::string etag;
    std::string ics;
    std::size_t changed_at = 0;  // the change count when it was last written
  };

  void handle(const ReceivedRequest& request, TestConnection& connection);
  std::string sync_collection(const std::string& body);
  std::string calendar_query(const std::string& body);
  std::string multiget(const std::string& body);
  std::string propfind(const ReceivedRequest& request);
  std::string put(const ReceivedRequest& request);
  std::string remove(const ReceivedRequest& request);
  std::string store(const std::string& name, const std::string& ics);  // under the lock

  mutable std::mutex mutex_;
  std::map<std::string, Member> members_;                // by name
  std::map<std::string, std::size_t> removed_at_;        // names deleted, and when
  std::map<std::string, InMultiget> in_multiget_;        // by name; Sent when not here
  std::size_t changes_ = 0;                              // the token is "data:,<changes_>"
  Spelling sync_spelling_;
  Spelling query_spelling_;
  PutAnswer put_answer_ = PutAnswer::StrongEtag;
  std::function<std::string(const std::string&)> stored_;
  std::vector<std::string> log_;
  HttpTestServer server_;  // last: it starts after, and stops before, the state its handler uses
};

}  // namespace followup::sync::testing
