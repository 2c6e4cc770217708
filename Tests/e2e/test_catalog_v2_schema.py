"""Catalog format v2 (docs/catalog-format.md): every catalog file and stream the build writes validates, line
by line, against docs/schemas/catalog-v2.schema.json; v1 files still import at the referential and come back
out as v2; a bad v2 record is refused whole with its line number.

Environment: SELFSCAN_BIN (the built `selfscan`), SELFSCAN_ROOT (the package root).
"""
import json
import os
import pathlib
import subprocess
import tempfile
import urllib.request

import jsonschema
import pytest

from processes import ReferentialServer

ROOT = pathlib.Path(os.environ.get("SELFSCAN_ROOT", pathlib.Path(__file__).resolve().parents[2]))
BIN = os.environ.get("SELFSCAN_BIN", str(ROOT / ".build" / "debug" / "selfscan"))
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "catalog-v2.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

V2_IMPORT = [
    {"catalogVersion": 1, "createdAt": "2026-11-18T11:06:40Z", "currency": "EUR", "format": "selfscan-catalog",
     "formatVersion": 2, "kind": "snapshot"},
    {"type": "product", "product": {
        "id": "P-YAOURT", "gtins": ["3760000002011"], "name": "Yaourt nature ×4",
        "pricing": {"kind": "unit", "price": {"minor": 199, "currency": "EUR"}}, "vatRate": 550,
        "brand": "Laiterie du Val", "department": "Crèmerie", "category": "Yaourts nature", "origin": "Normandie",
        "ingredients": "Lait entier, ferments lactiques", "allergens": ["lait"], "nutriScore": "A",
        "image": "https://images.example/yaourt.jpg", "netContent": {"unit": "kg", "quantity": 500},
        "links": {"complements": ["P-CONFITURE"], "substitutes": ["P-YAOURT-BIO"]}}},
    {"type": "product", "product": {
        "id": "P-CONFITURE", "name": "Confiture fraise", "pricing": {"kind": "unit", "price": {"minor": 289, "currency": "EUR"}},
        "vatRate": 550, "promotionIDs": ["PROMO-OR"]}},
    {"type": "promotion", "promotion": {
        "id": "PROMO-OR", "name": "Prix Or", "offer": {"kind": "loyaltyPrice", "unitPrice": {"minor": 249, "currency": "EUR"}},
        "eligibility": {"kind": "loyaltyMembers", "minimumTier": 2}, "validFrom": "2026-11-18T00:00:00Z"}},
]

V1_IMPORT = [
    '{"catalogVersion":1,"createdAt":"2026-11-18T11:06:40Z","currency":"EUR","format":"selfscan-catalog","formatVersion":1,"kind":"snapshot"}',
    '{"product":{"alwaysAudit":false,"gtins":["03760000000017"],"id":"P1","name":"Pâté de campagne","pricing":{"unit":{"_0":{"currency":"EUR","minor":349}}},"promotionIDs":["PROMO-3X2"],"vatRate":550},"type":"product"}',
    '{"promotion":{"eligibility":{"everyone":{}},"id":"PROMO-3X2","kind":{"nForPrice":{"price":{"itemsPaid":{"_0":2}},"quantity":3}},"name":"3 pour 2","validity":{}},"type":"promotion"}',
]


def with_trailer(lines):
    import hashlib
    body = "".join(line + "\n" for line in lines)
    digest = hashlib.sha256(body.encode()).hexdigest()
    return body + json.dumps({"type": "end", "recordCount": len(lines) - 1, "sha256": digest}) + "\n"


def validate_lines(text, where):
    lines = [line for line in text.split("\n") if line.strip()]
    assert len(lines) >= 2, f"{where}: not a catalog file"
    header = json.loads(lines[0])
    assert header["formatVersion"] == 2, f"{where}: wrote format version {header['formatVersion']}"
    for number, line in enumerate(lines, start=1):
        errors = sorted(VALIDATOR.iter_errors(json.loads(line)), key=lambda e: e.path)
        assert not errors, f"{where} line {number}: {errors[0].message}\n{line}"
        assert "_0" not in line, f"{where} line {number}: Swift enum encoding leaked\n{line}"
    return lines


def referential_cli(db, *args, check=True):
    out = subprocess.run([BIN, "referential", *args, "--db", db], capture_output=True, text=True, timeout=120)
    if check:
        assert out.returncode == 0, out.stderr + out.stdout
    return out


def test_generated_catalogs_validate(tmp_path):
    path = tmp_path / "generated.jsonl"
    subprocess.run([BIN, "catalog", "generate", "--products", "40", str(path)], check=True, capture_output=True)
    lines = validate_lines(path.read_text(), "catalog generate")
    assert any('"type":"stock"' in line for line in lines)


def test_the_schema_refuses_what_the_reader_refuses():
    product = json.loads(json.dumps(V2_IMPORT[1]))
    VALIDATOR.validate(product)
    for key, bad in [("nutriScore", "F"), ("pricing", {"unit": {"_0": {"minor": 1, "currency": "EUR"}}}),
                     ("netContent", {"unit": "kg", "quantity": 0})]:
        broken = json.loads(json.dumps(product))
        broken["product"][key] = bad
        assert not VALIDATOR.is_valid(broken), key


@pytest.fixture
def referential_db():
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:{tmp}/ref.sqlite"
        referential_cli(db, "create-store", "paris-11", "--name", "Paris 11")
        token = referential_cli(db, "issue-token", "--store", "paris-11", "--device", "kiosk-1").stdout.strip()
        yield db, pathlib.Path(tmp), token


def serve_and_fetch(db, token, paths):
    server = ReferentialServer(db, pathlib.Path(db.removeprefix("sqlite:")).with_suffix(".log")).start()
    try:
        bodies = {}
        for path in paths:
            request = urllib.request.Request(f"{server.base}{path}")
            request.add_header("Authorization", f"Bearer {token}")
            with urllib.request.urlopen(request, timeout=30) as response:
                bodies[path] = response.read().decode()
        return bodies
    finally:
        server.stop()


def test_referential_streams_validate_and_carry_attributes(referential_db):
    db, tmp, token = referential_db
    v2 = tmp / "v2.jsonl"
    v2.write_text(with_trailer([json.dumps(line, ensure_ascii=False) for line in V2_IMPORT]))
    assert "catalog version 1" in referential_cli(db, "import-catalog", str(v2)).stdout
    v1 = tmp / "v1.jsonl"
    v1.write_text(with_trailer(V1_IMPORT))
    assert "catalog version 2" in referential_cli(db, "import-catalog", str(v1)).stdout
    referential_cli(db, "set-stock", "--store", "paris-11", "3760000002011", "7")
    bodies = serve_and_fetch(db, token, ["/v1/catalog/snapshot", "/v1/catalog/deltas?since=1"])
    snapshot = validate_lines(bodies["/v1/catalog/snapshot"], "referential snapshot")
    validate_lines(bodies["/v1/catalog/deltas?since=1"], "referential delta")
    products = {json.loads(line)["product"]["id"]: json.loads(line)["product"]
                for line in snapshot if '"type":"product"' in line}
    assert products["P-YAOURT"]["nutriScore"] == "A"
    assert products["P-YAOURT"]["netContent"] == {"quantity": 500, "unit": "kg"}
    assert products["P-YAOURT"]["links"]["substitutes"] == ["P-YAOURT-BIO"]
    assert products["P1"]["pricing"] == {"kind": "unit", "price": {"currency": "EUR", "minor": 349}}  # the v1 file


def test_a_bad_v2_record_is_refused_whole_with_its_line(referential_db):
    db, tmp, _ = referential_db
    lines = [json.dumps(line, ensure_ascii=False) for line in V2_IMPORT]
    lines[2] = lines[2].replace('"vatRate": 550', '"vatRate": 550, "nutriScore": "F"')
    bad = tmp / "bad.jsonl"
    bad.write_text(with_trailer(lines))
    out = referential_cli(db, "import-catalog", str(bad), check=False)
    assert out.returncode != 0
    assert "line 3" in out.stderr + out.stdout, out.stderr + out.stdout
    assert "nutriScore" in out.stderr + out.stdout
    # Nothing of it was applied: the referential is still at version 0 and has no product.
    good = tmp / "good.jsonl"
    good.write_text(with_trailer([json.dumps(line, ensure_ascii=False) for line in V2_IMPORT]))
    assert "catalog version 1" in referential_cli(db, "import-catalog", str(good)).stdout


def test_the_demo_catalog_file_validates(daemon):
    path = daemon.workdir / "data" / "demo-catalog.jsonl"
    assert path.exists(), list((daemon.workdir / "data").iterdir())
    validate_lines(path.read_text(), "demo catalog")
