"""Measuring one command the same way for ours and for the reference (issue 7).

Wall time from time.monotonic() around the child, peak RSS from the child's own rusage (GNU time's
%M, from wait4), so that neither side is measured by a different tool. Several
repetitions; the median is reported (the machines are shared and noisy: ratios, not absolute times).

Rows for the table are printed as `row {json}` lines and curve points as `curve {json}` lines on
stdout; bench/run gathers them from every part and prints the table (bench/table.py).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

TIME = "/usr/bin/time"  # GNU time (Debian package `time`)


class Measurement:
    def __init__(self, seconds, peak_rss_mb, stdout, stderr):
        self.seconds = seconds  # list, one per repetition
        self.peak_rss_mb = peak_rss_mb  # the largest of the repetitions
        self.stdout = stdout  # of the last repetition
        self.stderr = stderr

    @property
    def median(self):
        return statistics.median(self.seconds)


def run_once(argv, env=None, cwd=None, ok_codes=(0,)):
    """Runs argv; returns (seconds, peak_rss_mb, stdout, stderr). A failing command stops the benchmark:
    a number measured from a failed run means nothing."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as rss:
        # The peak RSS comes from GNU time (its wait4 rusage of the command, %M in KiB): a child forked
        # by this Python process would count Python's own pages until its exec (a floor of 30-40 MB,
        # more than small runs use); `time` is a small C program.
        timed = [TIME, "-f", "%M", "-o", rss.name, *map(str, argv)]
        start = time.monotonic()
        child = subprocess.run(timed, env=env, cwd=cwd, stdout=out, stderr=err)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        lines = rss.read().split()
    if child.returncode not in ok_codes:
        sys.stderr.write(stderr)
        raise SystemExit(f"bench: {' '.join(map(str, argv))} exited with {child.returncode}")
    return seconds, int(lines[-1]) / 1024.0, stdout, stderr


def measure(argv, repetitions, env=None, cwd=None, before_each=None, ok_codes=(0,)):
    """Runs argv `repetitions` times (before_each() first each time, unmeasured: a fresh copy of the
    data, say) and returns a Measurement."""
    seconds, rss, out, err = [], 0.0, "", ""
    for _ in range(repetitions):
        if before_each:
            before_each()
        s, r, out, err = run_once(argv, env=env, cwd=cwd, ok_codes=ok_codes)
        seconds.append(s)
        rss = max(rss, r)
    return Measurement(seconds, rss, out, err)


def emit_row(case, ours, reference, reference_name, requests=None, reference_requests=None, note=""):
    """One line of the table: `ours` and `reference` are Measurements (reference may be None)."""
    row = {
        "case": case,
        "ours_seconds": ours.median,
        "ours_all_seconds": ours.seconds,
        "ours_peak_rss_mb": ours.peak_rss_mb,
        "reference": reference_name,
        "reference_seconds": reference.median if reference else None,
        "reference_all_seconds": reference.seconds if reference else None,
        "reference_peak_rss_mb": reference.peak_rss_mb if reference else None,
        "ratio": (ours.median / reference.median) if reference and reference.median > 0 else None,
        "requests": requests,
        "reference_requests": reference_requests,
        "note": note,
    }
    print("row " + json.dumps(row), flush=True)
    return row


def emit_curve_point(curve, x, **values):
    """One point of a curve (import time and memory against the number of events, say)."""
    print("curve " + json.dumps({"curve": curve, "x": x, **values}), flush=True)
