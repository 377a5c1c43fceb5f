#!/usr/bin/python3
"""What a user would write instead of `followup sync`, with Debian's python3-caldav 0.11 (issue 7).

    caldav_reference.py URL USER PASSWORD --events CAL --followups CAL --tasks CAL
                        --prepared DIR --now ISO [--lookback-days 90] [--lookahead-days 60]

The reference of bench/caldav.py. It does the job of `followup sync` the way a competent user's
script would: one DAVClient (one requests.Session: connections reused as far as the server allows),
the calendars taken by id under the principal, the events of the rules' window read with one
calendar-query (`Calendar.search` with a time range, RFC 4791 §7.8.1), each one parsed
(`icalendar_instance`), the interviews picked by a simple rule (SUMMARY contains "interview", any
case, and the event is not cancelled), and for each of them the follow-ups written with `save_todo` /
`save_event` (one PUT each, overwriting: the script keeps no state, so every run writes everything).

The follow-up texts are not computed here (that is the rules' work, not the comparison's): DIR holds
them, one item a file, as `followup import EVENTS.ics --vdir DIR` wrote them for a local copy of the
same events, and the script takes those whose RELATED-TO names an interview it found (RFC 5545
§3.8.4.5; RULES.md §3). An interview the rule picks without a prepared follow-up (a "Mock interview")
gets nothing, as `followup` gives it nothing.

Prints one JSON document: {"interviews", "written", "requests", "requests_by_method"}; the requests
are counted at the HTTP session, so the retry caldav makes after the first 401 counts too.
"""

import argparse
import collections
import datetime as dt
import json
import os
import sys

# This folder holds bench/caldav.py, which Python would import for `caldav`: take the library.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
import caldav  # noqa: E402


def prepared_followups(folder):
    """{interview UID: [(component name, iCalendar text)]} of the prepared follow-ups."""
    by_interview = collections.defaultdict(list)
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".ics"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        related = kind = None
        for line in text.splitlines():
            if line.startswith("RELATED-TO"):
                related = line.split(":", 1)[1].strip()
            elif line in ("BEGIN:VTODO", "BEGIN:VEVENT"):
                kind = line[len("BEGIN:"):]
        if related and kind:
            by_interview[related].append((kind, text))
    return by_interview


def count_requests(client):
    """Counts every HTTP request the client's session sends, by method."""
    counts = collections.Counter()
    send = client.session.request

    def counted(method, url, *args, **kwargs):
        counts[method.upper()] += 1
        return send(method, url, *args, **kwargs)

    client.session.request = counted
    return counts


def is_interview(component):
    """The user's rule: "interview" in the title, and not cancelled."""
    summary = str(component.get("SUMMARY", ""))
    return "interview" in summary.lower() and str(component.get("STATUS", "")).upper() != "CANCELLED"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url")
    ap.add_argument("user")
    ap.add_argument("password")
    ap.add_argument("--events", required=True, help="the id (last path segment) of the calendar to read")
    ap.add_argument("--followups", required=True, help="the id of the calendar for check-ins and move-ons")
    ap.add_argument("--tasks", required=True, help="the id of the task list for thank-yous")
    ap.add_argument("--prepared", required=True, help="folder of prepared follow-ups, one item a file")
    ap.add_argument("--now", required=True, help="ISO 8601 with an offset")
    ap.add_argument("--lookback-days", type=int, default=90)
    ap.add_argument("--lookahead-days", type=int, default=60)
    a = ap.parse_args()

    now = dt.datetime.fromisoformat(a.now.replace("Z", "+00:00"))
    start, end = now - dt.timedelta(days=a.lookback_days), now + dt.timedelta(days=a.lookahead_days)
    followups = prepared_followups(a.prepared)

    client = caldav.DAVClient(a.url, username=a.user, password=a.password)
    requests = count_requests(client)
    principal = client.principal()
    events = principal.calendar(cal_id=a.events)
    followups_calendar = principal.calendar(cal_id=a.followups)
    tasks_calendar = principal.calendar(cal_id=a.tasks)

    found, written = set(), 0
    for event in events.search(start=start, end=end, event=True, expand=False):
        for component in event.icalendar_instance.walk("VEVENT"):
            uid = str(component.get("UID", ""))
            if uid in found or not is_interview(component):
                continue
            found.add(uid)
            for kind, text in followups.get(uid, ()):
                if kind == "VTODO":
                    tasks_calendar.save_todo(text)
                else:
                    followups_calendar.save_event(text)
                written += 1

    json.dump({"interviews": len(found), "written": written, "requests": sum(requests.values()),
               "requests_by_method": dict(sorted(requests.items()))}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
