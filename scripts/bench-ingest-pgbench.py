#!/usr/bin/env python3
"""Writes the pgbench script of SelfScan's PostgreSQL ingest anchor: per transaction, the statements one
`POST /v1/ingest` request runs on PostgreSQL (Sources/SelfScanReferential/Store/PostgresIngestRows.swift: one
statement per table per request over unnest arrays), with rows of the same shape and size. Run it with
`pgbench -M prepared` (SelfScan prepares each statement once per connection).

Usage: bench-ingest-pgbench.py BASKETS_PER_REQUEST ITEMS_PER_BASKET > ingest.pgbench
       bench-ingest-pgbench.py --setup | psql   (once: the anchor's store and device token)
A basket of L items is L-2 basket events, a closed basket and its payment (as `selfscan referential bench
--lines L` sends). Ids are unique per transaction (`:r`, a random 60-bit number), so every insert stores rows.
"""
import sys

STORE, DEVICE = "bench-pgbench", "bench-1"
NOW = "'2026-12-04T12:00:00Z'"
FINGERPRINT = "'" + "0f" * 32 + "'"  # 64 hex characters, as PreparedIngestItem stores
TOKEN_HASH = "'" + "ab" * 32 + "'"
# The transaction's random key, bound once per statement: pgbench binds every `:r` occurrence as its own
# parameter (at most 255 per statement), so ids are built from `k.r` (functions in FROM see `k`, LATERAL).
K = "(SELECT :r::text AS r) k"


def repr_text(text):  # a SQL string literal
    return "'" + text.replace("'", "''") + "'"


def array(expressions, element_type):
    """A non-null column: an ARRAY of SQL expressions (SelfScan binds a binary array)."""
    return "ARRAY[" + ", ".join(expressions) + f"]::{element_type}[]"


def literal(expressions, element_type, quoted=True):
    """A nullable column. SelfScan binds it as one text value in array syntax cast in SQL (PostgresArrayLiteral);
    pgbench cannot bind a built string, and building it with || would cost the anchor more than SelfScan pays,
    so the anchor gets the cheaper ARRAY constructor (None is NULL): the ratio errs against SelfScan."""
    return array(["NULL" if e is None else e for e in expressions], element_type)


def setup_sql():
    """Run once before pgbench: the anchor's device token exists, as SelfScan's does."""
    return (f"INSERT INTO stores (id, name, price_conflict_rule, created_at) VALUES ('{STORE}', '{STORE}', "
            f"'chargeScanPrice', {NOW}) ON CONFLICT (id) DO NOTHING;\n"
            f"INSERT INTO device_tokens (token_hash, store_id, device_id, issued_at) VALUES ({TOKEN_HASH}, "
            f"'{STORE}', '{DEVICE}', {NOW}) ON CONFLICT (token_hash) DO NOTHING;")


def sid(b):  # a session id: 36 characters like a UUID
    return f"('s-' || k.r || '-{b:04d}-aaaa-bbbb-cccccccc')"


def main():
    if sys.argv[1] == "--setup":
        print(setup_sql())
        return
    baskets, per_basket = int(sys.argv[1]), max(int(sys.argv[2]), 3)
    events = per_basket - 2
    items = []  # (id expr, kind, ordering key expr, sequence, payload literal, basket index)
    for b in range(baskets):
        for e in range(1, events + 1):
            payload = ("'{\"event\":\"itemAdded\",\"sequence\":%d,\"sessionID\":\"%s\"}'" % (e, "x" * 36))
            items.append((f"('e-' || k.r || '-{b}-{e}')", "basketEvent", sid(b), e, payload, b))
        basket = ("'{\"closedAt\":\"2026-12-04T12:00:00Z\",\"lineCount\":%d,\"sessionID\":\"%s\","
                  "\"total\":{\"currency\":\"EUR\",\"minor\":1234}}'" % (events, "x" * 36))
        items.append((f"('c-' || k.r || '-{b}')", "closedBasket", sid(b), events + 1, basket, b))
        payment = ("'{\"amount\":{\"currency\":\"EUR\",\"minor\":1234},\"authCode\":\"A1\",\"idempotencyKey\":\"%s\","
                   "\"last4\":\"4242\",\"outcome\":\"approved\",\"recordedAt\":\"2026-12-04T12:00:00Z\",\"scheme\":\"CB\","
                   "\"sessionID\":\"%s\",\"terminalTransactionID\":\"T\"}'" % ("y" * 36, "x" * 36))
        items.append((f"('p-' || k.r || '-{b}')", "payment", sid(b), events + 2, payment, b))
    out = ["\\set r random(1, 1152921504606846975)"]
    # No authentication statement outside the transaction: the node's token cache answers it; the token is
    # checked again in the first statement below (PostgresIngestRows.AuthorizedStoredItems).
    out.append("BEGIN;")
    out.append(f"SELECT u.id, (SELECT i.fingerprint FROM ingest_items i WHERE i.store_id = '{STORE}' "
               f"AND i.device_id = '{DEVICE}' AND i.id = u.id) FROM {K} CROSS JOIN device_tokens t "
               f"LEFT JOIN unnest({array([i[0] for i in items], 'text')}) AS u(id) ON true "
               f"WHERE t.token_hash = {TOKEN_HASH} AND t.store_id = '{STORE}' AND t.device_id = '{DEVICE}';")
    slots = [i for i in items if i[1] == "basketEvent"]
    if slots:  # PostgresIngestRows.TakeSlots
        out.append("INSERT INTO session_event_slots (session_id, sequence, device_id, item_id) "
                   f"SELECT u.session_id, u.sequence, '{DEVICE}', u.item_id FROM {K}, unnest("
                   f"{array([i[2] for i in slots], 'text')}, {array([str(i[3]) for i in slots], 'int8')}, "
                   f"{array([i[0] for i in slots], 'text')}) AS u (session_id, sequence, item_id) "
                   "ON CONFLICT (session_id, sequence) DO NOTHING RETURNING session_id, sequence;")
        # PostgresIngestRows.Claims
        out.append(f"SELECT session_id, suspend_sequence, device_id FROM {K}, handoff_claims WHERE session_id = "
                   f"ANY({array([sid(b) for b in range(baskets)], 'text')});")
    # PostgresIngestRows.InsertItems
    out.append("INSERT INTO ingest_items (id, store_id, device_id, kind, ordering_key, sequence, created_at, "
               f"received_at, payload, fingerprint) SELECT u.id, '{STORE}', '{DEVICE}', u.kind, u.ordering_key, "
               f"u.sequence, u.created_at, {NOW}, u.payload, u.fingerprint FROM {K}, unnest("
               f"{array([i[0] for i in items], 'text')}, {array([repr_text(i[1]) for i in items], 'text')}, "
               f"{literal([i[2] for i in items], 'text')}, {literal([str(i[3]) for i in items], 'int8')}, "
               f"{array([NOW for _ in items], 'text')}, {array([i[4] for i in items], 'text')}, "
               f"{array([FINGERPRINT for _ in items], 'text')}) "
               "AS u (id, kind, ordering_key, sequence, created_at, payload, fingerprint) "
               "ON CONFLICT (store_id, device_id, id) DO NOTHING RETURNING id;")
    closed = [i for i in items if i[1] == "closedBasket"]
    # PostgresIngestRows.InsertBaskets (no loyalty card: a literal of NULLs).
    out.append("INSERT INTO baskets (session_id, store_id, device_id, item_id, total_minor, currency, line_count, "
               f"closed_at, loyalty_card) SELECT u.session_id, '{STORE}', '{DEVICE}', u.item_id, u.total_minor, "
               f"u.currency, u.line_count, u.closed_at, u.loyalty_card FROM {K}, unnest("
               f"{array([i[2] for i in closed], 'text')}, {array([i[0] for i in closed], 'text')}, "
               f"{array(['1234' for _ in closed], 'int8')}, {array([repr_text('EUR') for _ in closed], 'text')}, "
               f"{array([str(events) for _ in closed], 'int8')}, {array([NOW for _ in closed], 'text')}, "
               f"{literal([None for _ in closed], 'text')}) "
               "AS u (session_id, item_id, total_minor, currency, line_count, closed_at, loyalty_card) "
               "ON CONFLICT (store_id, session_id) DO NOTHING;")
    paid = [i for i in items if i[1] == "payment"]
    # PostgresIngestRows.InsertPayments
    out.append("INSERT INTO payments (payment_id, session_id, store_id, device_id, item_id, amount_minor, currency, "
               "outcome, scheme, last4, auth_code, terminal_transaction_id, paid_at) SELECT u.payment_id, u.session_id, "
               f"'{STORE}', '{DEVICE}', u.item_id, u.amount_minor, u.currency, u.outcome, u.scheme, u.last4, "
               f"u.auth_code, u.terminal_transaction_id, u.paid_at FROM {K}, unnest("
               f"{array([i[0] for i in paid], 'text')}, {array([i[2] for i in paid], 'text')}, "
               f"{array([i[0] for i in paid], 'text')}, {array(['1234' for _ in paid], 'int8')}, "
               f"{array([repr_text('EUR') for _ in paid], 'text')}, {array([repr_text('approved') for _ in paid], 'text')}, "
               f"{literal([repr_text('CB') for _ in paid], 'text')}, {literal([repr_text('4242') for _ in paid], 'text')}, "
               f"{literal([repr_text('A1') for _ in paid], 'text')}, {literal([repr_text('T') for _ in paid], 'text')}, "
               f"{array([NOW for _ in paid], 'text')}) "
               "AS u (payment_id, session_id, item_id, amount_minor, currency, outcome, scheme, last4, auth_code, "
               "terminal_transaction_id, paid_at) ON CONFLICT (store_id, device_id, payment_id) DO NOTHING;")
    out.append("COMMIT;")
    # pgbench reads one command per line.
    print("\n".join(out))


if __name__ == "__main__":
    main()
