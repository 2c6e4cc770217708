#!/usr/bin/env python3
"""Writes the PNG/PGM colour-type fixtures for ImageVariantTests: one synthetic EAN-13 (5901234123457) drawn
in each PNG colour type (grey 8/16-bit, grey+alpha, RGB, RGBA on a transparent background, palette) and as
PGM (P5 8/16-bit, P2). Pure standard library (zlib + struct), so it is reproducible anywhere:
    python3 make_fixtures.py   (in this folder)"""
import struct, zlib

L = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"]
G = ["0100111", "0110011", "0011011", "0100001", "0011101", "0111001", "0000101", "0010001", "0001001", "0010111"]
R = ["1110010", "1100110", "1101100", "1000010", "1011100", "1001110", "1010000", "1000100", "1001000", "1110100"]
PARITY = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"]


def ean13_modules(code):
    d = [int(c) for c in code]
    bits = "101"
    for i, p in enumerate(PARITY[d[0]]):
        bits += (L if p == "L" else G)[d[1 + i]]
    bits += "01010"
    for c in d[7:]:
        bits += R[c]
    return bits + "101"


def bars(code, module=3, quiet=12, height=80):
    bits = "0" * quiet + ean13_modules(code) + "0" * quiet
    row = [1 if b == "1" else 0 for b in bits for _ in range(module)]
    return [row[:] for _ in range(height)], len(row), height


def png(path, width, height, colour_type, bit_depth, rows, plte=None, trns=None):
    raw = b"".join(b"\x00" + r for r in rows)
    chunks = [(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0))]
    if plte: chunks.append((b"PLTE", plte))
    if trns: chunks.append((b"tRNS", trns))
    chunks += [(b"IDAT", zlib.compress(raw, 9)), (b"IEND", b"")]
    out = b"\x89PNG\r\n\x1a\n"
    for kind, data in chunks:
        out += struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    open(path, "wb").write(out)


def main():
    code = "5901234123457"
    image, w, h = bars(code)
    ink = lambda v: 0 if v else 255
    png("ean13-grey8.png", w, h, 0, 8, [bytes(ink(v) for v in r) for r in image])
    png("ean13-grey16.png", w, h, 0, 16, [b"".join(struct.pack(">H", 0 if v else 65535) for v in r) for r in image])
    # grey+alpha: background transparent *black*; only compositing on white makes it readable.
    png("ean13-greyalpha.png", w, h, 4, 8, [b"".join(bytes([0, 255]) if v else bytes([0, 0]) for v in r) for r in image])
    png("ean13-rgb.png", w, h, 2, 8, [b"".join(bytes([20, 20, 90]) if v else bytes([250, 250, 210]) for v in r) for r in image])
    png("ean13-rgba.png", w, h, 6, 8, [b"".join(bytes([0, 0, 0, 255]) if v else bytes([0, 0, 0, 0]) for v in r) for r in image])
    # palette: index 0 dark red, 1 transparent black (tRNS) -> white when composited
    png("ean13-palette.png", w, h, 3, 8, [bytes(0 if v else 1 for v in r) for r in image],
        plte=bytes([120, 0, 0, 0, 0, 0]), trns=bytes([255, 0]))
    head = f"P5\n# ean13\n{w} {h}\n255\n".encode()
    open("ean13.pgm", "wb").write(head + b"".join(bytes(ink(v) for v in r) for r in image))
    head16 = f"P5\n{w} {h}\n65535\n".encode()
    open("ean13-16bit.pgm", "wb").write(head16 + b"".join(struct.pack(">H", 0 if v else 65535) for r in image for v in r))
    ascii_rows = "\n".join(" ".join("0" if v else "15" for v in r) for r in image)
    open("ean13-ascii.pgm", "w").write(f"P2\n{w} {h}\n15\n{ascii_rows}\n")
    open("expected.txt", "w").write(code)


if __name__ == "__main__":
    main()
