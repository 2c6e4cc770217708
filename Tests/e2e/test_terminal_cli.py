"""`selfscan terminal-sim` (the Caisse-AP simulator on loopback TCP) scripted by amount, spoken to with a Caisse-AP
client written here in Python (independent of the Swift codec), and `selfscan devices --config` listing the
daemon's payment terminal: reachable while the simulator runs, unreachable once it is stopped."""
import json
import os
import signal
import socket
import subprocess

from conftest import BIN, TIMEOUT


def encode(fields):
    return "".join(f"{tag}{len(value):03d}{value}" for tag, value in fields).encode("ascii")


def decode(data):
    text, fields, i = data.decode("ascii"), {}, 0
    while i < len(text):
        tag, size = text[i:i + 2], int(text[i + 2:i + 5])
        fields[tag] = text[i + 5:i + 5 + size]
        i += 5 + size
    return fields


def debit(port, minor):
    request = encode([("CZ", "0300"), ("CJ", "012345678901"), ("CA", "01"), ("CB", str(minor)), ("CD", "0"),
                      ("CE", "978")])
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(request)
        answer = b""
        while True:  # the simulator answers once, then closes the connection
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return decode(answer)


def start_simulator(*args):
    process = subprocess.Popen([str(BIN), "terminal-sim", "--port", "0", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True, text=True)
    line = process.stdout.readline()  # "Caisse-AP terminal simulator on 127.0.0.1:<port>. Ctrl-C to stop."
    assert "127.0.0.1:" in line, line
    return process, int(line.split("127.0.0.1:")[1].split(".")[0])


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=TIMEOUT)


def devices(config_path):
    done = subprocess.run([str(BIN), "devices", "--config", str(config_path), "--json"], capture_output=True,
                          text=True, timeout=TIMEOUT * 2)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_simulator_by_amount_and_devices_listing(tmp_path):
    process, port = start_simulator("--amount", "1234=decline", "--amount", "999=abandon")
    try:
        declined = debit(port, 1234)
        assert declined["AE"] == "01" and declined["AF"] == "04"
        abandoned = debit(port, 999)
        assert abandoned["AE"] == "01" and abandoned["AF"] == "11"
        approved = debit(port, 1250)
        assert approved["AE"] == "10" and approved["AC"] and approved["CB"] == "1250"
        assert approved["AA"].endswith("4242") and approved["CC"] == "001"
        config = tmp_path / "selfscan.json"
        config.write_text(json.dumps({
            "store": "FR-0042", "device": "kiosk-1", "role": "kiosk", "dataDir": str(tmp_path / "data"),
            "listen": {"host": "127.0.0.1", "port": 8080},
            "payment": {"terminal": "caisseAP", "caisseAP": {"host": "127.0.0.1", "port": port}}}))
        row = devices(config)
        assert row["kind"] == "paymentTerminal" and row["terminal"] == "caisseAP"
        assert row["address"] == f"127.0.0.1:{port}" and row["state"] == "reachable", row
    finally:
        stop(process)
    row = devices(config)
    assert row["state"] == "unreachable" and row["detail"], row
