#!/usr/bin/env python3
"""Prints python-escpos's bytes (Dummy printer) for the commands EscPosReferenceTests compares with ours.
Needs `pip install python-escpos` (3.1 when the test's constants were taken)."""
from escpos.printer import Dummy
from escpos.constants import TXT_STYLE

def out(name, build):
    p = Dummy()
    build(p)
    print(name, p.output.hex())

out("qr", lambda p: p.qr("selfscan:exit:ABC", native=True, size=3, ec=0))
out("cut", lambda p: p.cut(feed=False))
out("cp1252", lambda p: (p.charcode("CP1252"), p.text("Œufs frais é à ç €\n")))
out("set2x", lambda p: p.set(double_height=True, double_width=True))
print("bold", TXT_STYLE["bold"][True].hex(), TXT_STYLE["bold"][False].hex())
