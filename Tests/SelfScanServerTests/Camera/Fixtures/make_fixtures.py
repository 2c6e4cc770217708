#!/usr/bin/env python3
"""Makes the camera test frames (README.md). Needs numpy, Pillow and zxing-cpp (the bench venv:
~/.cache/selfscan-bench-venv/bin/python) and a built selfscan.

Usage: make_fixtures.py --selfscan BIN --corpus DIR
Finds, among scripts/camera_frames.py's low-light frames, one on which the video profile reads a GS1 DataBar
that is not there, crops it around the symbol zbar reported (the crop must still give the false read), crops
the camera's next frame the same way, and writes the real DataBar frame."""
import argparse, json, os, subprocess, sys, tempfile

import numpy as np
from PIL import Image
import zxingcpp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "scripts"))
import camera_frames as cf  # noqa: E402


def decode(binary, paths):
    out = subprocess.run([binary, "decode", "--json", "--profile", "video", *paths], capture_output=True, text=True)
    return {o["file"]: o.get("symbols") or [] for o in map(json.loads, filter(None, out.stdout.split("\n")))}


def write_pgm(path, img):
    h, w = img.shape
    with open(path, "wb") as out:
        out.write(f"P5\n{w} {h}\n255\n".encode() + img.astype(np.uint8).tobytes())


def false_databar(binary, corpus, seed, work):
    sources = cf.generated_sources() + cf.corpus_sources(corpus)
    ci = cf.CONDITIONS.index("low-light")
    for si, (name, sym, expected, src) in enumerate(sources):
        for size in cf.SIZES:
            rng = np.random.default_rng([seed, si, size[0], ci])
            img, box = cf.place(rng, src, *size)
            out, quality = cf.apply(rng, "low-light", img, box)
            nxt, _ = cf.next_frame(seed, si, ci, src, size, "low-light")
            first, second = os.path.join(work, "a.jpg"), os.path.join(work, "b.jpg")
            Image.fromarray(out).save(first, quality=quality)
            Image.fromarray(nxt).save(second, quality=quality)
            for symbol in decode(binary, [first])[first]:
                if not symbol["symbology"].startswith("DataBar") or symbol["text"] == expected:
                    continue
                xs = [p[0] for p in symbol["points"]]
                ys = [p[1] for p in symbol["points"]]
                x0, y0 = max(0, min(xs) - 60), max(0, min(ys) - 60)
                x1, y1 = min(size[0], max(xs) + 60), min(size[1], max(ys) + 60)
                crops = [np.asarray(Image.open(p).convert("L"))[y0:y1, x0:x1] for p in (first, second)]
                paths = [os.path.join(work, n) for n in ("crop-a.pgm", "crop-b.pgm")]
                for path, crop in zip(paths, crops):
                    write_pgm(path, crop)
                found = decode(binary, paths)
                print(f"candidate {si} {size[1]}p {symbol['text']!r}: crop reads {[s['text'] for s in found[paths[0]]]}, "
                      f"next {[s['text'] for s in found[paths[1]]]}", file=sys.stderr)
                # zbar's DataBar outline is a few points on one finder: crops lose the read, so whole frames
                # (the JPEG files as the phone would send them) when the crop does not reproduce it.
                if not any(s["text"] == symbol["text"] for s in found[paths[0]]):
                    whole = decode(binary, [second])[second]
                    if not any(s["text"] == symbol["text"] for s in whole):
                        print(f"source {si} {name!r} {size[1]}p low-light: false {symbol['symbology']} "
                              f"{symbol['text']!r} (expected {expected!r}), whole frame")
                        return [open(first, "rb").read(), open(second, "rb").read()]
                    continue
                if not any(s["text"] == symbol["text"] for s in found[paths[1]]):
                    print(f"source {si} {name!r} {size[1]}p low-light: false {symbol['symbology']} "
                          f"{symbol['text']!r} (expected {expected!r}), crop {x0},{y0},{x1 - x0}x{y1 - y0}")
                    return crops
    return None


def real_databar():
    code = zxingcpp.create_barcode("0103760000001069", zxingcpp.BarcodeFormat.DataBar)
    img = np.asarray(code.to_image(scale=3, add_quiet_zones=True), float)
    h, w = img.shape
    frame = np.full((h + 80, w + 80), 200.0)
    frame[40:40 + h, 40:40 + w] = 30 + img * (220 - 30) / 255
    frame += np.random.default_rng(7).normal(0, 2, frame.shape)
    return np.clip(frame, 0, 255)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--selfscan", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--seed", type=int, default=20261204)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        crops = false_databar(a.selfscan, a.corpus, a.seed, work)
    if crops is None:
        sys.exit("no reproducible false DataBar read found")
    for name, crop in zip(("lowlight-false-databar", "lowlight-false-databar-next"), crops):
        if isinstance(crop, bytes):
            with open(os.path.join(HERE, name + ".jpg"), "wb") as out:
                out.write(crop)
        else:
            write_pgm(os.path.join(HERE, name + ".pgm"), crop)
    write_pgm(os.path.join(HERE, "databar-coffee.pgm"), real_databar())


if __name__ == "__main__":
    main()
