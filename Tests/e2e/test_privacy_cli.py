"""Issue 22 at the referential's CLI: export validates against docs/schemas/customer-export.schema.json,
erase-customer is idempotent and refuses unknown ids with a non-zero exit and no change, and a kill -9 at any
moment of an erasure leaves the database either as before or fully erased (one transaction).
"""
import json
import os
import pathlib
import random
import shutil
import signal
import subprocess
import tempfile
import time

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("SELFSCAN_BIN", str(ROOT / ".build" / "debug" / "selfscan"))
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "customer-export.schema.json").read_text())
CARD = "0420000012345"


def run(db, *args):
    return subprocess.run([BIN, "referential", *args, "--db", db], capture_output=True, text=True, timeout=120)


def ok(db, *args):
    out = run(db, *args)
    assert out.returncode == 0, out.stderr + out.stdout
    return out.stdout


@pytest.fixture
def database():
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/ref.sqlite"
        ok(f"sqlite:{path}", "add-customer", "--id", "C-77", "--card", CARD, "--tier", "gold")
        yield tmp, path


def test_export_validates_and_holds_no_card_number(database):
    _, path = database
    db = f"sqlite:{path}"
    printed = ok(db, "add-customer", "--id", "C-78", "--card", "0420000099999")
    assert "0420000099999" not in printed  # the CLI never echoes a card number
    document = json.loads(ok(db, "export-customer", "C-77"))
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["customer"]["id"] == "C-77" and document["customer"]["tier"] == "gold"
    assert len(document["customer"]["cards"]) == 1
    assert CARD not in json.dumps(document)
    with pytest.raises(jsonschema.ValidationError):  # the schema is not vacuous
        jsonschema.validate({"format": "selfscan-customer-export"}, SCHEMA)


def test_erase_unknown_is_an_error_and_changes_nothing(database):
    _, path = database
    db = f"sqlite:{path}"
    out = run(db, "erase-customer", "NOBODY")
    assert out.returncode != 0
    assert "unknownCustomer" in out.stderr + out.stdout
    assert run(db, "export-customer", "NOBODY").returncode != 0
    assert "0 erasures" in ok(db, "erasure-log")
    assert json.loads(ok(db, "export-customer", "C-77"))["customer"]["id"] == "C-77"


def test_erase_is_idempotent_and_the_log_holds_no_personal_data(database):
    _, path = database
    db = f"sqlite:{path}"
    first = ok(db, "erase-customer", "C-77")
    assert first.startswith("erased:")
    second = ok(db, "erase-customer", "C-77")
    assert second.startswith("already erased")
    log = ok(db, "erasure-log")
    assert "1 erasures" in log and "C-77" not in log
    assert run(db, "export-customer", "C-77").returncode != 0
    data = pathlib.Path(path).read_bytes() + (pathlib.Path(path + "-wal").read_bytes()
                                              if pathlib.Path(path + "-wal").exists() else b"")
    assert CARD.encode() not in data


def test_kill_9_during_erasure_leaves_all_or_nothing(database):
    tmp, path = database
    rng = random.Random(22)
    outcomes = set()
    for attempt in range(8):
        copy = f"{tmp}/copy-{attempt}.sqlite"
        shutil.copy(path, copy)
        db = f"sqlite:{copy}"
        process = subprocess.Popen([BIN, "referential", "erase-customer", "C-77", "--db", db],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.0, 0.6))  # deliberate test input: SIGKILL at a random point of the erasure
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        erased = "1 erasures" in ok(db, "erasure-log")
        exported = run(db, "export-customer", "C-77").returncode == 0
        assert erased != exported, f"attempt {attempt}: half an erasure (log {erased}, customer {exported})"
        outcomes.add(erased)
        # Whatever happened, running it again completes it.
        assert ok(db, "erase-customer", "C-77").startswith(("erased:", "already erased"))
        assert run(db, "export-customer", "C-77").returncode != 0
    assert outcomes  # at least one kill observed
