#!/usr/bin/env python3
"""HTTP scan load for scripts/bench-daemon: opens a pool of shopper sessions on a running daemon, writes the
wrk Lua script that scans into them, and turns wrk's output into one RESULT line.

Each wrk connection acts as one shopper on a trip: LINES scans of distinct products into one session (the basket
grows from 1 to LINES lines), then the next trip in a fresh session from the pool. Sessions are split between
wrk's threads, so no two threads scan the same basket. When the pool runs out a thread starts over on its first
sessions (their baskets then grow past LINES lines): the script counts those trips and `done` prints them, so a
figure taken with too small a pool is visible.

  prepare BASE DB POOL LINES CONNECTIONS THREADS OUT.lua
                                  open POOL sessions; OUT.lua scans them (wrk -c CONNECTIONS -t THREADS)
  report CONNECTIONS WRK_OUTPUT   RESULT scans/s and p99 from wrk --latency output
"""
import json, re, sqlite3, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body or {}).encode(), method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("X-Session-Token", token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def prepare(base, db, pool, lines, connections, threads, out):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    codes = [row[0].split(" ")[0][1:] for row in conn.execute(
        "SELECT gtins FROM catalog_product WHERE gtins != '' AND minimumAge IS NULL AND saleStopReason IS NULL "
        "AND alwaysAudit = 0 AND depositProductID IS NULL AND pricingUnit = 'unit' ORDER BY rowid LIMIT ?",
        (lines,))]
    assert codes, "no plain unit-priced products with a GTIN in the catalog"
    assert len(codes) == lines, f"only {len(codes)} plain products for {lines}-line baskets"

    def open_one(_):
        opened = call(base, "POST", "/v1/sessions")
        return opened["session"]["id"], opened["token"]

    with ThreadPoolExecutor(max_workers=8) as opener:
        sessions = list(opener.map(open_one, range(pool)))
    with open(out, "w") as f:
        f.write("local sessions = {\n")
        for sid, token in sessions:
            f.write(f'  {{"{sid}", "{token}"}},\n')
        f.write("}\nlocal codes = {\n")
        for code in codes:
            f.write(f'  "{code}",\n')
        f.write("}\n")
        f.write(f"local thread_count = {threads}\n")
        f.write(f"local slots = {max(1, connections // threads)}  -- wrk gives each thread connections / threads\n")
        f.write("""
-- Per thread (each wrk thread has its own Lua state): `id` is set by setup() before the thread starts.
local trips = {}       -- slot -> {session index, scans so far}
local cursor = nil     -- the last session index this thread took
reused = 0             -- trips that started on an already used session (the pool ran out); global: thread:get
started = 0
local counter = 0
local threads = {}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
local function take()
  if cursor == nil then cursor = id else cursor = cursor + thread_count end
  if cursor > #sessions then cursor = id; reused = reused + 1 end
  started = started + 1
  return cursor
end
request = function()
  -- One slot per connection of this thread (wrk asks each connection in turn): a slot is one shopper.
  counter = counter + 1
  local slot = counter % slots + 1
  local trip = trips[slot]
  if trip == nil or trip[2] >= #codes then
    trip = {take(), 0}
    trips[slot] = trip
  end
  trip[2] = trip[2] + 1
  local s = sessions[trip[1]]
  wrk.headers["X-Session-Token"] = s[2]
  return wrk.format(nil, "/v1/sessions/" .. s[1] .. "/scans", nil, '{"payload":"' .. codes[trip[2]] .. '"}')
end
done = function(summary, latency, requests)
  local total, again = 0, 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("started") or 0)
    again = again + (thread:get("reused") or 0)
  end
  io.write(string.format("trips started: %d, on reused sessions: %d\\n", total, again))
end
""")
    print(f"prepared {len(sessions)} sessions, {len(codes)}-line trips")


def report(connections, path):
    text = open(path).read()
    rate = re.search(r"Requests/sec:\s+([0-9.]+)", text)
    p99 = re.search(r"\s99%\s+([0-9.]+)(us|ms|s)", text)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p99_ms = float(p99.group(1)) * unit[p99.group(2)] if p99 else float("nan")
    print(f"RESULT http-scans sessions={connections} scans_per_s={float(rate.group(1)) if rate else float('nan'):.0f} "
          f"p99_ms={p99_ms:.1f} non2xx={errors.group(1) if errors else 0}")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "prepare":
        prepare(args[0], args[1], int(args[2]), int(args[3]), int(args[4]), int(args[5]), args[6])
    elif command == "report":
        report(int(args[0]), args[1])
    else:
        sys.exit(__doc__)
