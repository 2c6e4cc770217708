#!/usr/bin/env python3
"""HTTP scan load for scripts/bench-daemon: opens a pool of shopper sessions on a running daemon, writes the
wrk Lua script that scans into them (round-robin, each session gets at most ~LINES scans of distinct
products, like a 30-line basket), and turns wrk's output into one RESULT line.

  prepare BASE DB POOL LINES OUT.lua   open POOL sessions; OUT.lua scans them
  report CONNECTIONS WRK_OUTPUT         RESULT scans/s and p99 from wrk --latency output
"""
import json, re, sqlite3, sys, urllib.request


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body or {}).encode(), method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("X-Session-Token", token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def prepare(base, db, pool, lines, out):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    codes = [row[0].split(" ")[0][1:] for row in conn.execute(
        "SELECT gtins FROM catalog_product WHERE gtins != '' AND minimumAge IS NULL AND saleStopReason IS NULL "
        "AND alwaysAudit = 0 AND depositProductID IS NULL AND pricingUnit = 'unit' ORDER BY rowid LIMIT ?",
        (lines,))]
    assert codes, "no plain unit-priced products with a GTIN in the catalog"
    sessions = []
    for _ in range(pool):
        opened = call(base, "POST", "/v1/sessions")
        sessions.append((opened["session"]["id"], opened["token"]))
    with open(out, "w") as f:
        f.write("local sessions = {\n")
        for sid, token in sessions:
            f.write(f'  {{"{sid}", "{token}"}},\n')
        f.write("}\nlocal codes = {\n")
        for code in codes:
            f.write(f'  "{code}",\n')
        f.write("}\n")
        f.write("""
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function setup(thread)
  thread:set("offset", math.random(1, #sessions))
end
request = function()
  counter = counter + 1
  local index = (counter + (offset or 0)) % #sessions + 1
  local round = math.floor(counter / #sessions) % #codes + 1
  local s = sessions[index]
  wrk.headers["X-Session-Token"] = s[2]
  return wrk.format(nil, "/v1/sessions/" .. s[1] .. "/scans", nil, '{"payload":"' .. codes[round] .. '"}')
end
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200 answers: %d (a thread's count)\\n", bad))
end
""")
    print(f"prepared {len(sessions)} sessions, {len(codes)} products")


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
        prepare(args[0], args[1], int(args[2]), int(args[3]), args[4])
    elif command == "report":
        report(int(args[0]), args[1])
    else:
        sys.exit(__doc__)
