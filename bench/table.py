#!/usr/bin/python3
"""Prints the table of issue 7's benchmark from the `row` and `curve` lines (bench/measure.py).

    table.py [FILE...]          (standard input when no file is given)

Rows: case, ours, reference, ratio (ours / reference, medians: below 1 is faster), requests (ours /
reference), peak RSS in MB (ours / reference), then what the reference is and the row's note. Curves:
one block per curve, a line per point, every value the point carries. `note` lines are repeated
under the table. Other lines are ignored, so the whole output of a part can be fed in. Markdown, so
that BENCHMARKS.md can hold it as printed.
"""

import json
import sys


def seconds(value):
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def number(value, digits=1):
    """At most `digits` decimals, fewer for big numbers; integers as they are."""
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, float):
        return str(value)
    digits = min(digits, 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3)
    return f"{value:.{digits}f}"


def pair(a, b, digits=1):
    return f"{number(a, digits)} / {number(b, digits)}"


def main(argv):
    rows, curves, notes = [], {}, []
    files = argv[1:] or ["-"]
    for name in files:
        stream = sys.stdin if name == "-" else open(name, encoding="utf-8")
        with stream:
            for line in stream:
                kind, _, rest = line.rstrip("\n").partition(" ")
                if kind == "row":
                    rows.append(json.loads(rest))
                elif kind == "curve":
                    point = json.loads(rest)
                    curves.setdefault(point.pop("curve"), []).append(point)
                elif kind == "note":
                    notes.append(rest)

    out = ["| case | ours | reference | ratio | requests (ours / ref.) | peak RSS MB (ours / ref.) | reference is |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if r.get("ratio") is not None else "–"
        out.append(f"| {r['case']} | {seconds(r['ours_seconds'])} | {seconds(r.get('reference_seconds'))} | {ratio} "
                   f"| {pair(r.get('requests'), r.get('reference_requests'), 0)} "
                   f"| {pair(r.get('ours_peak_rss_mb'), r.get('reference_peak_rss_mb'))} | {r.get('reference') or '–'} |")
    notes_of_rows = [f"{r['case']}: {r['note']}" for r in rows if r.get("note")]
    repetitions = sorted({len(r.get("ours_all_seconds") or []) for r in rows})
    if repetitions:
        out.append("")
        out.append(f"Medians of {'/'.join(map(str, repetitions))} repetitions; every repetition: "
                   + "; ".join(f"{r['case']} ours {', '.join(f'{s:.2f}' for s in r['ours_all_seconds'])}"
                               + (f" ref. {', '.join(f'{s:.2f}' for s in r['reference_all_seconds'])}"
                                  if r.get("reference_all_seconds") else "") for r in rows) + " (seconds).")
    for curve, points in curves.items():
        keys = [k for k in points[0] if k != "x"]
        for p in points[1:]:
            keys += [k for k in p if k != "x" and k not in keys]
        out += ["", f"Curve `{curve}`:", "", "| x | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
        for p in sorted(points, key=lambda p: p["x"]):
            out.append(f"| {number(p['x'])} | " + " | ".join(
                number(p.get(k), 3) if isinstance(p.get(k), float) else number(p.get(k)) for k in keys) + " |")
    if notes_of_rows or notes:
        out += ["", "Notes:", ""] + [f"- {n}" for n in notes_of_rows + notes]
    print("\n".join(out))
    return 0 if rows or curves else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
