"""Issue 20, done-when: a demo trip prints its receipt on a USB receipt printer replayed by umockdev.

`selfscan demo --printer-profiles devices/printers` runs under scripts/umockdev-printer, which presents an ESC/POS
printer on USB (printer class, bulk OUT/IN), captures every byte the daemon sends, answers DLE EOT real-time
status, and runs out of paper while the first receipt arrives. The daemon must print it again in full once the
paper is back (two whole documents, the same text), and what the paper says is read back here with a small
ESC/POS renderer of its own (independent of the Swift one).
"""
import json
import os
import pathlib
import socket
import subprocess

ROOT = pathlib.Path(os.environ.get("SELFSCAN_ROOT", pathlib.Path(__file__).resolve().parents[2]))
BIN = os.environ.get("SELFSCAN_BIN", str(ROOT / ".build" / "debug" / "selfscan"))
FIXTURES = ROOT / "Tests" / "SelfScanDevicesTests" / "Fixtures" / "printers"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render(data):
    """ESC/POS → paper lines: text (CP1252), `[QR:payload]`, `--- cut ---`. Knows ESC @, ESC t, ESC a, ESC E,
    GS !, GS V, GS ( k; anything else fails the test."""
    lines, current, qr, i = [], bytearray(), b"", 0
    while i < len(data):
        b = data[i]
        if b == 0x0A:
            lines.append(current.decode("cp1252")); current = bytearray(); i += 1
        elif b == 0x1B:
            op = data[i + 1]
            assert op in (0x40, 0x74, 0x61, 0x45), f"unknown ESC {op:#x} at {i}"
            i += 2 if op == 0x40 else 3
        elif b == 0x1D:
            op = data[i + 1]
            if op == 0x21:
                i += 3
            elif op == 0x56:
                if current:
                    lines.append(current.decode("cp1252")); current = bytearray()
                lines.append("--- cut ---"); i += 4 if data[i + 2] >= 0x41 else 3
            elif op == 0x28 and data[i + 2] == 0x6B:
                length = data[i + 3] | data[i + 4] << 8
                function = data[i + 6]
                if function == 0x50:
                    qr = bytes(data[i + 8:i + 5 + length])
                if function == 0x51:
                    lines.append("[QR:" + qr.decode() + "]")
                i += 5 + length
            else:
                raise AssertionError(f"unknown GS {op:#x} at {i}")
        else:
            current.append(b); i += 1
    return lines


def documents(lines):
    out, current = [], []
    for line in lines:
        current.append(line)
        if line == "--- cut ---":
            out.append(current); current = []
    return out


# The QR block of a printed receipt, by the payload's kind: the exit pass while the basket has not left the store,
# else the e-receipt link (ReceiptPrintService.document chooses at print time, so a reprint made after the demo's
# shopper walked out through the gate carries the link).
QR_CAPTIONS = {"selfscan:exit:": "Pass de sortie", "selfscan:receipt:": "Ticket en ligne (48 h)"}


def receipt_body(receipt):
    """The receipt's lines without its QR block, once the block is checked: one QR, under its own kind's caption."""
    codes = [l for l in receipt if l.startswith("[QR:")]
    assert len(codes) == 1, receipt
    payload = codes[0][len("[QR:"):-1]
    captions = [caption for prefix, caption in QR_CAPTIONS.items() if payload.startswith(prefix)]
    assert len(captions) == 1 and captions[0] in receipt, (payload, receipt)
    return [l for l in receipt if l != codes[0] and l not in QR_CAPTIONS.values()]


def test_demo_trip_receipt_is_printed_and_reprinted_whole_after_paper_out(tmp_path):
    capture, events = tmp_path / "paper.bin", tmp_path / "printer.jsonl"
    command = ["/usr/bin/python3", str(ROOT / "scripts" / "umockdev-printer"), str(FIXTURES / "printer.umockdev"),
               "--capture", str(capture), "--events", str(events), "--paper-out-during", "1",
               "--paper-back-after-polls", "2", "--stop-after-documents", "2", "--timeout", "240", "--",
               BIN, "demo", "--port", str(free_port()), "--no-referential", "--in-process-terminal",
               "--data-dir", str(tmp_path / "data"), "--scan-pause-ms", "50",
               "--printer-profiles", str(ROOT / "devices" / "printers")]
    log = open(tmp_path / "demo.log", "wb")
    result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, timeout=300)
    log.close()
    tail = (tmp_path / "demo.log").read_text(errors="replace")[-3000:]
    assert result.returncode == 0, tail
    printed = [json.loads(line) for line in events.read_text().splitlines()]
    assert [e["index"] for e in printed if e["event"] == "document"] == [1, 2], printed
    statuses = [e["paper"] for e in printed if e["event"] == "status"]
    assert False in statuses and statuses[-1] is True, statuses  # the paper-out was seen, then cleared

    receipts = documents(render(capture.read_bytes()))
    assert len(receipts) == 2, receipts
    first, second = receipts
    # Reprinted in full: the same paper but for the QR block (`receipt_body`).
    assert receipt_body(first) == receipt_body(second)
    text = "\n".join(second)
    assert text.startswith("SelfScan — "), text
    assert any(l.startswith("TOTAL") and l.endswith(" €") for l in second), text
    assert any(l.startswith("TVA") for l in second), text
    assert any(l.startswith("[QR:selfscan:") for l in second), text
    assert second[-1] == "--- cut ---"


def test_a_receipt_cut_short_by_paper_out_at_its_end_is_reprinted_whole(tmp_path):
    """The paper runs out while the last lines of the first receipt print from the printer's buffer: the
    real-time status asked right after the transfer still says ready. The daemon judges the receipt on GS r 1
    (answered once it printed) and prints it again in full when the paper is back; it used to mark it printed."""
    capture, events = tmp_path / "paper.bin", tmp_path / "printer.jsonl"
    command = ["/usr/bin/python3", str(ROOT / "scripts" / "umockdev-printer"), str(FIXTURES / "printer.umockdev"),
               "--capture", str(capture), "--events", str(events), "--paper-out-at-end", "1",
               "--paper-back-after-polls", "2", "--stop-after-documents", "2", "--timeout", "240", "--",
               BIN, "demo", "--port", str(free_port()), "--no-referential", "--in-process-terminal",
               "--data-dir", str(tmp_path / "data"), "--scan-pause-ms", "50",
               "--printer-profiles", str(ROOT / "devices" / "printers")]
    with open(tmp_path / "demo.log", "wb") as log:
        result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, timeout=300)
    tail = (tmp_path / "demo.log").read_text(errors="replace")[-3000:]
    assert result.returncode == 0, tail
    printed = [json.loads(line) for line in events.read_text().splitlines()]
    assert [e["index"] for e in printed if e["event"] == "document"] == [1, 2], printed
    assert [e["paper"] for e in printed if e["event"] == "printed"] == [False, True], printed
    receipts = documents(render(capture.read_bytes()))
    assert len(receipts) == 2, receipts
    first, second = receipts
    assert receipt_body(first) == receipt_body(second)
    assert second[-1] == "--- cut ---"
