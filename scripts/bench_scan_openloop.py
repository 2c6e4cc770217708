#!/usr/bin/env python3
"""Open-loop HTTP scan load for scripts/bench-daemon (issue 16 item 5): SESSIONS shoppers, each on its own
keep-alive connection, scan on a fixed schedule (the offered rate), and every latency is measured from the
time the scan was *scheduled*, not from when it could be sent. A slow answer therefore delays the shopper's
next scans and that queueing shows in the percentiles (no coordinated omission, as in wrk2), unlike wrk's
closed loop, where a slow server simply gets fewer requests and its latency is Little's law
(connections / throughput).

  bench_scan_openloop.py BASE DB [--sessions 50] [--lines 30] [--rates "25 100 500 1000"] [--duration 20]

Each shopper slot scans LINES distinct plain products into a session (a 1 -> LINES line trip), then moves to
a fresh session (opened before the run: no session is opened while measuring). Scans of the SESSIONS slots
are spread evenly over each slot's interval (SESSIONS / rate). Per offered rate it prints one line:
  RESULT open-loop sessions=50 offered_per_s=500 achieved_per_s=... p50_ms=... p90_ms=... p99_ms=...
         p999_ms=... max_ms=... non200=... late_sends=... generator_cpu_pct=...
late_sends: scans sent more than 1 ms after their scheduled time (the connection was still waiting for an
earlier answer, or the generator itself was late); generator_cpu_pct: this process's CPU over the run (it
shares the machine with the daemon). Pure standard library (asyncio streams, HTTP/1.1 by hand).
"""
import argparse, asyncio, json, math, resource, sqlite3, sys, time
from urllib.parse import urlparse


def plain_codes(db, lines):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    codes = [row[0].split(" ")[0][1:] for row in conn.execute(
        "SELECT gtins FROM catalog_product WHERE gtins != '' AND minimumAge IS NULL AND saleStopReason IS NULL "
        "AND alwaysAudit = 0 AND depositProductID IS NULL AND pricingUnit = 'unit' ORDER BY rowid LIMIT ?",
        (lines,))]
    conn.close()
    assert codes, "no plain unit-priced products with a GTIN in the catalog"
    return codes


class Connection:
    """One keep-alive HTTP/1.1 connection; requests are sent one at a time (as a kiosk does)."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def request(self, method, path, body, token=None):
        data = json.dumps(body).encode()
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(data)}\r\n")
        if token:
            head += f"X-Session-Token: {token}\r\n"
        self.writer.write(head.encode() + b"\r\n" + data)
        header = await self.reader.readuntil(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
            elif name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
                raise RuntimeError("chunked answers are not handled by this generator")
        payload = await self.reader.readexactly(length or 0)
        return status, payload

    def close(self):
        if self.writer:
            self.writer.close()


async def open_sessions(host, port, count, parallel=8):
    sessions = []

    async def opener(n):
        c = Connection(host, port)
        await c.open()
        for _ in range(n):
            status, data = await c.request("POST", "/v1/sessions", {})
            assert status == 201, (status, data[:200])
            opened = json.loads(data)
            sessions.append((opened["session"]["id"], opened["token"]))
        c.close()

    share = [count // parallel + (1 if i < count % parallel else 0) for i in range(parallel)]
    await asyncio.gather(*(opener(n) for n in share if n))
    return sessions


async def run_rate(host, port, codes, slots, rate, duration, sessions):
    interval = slots / rate  # seconds between two scans of one shopper
    per_slot = max(1, int(duration / interval))
    latencies, failures, late = [], [0], [0]
    connections = [Connection(host, port) for _ in range(slots)]
    await asyncio.gather(*(c.open() for c in connections))
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    last_done = [start]

    async def shopper(slot):
        c = connections[slot]
        mine = sessions[slot::slots]
        for k in range(per_slot):
            trip, position = divmod(k, len(codes))
            sid, token = mine[trip]
            scheduled = start + (slot / slots) * interval + k * interval
            delay = scheduled - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif -delay > 0.001:
                late[0] += 1
            status, _ = await c.request("POST", f"/v1/sessions/{sid}/scans", {"payload": codes[position]}, token)
            now = loop.time()
            latencies.append(now - scheduled)
            last_done[0] = max(last_done[0], now)
            if status != 200:
                failures[0] += 1

    await asyncio.gather(*(shopper(i) for i in range(slots)))
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    for c in connections:
        c.close()
    wall = last_done[0] - start
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(math.ceil(p / 100 * len(latencies))) - 1)] * 1000

    print(f"RESULT open-loop sessions={slots} offered_per_s={rate:g} achieved_per_s={len(latencies) / wall:.0f} "
          f"scans={len(latencies)} p50_ms={pct(50):.1f} p90_ms={pct(90):.1f} p99_ms={pct(99):.1f} "
          f"p999_ms={pct(99.9):.1f} max_ms={latencies[-1] * 1000:.1f} non200={failures[0]} late_sends={late[0]} "
          f"generator_cpu_pct={100 * cpu / wall:.0f}", flush=True)


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("db")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--rates", default="25 100 500 1000",
                        help="offered scans/s over all sessions (default: 25 = 50 shoppers each scanning every 2 s, "
                             "then x4, x20, x40)")
    parser.add_argument("--duration", type=float, default=20)
    args = parser.parse_args()
    url = urlparse(args.base)
    host, port = url.hostname, url.port or 80
    codes = plain_codes(args.db, args.lines)
    for rate in [float(r) for r in args.rates.split()]:
        per_slot = max(1, int(args.duration / (args.sessions / rate)))
        trips = math.ceil(per_slot / len(codes))
        sessions = await open_sessions(host, port, trips * args.sessions)
        await run_rate(host, port, codes, args.sessions, rate, args.duration, sessions)


if __name__ == "__main__":
    asyncio.run(main())
