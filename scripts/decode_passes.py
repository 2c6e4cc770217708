#!/usr/bin/env python3
"""Does every retry pass earn its place? Runs `selfscan decode --json --timing --passes …` on the corpus
for: the plain pass alone; each pass alone on top of plain; the full list; the full list minus each pass
(leave-one-out). Scores each run per corpus half (decode_score.half: tuning / held-out) and per symbology.
Prints Markdown tables of reads gained, wrong reads and decode milliseconds summed over the corpus (time is
an output for the lead to measure on a quiet machine: on a loaded one it is noise).
Usage: scripts/decode_passes.py --corpus DIR --selfscan BIN [--passes a,b,c] [--out FILE]"""
import argparse, json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from decode_score import HALVES, half, manifest  # noqa: E402

DEFAULT = "downscaled,inverted,thresholded,zxingFallback"  # DecodeOptions.images
CANDIDATES = "downscaled,rotated90,inverted,thresholded,upscaled,upscaledConfirmed,zxingFallback"


def run(binary, corpus, rows, passes):
    paths = [os.path.join(corpus, r["path"]) for r in rows]
    out = subprocess.run([binary, "decode", "--json", "--timing", "--passes", passes or "none", *paths],
                         capture_output=True, text=True)
    res = {}
    for line in out.stdout.split("\n"):
        if not line.strip():
            continue
        obj = json.loads(line)
        rel = os.path.relpath(obj["file"], corpus)
        res[rel] = ([s["text"] for s in obj.get("symbols") or []], obj.get("decodeMillis") or 0.0)
    return res


def tally(rows, res):
    """{half: {symbology: [read, wrong]}}, {half: ms}, and the set of read paths."""
    stats, ms, read = {h: {} for h in HALVES}, {h: 0.0 for h in HALVES}, set()
    for r in rows:
        h = half(r["path"])
        texts, t = res.get(r["path"], ([], 0.0))
        s = stats[h].setdefault(r["symbology"], [0, 0])
        ms[h] += t
        if r["expected"] in texts:
            s[0] += 1
            read.add(r["path"])
        elif texts:
            s[1] += 1
    return stats, ms, read


def total(stats, h):
    return sum(v[0] for v in stats[h].values()), sum(v[1] for v in stats[h].values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--selfscan", required=True)
    ap.add_argument("--passes", default=DEFAULT, help=f"default: the images profile; all candidates: {CANDIDATES}")
    ap.add_argument("--out")
    a = ap.parse_args()
    rows = manifest(a.corpus)
    passes = a.passes.split(",")
    base = tally(rows, run(a.selfscan, a.corpus, rows, ""))
    full = tally(rows, run(a.selfscan, a.corpus, rows, a.passes))
    lines = [f"Corpus {len(rows)} images: " + ", ".join(
        f"{h} {sum(1 for r in rows if half(r['path']) == h)}" for h in HALVES) + ".", "",
        "| configuration | " + " | ".join(f"{h}: read (wrong) | {h}: decode ms" for h in HALVES) + " |",
        "|---|" + "---:|---:|" * len(HALVES)]

    def row(name, t):
        cells = []
        for h in HALVES:
            ok, wrong = total(t[0], h)
            cells += [f"{ok} ({wrong})", f"{t[1][h]:.0f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    row("plain only", base)
    alone, without = {}, {}
    for p in passes:
        alone[p] = tally(rows, run(a.selfscan, a.corpus, rows, p))
        row(f"plain + {p}", alone[p])
    row("full list", full)
    for p in passes:
        without[p] = tally(rows, run(a.selfscan, a.corpus, rows, ",".join(q for q in passes if q != p)))
        row(f"full minus {p}", without[p])
    lines += ["", "Per pass and symbology, reads the pass adds on top of plain (alone) and reads lost without it "
              "(leave-one-out), tuning / held-out; wrong reads in brackets where they change:", "",
              "| pass | symbology | alone: +tuning / +held-out | leave-one-out: -tuning / -held-out |",
              "|---|---|---:|---:|"]
    syms = sorted({r["symbology"] for r in rows})
    for p in passes:
        for s in syms:
            cells = []
            for t, sign in ((alone[p], 1), (without[p], -1)):
                parts = []
                for h in HALVES:
                    ref = base if sign == 1 else full
                    d = t[0][h].get(s, [0, 0])[0] - ref[0][h].get(s, [0, 0])[0]
                    w = t[0][h].get(s, [0, 0])[1] - ref[0][h].get(s, [0, 0])[1]
                    parts.append(f"{d * sign:+d}" + (f" ({w:+d} wrong)" if w else ""))
                cells.append(" / ".join(parts))
            if any(c != "+0 / +0" and c != "-0 / -0" for c in cells) and cells != ["+0 / +0", "+0 / +0"]:
                lines.append(f"| {p} | {s} | " + " | ".join(cells) + " |")
    report = "\n".join(lines) + "\n"
    print(report)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(report)


if __name__ == "__main__":
    main()
