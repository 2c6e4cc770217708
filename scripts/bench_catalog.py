#!/usr/bin/env python3
"""Anchors for scripts/bench-daemon (issue 16), standard library only.

  delta SNAPSHOT OUT K      writes a delta (version 1 -> 2) changing the price of the first K products
  update DB OUT_COPY K      the same K price changes as plain UPDATEs (one transaction, WAL, synchronous=FULL)
                            on a copy of DB: prints the anchor's wall time
  lookup DB N COUNT         Python's sqlite3 module looking up COUNT random GTINs of the N-product synthetic
                            catalog and building the product (a dict): p50/p99 in microseconds
"""
import hashlib, json, random, shutil, sqlite3, sys, time


def delta(snapshot, out, k):
    header = None
    records = []
    with open(snapshot, "rb") as f:
        for line in f:
            obj = json.loads(line)
            if header is None:
                header = obj
                continue
            if obj.get("type") == "product":
                pricing = obj["product"]["pricing"]
                if "kind" in pricing:  # catalog v2: {"kind": "unit", "price": {...}}
                    inner = pricing["price"]
                else:  # v1: Swift's enum encoding {"unit": {"_0": {...}}}
                    inner = next(iter(pricing.values()))["_0"]
                inner["minor"] += 1
                records.append(obj)
                if len(records) >= k:
                    break
    header = dict(header, kind="delta", baseVersion=header["catalogVersion"], catalogVersion=header["catalogVersion"] + 1)
    digest = hashlib.sha256()
    with open(out, "wb") as f:
        for obj in [header] + records:
            line = (json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            digest.update(line)
            f.write(line)
        f.write((json.dumps({"type": "end", "recordCount": len(records), "sha256": digest.hexdigest()},
                            separators=(",", ":")) + "\n").encode())
    print(f"wrote {out}: {len(records)} price changes")


def update(db, copy, k):
    shutil.copyfile(db, copy)
    for suffix in ("-wal", "-shm"):
        try:
            shutil.copyfile(db + suffix, copy + suffix)
        except FileNotFoundError:
            pass
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    ids = [row[0] for row in conn.execute("SELECT id FROM catalog_product ORDER BY rowid LIMIT ?", (k,))]
    start = time.perf_counter()
    conn.execute("BEGIN")
    for pid in ids:
        conn.execute("UPDATE catalog_product SET priceMinor = priceMinor + 1 WHERE id = ?", (pid,))
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    print(f"RESULT delta-anchor plain_update_s={elapsed:.3f} changes={len(ids)}")


def gtin14(n):
    body = "376" + str(n).zfill(9)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return "0" + body + str((10 - total % 10) % 10)


def lookup(db, n, count):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    sql = ("SELECT p.id, p.gtins, p.itemReference, p.name, p.pricingUnit, p.priceMinor, p.vatBasisPoints, "
           "p.minimumAge, p.saleStopReason, p.saleStopNote, p.alwaysAudit, p.depositProductID, p.promotionIDs "
           "FROM catalog_gtin g JOIN catalog_product p ON p.rowid = g.productRowID WHERE g.gtin = ?")
    rng = random.Random(7)
    keys = [int(gtin14(rng.randrange(n))) for _ in range(count)]
    times = []
    found = 0
    for key in keys:
        start = time.perf_counter_ns()
        row = conn.execute(sql, (key,)).fetchone()
        if row is not None:
            product = {
                "id": row[0], "gtins": row[1].split(" "), "itemReference": row[2], "name": row[3],
                "pricing": (row[4], row[5]), "vatRate": row[6], "minimumAge": row[7],
                "saleStop": (row[8], row[9]) if row[8] else None, "alwaysAudit": bool(row[10]),
                "depositProductID": row[11], "promotionIDs": row[12].split("\x1f") if row[12] else [],
            }
            found += product is not None
        times.append(time.perf_counter_ns() - start)
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] / 1000
    print(f"RESULT lookup-anchor python_sqlite3 p50_us={p(0.5):.1f} p99_us={p(0.99):.1f} found={found}/{count}")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "delta":
        delta(args[0], args[1], int(args[2]))
    elif command == "update":
        update(args[0], args[1], int(args[2]))
    elif command == "lookup":
        lookup(args[0], int(args[1]), int(args[2]))
    else:
        sys.exit(__doc__)
