#!/usr/bin/python3
"""The CalDAV side of issue 7's benchmark: `followup sync` against Radicale, side by side with
bench/caldav_reference.py (what a user would write with python3-caldav).

    caldav.py FOLLOWUP_EXE ENV_FILE [--repetitions N] [--quick] [--events N] [--interviews M]
                                    [--account-events N] [--account-interviews M] [--seed S]
                                    [--work DIR] [--no-script-x4] [--round-trip-ms MS]
                                    [--cases single,accounts,latency]

ENV_FILE is the one tests/servers/start-server wrote for a Radicale of the benchmark's own (bench/run
starts it): this script adds users to its htpasswd file and copies calendars inside its storage
folder, so it must never be pointed at a server other tests use.

Data: N events (default 1,000), M of them interviews (default 200), every one inside the rules'
window (bench/generate_calendar.py with both shares at 1; --quick: 200/40), so both sides read the same events
and find the same 200 interviews (less the cancelled ones). The follow-ups the script writes are
prepared once with `followup import --vdir` on a local copy (caldav_reference.py says why).

Every repetition works on calendars of its own, so that a first run is a first run: the events are
PUT once, as one VCALENDAR on the collection URL (CALDAV-NOTES §4.5), into a source calendar, and
each repetition gets a copy of Radicale's storage folder of that calendar (a copy costs
milliseconds, a fill tens of seconds: both are timed once and printed as a `note`). The fill and the
copies are never measured; the state folder ($XDG_STATE_HOME) is new for each of our first runs.

Cases (one `row` line each, bench/measure.py; requests as each side counts them; the server's CPU in
the note, from /proc, because the machine is shared and Radicale does most of the work):
  1. `caldav first run`: `followup sync` vs the script's first run, each on an identical fresh copy.
     Both end states must hold exactly the prepared follow-up UIDs (checked every repetition: a
     benchmark of a wrong result is worthless).
  1b. `caldav first run, sequential`: the same with `parallel_requests = 1`, when `followup config
     check` accepts the key; otherwise a note says it was not run.
  1c. `caldav first run vs the writes alone`: the same first run against its floor: curl (libcurl, like
     ours) PUTting the prepared follow-up files, four at a time on kept-alive connections, into fresh
     copies, reading and deciding nothing: what the server takes for the writes alone.
  2. `caldav unchanged run`: a second `followup sync` on the same calendars and state (no PUT or
     DELETE, one REPORT per calendar expected) vs the script's second run (it rewrites everything).
  3. `caldav 4 accounts`: four users, each with its own copy of the events and its own follow-up
     calendars, in one configuration (`[account NAME]` x4), first run; the reference is the same four
     accounts synced one after the other (`--account NAME`, summed); each account has 250 events with
     50 interviews (100/20 with --quick), so that the four together are about case 1's size. Also
     against the script run for each account one after the other, summed, unless --no-script-x4.
  4. `caldav first run, 20 ms round trip` (and `..., sequential, ...`, `caldav unchanged run, ...`):
     cases 1, 1b and 2 again, ours and the script alike through tests/faults/fault-proxy in front of
     the same Radicale, with one rule `delay` that holds every request --round-trip-ms (default 20)
     before forwarding it: what a server across the internet costs per request (Fastmail, iCloud,
     Nextcloud: 20-100 ms), where requests in flight at once can help and on a local socket cannot.
     The proxy keeps each client connection open (HTTP/1.1 keep-alive), so the delay is paid per
     request, not per connection (no TCP or TLS handshake is simulated), and opens a new connection
     to Radicale per request (Radicale is HTTP/1.0 anyway). Its CPU is in the note.

Exit code 0, or 1 with a message when a check failed (a failed run stops the benchmark: measure.py).
Standard library of Debian's /usr/bin/python3 only (the script itself needs python3-caldav).
"""

import argparse
import base64
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate_calendar  # noqa: E402
import measure  # noqa: E402

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's: has python3-caldav (tests/servers/README.md)
REFERENCE = os.path.join(HERE, "caldav_reference.py")
PROXY = os.path.join(os.path.dirname(HERE), "tests", "faults", "fault-proxy")
NOW = generate_calendar.NOW
ZONE = "Europe/Berlin"
DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
ACCOUNTS = 4
PASSWORD = "secret"


class BenchError(Exception):
    pass


def check(cond, what):
    if not cond:
        raise BenchError(what)


# -- the server ---------------------------------------------------------------------------------------

def read_env(path):
    with open(path) as f:
        pairs = (item.split("=", 1) for item in f.read().split())
    return {k.removeprefix("FOLLOWUP_TEST_"): v for k, v in pairs}


class Dav:
    """Basic-auth WebDAV requests for the set-up and the checks (never measured)."""

    def __init__(self, base, user, password):
        self.base = base
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def request(self, method, path, body=None, headers=None):
        import http.client  # only here: the set-up's client, not the benchmark's
        u = urllib.parse.urlsplit(self.base)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
        conn.request(method, path, body=body.encode() if isinstance(body, str) else body,
                     headers={"Authorization": self.auth, **(headers or {})})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, data

    def mkcalendar(self, path, components):
        comps = "".join(f'<C:comp name="{c}"/>' for c in components)
        body = ('<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
                'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
                f'<C:supported-calendar-component-set>{comps}</C:supported-calendar-component-set>'
                '</D:prop></D:set></C:mkcalendar>')
        st, data = self.request("MKCALENDAR", path, body, {"Content-Type": "application/xml; charset=utf-8"})
        check(st == 201, f"MKCALENDAR {path}: {st} {data[:300]!r}")

    def members(self, path):
        """{href: ETag}: an initial sync-collection (RFC 6578 §3.2)."""
        body = ('<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token/>'
                '<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>')
        st, data = self.request("REPORT", path, body, {"Content-Type": "application/xml"})
        check(st == 207, f"REPORT sync-collection {path}: {st}")
        out = {}
        for r in ET.fromstring(data).iter(f"{DAV}response"):
            href = r.findtext(f"{DAV}href")
            if href and not href.endswith("/"):
                out[href] = r.findtext(f".//{DAV}getetag")
        return out

    def uids(self, path):
        """The UIDs of every member (with repeats, if a UID were stored twice): calendar-query (RFC 4791 §7.8)."""
        body = ('<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" '
                'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop>'
                '<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>')
        st, data = self.request("REPORT", path, body, {"Depth": "1", "Content-Type": "application/xml"})
        check(st == 207, f"REPORT calendar-query {path}: {st}")
        out = []
        for r in ET.fromstring(data).iter(f"{DAV}response"):
            text = re.sub(r"\r?\n[ \t]", "", r.findtext(f".//{CALDAV}calendar-data") or "")
            out += [u for u in re.findall(r"^UID:(.*?)\r?$", text, re.M) if not u.startswith("bench-")]
        return out


def server_cpu(pid):
    """CPU seconds the server process has used so far (utime + stime from /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class Radicale:
    """The benchmark's Radicale: its users file and its storage folder (tests/servers/start-server)."""

    def __init__(self, env):
        self.env = env
        self.url = env["URL"]
        self.pid = env.get("PID")
        self.root = os.path.join(env["DIR"], "collections", "collection-root")
        check(env.get("SERVER") == "radicale", f"bench/caldav.py needs Radicale, not {env.get('SERVER')}")

    def add_user(self, user):
        """A user of our own (plain htpasswd, re-read at each login; the rights file gives every user
        their own home)."""
        with open(os.path.join(self.env["DIR"], "users"), "a") as f:
            f.write(f"{user}:{PASSWORD}\n")
        st, _ = Dav(self.url, user, PASSWORD).request("PROPFIND", f"/{user}/", None, {"Depth": "0"})
        check(st == 207, f"PROPFIND /{user}/ as the new user {user}: {st}")  # Radicale makes the home

    def copy(self, src_user, src, user, dst):
        """A new calendar /user/dst/ holding what /src_user/src/ holds, copied in the storage folder."""
        shutil.copytree(os.path.join(self.root, src_user, src), os.path.join(self.root, user, dst))

    def remove(self, user, name):
        shutil.rmtree(os.path.join(self.root, user, name), ignore_errors=True)

    def cpu(self):
        return server_cpu(self.pid)


class DelayProxy:
    """tests/faults/fault-proxy in front of the server with one rule: every request waits `seconds` before
    it is forwarded (case 4). Started the way tests/faults/fault-scenarios starts it."""

    def __init__(self, work, upstream, seconds):
        self.dir = tempfile.mkdtemp(dir=work, prefix="proxy-")
        rules, ready = os.path.join(self.dir, "rules.json"), os.path.join(self.dir, "ready")
        with open(rules, "w") as f:
            json.dump([{"action": "delay", "seconds": seconds}], f)
        self.err = open(os.path.join(self.dir, "err"), "w")
        self.proc = subprocess.Popen([SYSTEM_PYTHON, PROXY, "--upstream", upstream, "--rules", rules,
                                      "--log", os.path.join(self.dir, "log.jsonl"), "--ready", ready],
                                     stdout=subprocess.DEVNULL, stderr=self.err)
        for _ in range(200):
            if os.path.exists(ready) or self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if not os.path.exists(ready):
            self.stop()
            check(False, f"fault-proxy did not start (exit code {self.proc.returncode}; {self.dir}/err)")
        with open(ready) as f:
            self.url = f"http://127.0.0.1:{f.read().split()[0]}/"

    def cpu(self):
        return server_cpu(self.proc.pid)

    def check_all_delayed(self):
        """Every request the proxy saw was held and forwarded: none went around the delay."""
        with open(os.path.join(self.dir, "log.jsonl")) as f:
            actions = [json.loads(line)["action"] for line in f if line.strip()]
        check(actions and set(actions) == {"delay"}, f"fault-proxy: every request delayed ({set(actions)})")

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.err.close()


# -- the runs -----------------------------------------------------------------------------------------

class Dataset:
    """Generated events in a source calendar, and their prepared follow-ups (the oracle)."""
    events = 0
    interview_uids = []
    prepared = ""
    expected = []
    source = ""


class Bench:
    def __init__(self, a, env):
        self.a = a
        self.exe = os.path.abspath(a.exe)
        self.srv = Radicale(env)
        self.run_id = uuid.uuid4().hex[:6]
        self.work = a.work or tempfile.mkdtemp(prefix="followup-bench-caldav-")
        os.makedirs(self.work, exist_ok=True)
        self.source_user = "benchsrc"
        self.users = [f"bench{i}" for i in range(1, ACCOUNTS + 1)]
        self.made = []  # (user, calendar) to remove at the end
        self.server_seconds = {}  # case -> [server CPU seconds of each measured run]
        self.open_group = None
        self.proxy = None  # case 4's DelayProxy while its runs go through it
        self.proxy_note = ""
        self.proxy_seconds = {}  # case -> [the proxy's CPU seconds of each measured run]

    # -- set-up --

    def prepare(self):
        a = self.a
        for user in [self.source_user, *self.users]:
            self.srv.add_user(user)
        dav = Dav(self.srv.url, self.source_user, PASSWORD)
        for name, comps in (("followups", ["VEVENT"]), ("tasks", ["VTODO"])):  # empty, copied for each run
            dav.mkcalendar(f"/{self.source_user}/{name}-{self.run_id}/", comps)
        self.single = self.dataset("single", a.events, a.interviews)
        if "accounts" in a.cases.split(","):
            self.per_account = self.dataset("account", a.account_events, a.account_interviews)
        # Case 1b needs the `parallel_requests` key: `config check` refuses a key it does not know (exit 2).
        check_config = self.write_config("check.ini", self.account_lines(
            "caldav", self.users[0], {"events": "x", "followups": "y", "tasks": "z"}, ["parallel_requests = 1"]))
        self.has_parallel_key = subprocess.run([self.exe, "config", "check", "--config", check_config],
                                               env=self.env_for("check"), stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL).returncode == 0

    def dataset(self, tag, events, interviews):
        """Generates the events, prepares their follow-ups and fills the source calendar once."""
        a, data = self.a, Dataset()
        data.events = events
        ics, data.interview_uids = generate_calendar.generate(
            events, interviews, a.seed, NOW, uid_prefix="bench", inside_share=1, others_inside_share=1)
        events_file = os.path.join(self.work, f"events-{tag}.ics")
        with open(events_file, "w", encoding="utf-8", newline="") as f:
            f.write(ics)

        # The follow-ups the script writes, and the oracle both end states are checked against.
        data.prepared = os.path.join(self.work, f"prepared-{tag}")
        imported = measure.run_once([self.exe, "import", events_file, "--vdir", data.prepared, "--now", NOW,
                                     "--config", self.write_config("rules.ini", []), "--json"],
                                    env=self.env_for("import"))
        doc = json.loads(imported[2])
        check(not doc["errors"], f"followup import: errors {doc['errors'][:5]}")
        data.expected = sorted(f[:-len(".ics")] for f in os.listdir(data.prepared) if f.endswith(".ics"))
        check(len(data.expected) == doc["created"], "the prepared folder holds one file per follow-up")
        interviews_with_followups = {c["interview_uid"] for c in doc["changes"]}
        check(interviews_with_followups == set(data.interview_uids),
              f"the follow-ups are for exactly the {len(data.interview_uids)} interviews generated in the window "
              f"({len(interviews_with_followups)})")

        # Fill once, by PUT; every repetition gets a copy of the storage folder (cheaper: both timed).
        dav = Dav(self.srv.url, self.source_user, PASSWORD)
        data.source = f"events-{self.run_id}-{tag}"
        src = f"/{self.source_user}/{data.source}/"
        dav.mkcalendar(src, ["VEVENT"])
        t = time.monotonic()
        st, body = dav.request("PUT", src, ics, {"Content-Type": "text/calendar; charset=utf-8"})
        fill_seconds = time.monotonic() - t
        check(st in (200, 201), f"PUT of the whole VCALENDAR on {src}: {st} {body[:300]!r}")
        t = time.monotonic()
        self.srv.copy(self.source_user, data.source, self.source_user, f"copy-{self.run_id}")
        copy_seconds = time.monotonic() - t

        def by_name(members):
            return {href.rsplit("/", 1)[1]: etag for href, etag in members.items()}
        copied = by_name(dav.members(f"/{self.source_user}/copy-{self.run_id}/"))
        check(len(copied) == events and copied == by_name(dav.members(src)),
              f"the copy holds the {events} events of the source, with the same ETags")
        self.srv.remove(self.source_user, f"copy-{self.run_id}")
        print(f"note data ({tag}): {events} events, {interviews} interviews in the window "
              f"({len(data.interview_uids)} not cancelled, {doc['interviews']} occurrences), "
              f"{len(data.expected)} follow-ups; the fill (one PUT) {fill_seconds:.1f} s, a copy of the storage "
              f"folder {copy_seconds * 1000:.0f} ms: each repetition gets a copy", flush=True)
        return data

    def fresh_calendars(self, user, tag, data):
        """A copy of the events and two empty follow-up calendars for `user`: {role: name}."""
        names = {role: f"{role}-{self.run_id}-{tag}" for role in ("events", "followups", "tasks")}
        self.srv.copy(self.source_user, data.source, user, names["events"])
        for role in ("followups", "tasks"):
            self.srv.copy(self.source_user, f"{role}-{self.run_id}", user, names[role])
        self.made += [(user, n) for n in names.values()]
        return names

    def drop(self):
        for user, name in self.made:
            self.srv.remove(user, name)
        self.made = []

    def write_config(self, name, account_lines, extra_rules=()):
        path = os.path.join(self.work, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds passwords: mode 0600
        with os.fdopen(fd, "w") as f:
            f.write("\n".join(["[rules]", f"timezone = {ZONE}", f"me = {generate_calendar.ME}", *extra_rules,
                               *account_lines]) + "\n")
        return path

    def client_url(self):
        """Where the measured clients (ours and the script) go: the server, or case 4's proxy in front of it."""
        return self.proxy.url if self.proxy else self.srv.url

    def account_lines(self, section, user, names, extra=()):
        home = f"{self.client_url()}{user}/"
        return [f"[{section}]", f"url = {self.client_url()}", f"username = {user}", f"password = {PASSWORD}",
                "timeout = 300s", f"calendars = {home}{names['events']}/",
                f"followups_calendar = {home}{names['followups']}/", f"tasks_calendar = {home}{names['tasks']}/",
                *extra]

    def env_for(self, tag):
        """A home and state folder of its own: a first run has no state."""
        env = dict(os.environ)
        base = os.path.join(self.work, "homes", f"{tag}-{uuid.uuid4().hex[:6]}")
        for k in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[k] = os.path.join(base, k.lower())
            os.makedirs(env[k], exist_ok=True)
        env.update(LC_ALL="C.UTF-8", TZ=ZONE)
        return env

    # -- measuring --

    def timed(self, case, argv, env):
        """run_once, with the server's CPU meanwhile kept for the row's note (added up while a group of
        runs that counts as one repetition is open: see group())."""
        cpu, proxy_cpu = self.srv.cpu(), self.proxy.cpu() if self.proxy else None
        result = measure.run_once(argv, env=env)
        after = self.srv.cpu()
        if proxy_cpu is not None and self.proxy.cpu() is not None:
            self.proxy_seconds.setdefault(case, []).append(self.proxy.cpu() - proxy_cpu)
        if cpu is not None and after is not None:
            if self.open_group is not None:
                self.open_group[case] = self.open_group.get(case, 0.0) + after - cpu
            else:
                self.server_seconds.setdefault(case, []).append(after - cpu)
        return result

    def group(self, close=False):
        """Opens (or closes) a group of runs that make one repetition: four accounts one after the other."""
        if close:
            for case, seconds in self.open_group.items():
                self.server_seconds.setdefault(case, []).append(seconds)
            self.open_group = None
        else:
            self.open_group = {}

    def server_note(self, *cases):
        parts = []
        for case in cases:
            s = self.server_seconds.get(case)
            if s:
                parts.append(f"{case}: {statistics.median(s):.1f} s")
        proxy = [f"{case}: {statistics.median(self.proxy_seconds[case]):.1f} s" for case in cases
                 if self.proxy_seconds.get(case)]
        return ("Radicale CPU (median) " + ", ".join(parts) if parts else "") + \
            ("; fault-proxy CPU (median) " + ", ".join(proxy) if proxy else "")

    def followup_sync(self, case, cfg, env, *extra):
        s, rss, out, err = self.timed(case, [self.exe, "sync", "--config", cfg, "--json", "--now", NOW, *extra], env)
        doc = json.loads(out)
        return s, rss, doc

    def script(self, case, user, names, data):
        s, rss, out, err = self.timed(case, [SYSTEM_PYTHON, REFERENCE, self.client_url(), user, PASSWORD,
                                             "--events", names["events"], "--followups", names["followups"],
                                             "--tasks", names["tasks"], "--prepared", data.prepared, "--now", NOW],
                                      None)
        return s, rss, json.loads(out)

    def writes_alone(self, case, user, names, data):
        """The floor: the same follow-up files PUT by curl (C, libcurl like ours), four at a time on kept-alive
        connections, with nothing read or decided first: what the server alone takes for the writes."""
        base = f"{self.client_url()}{user}/"
        config = os.path.join(self.work, f"curl-{uuid.uuid4().hex[:6]}.conf")
        fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds the password
        blocks = []
        for uid in data.expected:
            path = os.path.join(data.prepared, uid + ".ics")
            with open(path, encoding="utf-8") as item:
                role = "tasks" if "BEGIN:VTODO" in item.read() else "followups"
            # Each operation (between `next`s) takes its own options; only --parallel and silent are global.
            blocks.append(f'url = "{base}{names[role]}/{urllib.parse.quote(uid)}.ics"\nupload-file = "{path}"\n'
                          f'user = "{user}:{PASSWORD}"\noutput = "/dev/null"\nwrite-out = "%{{http_code}}\\n"\n'
                          'header = "Content-Type: text/calendar; charset=utf-8"\nheader = "If-None-Match: *"\n'
                          # No "Expect: 100-continue": Radicale never answers it, curl would wait 1 s a PUT.
                          'header = "Expect:"\n')
        with os.fdopen(fd, "w") as f:
            f.write("silent\n" + "next\n".join(blocks))
        s, rss, out, err = self.timed(case, ["curl", "--parallel", "--parallel-max", "4", "--config", config], None)
        codes = out.split()
        check(len(codes) == len(data.expected) and set(codes) == {"201"},
              f"curl: {len(codes)} answers, all 201 ({sorted(set(codes))})")
        return s, rss, len(codes)

    def check_end_state(self, user, names, who, data):
        dav = Dav(self.srv.url, user, PASSWORD)
        uids = dav.uids(f"/{user}/{names['followups']}/") + dav.uids(f"/{user}/{names['tasks']}/")
        check(len(uids) == len(set(uids)), f"{who}: no follow-up UID twice on the server")
        check(sorted(uids) == data.expected,
              f"{who}: the server holds exactly the {len(data.expected)} prepared follow-up UIDs "
              f"(missing {sorted(set(data.expected) - set(uids))[:5]}, extra {sorted(set(uids) - set(data.expected))[:5]})")

    def check_ours(self, doc, who, first, data):
        check(doc.get("errors") == [], f"{who}: no errors ({doc.get('errors')})")
        by = doc.get("requests_by_method") or {}
        if first:
            check(doc.get("created") == len(data.expected), f"{who}: created {doc.get('created')} == {len(data.expected)}")
        else:
            check((doc.get("created"), doc.get("updated"), doc.get("deleted")) == (0, 0, 0),
                  f"{who}: nothing created, updated or deleted")
            check(not by.get("PUT") and not by.get("DELETE"), f"{who}: no PUT or DELETE ({by})")

    def single_account(self, suffix="", tag=""):
        """Cases 1, 1b and 2; case 4 with suffix ", 20 ms round trip" (and tag "l": calendars, state and
        configuration files of its own) while self.proxy is set."""
        a, user, data = self.a, self.users[0], self.single
        m = {k: ([], [], []) for k in ("ours1", "ref1", "ours2", "ref2", "seq1", "floor1")}  # seconds, rss, requests

        def keep(key, s, rss, requests):
            m[key][0].append(s)
            m[key][1].append(rss)
            m[key][2].append(requests)

        second_by_method = None
        for rep in range(a.repetitions):
            # Ours: first run on fresh calendars with no state, then the unchanged run.
            names = self.fresh_calendars(user, f"{tag}o{rep}", data)
            cfg = self.write_config(f"{tag}ours-{rep}.ini", self.account_lines("caldav", user, names))
            env = self.env_for(f"{tag}ours-{rep}")
            s, rss, doc = self.followup_sync(f"caldav first run{suffix}", cfg, env)
            self.check_ours(doc, f"followup sync, first run {rep + 1}", True, data)
            self.check_end_state(user, names, f"followup sync, first run {rep + 1}", data)
            keep("ours1", s, rss, doc.get("requests"))
            s, rss, doc = self.followup_sync(f"caldav unchanged run{suffix}", cfg, env)
            self.check_ours(doc, f"followup sync, unchanged run {rep + 1}", False, data)
            check(doc.get("requests_by_method", {}).get("REPORT") == 3,
                  f"followup sync, unchanged run {rep + 1}: one REPORT per calendar ({doc.get('requests_by_method')})")
            keep("ours2", s, rss, doc.get("requests"))
            second_by_method = doc.get("requests_by_method")

            # The script: first run on an identical copy, then its second run (it rewrites everything).
            names = self.fresh_calendars(user, f"{tag}r{rep}", data)
            s, rss, doc = self.script(f"script first run{suffix}", user, names, data)
            check(doc["written"] == len(data.expected), f"script, first run: wrote {doc['written']}")
            self.check_end_state(user, names, f"script, first run {rep + 1}", data)
            keep("ref1", s, rss, doc["requests"])
            s, rss, doc = self.script(f"script second run{suffix}", user, names, data)
            keep("ref2", s, rss, doc["requests"])

            if self.has_parallel_key:  # case 1b: the same first run, one request at a time
                names = self.fresh_calendars(user, f"{tag}s{rep}", data)
                cfg = self.write_config(f"{tag}seq-{rep}.ini", self.account_lines("caldav", user, names,
                                                                             ["parallel_requests = 1"]))
                s, rss, doc = self.followup_sync(f"caldav first run, sequential{suffix}", cfg,
                                                 self.env_for(f"{tag}seq-{rep}"))
                self.check_ours(doc, f"followup sync (parallel_requests = 1), first run {rep + 1}", True, data)
                self.check_end_state(user, names, f"followup sync (parallel_requests = 1), first run {rep + 1}", data)
                keep("seq1", s, rss, doc.get("requests"))

            # The floor: the writes alone, by curl (case 1c).
            names = self.fresh_calendars(user, f"{tag}c{rep}", data)
            s, rss, requests = self.writes_alone(f"writes alone{suffix}", user, names, data)
            self.check_end_state(user, names, f"curl, the writes alone {rep + 1}", data)
            keep("floor1", s, rss, requests)
            self.drop()
            print(f"note caldav{suffix} repetition {rep + 1}/{a.repetitions}: ours {m['ours1'][0][-1]:.1f} s + "
                  f"{m['ours2'][0][-1]:.2f} s, script {m['ref1'][0][-1]:.1f} s + {m['ref2'][0][-1]:.1f} s",
                  file=sys.stderr, flush=True)

        def meas(key):
            return measure.Measurement(m[key][0], max(m[key][1]), "", "")

        def reqs(key):
            return statistics.median(m[key][2]) if all(r is not None for r in m[key][2]) else None

        # Case 4: both sides through the same proxy, said in the reference's name and in every note.
        script = "python3-caldav script" + (", same proxy" if self.proxy else "")
        via = self.proxy_note if self.proxy else ""
        measure.emit_row(f"caldav first run{suffix}", meas("ours1"), meas("ref1"), script,
                         reqs("ours1"), reqs("ref1"),
                         note=via + self.server_note(f"caldav first run{suffix}", f"script first run{suffix}"))
        if self.has_parallel_key:
            measure.emit_row(f"caldav first run, sequential{suffix}", meas("seq1"), meas("ref1"), script,
                             reqs("seq1"), reqs("ref1"),
                             note=via + "parallel_requests = 1; "
                             + self.server_note(f"caldav first run, sequential{suffix}"))
        else:
            # An older followup, without the key: the row is measured as soon as `config check` accepts it.
            print(f"note caldav first run, sequential{suffix}: not run: this followup has no parallel_requests key "
                  "(`followup config check` refuses it)", flush=True)
        measure.emit_row(f"caldav first run vs the writes alone{suffix}", meas("ours1"), meas("floor1"),
                         "curl PUTs of the same items, 4 at once" + (", same proxy" if self.proxy else ""),
                         reqs("ours1"), reqs("floor1"),
                         note=via + "the floor: what the server takes for the writes, nothing read or decided; "
                         + self.server_note(f"writes alone{suffix}"))
        measure.emit_row(f"caldav unchanged run{suffix}", meas("ours2"), meas("ref2"), script,
                         reqs("ours2"), reqs("ref2"),
                         note=via + f"ours by method {json.dumps(second_by_method, separators=(',', ':'))}; "
                              + self.server_note(f"caldav unchanged run{suffix}", f"script second run{suffix}"))

    def through_proxy(self):
        """Case 4: cases 1, 1b and 2 again, both sides through fault-proxy holding each request
        --round-trip-ms before forwarding it (a network's round trip, paid once per request)."""
        ms = self.a.round_trip_ms
        self.proxy = DelayProxy(self.work, self.srv.url, ms / 1000.0)
        self.proxy_note = (f"both through tests/faults/fault-proxy, each request held {ms:g} ms before it is "
                           "forwarded (client connections kept alive: no handshake cost); ")
        try:
            self.single_account(suffix=f", {ms:g} ms round trip", tag="l")
            self.proxy.check_all_delayed()
        finally:
            self.proxy.stop()
            self.proxy = None

    def accounts(self):
        """Case 3: four accounts in one configuration vs one after the other."""
        a, data = self.a, self.per_account
        m = {k: ([], [], []) for k in ("together", "apart", "script")}
        for rep in range(a.repetitions):
            lines, apart_lines, names_of = [], [], {}
            for i, user in enumerate(self.users):
                names_of[user] = self.fresh_calendars(user, f"a{rep}", data)
                lines += self.account_lines(f"account {user}", user, names_of[user])
            cfg = self.write_config(f"accounts-{rep}.ini", lines)
            s, rss, doc = self.followup_sync("caldav 4 accounts", cfg, self.env_for(f"accounts-{rep}"))
            check(len(doc.get("accounts", [])) == ACCOUNTS, f"4 accounts: one report each ({list(doc)})")
            for acc in doc["accounts"]:
                self.check_ours(acc, f"4 accounts, account {acc.get('account')}", True, data)
            for user in self.users:
                self.check_end_state(user, names_of[user], f"4 accounts, {user}", data)
            m["together"][0].append(s)
            m["together"][1].append(rss)
            m["together"][2].append(sum(acc.get("requests", 0) for acc in doc["accounts"]))

            # The same four, one after the other, each from a fresh copy and state.
            for user in self.users:
                names_of[user] = self.fresh_calendars(user, f"b{rep}", data)
                apart_lines += self.account_lines(f"account {user}", user, names_of[user])
            cfg = self.write_config(f"apart-{rep}.ini", apart_lines)
            env = self.env_for(f"apart-{rep}")
            total, peak, requests = 0.0, 0.0, 0
            self.group()
            for user in self.users:
                s, rss, doc = self.followup_sync("one after the other", cfg, env, "--account", user)
                self.check_ours(doc, f"one after the other, {user}", True, data)
                total, peak, requests = total + s, max(peak, rss), requests + doc.get("requests", 0)
            self.group(close=True)
            for user in self.users:
                self.check_end_state(user, names_of[user], f"one after the other, {user}", data)
            m["apart"][0].append(total)
            m["apart"][1].append(peak)
            m["apart"][2].append(requests)

            if a.script_x4:
                total, peak, requests = 0.0, 0.0, 0
                self.group()
                for user in self.users:
                    names = self.fresh_calendars(user, f"c{rep}", data)
                    s, rss, doc = self.script("script x4", user, names, data)
                    check(doc["written"] == len(data.expected), f"script x4, {user}: wrote {doc['written']}")
                    total, peak, requests = total + s, max(peak, rss), requests + doc["requests"]
                self.group(close=True)
                m["script"][0].append(total)
                m["script"][1].append(peak)
                m["script"][2].append(requests)
            self.drop()

        def meas(key):
            return measure.Measurement(m[key][0], max(m[key][1]), "", "")

        measure.emit_row("caldav 4 accounts", meas("together"), meas("apart"), "ours, one account after the other",
                         statistics.median(m["together"][2]), statistics.median(m["apart"][2]),
                         note=f"each account {data.events} events; "
                              + self.server_note("caldav 4 accounts", "one after the other"))
        if a.script_x4:
            measure.emit_row("caldav 4 accounts vs script x4", meas("together"), meas("script"),
                             "python3-caldav script, 4 runs one after the other",
                             statistics.median(m["together"][2]), statistics.median(m["script"][2]),
                             note=self.server_note("caldav 4 accounts", "script x4"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("exe")
    ap.add_argument("env_file")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="a smoke run: 200 events, 40 interviews")
    ap.add_argument("--events", type=int)
    ap.add_argument("--interviews", type=int)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", help="folder for the data and the configurations (default: a new temp folder)")
    ap.add_argument("--account-events", type=int, help="events of each account in case 3 (default 250, quick 100)")
    ap.add_argument("--account-interviews", type=int, help="interviews of each (default 50, quick 20)")
    ap.add_argument("--no-script-x4", dest="script_x4", action="store_false",
                    help="skip case 3 against the script run four times")
    ap.add_argument("--round-trip-ms", type=float, default=20.0,
                    help="case 4: how long the proxy holds each request before forwarding it (default 20)")
    ap.add_argument("--cases", default="single,accounts,latency",
                    help="comma-separated: single (1, 1b, 2), accounts (3), latency (4: 1, 1b, 2 through the proxy)")
    a = ap.parse_args()
    a.events = a.events or (200 if a.quick else 1000)
    a.interviews = a.interviews or (40 if a.quick else 200)
    a.account_events = a.account_events or (100 if a.quick else 250)
    a.account_interviews = a.account_interviews or (20 if a.quick else 50)
    if not os.path.isfile(a.env_file):
        print(f"bench/caldav.py: no server .env file {a.env_file} (did Radicale start?)", file=sys.stderr)
        return 1
    bench = Bench(a, read_env(a.env_file))
    try:
        bench.prepare()
        cases = a.cases.split(",")
        if "single" in cases:
            bench.single_account()
        if "accounts" in cases:
            bench.accounts()
        if "latency" in cases:
            bench.through_proxy()
    except BenchError as e:
        print(f"bench/caldav.py: FAIL: {e}", file=sys.stderr, flush=True)
        return 1
    finally:
        bench.drop()
    if not a.work:
        shutil.rmtree(bench.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
