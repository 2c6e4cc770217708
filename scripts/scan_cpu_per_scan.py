#!/usr/bin/env python3
"""The daemon's CPU per scan (issue 16 item 5): task-clock (user + system CPU, `perf stat -e task-clock`) of a
`selfscan demo` process over a fixed number of HTTP scans, so two builds compare on the same work (run them
alternately: CPU time still drifts a little with machine load; this VM has no hardware counters for
`instructions:u`). Wall-clock scans/s stay with scripts/bench-daemon (quiet machine).

  scan_cpu_per_scan.py BIN [--sessions 50] [--lines 30] [--concurrency 10] [--record perf.data]

Opens SESSIONS sessions, then scans LINES distinct plain products into each (baskets grow 1 -> LINES lines, as
in bench-daemon's 30-line baskets), CONCURRENCY at a time over keep-alive connections. `perf stat` is attached
to the daemon for the scan phase only; `--record FILE` attaches `perf record -g` instead (then
`perf report -i FILE --no-children --percent-limit 1`).
Prints: RESULT scan-cpu scans=N cpu_ms_per_scan=... (task-clock / scans).
"""
import argparse, http.client, json, os, re, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def call(conn, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["X-Session-Token"] = token
    conn.request(method, path, body=json.dumps(body or {}), headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--record", help="perf record -g into this file instead of perf stat")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="selfscan-scan-cpu.")
    port = free_port()
    log = open(os.path.join(work, "demo.log"), "w")
    daemon = subprocess.Popen(
        [args.binary, "demo", "--no-trip", "--no-referential", "--port", str(port), "--data-dir", work],
        stdout=log, stderr=log)
    perf = None
    try:
        for _ in range(600):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/v1/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            sys.exit("the demo daemon never answered")
        db = next(os.path.join(root, f) for root, _, files in os.walk(work) for f in files if f.endswith(".sqlite"))
        ro = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        codes = [row[0].split(" ")[0][1:] for row in ro.execute(
            "SELECT gtins FROM catalog_product WHERE gtins != '' AND minimumAge IS NULL AND saleStopReason IS NULL "
            "AND alwaysAudit = 0 AND depositProductID IS NULL AND pricingUnit = 'unit' ORDER BY rowid LIMIT ?",
            (args.lines,))]
        ro.close()
        assert codes, "no plain products"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        sessions = []
        for _ in range(args.sessions):
            status, data = call(conn, "POST", "/v1/sessions")
            assert status == 201, data
            opened = json.loads(data)
            sessions.append((opened["session"]["id"], opened["token"]))
        conn.close()

        if args.record:
            perf = subprocess.Popen(["perf", "record", "-e", "cpu-clock", "-g", "-o", args.record, "-p", str(daemon.pid)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            perf = subprocess.Popen(["perf", "stat", "-x", ",", "-e", "task-clock", "-p",
                                     str(daemon.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)  # perf attached (it prints nothing until it stops)

        failures = []
        done = [0]
        lock = threading.Lock()

        def worker(index):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine = sessions[index::args.concurrency]
            for round_ in range(len(codes)):
                for sid, token in mine:
                    status, data = call(c, "POST", f"/v1/sessions/{sid}/scans", {"payload": codes[round_]}, token)
                    if status != 200:
                        failures.append((status, data[:200]))
                    with lock:
                        done[0] += 1
            c.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.concurrency)]
        start = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - start
        perf.send_signal(signal.SIGINT)
        _, err = perf.communicate(timeout=60)
        scans = done[0]
        if failures:
            print(f"non-200 answers: {len(failures)}, first: {failures[0]}")
        if args.record:
            print(f"RESULT scan-cpu scans={scans} recorded={args.record} wall_s={elapsed:.1f} (load-dependent)")
            return
        counts = {}
        for line in (err or "").splitlines():
            fields = line.split(",")
            if len(fields) > 2 and fields[0].replace(".", "", 1).isdigit():
                counts[fields[2]] = float(fields[0])
        task_ms = counts.get("task-clock", float("nan"))  # msec
        print(f"RESULT scan-cpu scans={scans} sessions={args.sessions} lines={len(codes)} "
              f"concurrency={args.concurrency} cpu_ms_per_scan={task_ms / scans:.3f} (task-clock, user+system) wall_s={elapsed:.1f} (load-dependent)")
    finally:
        if perf and perf.poll() is None:
            perf.send_signal(signal.SIGINT)
            perf.wait(timeout=30)
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
        log.close()


if __name__ == "__main__":
    main()
