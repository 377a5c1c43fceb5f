#!/usr/bin/python3
"""The offline side of issue 7's benchmark: `followup import` of a large calendar side by side with a
bare libical parse of the same file (bench/bare_parse.cpp).

    offline.py --followup EXE --bare-parse EXE --repetitions N [--quick] [--seed S] [--work DIR]

Data: bench/generate_calendar.py, N events of which N/5 interviews (a tenth of those inside the rules'
window, its defaults), time zones, recurring meetings and all, written once per size.

Rows (bench/measure.py `row` lines):
  - "import 50,000 events (10,000 interviews)": `followup import big.ics --output out.ics --now T`
    with a fresh output file and a fresh state folder ($XDG_STATE_HOME) every repetition, against
    `bench_bare_parse big.ics` (libical's icalparser_parse_string on the whole file, then a walk over
    every component and property: what a typical libical program does, bare_parse.cpp says why);
  - "... vs libical's streaming parse": the same runs of ours against `bench_bare_parse --stream`
    (icalparser_parse with an fgets line generator, libical's documented way);
  - "import into the input file itself": a fresh copy of big.ics each repetition, with `--output` the
    copy itself (the follow-ups merged into the user's own calendar file), against the bare parse.
Curve "import" (`curve` lines): 1k, 2k, 5k, 10k, 20k, 50k, 100k events (`--quick`: up to 10k), ours
and the bare parse, seconds, peak RSS and microseconds per event, so that linearity shows.

Every run of ours is checked (a number measured from a wrong result means nothing): exit code 0, no
errors, as many interviews as the generator put in the window, the same follow-ups created into the
input file as into a new one, and the bare parse counted every VEVENT. `--json` is part of the
measured command only for these checks (printing it costs nothing measurable).

Wall time is the machine's (shared, loaded): the ratios are what counts, and a `note` line gives the
load average before and after. Standard library of Debian's /usr/bin/python3 only.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate_calendar  # noqa: E402
import measure  # noqa: E402

NOW = generate_calendar.NOW
ZONE = "Europe/Berlin"
MAIN_EVENTS, MAIN_INTERVIEWS = 50_000, 10_000
CURVE = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000]
QUICK_CURVE = [1_000, 2_000, 5_000, 10_000]


class BenchError(Exception):
    pass


def check(cond, what):
    if not cond:
        raise BenchError(what)


def load_average():
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


# Generates in a child process, so that this one stays small (measure.py reads each command's peak RSS
# through GNU time, which does not count this process, but the machine is shared).
GENERATE = """
import sys
sys.path.insert(0, sys.argv[1])
import generate_calendar
events, interviews, seed, now, out = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
gen = generate_calendar.Generator(events, interviews, seed, now)
text = gen.calendar()
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write(text)
print(gen.inside)
"""


class Dataset:
    """One generated calendar (bench/generate_calendar.py) and what a correct import of it finds."""

    def __init__(self, work, events, seed):
        self.events, self.interviews = events, events // 5
        self.path = os.path.join(work, f"events-{events}.ics")
        done = subprocess.run([sys.executable, "-c", GENERATE, HERE, str(self.events), str(self.interviews), str(seed),
                               NOW, self.path], check=True, capture_output=True, text=True)
        self.inside = int(done.stdout)  # interview occurrences in the window: what `interviews` must say


class Importer:
    """`followup import` with a fresh state folder (and a fresh output) for every repetition."""

    def __init__(self, exe, work):
        self.exe, self.work = exe, work
        self.state = os.path.join(work, "state")
        config = os.path.join(work, "config")  # no configuration of the machine's user is read
        os.makedirs(config, exist_ok=True)
        self.env = dict(os.environ, XDG_STATE_HOME=self.state, XDG_CONFIG_HOME=config)

    def argv(self, inputs, output):
        return [self.exe, "import", *inputs, "--output", output, "--now", NOW, "--timezone", ZONE, "--json"]

    def fresh(self, output, copy_from=None):
        shutil.rmtree(self.state, ignore_errors=True)
        os.makedirs(self.state)
        if os.path.exists(output):
            os.remove(output)
        if copy_from:
            shutil.copyfile(copy_from, output)

    def measure_new_output(self, data, repetitions):
        out = os.path.join(self.work, "out.ics")
        m = measure.measure(self.argv([data.path], out), repetitions, env=self.env,
                            before_each=lambda: self.fresh(out))
        return m, self.checked(m, data, f"import of {data.events} events")

    def measure_into_input(self, data, repetitions):
        own = os.path.join(self.work, "own-calendar.ics")
        m = measure.measure(self.argv([own], own), repetitions, env=self.env,
                            before_each=lambda: self.fresh(own, copy_from=data.path))
        summary = self.checked(m, data, f"import of {data.events} events into the input file")
        check(os.path.getsize(own) > os.path.getsize(data.path), "the input file did not get the follow-ups")
        return m, summary

    @staticmethod
    def checked(m, data, what):
        """The summary's counts, read with a pattern rather than json.loads, and the output dropped: the
        whole document (a "changes" entry per follow-up) would grow this process, and its size is
        counted in the peak RSS of every later child (see GENERATE)."""
        summary = {}
        for key in ("interviews", "created"):
            found = re.search(rf'^  "{key}": (\d+),$', m.stdout, re.MULTILINE)
            check(found, f"{what}: no \"{key}\" in the output of --json: {m.stdout[:300]}")
            summary[key] = int(found.group(1))
        errors_at = m.stdout.find('"errors"')
        check(re.search(r'^  "errors": \[\],?$', m.stdout, re.MULTILINE),
              f"{what}: errors: {m.stdout[errors_at:errors_at + 1000]}")
        check(summary["interviews"] == data.inside,
              f"{what}: {summary['interviews']} interviews, the generator put {data.inside} in the window")
        check(summary["created"] > 0, f"{what}: nothing created")
        m.stdout = ""
        return summary


def measure_bare(exe, data, repetitions, stream=False):
    argv = [exe, *(["--stream"] if stream else []), data.path]
    m = measure.measure(argv, repetitions)
    counts = dict(line.rsplit(" ", 1) for line in m.stdout.splitlines() if " " in line)
    check(int(counts.get("VEVENT", -1)) == data.events,
          f"bare parse of {data.events} events counted {counts.get('VEVENT')} VEVENTs")
    return m


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--followup", required=True, help="the followup executable (a Release build)")
    ap.add_argument("--bare-parse", required=True, help="bench_bare_parse (bench/CMakeLists.txt)")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="the curve up to 10,000 events only")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", help="folder for the data (default: a temporary one, removed at the end)")
    a = ap.parse_args(argv)
    check_exe = [p for p in (a.followup, a.bare_parse) if not os.access(p, os.X_OK)]
    if check_exe:
        raise SystemExit(f"offline.py: not an executable: {', '.join(check_exe)}")

    work = a.work or tempfile.mkdtemp(prefix="followup-bench-offline.")
    os.makedirs(work, exist_ok=True)
    try:
        run(a, work)
    except BenchError as e:
        print(f"offline.py: FAILED: {e}", file=sys.stderr)
        return 1
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run(a, work):
    importer = Importer(a.followup, work)
    reps = a.repetitions
    print(f"note offline: load average before {load_average()}", flush=True)

    print(f"offline: generating {MAIN_EVENTS} events", file=sys.stderr, flush=True)
    main_data = Dataset(work, MAIN_EVENTS, a.seed)
    ours, summary = importer.measure_new_output(main_data, reps)
    bare = measure_bare(a.bare_parse, main_data, reps)
    bare_stream = measure_bare(a.bare_parse, main_data, reps, stream=True)
    case = f"import {MAIN_EVENTS:,} events ({MAIN_INTERVIEWS:,} interviews)"
    measure.emit_row(case, ours, bare, "bare libical parse (icalparser_parse_string, walk)",
                     note=f"{summary['interviews']} interviews in the window, {summary['created']} follow-ups "
                          f"written; file {os.path.getsize(main_data.path) / 1e6:.1f} MB")
    measure.emit_row(case + " vs libical's streaming parse", ours, bare_stream,
                     "bare libical parse (icalparser_parse with fgets, walk)")
    into_input, into_summary = importer.measure_into_input(main_data, reps)
    check(into_summary["created"] == summary["created"],
          f"into the input file: {into_summary['created']} created, into a new file {summary['created']}")
    measure.emit_row("import into the input file itself", into_input, bare,
                     "bare libical parse (icalparser_parse_string, walk)",
                     note="the output is the 50,000-event input: every event copied byte for byte, "
                          "the follow-ups added")

    for events in QUICK_CURVE if a.quick else CURVE:
        if events == MAIN_EVENTS:
            data, o, b = main_data, ours, bare
        else:
            print(f"offline: curve point {events} events", file=sys.stderr, flush=True)
            data = Dataset(work, events, a.seed)
            o, _ = importer.measure_new_output(data, reps)
            b = measure_bare(a.bare_parse, data, reps)
        measure.emit_curve_point(
            "import (ours) and bare libical parse, by events (interviews = events / 5)", events,
            ours_seconds=round(o.median, 4), bare_seconds=round(b.median, 4),
            ratio=round(o.median / b.median, 2) if b.median > 0 else None,
            ours_us_per_event=round(o.median / events * 1e6, 1), bare_us_per_event=round(b.median / events * 1e6, 1),
            ours_peak_rss_mb=round(o.peak_rss_mb, 1), bare_peak_rss_mb=round(b.peak_rss_mb, 1))
        if data is not main_data:
            os.remove(data.path)
    print(f"note offline: load average after {load_average()}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
