#!/usr/bin/env python3
"""Writes the pgbench script of SelfScan's PostgreSQL ingest anchor: per transaction, the statements one
`POST /v1/ingest` request runs (Sources/SelfScanReferential/Store/SQLReferentialStore+Ingest.swift and
+HandoffGuard.swift), with rows of the same shape and size, in the same 150-row chunks.

Usage: bench-ingest-pgbench.py BASKETS_PER_REQUEST ITEMS_PER_BASKET > ingest.pgbench
A basket of L items is L-2 basket events, a closed basket and its payment (as `selfscan referential bench
--lines L` sends). Ids are unique per transaction (`:r`, a random 60-bit number), so every insert stores rows.
"""
import sys

CHUNK = 150  # SQLReferentialStore.chunks
STORE, DEVICE = "bench-pgbench", "bench-1"
NOW = "'2026-12-04T12:00:00Z'"
FINGERPRINT = "'" + "0f" * 32 + "'"  # 64 hex characters, as PreparedIngestItem stores
TOKEN_HASH = "'" + "ab" * 32 + "'"


def chunks(rows):
    return [rows[i:i + CHUNK] for i in range(0, len(rows), CHUNK)]


def sid(b):  # a session id: 36 characters like a UUID
    return f"('s-' || :r || '-{b:04d}-aaaa-bbbb-cccccccc')"


def main():
    baskets, per_basket = int(sys.argv[1]), max(int(sys.argv[2]), 3)
    events = per_basket - 2
    items = []  # (id expr, kind, ordering key expr, sequence, payload literal, basket index)
    for b in range(baskets):
        for e in range(1, events + 1):
            payload = ("'{\"event\":\"itemAdded\",\"sequence\":%d,\"sessionID\":\"%s\"}'" % (e, "x" * 36))
            items.append((f"('e-' || :r || '-{b}-{e}')", "basketEvent", sid(b), e, payload, b))
        basket = ("'{\"closedAt\":\"2026-12-04T12:00:00Z\",\"lineCount\":%d,\"sessionID\":\"%s\","
                  "\"total\":{\"currency\":\"EUR\",\"minor\":1234}}'" % (events, "x" * 36))
        items.append((f"('c-' || :r || '-{b}')", "closedBasket", sid(b), events + 1, basket, b))
        payment = ("'{\"amount\":{\"currency\":\"EUR\",\"minor\":1234},\"authCode\":\"A1\",\"idempotencyKey\":\"%s\","
                   "\"last4\":\"4242\",\"outcome\":\"approved\",\"recordedAt\":\"2026-12-04T12:00:00Z\",\"scheme\":\"CB\","
                   "\"sessionID\":\"%s\",\"terminalTransactionID\":\"T\"}'" % ("y" * 36, "x" * 36))
        items.append((f"('p-' || :r || '-{b}')", "payment", sid(b), events + 2, payment, b))
    out = ["\\set r random(1, 1152921504606846975)"]
    # Authentication: one statement, outside the transaction (SQLReferentialStore.device(forTokenHash:)).
    out.append(f"SELECT store_id, device_id FROM device_tokens WHERE token_hash = {TOKEN_HASH};")
    out.append("BEGIN;")
    for chunk in chunks(items):
        ids = ", ".join(i[0] for i in chunk)
        out.append(f"SELECT id, fingerprint FROM ingest_items WHERE store_id = '{STORE}' AND device_id = '{DEVICE}' "
                   f"AND id IN ({ids});")
    slots = [i for i in items if i[1] == "basketEvent"]
    for chunk in chunks(slots):
        rows = ", ".join(f"({i[2]}, {i[3]}, '{DEVICE}', {i[0]})" for i in chunk)
        out.append("INSERT INTO session_event_slots (session_id, sequence, device_id, item_id) VALUES "
                   f"{rows} ON CONFLICT (session_id, sequence) DO NOTHING RETURNING session_id, sequence;")
    for chunk in chunks(list(range(baskets))):
        out.append("SELECT session_id, suspend_sequence, device_id FROM handoff_claims WHERE session_id IN ("
                   + ", ".join(sid(b) for b in chunk) + ");")
    for chunk in chunks(items):
        rows = ", ".join(
            f"({i[0]}, '{STORE}', '{DEVICE}', '{i[1]}', {i[2]}, {i[3]}, {NOW}, {NOW}, {i[4]}, {FINGERPRINT})"
            for i in chunk)
        out.append("INSERT INTO ingest_items (id, store_id, device_id, kind, ordering_key, sequence, created_at, "
                   f"received_at, payload, fingerprint) VALUES {rows} "
                   "ON CONFLICT (store_id, device_id, id) DO NOTHING RETURNING id;")
    closed = [i for i in items if i[1] == "closedBasket"]
    for chunk in chunks(closed):
        rows = ", ".join(f"({i[2]}, '{STORE}', '{DEVICE}', {i[0]}, 1234, 'EUR', {events}, {NOW}, NULL)" for i in chunk)
        out.append("INSERT INTO baskets (session_id, store_id, device_id, item_id, total_minor, currency, line_count, "
                   f"closed_at, loyalty_card) VALUES {rows} ON CONFLICT (store_id, session_id) DO NOTHING;")
    paid = [i for i in items if i[1] == "payment"]
    for chunk in chunks(paid):
        rows = ", ".join(
            f"({i[0]}, {i[2]}, '{STORE}', '{DEVICE}', {i[0]}, 1234, 'EUR', 'approved', 'CB', '4242', 'A1', 'T', {NOW})"
            for i in chunk)
        out.append("INSERT INTO payments (payment_id, session_id, store_id, device_id, item_id, amount_minor, currency, "
                   f"outcome, scheme, last4, auth_code, terminal_transaction_id, paid_at) VALUES {rows} "
                   "ON CONFLICT (store_id, device_id, payment_id) DO NOTHING;")
    out.append("COMMIT;")
    # pgbench reads one command per line.
    print("\n".join(out))


if __name__ == "__main__":
    main()
