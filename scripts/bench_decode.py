#!/usr/bin/env python3
"""Runs the decode benchmark (see scripts/bench-decode) and prints/writes a Markdown report."""
import argparse, json, os, platform, statistics, subprocess, sys, tempfile, time
import numpy as np
from PIL import Image
import zxingcpp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from decode_score import HALVES, half, manifest  # noqa: E402

ZBAR_TYPES = ("EAN-13:", "EAN-8:", "UPC-A:", "UPC-E:", "ISBN-10:", "ISBN-13:", "EAN-2:", "EAN-5:", "CODE-128:",
              "CODE-39:", "CODE-93:", "CODABAR:", "I2/5:", "DataBar:", "DataBar-Exp:", "QR-Code:", "SQ-Code:",
              "PDF417:", "COMPOSITE:")


def grey(path):
    """Pillow load, alpha composited on white, to 8-bit grey (what zxing-cpp is given)."""
    img = Image.open(path)
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")
        white = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, img)
    return np.asarray(img.convert("L"))


def run_selfscan(binary, paths, extra):
    out = subprocess.run([binary, "decode", "--json", "--timing", *extra, *paths], capture_output=True, text=True)
    res, ms, zbar_ms = {}, [], []
    for line in out.stdout.split("\n"):  # not splitlines(): it also splits at GS (0x1D) and friends
        if not line.strip():
            continue
        obj = json.loads(line)
        res[obj["file"]] = [s["text"] for s in obj.get("symbols") or []]
        if obj.get("decodeMillis") is not None:
            ms.append(obj["decodeMillis"])
            zbar_ms.append(obj["zbarMillis"])
    run_selfscan.zbar_ms = zbar_ms
    return res, ms


def run_zbarimg(paths):
    res, ms = {}, []
    for p in paths:
        t = time.perf_counter()
        out = subprocess.run(["zbarimg", "--nodbus", "-q", p], capture_output=True)
        ms.append((time.perf_counter() - t) * 1000)
        texts = []
        for line in out.stdout.decode("utf-8", "replace").split("\n"):
            if line.startswith(ZBAR_TYPES):
                texts.append(line.split(":", 1)[1])
            elif texts:
                texts[-1] += "\n" + line
        res[p] = [t[:-1] if t.endswith("\n") else t for t in texts]
    return res, ms


def run_zxing(paths, images):
    res, ms = {}, []
    for p in paths:
        img = images[p]
        t = time.perf_counter()
        found = zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.Plain)
        ms.append((time.perf_counter() - t) * 1000)
        res[p] = [b.text for b in found]
    return res, ms


def score(rows, corpus, res):
    stats = {}
    for r in rows:
        s = stats.setdefault(r["symbology"], [0, 0, 0])
        s[1] += 1
        texts = res.get(os.path.join(corpus, r["path"])) or []
        if r["expected"] in texts:
            s[0] += 1
        elif texts:
            s[2] += 1
    return stats


EAN13 = {"L": ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"],
         "G": ["0100111", "0110011", "0011011", "0100001", "0011101", "0111001", "0000101", "0010001", "0001001", "0010111"],
         "R": ["1110010", "1100110", "1101100", "1000010", "1011100", "1001110", "1010000", "1000100", "1001000", "1110100"]}
PARITY = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"]


def frame(code, sigma, seed=1):
    """1280x720 grey frame, light background, one EAN-13 (3 px modules) in the middle, Gaussian noise."""
    d = [int(c) for c in code]
    bits = "101" + "".join(EAN13[p][d[1 + i]] for i, p in enumerate(PARITY[d[0]])) + "01010" \
        + "".join(EAN13["R"][c] for c in d[7:]) + "101"
    img = np.full((720, 1280), 215.0)
    x0 = (1280 - len(bits) * 3) // 2
    for i, b in enumerate(bits):
        if b == "1":
            img[210:510, x0 + 3 * i:x0 + 3 * i + 3] = 35.0
    if sigma:
        img += np.random.default_rng(seed).normal(0, sigma, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def table(rows, corpus, engines, timing):
    """Markdown rows: per symbology, reads (wrong) per engine, then totals (and times with `timing`)."""
    scored = [(n, score(rows, corpus, r), ms) for n, r, ms in engines]
    syms = sorted({r["symbology"] for r in rows})
    lines = ["| symbology | images | " + " | ".join(n for n, _, _ in scored) + " |",
             "|---|---:|" + "---:|" * len(scored)]
    for s in syms:
        n = scored[0][1][s][1]
        lines.append(f"| {s} | {n} | " + " | ".join(f"{st[s][0]}" + (f" ({st[s][2]} wrong)" if st[s][2] else "")
                                                    for _, st, _ in scored) + " |")
    tot = lambda st: sum(v[0] for v in st.values())
    wrong = lambda st: sum(v[2] for v in st.values())
    lines.append(f"| **total** | {len(rows)} | " + " | ".join(
        f"**{tot(st)}** ({100 * tot(st) / len(rows):.1f} %, {wrong(st)} wrong)" for _, st, _ in scored) + " |")
    if timing:
        lines.append("| median ms / image | | " + " | ".join(f"{statistics.median(ms):.2f}" for _, _, ms in scored) + " |")
        lines.append("| mean ms / image | | " + " | ".join(f"{statistics.mean(ms):.2f}" for _, _, ms in scored) + " |")
    return lines


def fps(ms):
    return 1000.0 / statistics.median(ms) if ms else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--selfscan", required=True)
    ap.add_argument("--out")
    ap.add_argument("--accuracy-only", dest="timing", action="store_false",
                    help="accuracy tables only: no time rows, no camera-frame timings (for loaded machines)")
    a = ap.parse_args()
    rows = manifest(a.corpus)
    paths = [os.path.join(a.corpus, r["path"]) for r in rows]
    images = {p: grey(p) for p in paths}

    ours, ours_ms = run_selfscan(a.selfscan, paths, [])
    ours_zbar = run_selfscan.zbar_ms
    zbar_only, zbar_only_ms = run_selfscan(a.selfscan, paths, ["--passes", "downscaled,inverted,thresholded"])
    plain, plain_ms = run_selfscan(a.selfscan, paths, ["--passes", "none"])
    plain_zbar = run_selfscan.zbar_ms
    zbar, zbar_ms = run_zbarimg(paths)
    zx, zx_ms = run_zxing(paths, images)
    engines = [("SelfScan (zbar + passes + zxing fallback)", ours, ours_ms),
               ("SelfScan zbar only (passes, no fallback)", zbar_only, zbar_only_ms),
               ("SelfScan plain pass (zbar + normalisation)", plain, plain_ms),
               ("zbarimg (Debian zbar-tools, defaults)", zbar, zbar_ms),
               ("zxing-cpp " + subprocess.run([sys.executable, "-m", "pip", "show", "zxing-cpp"], capture_output=True,
                                               text=True).stdout.split("Version: ")[1].split()[0], zx, zx_ms)]
    lines = []
    for title, subset in [("all images", rows)] + [(f"{h} half", [r for r in rows if half(r["path"]) == h])
                                                    for h in HALVES]:
        lines += ["", f"#### {title} ({len(subset)} images)", ""] + table(subset, a.corpus, engines, timing=a.timing)
    head = [f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, "
            f"{os.cpu_count()} CPUs (shared), corpus {len(rows)} images; halves by scripts/decode_score.py half()."]
    if not a.timing:
        report = "\n".join(head + ["", "### Accuracy (exact expected text)"] + lines) + "\n"
        print(report)
        if a.out:
            with open(a.out, "w") as fh:
                fh.write(report)
        return
    overhead = [d - z for d, z in zip(plain_ms, plain_zbar)]
    lines += ["", f"Time per image is the decode of an already loaded grey image (SelfScan: in-process, JSON "
              f"`decodeMillis`; zxing-cpp: `read_barcodes` on a numpy array) except zbarimg, a process per image "
              f"(start, ImageMagick load, decode). Inside the SelfScan plain pass, `zbar_scan_image` takes a median "
              f"{statistics.median(plain_zbar):.3f} ms; the wrapper (copy for zbar, normalisation, JSON-ready "
              f"symbols) adds a median {statistics.median(overhead):.3f} ms (mean {statistics.mean(overhead):.3f} ms) "
              f"per image. Full SelfScan: zbar {statistics.median(ours_zbar):.3f} ms median of "
              f"{statistics.median(ours_ms):.3f} ms."]

    # Frames: our video profile (retail set, every 2nd line) and images profile vs zxing-cpp.
    tmp = tempfile.mkdtemp(prefix="selfscan-bench-")
    flines = ["| frame 1280x720, one EAN-13 | SelfScan video profile | SelfScan images profile (plain pass) "
              "| zxing-cpp (all formats) | zxing-cpp (EAN-13 only) |", "|---|---:|---:|---:|---:|"]
    for sigma in (0, 2, 6):
        f = frame("5901234123457", sigma)
        path = os.path.join(tmp, f"frame-s{sigma}.pgm")
        with open(path, "wb") as fh:
            fh.write(b"P5\n1280 720\n255\n" + f.tobytes())
        cells = []
        for extra in (["--profile", "video"], ["--passes", "none"]):
            out = subprocess.run([a.selfscan, "decode", "--json", "--timing", "--repetitions", "50", *extra, path],
                                 capture_output=True, text=True)
            obj = json.loads(out.stdout.splitlines()[0])
            ok = any(s["text"] == "5901234123457" for s in obj.get("symbols") or [])
            cells.append(f"{1000 / obj['decodeMillis']:.0f} fps ({obj['decodeMillis']:.1f} ms){'' if ok else ' MISSED'}")
        for fmt in (None, zxingcpp.BarcodeFormat.EAN13):
            ms = []
            for _ in range(50):
                t = time.perf_counter()
                found = zxingcpp.read_barcodes(f, formats=fmt) if fmt else zxingcpp.read_barcodes(f)
                ms.append((time.perf_counter() - t) * 1000)
            ok = any(b.text == "5901234123457" for b in found)
            cells.append(f"{fps(ms):.0f} fps ({statistics.median(ms):.1f} ms){'' if ok else ' MISSED'}")
        flines.append(f"| noise sigma {sigma} | " + " | ".join(cells) + " |")

    report = "\n".join(head + ["", "### Accuracy (exact expected text) and time per image", ""] + lines
                       + ["", "### Camera frames (median of 50 decodes)", ""] + flines) + "\n"
    print(report)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(report)


if __name__ == "__main__":
    main()
