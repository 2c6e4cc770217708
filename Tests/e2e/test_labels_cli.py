"""`selfscan labels` as staff run it (issue 18 #2): a department's sheet, and the sheet of a price-change delta
(the daily task when prices change). Each QR code of the written SVG, drawn to pixels here and read by zbarimg,
is its product's GS1 Digital Link; the delta's sheet carries the new prices."""
import hashlib
import json
import re
import subprocess

from processes import BIN, TIMEOUT

BASE = "https://magasin-0042.example"


def run(*args, cwd):
    done = subprocess.run([BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT * 4)
    assert done.returncode == 0, f"selfscan {' '.join(args)}: {done.stderr}"
    return done.stdout


def qr_links(sheet, workdir):
    """Every embedded QR `<svg … data-link=…>` of the sheet: rasterised (its path of one-module-high runs
    `M x yhNv1h-Nz`, four pixels per module, a quiet zone) to a PGM, decoded by zbarimg. Returns (decoded,
    data-link attribute) pairs."""
    pairs = []
    for index, match in enumerate(re.finditer(r'<svg x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" data-link="([^"]*)" .*?</svg>', sheet, re.S)):
        document = match.group(0)
        side = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', document).group(1))
        scale, quiet = 4, 8
        size = (side + 2 * quiet) * scale
        pixels = bytearray([255]) * (size * size)
        path = re.search(r' d="([^"]*)"', document).group(1)
        for x, y, length in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
            x, y, length = int(x) + quiet, int(y) + quiet, int(length)
            for row in range(y * scale, (y + 1) * scale):
                start = row * size + x * scale
                pixels[start:start + length * scale] = bytes(length * scale)
        image = workdir / f"qr-{index}.pgm"
        image.write_bytes(f"P5 {size} {size} 255\n".encode() + bytes(pixels))
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                                 capture_output=True, text=True, timeout=30).stdout.split()
        pairs.append((decoded, match.group(1)))
    return pairs


def gtin14(product):
    return product["gtins"][0].rjust(14, "0")


def test_department_and_price_change_sheets_decode_to_their_digital_links(daemon, tmp_path):
    catalog = daemon.workdir / "data" / "demo-catalog.jsonl"
    lines = [json.loads(line) for line in catalog.read_text().splitlines() if line.strip()]
    header, records = lines[0], lines[1:]
    products = [r["product"] for r in records if r.get("type") == "product"]
    db = str(tmp_path / "store.sqlite")
    run("catalog", "import", "--db", db, str(catalog), cwd=tmp_path)

    # A department's sheet: one label per product with a GTIN, each QR its Digital Link.
    department = [p for p in products if p.get("department") == "Épicerie salée" and p.get("gtins")]
    assert len(department) >= 2, "the demo has an Épicerie salée department"
    out = tmp_path / "department.svg"
    run("labels", "--db", db, "--department", "Épicerie salée", "--base-url", BASE, str(out), cwd=tmp_path)
    pairs = qr_links(out.read_text(), tmp_path)
    assert [decoded for decoded, _ in pairs] == [[link] for _, link in pairs], pairs
    assert sorted(link for _, link in pairs) == sorted(f"{BASE}/01/{gtin14(p)}" for p in department)

    # The day's price changes: a delta file of two repriced products gives a sheet of exactly those two, at the
    # new prices.
    changed = [p for p in products if p.get("gtins") and (p.get("pricing") or {}).get("kind") == "unit"][:2]
    assert len(changed) == 2
    delta = tmp_path / "prices.jsonl"
    version = header["catalogVersion"]
    new_header = {"format": "selfscan-catalog", "formatVersion": 2, "kind": "delta", "baseVersion": version,
                  "catalogVersion": version + 1, "createdAt": header["createdAt"], "currency": header["currency"]}
    body = [json.dumps(new_header)]
    for product in changed:
        repriced = json.loads(json.dumps(product))
        repriced["pricing"]["price"]["minor"] += 10
        body.append(json.dumps({"type": "product", "product": repriced}, ensure_ascii=False))
    content = ("\n".join(body) + "\n").encode()  # the trailer: record count and SHA-256 of every byte before it
    trailer = {"type": "end", "recordCount": len(body) - 1, "sha256": hashlib.sha256(content).hexdigest()}
    delta.write_bytes(content + (json.dumps(trailer) + "\n").encode())
    sheet = tmp_path / "prices.svg"
    run("labels", "--db", db, "--delta", str(delta), "--base-url", BASE, str(sheet), cwd=tmp_path)
    text = sheet.read_text()
    pairs = qr_links(text, tmp_path)
    assert sorted(decoded[0] for decoded, _ in pairs if decoded) == sorted(f"{BASE}/01/{gtin14(p)}" for p in changed), pairs
    for product in changed:
        minor = product["pricing"]["price"]["minor"] + 10
        price = f"{minor // 100},{minor % 100:02d}\u00a0€"
        assert price in text or price.replace("\u00a0", " ") in text, f"{product['name']} at {price} on the sheet"
