"""Two stateless referential nodes over one PostgreSQL behind HAProxy (docs/scaling.md, issue 16 #2).

Two `selfscan serve` daemons push through HAProxy (round robin: consecutive batches land on either node) while
the test races, across the two nodes directly, the same ingest batch delivered twice, hand-off claims of one
suspension by two kiosks against the origin going on, and one coupon serial spent by two kiosks online and a
third offline. Afterwards every basket and payment the daemons hold is at the referential exactly once, and each
hand-off and coupon has exactly one winner.
"""
import threading
import time
import uuid

import pytest

from cluster_helpers import (BASKET_CODES, STORE, DeviceClient, HAProxy, PgServer, ReferentialNode, StoreDaemon,
                             Workspace, assert_each_once, free_port, referential_cli, wait_until)

ROUNDS = 12          # races of each kind
BASKETS_EACH = 8     # baskets sold on each daemon meanwhile
DATABASE = "selfscan_test"


def race(*calls):
    """Runs the calls at the same instant (a barrier), returns their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait(timeout=30)
        try:
            results[index] = call()
        except Exception as error:  # reported below, with the others' results
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results


def now_text():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def ingest(client, items):
    status, answer = client.call("POST", "/v1/ingest", {"storeID": STORE, "items": items})
    assert status == 200, answer
    return [result["outcome"] if result["outcome"] != "rejected" else f"rejected:{result.get('reason')}"
            for result in answer["results"]]


def basket_event(session, sequence, payload):
    event = {"id": str(uuid.uuid4()).upper(), "sessionID": session, "sequence": sequence,
             "timestampNanos": 1_795_000_000_000_000_000 + sequence, "payload": payload}
    return {"id": event["id"], "kind": "basketEvent", "storeID": STORE, "orderingKey": session,
            "sequence": sequence, "createdAt": now_text(), "payload": event}


@pytest.fixture
def cluster():
    workspace = Workspace("selfscan-cluster.")
    try:
        pg = PgServer(workspace, "pg").initdb().start()
        pg.sql(f"CREATE DATABASE {DATABASE}")
        db = f"postgres://selfscan@127.0.0.1:{pg.port}/{DATABASE}"
        referential_cli(db, "create-store", STORE, "--name", "Paris 42")
        tokens = {device: referential_cli(db, "issue-token", "--store", STORE, "--device", device).strip()
                  for device in ("kiosk-1", "kiosk-2", "kiosk-a", "kiosk-b", "kiosk-c", "handheld-1")}
        nodes = [ReferentialNode(workspace, f"node-{n}", db) for n in (1, 2)]
        race(*(node.start for node in nodes))  # two nodes starting together over one database
        lb_port = free_port()
        servers = "".join(f"  server node{n + 1} 127.0.0.1:{node.port} check inter 300ms fall 2 rise 1\n"
                          for n, node in enumerate(nodes))
        haproxy = HAProxy(workspace).start(
            "frontend referential\n  mode http\n  option http-server-close\n"
            f"  bind 127.0.0.1:{lb_port}\n  default_backend nodes\n"
            "backend nodes\n  mode http\n  balance roundrobin\n  option httpchk GET /v1/health\n"
            "  retry-on conn-failure empty-response\n" + servers)
        haproxy.wait_states("nodes", {"node1": "UP", "node2": "UP"})
        yield workspace, pg, nodes, haproxy, f"http://127.0.0.1:{lb_port}", tokens
    finally:
        workspace.close()


def test_two_nodes_apply_everything_once(cluster):
    workspace, pg, nodes, haproxy, lb, tokens = cluster
    daemons = [StoreDaemon(workspace, name, lb, tokens[name]).start() for name in ("kiosk-1", "kiosk-2")]
    sold = {}
    failures = []

    def sell(daemon):
        try:
            for index in range(BASKETS_EACH):
                session, total = daemon.sell_one(BASKET_CODES[: 1 + index % len(BASKET_CODES)])
                sold[session] = total
        except Exception as error:  # surfaced in the main thread
            failures.append(f"{daemon.name}: {error}")

    sellers = [threading.Thread(target=sell, args=(daemon,)) for daemon in daemons]
    for seller in sellers:
        seller.start()

    on = {(device, n): DeviceClient(node.base, tokens[device])
          for device in tokens for n, node in enumerate(nodes)}
    handoff_winners, coupon_winners, delivered_twice = {}, {}, {}
    for round_ in range(ROUNDS):
        # 1. The same batch (a closed basket and its payment) delivered to both nodes at once: one stores it.
        session = str(uuid.uuid4()).upper()
        payment = str(uuid.uuid4()).upper()
        items = [
            {"id": f"closed-{session}", "kind": "closedBasket", "storeID": STORE, "orderingKey": session,
             "sequence": 1, "createdAt": now_text(),
             "payload": {"sessionID": session, "closedAt": now_text(), "total": {"minor": 250 + round_, "currency": "EUR"},
                         "lineCount": 1}},
            {"id": payment, "kind": "payment", "storeID": STORE, "orderingKey": session, "sequence": 2,
             "createdAt": now_text(),
             "payload": {"idempotencyKey": payment, "sessionID": session, "amount": {"minor": 250 + round_, "currency": "EUR"},
                         "outcome": "approved", "scheme": "CB", "last4": "4242", "recordedAt": now_text()}},
        ]
        first, second = race(lambda: ingest(on["kiosk-a", 0], items), lambda: ingest(on["kiosk-a", 1], items))
        assert sorted([first, second]) == [["accepted", "accepted"], ["duplicate", "duplicate"]], (first, second)
        delivered_twice[session] = 250 + round_

        # 2. A hand-off: two kiosks claim the suspension on different nodes while the origin goes on.
        session = str(uuid.uuid4()).lower()
        opened = basket_event(session, 1, {"sessionOpened": {"_0": {
            "storeID": STORE, "deviceID": "handheld-1", "currency": "EUR", "catalogVersion": 0}}})
        suspended = basket_event(session, 2, {"suspended": {"reason": "handoff"}})
        assert ingest(on["handheld-1", round_ % 2], [opened, suspended]) == ["accepted", "accepted"]
        claim = f"/v1/sessions/{session}/claims"
        went_on = basket_event(session, 3, {"abandoned": {}})
        claim_a, claim_b, origin = race(
            lambda: on["kiosk-a", 0].call("POST", claim, {"deviceID": "kiosk-a", "handoffNonce": "n-a", "suspendSequence": 2}),
            lambda: on["kiosk-b", 1].call("POST", claim, {"deviceID": "kiosk-b", "handoffNonce": "n-b", "suspendSequence": 2}),
            lambda: ingest(on["handheld-1", (round_ + 1) % 2], [went_on]))
        winners = [name for name, (status, _) in (("kiosk-a", claim_a), ("kiosk-b", claim_b)) if status == 201]
        if origin == ["accepted"]:
            winners.append("handheld-1")
        assert len(winners) == 1, (claim_a, claim_b, origin)
        handoff_winners[session] = winners[0]
        for status, body in (claim_a, claim_b):
            if status != 201:
                assert status == 409 and body["error"]["code"] in ("alreadyClaimed", "handoffSuperseded"), body
        if winners[0] != "handheld-1":
            assert origin == ["rejected:sessionClaimedElsewhere"], origin
            # The winner's retry on the other node is a replay.
            node = 1 if winners[0] == "kiosk-a" else 0
            status, replay = on[winners[0], node].call(
                "POST", claim, {"deviceID": winners[0], "handoffNonce": f"n-{winners[0][-1]}", "suspendSequence": 2})
            assert status == 200 and replay["replayed"] is True, replay
        claims = pg.sql(f"SELECT device_id FROM handoff_claims WHERE session_id = '{session}'", DATABASE)
        assert claims == ([] if winners[0] == "handheld-1" else [[winners[0]]])
        slot = pg.sql(f"SELECT device_id FROM session_event_slots WHERE session_id = '{session}' AND sequence = 3",
                      DATABASE)
        assert slot == [[winners[0]]], slot

        # 3. One coupon serial: two kiosks spend it online on different nodes while a third reports it spent offline.
        serial = f"SER-{uuid.uuid4().hex[:12]}"
        spends = {"kiosk-a": str(uuid.uuid4()).upper(), "kiosk-b": str(uuid.uuid4()).upper(),
                  "kiosk-c": str(uuid.uuid4()).upper()}
        offline = {"id": f"coupon-{serial}", "kind": "couponSpent", "storeID": STORE, "orderingKey": spends["kiosk-c"],
                   "sequence": 1, "createdAt": now_text(),
                   "payload": {"serial": serial, "sessionID": spends["kiosk-c"], "spentAt": now_text()}}
        spend_a, spend_b, reported = race(
            lambda: on["kiosk-a", 0].call("POST", f"/v1/coupons/{serial}/spend",
                                          {"sessionID": spends["kiosk-a"], "spentAt": now_text()}),
            lambda: on["kiosk-b", 1].call("POST", f"/v1/coupons/{serial}/spend",
                                          {"sessionID": spends["kiosk-b"], "spentAt": now_text()}),
            lambda: ingest(on["kiosk-c", round_ % 2], [offline]))
        assert reported == ["accepted"], reported  # an offline spend is stored either way (flagged when late)
        online = [name for name, (status, body) in (("kiosk-a", spend_a), ("kiosk-b", spend_b)) if status == 200]
        for status, body in (spend_a, spend_b):
            assert status in (200, 409), body
            if status == 409:
                assert body["error"]["code"] == "couponAlreadySpent", body
        holder = pg.sql(f"SELECT device_id, session_id FROM coupon_spends WHERE serial = '{serial}'", DATABASE)
        assert len(holder) == 1, holder
        assert len(online) <= 1, (spend_a, spend_b)
        winner = online[0] if online else "kiosk-c"
        assert holder == [[winner, spends[winner]]], (holder, spend_a, spend_b)
        flags = pg.sql(f"SELECT subject FROM audit_flags WHERE kind = 'couponDoubleSpend' AND subject LIKE '{serial}/%'",
                       DATABASE)
        assert flags == ([[f"{serial}/{spends['kiosk-c']}"]] if online else []), flags
        coupon_winners[serial] = winner

    for seller in sellers:
        seller.join(timeout=120)
    assert not failures, failures
    assert len(sold) == BASKETS_EACH * len(daemons)
    for daemon in daemons:
        wait_until(daemon.drained, f"{daemon.name}'s outbox to drain", timeout=60, step=0.2)
    assert_each_once(sold, daemons, pg, DATABASE, None, also=delivered_twice)
    # Both nodes took the daemons' pushes (HAProxy's per-server session counts).
    stat = haproxy.command("show stat").splitlines()
    header = stat[0].lstrip("# ").split(",")
    totals = {row["svname"]: int(row["stot"]) for row in (dict(zip(header, line.split(","))) for line in stat[1:] if line)
              if row["pxname"] == "nodes" and row["svname"].startswith("node")}
    assert all(count > 0 for count in totals.values()) and len(totals) == 2, totals
    assert len(handoff_winners) == ROUNDS and len(coupon_winners) == ROUNDS
