#!/usr/bin/python3
"""Generated calendars for the benchmarks (issue 7) and the load test (issue 6), deterministic for a seed.

    generate_calendar.py --events N --interviews M [--seed S] [--now ISO] --out FILE
                         [--inside-share F] [--others-inside-share F] [--uid-prefix P] [--expected FILE]

As a module: `generate(events, interviews, seed, now) -> (vcalendar_text, expected_interview_uids_in_window)`,
or the `Generator` class for more (tests/load/load-sync uses it: `inside` counts occurrences).

N VEVENTs, M of them interviews: varied summaries (with words that are *not* interviews: "prep",
"mock", RULES.md §1 `exclude`), attendees (interviewers, alice herself, rooms), weekly recurring
meetings and a few recurring interviews (one every 200: three daily occurrences), time zones (IANA
with VTIMEZONE, the Microsoft name `W. Europe Standard Time` with its VTIMEZONE as Outlook sends it,
UTC, floating) and all-day events, spread over four years around `now`. The rules' window is the
default one (RULES.md §1: 90 days back, 60 ahead of `now`); an event is either inside it with two
days of margin or outside it with the same margin, so DST and floating-time differences never move an
event across an edge.

Which events fall in the window:
- `inside_share` of the interviews (default 0.1, every tenth: what tests/load/load-sync checks), or all
  of them with `inside_share=1` (bench/caldav.py: "200 interviews among 1,000 events in the window");
- `others_inside_share` of the other events (default 0.08), 1 to put every event in the window.
About 3% of the interviews are STATUS:CANCELLED (no follow-ups: RULES.md §1), so the expected UIDs
are the interviews in the window that are not cancelled; `Generator.inside` counts their occurrences
(a recurring interview counts three times, as `followup plan` lists each occurrence).

The defaults give byte for byte what tests/load/load-sync generated before it imported this module
(same seed, same `now`, same UID prefix). Standard library of Debian's /usr/bin/python3 only.
"""

import argparse
import datetime as dt
import random
import sys

NOW = "2026-01-13T12:00:00+01:00"  # RULES.md §6's Tuesday: the default `now`
LOOKBACK, LOOKAHEAD = dt.timedelta(days=90), dt.timedelta(days=60)  # RULES.md §1 defaults
MARGIN = dt.timedelta(days=2)  # events stay this far from the window's edges
SERIES = dt.timedelta(days=22)  # room for a recurring series that starts inside the window
# The four years the events spread over, as days before and after `now` (2024-01-08 .. 2027-12-20
# for the default `now`).
SPAN_BEFORE_DAYS, SPAN_AFTER_DAYS = 736, 706
ME = "alice@example.com"

# As Outlook sends it: a Windows zone name as TZID, with its rules inline (RULES.md §1).
VTIMEZONES = {
    "Europe/Berlin": """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE""",
    "America/New_York": """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE""",
    "W. Europe Standard Time": """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE""",
}
# Rough UTC offsets (standard time) to keep a generated local time inside/outside the window: the
# margin of two days makes DST and floating-time differences irrelevant.
ZONES = ["Europe/Berlin", "America/New_York", "W. Europe Standard Time", "UTC", "floating", "all-day"]
# Shares of each style. TZIDs are kept to a minority because they make a Radicale fill slow, not
# followup: Radicale stores every item through vobject, which rebuilds the item's VTIMEZONE by
# stepping dateutil rules from the VTIMEZONE's DTSTART (about 28 ms an item for Europe/Berlin from
# 1970, 130 ms for Outlook's 1601, 0.3 ms without a TZID, measured on the 2-core machine).
ZONE_WEIGHTS_INTERVIEWS = (30, 5, 5, 40, 12, 8)
ZONE_WEIGHTS_OTHERS = (10, 3, 1.5, 55, 15, 15.5)

COMPANIES = ["Acme", "Globex", "Initech", "Umbrella Corp", "Hooli", "Stark Industries", "Wayne Enterprises",
             "Soylent", "Vandelay Industries", "Tyrell", "Cyberdyne", "Massive Dynamic", "Aperture Science",
             "Wonka Industries", "Oscorp", "Pied Piper", "Dunder Mifflin", "Nakatomi Trading"]
ROLES = ["Marketing Manager", "Data Analyst", "Backend Engineer", "Product Owner", "UX Researcher",
         "Site Reliability Engineer", "Account Executive", "Controller", "Technical Writer", "Team Lead"]
INTERVIEW_SUMMARIES = ["Interview with {c} – {r}", "Job interview: {r}, {c}", "{c} interview – {r}",
                       "Phone screen interview ({c})", "Final interview with {c}", "Onsite interview – {c}",
                       "Video interview: {r} at {c}", "Technical interview {c}", "INTERVIEW {c}"]
# Look like interviews to a naive reader, are not (RULES.md §1 `exclude`), or are other meetings.
OTHER_SUMMARIES = ["Team standup", "1:1 with {p}", "Dentist", "Sprint planning", "Lunch with {p}", "Gym",
                   "Flight to Lisbon", "Book club", "Quarterly review", "Interview prep with coach",
                   "Mock interview with {p}", "Practice interview questions", "Parents' evening",
                   "Call plumber", "Retrospective", "Coffee with {p} (Interviewing tips)", "Yoga",
                   "Conference: {c} summit", "Birthday {p}", "Car service", "Tax advisor", "Rehearsal interview"]
FIRST = ["Dana", "Sam", "Priya", "Lukas", "Mei", "Omar", "Ines", "Kofi", "Zoe", "Jonas", "Aiko", "Rafael",
         "Fatima", "Henrik", "Chloé", "Björn", "Nadia", "Tomás", "Wen", "Olu"]
LAST = ["Finn", "Okafor", "Schmidt", "Nguyen", "García", "Kowalski", "Haddad", "Larsen", "Rossi", "Tanaka",
        "Müller", "Dubois", "Singh", "O'Brien", "Novak", "Silva"]
DECISIONS = ["They'll decide by Thursday", "Decision: {d}", "will let me know by {dm}",
             "Recruiter said: decision expected by {dm}", "hear back by {dm}", "", "",
             "Bring portfolio.\nAsk about the team size.", "Parking in the back."]


def esc(text):
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """RFC 5545 §3.1: lines longer than 75 octets are folded (without splitting a UTF-8 sequence)."""
    data = line.encode()
    out, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:
            end -= 1
        out.append(data[start:end].decode())
        start, limit = end, 74
    out.append(data[start:].decode())
    return "\r\n ".join(out)


def stamp_utc(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def person(rng, domain):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    mail = f"{f}.{l}".lower().encode("ascii", "ignore").decode().replace("'", "")
    return f"{f} {l}", f"{mail}@{domain}"


def parse_now(now):
    """`now` as ISO 8601 with an offset (or `Z`), or an aware datetime; returned in UTC."""
    if isinstance(now, str):
        now = dt.datetime.fromisoformat(now.replace("Z", "+00:00"))
    if now.tzinfo is None:
        raise ValueError("now needs a UTC offset")
    return now.astimezone(dt.timezone.utc)


def midnight(t):
    return t.replace(hour=0, minute=0, second=0, microsecond=0)


class Generator:
    """The events, deterministic for a seed. After calendar(): `inside` counts the interview occurrences
    in the window that are not cancelled (what `followup plan` lists), `expected_uids` their UIDs."""

    def __init__(self, events, interviews, seed, now=NOW, uid_prefix="bench", inside_share=0.1,
                 others_inside_share=0.08, prodid="-//followup//load-sync//EN"):
        self.rng = random.Random(seed)
        self.n_events, self.n_interviews = events, interviews
        self.uid_prefix, self.prodid = uid_prefix, prodid
        self.inside_share, self.others_inside_share = inside_share, others_inside_share
        now_utc = parse_now(now)
        self.window = (now_utc - LOOKBACK, now_utc + LOOKAHEAD)
        self.span = (midnight(now_utc - dt.timedelta(days=SPAN_BEFORE_DAYS)),
                     midnight(now_utc + dt.timedelta(days=SPAN_AFTER_DAYS)))
        self.inside = 0  # interview occurrences the plan must find
        self.expected_uids = []  # their UIDs, in the order generated
        self.used_zones = set()

    def when(self, inside):
        """A UTC start: inside the window (with margin) or outside it, at 07:00-18:00 UTC on a weekday."""
        rng, window = self.rng, self.window
        while True:
            if inside:
                lo, hi = window[0] + MARGIN, window[1] - MARGIN - SERIES
            else:
                lo, hi = self.span
            day = lo + dt.timedelta(days=rng.randrange((hi - lo).days))
            t = day.replace(hour=rng.randrange(7, 18), minute=rng.choice((0, 15, 30, 45)), second=0)
            if t.weekday() >= 5:
                continue
            if not inside and window[0] - MARGIN - SERIES <= t <= window[1] + MARGIN:
                continue
            if inside and not (window[0] + MARGIN <= t <= window[1] - MARGIN):
                continue
            return t

    def times(self, start, minutes, zone):
        """DTSTART/DTEND lines for a UTC start in the given style."""
        end = start + dt.timedelta(minutes=minutes)
        if zone == "all-day":
            d = start.date()
            return [f"DTSTART;VALUE=DATE:{d:%Y%m%d}", f"DTEND;VALUE=DATE:{d + dt.timedelta(days=1):%Y%m%d}"]
        if zone == "UTC":
            return [f"DTSTART:{stamp_utc(start)}", f"DTEND:{stamp_utc(end)}"]
        # Local wall time: a fixed standard offset is near enough (the margin is days).
        offset = {"Europe/Berlin": 1, "W. Europe Standard Time": 1, "America/New_York": -5, "floating": 1}[zone]
        ls, le = start + dt.timedelta(hours=offset), end + dt.timedelta(hours=offset)
        if zone == "floating":  # read in the user's zone (RULES.md §1)
            return [f"DTSTART:{ls:%Y%m%dT%H%M%S}", f"DTEND:{le:%Y%m%dT%H%M%S}"]
        self.used_zones.add(zone)
        return [f"DTSTART;TZID={zone}:{ls:%Y%m%dT%H%M%S}", f"DTEND;TZID={zone}:{le:%Y%m%dT%H%M%S}"]

    def interview(self, i, inside):
        rng = self.rng
        c, r = rng.choice(COMPANIES), rng.choice(ROLES)
        domain = c.lower().replace(" ", "") + ".example"
        start = self.when(inside)
        zone = rng.choices(ZONES, weights=ZONE_WEIGHTS_INTERVIEWS)[0]
        uid = f"{self.uid_prefix}-iv-{i:05d}@example.com"
        lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp_utc(self.span[0])}",
                 "SUMMARY:" + esc(rng.choice(INTERVIEW_SUMMARIES).format(c=c, r=r))]
        lines += self.times(start, rng.choice((30, 45, 60, 90, 240)), zone)
        recurring = i % 200 == 7  # a few interview series (one a day): each occurrence counts
        if recurring:
            lines.append("RRULE:FREQ=DAILY;COUNT=3")
        note = rng.choice(DECISIONS).format(d=f"{(start + dt.timedelta(days=10)):%Y-%m-%d}",
                                            dm=f"{(start + dt.timedelta(days=9)):%B %d}")
        if note:
            lines.append("DESCRIPTION:" + esc(note))
        if rng.random() < 0.5:
            lines.append("LOCATION:" + esc(rng.choice((f"{c} HQ, Room 4", "Zoom", "Teams", "Phone"))))
        lines.append(f"ORGANIZER;CN={esc(person(rng, domain)[0])}:mailto:recruiting@{domain}")
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            name, mail = person(rng, domain)
            lines.append(f'ATTENDEE;CN="{name}";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:{mail}')
        lines.append(f"ATTENDEE;CN=Alice;PARTSTAT=ACCEPTED:mailto:{ME}")
        if rng.random() < 0.2:
            lines.append(f"ATTENDEE;CUTYPE=ROOM;CN=Room 4:mailto:room4@{domain}")
        cancelled = rng.random() < 0.03
        if cancelled:
            lines.append("STATUS:CANCELLED")
        if rng.random() < 0.3:
            lines.append("CATEGORIES:Job search")
        lines.append("END:VEVENT")
        if inside and not cancelled:
            self.inside += 3 if recurring else 1
            self.expected_uids.append(uid)
        return lines

    def other(self, i):
        rng = self.rng
        # The draw is made even when every other event goes inside: the same seed gives the same
        # summaries and attendees whatever the shares.
        start = self.when(inside=rng.random() < self.others_inside_share)
        zone = rng.choices(ZONES, weights=ZONE_WEIGHTS_OTHERS)[0]
        p = rng.choice(FIRST)
        lines = ["BEGIN:VEVENT", f"UID:{self.uid_prefix}-ev-{i:05d}@example.com", f"DTSTAMP:{stamp_utc(self.span[0])}",
                 "SUMMARY:" + esc(rng.choice(OTHER_SUMMARIES).format(p=p, c=rng.choice(COMPANIES)))]
        lines += self.times(start, rng.choice((15, 30, 60, 120)), zone)
        if i % 50 == 3:  # weekly meetings, some running through the window (expanded, never interviews)
            lines.append(rng.choice(("RRULE:FREQ=WEEKLY;COUNT=52", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
                                     "RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231T000000Z")))
        if rng.random() < 0.3:
            for _ in range(rng.randrange(1, 6)):
                name, mail = person(rng, "example.org")
                lines.append(f'ATTENDEE;CN="{name}":mailto:{mail}')
        if rng.random() < 0.4:
            lines.append("DESCRIPTION:" + esc(rng.choice(("Agenda in the doc.", "Bring laptop", "ñ, ü, 日本",
                                                           "Line one\nLine two; with, specials"))))
        lines.append("END:VEVENT")
        return lines

    def is_inside(self, made_iv):
        """Whether interview number made_iv goes in the window: evenly spread, `inside_share` of them
        (every tenth for 0.1, as load-sync always had it)."""
        if self.inside_share >= 1:
            return True
        if self.inside_share <= 0:
            return False
        every = round(1 / self.inside_share)
        if abs(every * self.inside_share - 1) < 1e-9:
            return made_iv % every == 0
        return int((made_iv + 1) * self.inside_share) > int(made_iv * self.inside_share)

    def calendar(self):
        """One VCALENDAR with every event (CRLF, folded)."""
        body = []
        # Interviews spread evenly among the other events.
        every = max(1, self.n_events // max(1, self.n_interviews))
        made_iv = 0
        for i in range(self.n_events):
            if made_iv < self.n_interviews and (i % every == 0 or self.n_events - i <= self.n_interviews - made_iv):
                body += self.interview(made_iv, inside=self.is_inside(made_iv))
                made_iv += 1
            else:
                body += self.other(i)
        head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{self.prodid}", "CALSCALE:GREGORIAN"]
        tz = [line for z in sorted(self.used_zones) for line in VTIMEZONES[z].split("\n")]
        return "".join(fold(line) + "\r\n" for line in head + tz + body + ["END:VCALENDAR"])


def generate(events, interviews, seed, now=NOW, **options):
    """(vcalendar_text, expected_interview_uids_in_window): the UIDs of the interviews inside the
    rules' window that are not cancelled, each once (a recurring one has three occurrences there).
    `options` are Generator's: uid_prefix, inside_share, others_inside_share, prodid."""
    gen = Generator(events, interviews, seed, now, **options)
    text = gen.calendar()
    return text, list(gen.expected_uids)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--interviews", type=int, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--now", default=NOW, help=f"ISO 8601 with an offset (default {NOW})")
    ap.add_argument("--out", required=True, help="the .ics file to write")
    ap.add_argument("--inside-share", type=float, default=0.1, help="share of the interviews in the window")
    ap.add_argument("--others-inside-share", type=float, default=0.08,
                    help="share of the other events in the window")
    ap.add_argument("--uid-prefix", default="bench")
    ap.add_argument("--expected", help="write the expected interview UIDs there, one a line")
    a = ap.parse_args(argv)
    gen = Generator(a.events, a.interviews, a.seed, a.now, uid_prefix=a.uid_prefix, inside_share=a.inside_share,
                    others_inside_share=a.others_inside_share)
    text = gen.calendar()
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    if a.expected:
        with open(a.expected, "w", encoding="utf-8") as f:
            f.write("".join(u + "\n" for u in gen.expected_uids))
    print(f"{a.out}: {a.events} events, {a.interviews} interviews, {len(gen.expected_uids)} in the window "
          f"and not cancelled ({gen.inside} occurrences)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
