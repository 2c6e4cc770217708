#!/usr/bin/env python3
"""Camera realism for the decoders: a synthetic, deterministic frame set built from corpus images and
generated codes, degraded the way phone cameras degrade them, decoded by SelfScan, zbarimg and zxing-cpp
in the same run. Reports the decode rate per condition and per frame size, and the median time per frame
(time is printed for the lead to measure on a quiet machine; on a loaded one it is noise).

Frames: each source code is pasted (random scale and position, seeded) on a textured grey background at
1280x720 and 1920x1080, then one condition is applied, then the frame is saved as JPEG at phone-video
quality (85) unless the condition sets its own quality. Conditions:
  clean, motion-blur-7 / motion-blur-15 (linear kernel, random angle), defocus-1.5 / defocus-3 (Gaussian
  sigma in px), perspective-25 / perspective-40 (the code plane turned by about that many degrees), glare
  (a bright specular blob over part of the code), low-light (gain 0.3, gamma, sensor noise sigma 6),
  jpeg-40 (heavy compression), handheld (perspective 15 + motion 5 + low light 0.6, together).
Sources: generated EAN-13, UPC-A, Code 128, GS1 DataBar Expanded and GS1 QR / Digital Link codes (zxing-cpp
writer, fixed texts), plus corpus images picked by a fixed rule (every symbology in RETAIL, the first
PER_SYMBOLOGY images whose SHA-256 of path is smallest: no choice by decodability).
With --y4m DIR, also writes one 1280x720 Y4M video per condition (the frames in order, 5 fps), usable as
Chromium's fake camera (--use-file-for-fake-video-capture).

Streams: each frame also has the camera's next frame (same scene, condition drawn again, fresh noise); the
second table scores 2-frame streams without and with the daemon's confirmation of weak reads
(`selfscan decode --confirm-pairs`, FrameConfirmation) beside zxing-cpp on the same two frames.

Usage: scripts/camera_frames.py --corpus DIR --selfscan BIN [--out FILE] [--frames-dir DIR] [--y4m DIR]
       [--seed 20261204] [--skip-zbarimg] [--video-passes P,Q] [--video-args '--coarse-rows 0'] [--wrong] [--quick]
       [--reuse-frames]"""
import argparse, hashlib, io, json, os, shlex, statistics, subprocess, sys, tempfile, time

import numpy as np
from PIL import Image, ImageFilter
import zxingcpp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from decode_score import manifest  # noqa: E402
from bench_decode import ZBAR_TYPES, grey  # noqa: E402

RETAIL = ("ean13", "upca", "upce", "ean8", "code128", "gs1-128", "databar", "databar-expanded",
          "databar-expanded-stacked", "qrcode")
PER_SYMBOLOGY = 3
GENERATED = [("ean13", "EAN13", "5901234123457"), ("ean13", "EAN13", "3017620422003"),
             ("upca", "UPCA", "036000291452"), ("code128", "Code128", "SELFSCAN-0042"),
             ("databar-expanded", "DataBarExpanded", "(01)93012345678905(3103)001750"),
             ("qrcode", "QRCode", "https://id.gs1.org/01/09506000134352/10/ABC123?17=261231"),
             ("qrcode", "QRCode", "SELFSCAN:LOYALTY:4242424242")]
SIZES = [(1280, 720), (1920, 1080)]
CONDITIONS = ["clean", "motion-blur-7", "motion-blur-15", "defocus-1.5", "defocus-3", "perspective-25",
              "perspective-40", "glare", "low-light", "jpeg-40", "handheld"]


def expected_generated(fmt, text):
    if fmt == "UPCA":
        return "0" + text
    if fmt == "DataBarExpanded":  # bracketed in, raw element string out (no variable field before the last)
        return text.replace("(", "").replace(")", "")
    return text


def generated_sources():
    out = []
    for sym, fmt, text in GENERATED:
        try:
            code = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt))
            img = np.asarray(code.to_image(scale=3, add_quiet_zones=True))
        except Exception as error:  # a writer this zxing-cpp lacks: skip, say so
            print(f"camera_frames: cannot generate {fmt}: {error}", file=sys.stderr)
            continue
        out.append((f"gen-{fmt}-{text[:12]}", sym, expected_generated(fmt, text), img.astype(np.uint8)))
    return out


def corpus_sources(corpus):
    rows = [r for r in manifest(corpus) if r["symbology"] in RETAIL]
    out = []
    for sym in RETAIL:
        picked = sorted((r for r in rows if r["symbology"] == sym),
                        key=lambda r: hashlib.sha256(r["path"].encode()).hexdigest())[:PER_SYMBOLOGY]
        for r in picked:
            out.append((r["path"], sym, r["expected"], grey(os.path.join(corpus, r["path"]))))
    return out


def background(rng, w, h):
    """Shelf-like clutter: low-frequency shading plus texture."""
    low = rng.normal(150, 30, (h // 60 + 2, w // 60 + 2))
    img = np.asarray(Image.fromarray(np.clip(low, 0, 255).astype(np.uint8)).resize((w, h), Image.BICUBIC), float)
    return img + rng.normal(0, 4, (h, w))


def place(rng, src, w, h):
    """Pastes the code (scaled so it spans 25-55 % of the frame width) at a random position."""
    frame = background(rng, w, h)
    sh, sw = src.shape
    scale = min(rng.uniform(0.25, 0.55) * w / sw, 0.8 * h / sh)
    nw, nh = max(8, int(sw * scale)), max(8, int(sh * scale))
    code = np.asarray(Image.fromarray(src).resize((nw, nh), Image.BILINEAR), float)
    x, y = int(rng.integers(0, w - nw + 1)), int(rng.integers(0, h - nh + 1))
    frame[y:y + nh, x:x + nw] = code
    return frame, (x, y, nw, nh)


def motion(img, length, angle):
    k = np.zeros((length, length))
    c = length // 2
    for i in range(length):
        t = i - c
        k[int(round(c + t * np.sin(angle))), int(round(c + t * np.cos(angle)))] = 1
    k /= k.sum()
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    if length > 5:  # PIL kernels are at most 5x5: apply a 5x5 step repeatedly for longer blur
        small = np.zeros((5, 5))
        for i in range(5):
            t = i - 2
            small[int(round(2 + t * np.sin(angle))), int(round(2 + t * np.cos(angle)))] = 1
        small /= small.sum()
        for _ in range(max(1, length // 4)):
            pil = pil.filter(ImageFilter.Kernel((5, 5), small.flatten().tolist(), scale=1))
        return np.asarray(pil, float)
    return np.asarray(pil.filter(ImageFilter.Kernel((length, length), k.flatten().tolist(), scale=1)), float) \
        if length in (3, 5) else np.asarray(pil, float)


def defocus(img, sigma):
    return np.asarray(Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(sigma)), float)


def perspective(rng, img, box, degrees):
    """Turns the plane about a vertical axis through the code: one side shrinks (foreshortening)."""
    h, w = img.shape
    x, y, bw, bh = box
    t = np.tan(np.radians(degrees)) * 0.35
    side = 1 if rng.random() < 0.5 else -1
    # output quad corners (where the code's corners land), coefficients for PIL's inverse mapping
    shrink = bh * t
    src = [(x, y), (x + bw, y), (x + bw, y + bh), (x, y + bh)]
    if side > 0:
        dst = [(x, y), (x + bw * (1 - t / 2), y + shrink), (x + bw * (1 - t / 2), y + bh - shrink), (x, y + bh)]
    else:
        dst = [(x + bw * t / 2, y + shrink), (x + bw, y), (x + bw, y + bh), (x + bw * t / 2, y + bh - shrink)]
    coeffs = find_coeffs(dst, src)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    return np.asarray(pil.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=150), float)


def find_coeffs(dst, src):
    """PIL PERSPECTIVE coefficients mapping output points `dst` back to input points `src`."""
    a = []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    b = np.array(src, float).reshape(8)
    return np.linalg.solve(np.array(a, float), b).tolist()


def glare(rng, img, box):
    h, w = img.shape
    x, y, bw, bh = box
    cx, cy = x + rng.uniform(0.3, 0.7) * bw, y + rng.uniform(0.3, 0.7) * bh
    r = rng.uniform(0.15, 0.3) * bw
    yy, xx = np.mgrid[0:h, 0:w]
    blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
    return img + 170 * blob


def low_light(rng, img, gain):
    dark = 255 * (np.clip(img, 0, 255) / 255) ** 1.3 * gain
    return dark + rng.normal(0, 6 * (0.3 / gain) ** 0.5, img.shape)


def apply(rng, cond, img, box):
    quality = 85
    if cond.startswith("motion-blur-"):
        img = motion(img, int(cond.rsplit("-", 1)[1]), rng.uniform(0, np.pi))
    elif cond.startswith("defocus-"):
        img = defocus(img, float(cond.rsplit("-", 1)[1]))
    elif cond.startswith("perspective-"):
        img = perspective(rng, img, box, float(cond.rsplit("-", 1)[1]))
    elif cond == "glare":
        img = glare(rng, img, box)
    elif cond == "low-light":
        img = low_light(rng, img, 0.3)
    elif cond == "jpeg-40":
        quality = 40
    elif cond == "handheld":
        img = perspective(rng, img, box, 15)
        img = motion(img, 5, rng.uniform(0, np.pi))
        img = low_light(rng, img, 0.6)
    return np.clip(img, 0, 255).astype(np.uint8), quality


def write_frames(sources, seed, frames_dir, reuse=False):
    """Returns [(path, condition, size, symbology, expected, next_path)]: `next_path` is the next frame of the
    same camera (second exposure, see `next_frame`)."""
    frames = []
    for si, (name, sym, expected, src) in enumerate(sources):
        for size in SIZES:
            for ci, cond in enumerate(CONDITIONS):
                path = os.path.join(frames_dir, f"{si:03d}-{size[1]}p-{cond}.jpg")
                next_path = os.path.join(frames_dir, f"{si:03d}-{size[1]}p-{cond}-next.jpg")
                frames.append((path, cond, f"{size[1]}p", sym, expected, next_path))
                if reuse and os.path.exists(path) and os.path.exists(next_path):
                    continue
                rng = np.random.default_rng([seed, si, size[0], ci])
                img, box = place(rng, src, *size)
                out, quality = apply(rng, cond, img, box)
                Image.fromarray(out).save(path, quality=quality)
                nxt, quality = next_frame(seed, si, ci, src, size, cond)
                Image.fromarray(nxt).save(next_path, quality=quality)
    return frames


def next_frame(seed, si, ci, src, size, cond):
    """The camera's next frame (125 ms later at 8 frames/s): the same scene (placement and background as the
    first frame), the condition drawn again (another blur angle, glare spot, tilt side, sensor noise: the hand
    moved) plus fresh sensor noise (sigma 2) — what makes a false read from noise unlikely to repeat."""
    img, box = place(np.random.default_rng([seed, si, size[0], ci]), src, *size)
    rng = np.random.default_rng([seed, si, size[0], ci, 1])
    img = img + rng.normal(0, 2, img.shape)
    return apply(rng, cond, img, box)


def write_y4m(frames, y4m_dir):
    os.makedirs(y4m_dir, exist_ok=True)
    for cond in CONDITIONS:
        chosen = [f[0] for f in frames if f[1] == cond and f[2] == "720p"]
        with open(os.path.join(y4m_dir, f"{cond}.y4m"), "wb") as fh:
            fh.write(b"YUV4MPEG2 W1280 H720 F5:1 Ip A1:1 C420jpeg\n")
            chroma = bytes([128]) * (640 * 360 * 2)
            for p in chosen:
                fh.write(b"FRAME\n" + np.asarray(Image.open(p).convert("L")).tobytes() + chroma)


def pairs_union(res, frames):
    """A 2-frame stream without confirmation: whatever either frame read."""
    return {f[0]: res.get(f[0], []) + res.get(f[5], []) for f in frames}


def run_selfscan_pairs(binary, frames, extra):
    """The daemon's camera confirmation over each (frame, next frame) pair (`selfscan decode --confirm-pairs`):
    a pair reads what its two frames count as scans."""
    paths = [p for f in frames for p in (f[0], f[5])]
    res, _ = run_selfscan(binary, paths, [*extra, "--confirm-pairs"])
    return pairs_union(res, frames), {}


PASSES = {}  # (tuple(extra), file) -> the pass that gave the result ("none": nothing found)


def run_selfscan(binary, paths, extra):
    res, ms = {}, {}
    for i in range(0, len(paths), 200):
        out = subprocess.run([binary, "decode", "--json", "--timing", *extra, *paths[i:i + 200]],
                             capture_output=True, text=True)
        for line in out.stdout.split("\n"):
            if line.strip():
                obj = json.loads(line)
                res[obj["file"]] = [s["text"] for s in obj.get("symbols") or []]
                PASSES[(tuple(extra), obj["file"])] = ((obj.get("symbols") or [{}])[0]).get("pass", "none")
                ms[obj["file"]] = obj.get("decodeMillis") or 0.0
    return res, ms


def run_zbarimg(paths):
    res, ms = {}, {}
    for p in paths:
        t = time.perf_counter()
        out = subprocess.run(["zbarimg", "--nodbus", "-q", p], capture_output=True)
        ms[p] = (time.perf_counter() - t) * 1000
        texts = []
        for line in out.stdout.decode("utf-8", "replace").split("\n"):
            if line.startswith(ZBAR_TYPES):
                texts.append(line.split(":", 1)[1])
        res[p] = texts
    return res, ms


def run_zxing(paths):
    res, ms = {}, {}
    for p in paths:
        img = np.asarray(Image.open(p).convert("L"))
        t = time.perf_counter()
        found = zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.Plain)
        ms[p] = (time.perf_counter() - t) * 1000
        res[p] = [b.text for b in found]
    return res, ms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--selfscan", required=True)
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--out")
    ap.add_argument("--frames-dir")
    ap.add_argument("--y4m")
    ap.add_argument("--skip-zbarimg", action="store_true")
    ap.add_argument("--reuse-frames", action="store_true", help="keep frames already in --frames-dir (same seed)")
    ap.add_argument("--quick", action="store_true", help="only the video profile and zxing-cpp columns")
    ap.add_argument("--wrong", action="store_true", help="list every wrong read (frame, texts)")
    ap.add_argument("--video-passes", help="retry passes of the video profile columns (selfscan decode --passes)")
    ap.add_argument("--video-args", default="",
                    help="more `selfscan decode` arguments for the video profile columns, e.g. '--coarse-rows 0' (no coarse pass) or '--density 3'")
    a = ap.parse_args()
    frames_dir = a.frames_dir or tempfile.mkdtemp(prefix="selfscan-frames-")
    os.makedirs(frames_dir, exist_ok=True)
    sources = generated_sources() + corpus_sources(a.corpus)
    frames = write_frames(sources, a.seed, frames_dir, reuse=a.reuse_frames)
    if a.y4m:
        write_y4m(frames, a.y4m)
    paths = [f[0] for f in frames]
    video = ["--profile", "video", *(["--passes", a.video_passes] if a.video_passes else []), *shlex.split(a.video_args)]
    engines = [("SelfScan video profile", *run_selfscan(a.selfscan, paths, video))]
    if not a.quick:
        engines += [("SelfScan video + zxing fallback", *run_selfscan(a.selfscan, paths, ["--profile", "video", "--passes", "zxingFallback"])),
                    ("SelfScan images profile", *run_selfscan(a.selfscan, paths, []))]
    if not a.skip_zbarimg and not a.quick:
        engines.append(("zbarimg", *run_zbarimg(paths)))
    engines.append((f"zxing-cpp {getattr(zxingcpp, '__version__', '')}".strip(), *run_zxing(paths)))
    # Two frames of the same stream (the frame and the camera's next one): what a phone session scans.
    next_paths = [f[5] for f in frames]
    video_next, _ = run_selfscan(a.selfscan, next_paths, video)
    zxing_next, _ = run_zxing(next_paths)
    pair_engines = [
        ("video, 2 frames, no confirmation", pairs_union({**engines[0][1], **video_next}, frames)),
        ("video, 2 frames, confirmation (daemon)", run_selfscan_pairs(a.selfscan, frames, video)[0]),
        ("zxing-cpp, 2 frames", pairs_union({**engines[-1][1], **zxing_next}, frames))]

    def rate(subset, res):
        ok = sum(1 for f in subset if f[4] in res.get(f[0], []))
        wrong = sum(1 for f in subset if res.get(f[0]) and f[4] not in res[f[0]])
        return ok, wrong

    lines = [f"Frames: {len(frames)} = {len(sources)} sources × {len(SIZES)} sizes × {len(CONDITIONS)} conditions "
             f"(seed {a.seed}); cells: read / frames (wrong reads in brackets).", "",
             "| condition | size | frames | " + " | ".join(n for n, _, _ in engines) + " |",
             "|---|---|---:|" + "---:|" * len(engines)]
    for cond in CONDITIONS + ["all"]:
        for size in ["720p", "1080p"]:
            subset = [f for f in frames if (cond == "all" or f[1] == cond) and f[2] == size]
            cells = []
            for _, res, _ in engines:
                ok, wrong = rate(subset, res)
                cells.append(f"{ok}" + (f" ({wrong})" if wrong else ""))
            lines.append(f"| {cond} | {size} | {len(subset)} | " + " | ".join(cells) + " |")
    lines += ["", "Per symbology (all conditions and sizes):", "",
              "| symbology | frames | " + " | ".join(n for n, _, _ in engines) + " |",
              "|---|---:|" + "---:|" * len(engines)]
    for sym in sorted({f[3] for f in frames}):
        subset = [f for f in frames if f[3] == sym]
        cells = []
        for _, res, _ in engines:
            ok, wrong = rate(subset, res)
            cells.append(f"{ok}" + (f" ({wrong})" if wrong else ""))
        lines.append(f"| {sym} | {len(subset)} | " + " | ".join(cells) + " |")
    lines += ["", "Camera streams: each frame with the camera's next frame (same scene, condition and sensor noise "
              "drawn again); a stream reads what either frame reads — with confirmation, what the daemon's camera "
              "pipeline counts as scans (weak reads need both frames: FrameConfirmation).", "",
              "| condition | size | streams | " + " | ".join(n for n, _ in pair_engines) + " |",
              "|---|---|---:|" + "---:|" * len(pair_engines)]
    for cond in CONDITIONS + ["all"]:
        for size in ["720p", "1080p"]:
            subset = [f for f in frames if (cond == "all" or f[1] == cond) and f[2] == size]
            cells = []
            for _, res in pair_engines:
                ok, wrong = rate(subset, res)
                cells.append(f"{ok}" + (f" ({wrong})" if wrong else ""))
            lines.append(f"| {cond} | {size} | {len(subset)} | " + " | ".join(cells) + " |")
    lines += ["", "| symbology | streams | " + " | ".join(n for n, _ in pair_engines) + " |",
              "|---|---:|" + "---:|" * len(pair_engines)]
    for sym in sorted({f[3] for f in frames}):
        subset = [f for f in frames if f[3] == sym]
        cells = []
        for _, res in pair_engines:
            ok, wrong = rate(subset, res)
            cells.append(f"{ok}" + (f" ({wrong})" if wrong else ""))
        lines.append(f"| {sym} | {len(subset)} | " + " | ".join(cells) + " |")
    lines += ["", "Video profile (single frames): which pass gave each frame's result (coarse: the sparse first "
              "pass settled it; none: nothing found, every pass ran), per size:", ""]
    for size in ["720p", "1080p"]:
        counts = {}
        for f in frames:
            if f[2] == size:
                key = PASSES.get((tuple(video), f[0]), "?")
                counts[key] = counts.get(key, 0) + 1
        lines.append(f"- {size}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if a.wrong:
        lines += ["", "Wrong reads (engine: frame → texts, expected):", ""]
        for name, res, _ in engines:
            for f in frames:
                if res.get(f[0]) and f[4] not in res[f[0]]:
                    lines.append(f"- {name}: {f[0]} → {res[f[0]]!r} (expected {f[4]!r})")
    lines += ["", "Median time per frame, ms (decode of a loaded frame; zbarimg: a process per frame) — "
              "for the lead to measure on a quiet machine:", "",
              "| size | " + " | ".join(n for n, _, _ in engines) + " |", "|---|" + "---:|" * len(engines)]
    for size in ["720p", "1080p"]:
        subset = [f[0] for f in frames if f[2] == size]
        lines.append(f"| {size} | " + " | ".join(f"{statistics.median(ms[p] for p in subset):.1f}"
                                                 for _, _, ms in engines) + " |")
    report = "\n".join(lines) + "\n"
    print(report)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(report)


if __name__ == "__main__":
    main()
