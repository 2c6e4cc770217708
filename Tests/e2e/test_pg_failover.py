"""PostgreSQL failover under ingest (docs/scaling.md, issue 16 #2).

A primary and a synchronous streaming standby (pg_basebackup -R; synchronous_standby_names = '*', so a commit is
acknowledged only once the standby has it), HAProxy in front with scripts/haproxy-pg-primary-check (it routes
only to the server that accepts writes), one referential node connecting through HAProxy, two daemons selling
and pushing. Once the referential holds some baskets, the primary is killed with SIGKILL (its whole process
group: the machine is gone), the standby is promoted (the test plays the failover manager), HAProxy moves to it,
the daemons' retries land there and the selling goes on. Afterwards every basket and payment the daemons hold is
at the promoted server exactly once.
"""
import subprocess
import threading
import uuid

import pytest

from cluster_helpers import (BASKET_CODES, STORE, HAProxy, PgServer, ReferentialNode, StoreDaemon, Workspace, http,
                             assert_each_once, free_port, referential_cli, wait_until, PG_BIN, ROOT)

DATABASE = "selfscan_test"
BEFORE_KILL = 4      # baskets at the referential before the primary is killed
AFTER_PROMOTION = 3  # baskets each daemon sells once the standby took over
MAX_EACH = 40        # bound on each daemon's sales


@pytest.fixture
def replicated():
    workspace = Workspace("selfscan-failover.")
    try:
        primary = PgServer(workspace, "primary").initdb().start()
        primary.sql(f"CREATE DATABASE {DATABASE}")
        standby = PgServer(workspace, "standby").basebackup_from(primary).start()
        # From now on a commit waits for the standby's flush: what the referential acknowledged survives the primary.
        primary.sql("ALTER SYSTEM SET synchronous_standby_names = '*'")
        primary.sql("SELECT pg_reload_conf()")
        wait_until(lambda: primary.sql("SELECT sync_state FROM pg_stat_replication") == [["sync"]],
                   "the standby to stream synchronously")
        lb_port = free_port()
        haproxy = HAProxy(workspace).start(
            f"listen postgres\n  mode tcp\n  bind 127.0.0.1:{lb_port}\n"
            "  option external-check\n  external-check path \"/usr/bin:/bin\"\n"
            f"  external-check command {ROOT / 'scripts' / 'haproxy-pg-primary-check'}\n"
            # A check slower than `inter` under load counts as failed: three in a row mark a server down
            # (a flapping primary would cut the referential's connections); one success brings the
            # promoted standby in.
            "  default-server inter 500ms fall 3 rise 1 on-marked-down shutdown-sessions\n"
            f"  server pg1 127.0.0.1:{primary.port} check\n  server pg2 127.0.0.1:{standby.port} check\n",
            external_check=True)
        haproxy.wait_states("postgres", {"pg1": "UP", "pg2": "DOWN"})
        yield workspace, primary, standby, haproxy, f"postgres://selfscan@127.0.0.1:{lb_port}/{DATABASE}"
    finally:
        workspace.close()


def test_primary_killed_mid_ingest_loses_nothing(replicated):
    workspace, primary, standby, haproxy, db = replicated
    referential_cli(db, "create-store", STORE, "--name", "Paris 42")
    tokens = {device: referential_cli(db, "issue-token", "--store", STORE, "--device", device).strip()
              for device in ("kiosk-1", "kiosk-2")}
    node = ReferentialNode(workspace, "node", db).start()
    daemons = [StoreDaemon(workspace, name, node.base, tokens[name]).start() for name in tokens]

    sold = {}
    failures = []
    promoted = threading.Event()
    after = {daemon.name: 0 for daemon in daemons}
    stop = threading.Event()

    def sell(daemon):
        try:
            for index in range(MAX_EACH):
                if stop.is_set():
                    return
                session, total = daemon.sell_one(BASKET_CODES[: 1 + index % len(BASKET_CODES)])
                sold[session] = total
                if promoted.is_set():
                    after[daemon.name] += 1
                    if after[daemon.name] >= AFTER_PROMOTION:
                        return
        except Exception as error:  # surfaced in the main thread
            failures.append(f"{daemon.name}: {error}")

    sellers = [threading.Thread(target=sell, args=(daemon,)) for daemon in daemons]
    for seller in sellers:
        seller.start()
    try:
        # Mid-ingest: the referential holds some baskets, the daemons are still selling and pushing.
        wait_until(lambda: int(primary.sql("SELECT COUNT(*) FROM baskets", DATABASE)[0][0]) >= BEFORE_KILL,
                   "the first baskets at the referential", timeout=60, step=0.1)
        assert not failures, failures
        primary.kill9()
        standby.promote()
        promoted.set()
        haproxy.wait_states("postgres", {"pg1": "DOWN", "pg2": "UP"})
        for seller in sellers:
            seller.join(timeout=120)
        assert not failures, failures
        assert all(count >= AFTER_PROMOTION for count in after.values()), after
        for daemon in daemons:
            wait_until(daemon.drained, f"{daemon.name}'s outbox to drain into the promoted standby", timeout=60, step=0.2)
    finally:
        stop.set()
    assert_each_once(sold, daemons, standby, DATABASE, None)


def test_connections_cut_mid_request_fail_fast():
    """HAProxy cuts the referential's PostgreSQL connections while ingests are inside their transactions (what a
    failover or a flapping check does): each request must end soon — an error the daemon retries — never hang.
    The ingests are held mid-transaction by a lock the test takes on `baskets` (directly, not through HAProxy).
    Before the fix every one of them hung: postgres-nio never answers a statement (here the ROLLBACK) written to
    a closed connection."""
    workspace = Workspace("selfscan-cut.")
    holder = None
    try:
        pg = PgServer(workspace, "pg").initdb().start()
        pg.sql(f"CREATE DATABASE {DATABASE}")
        lb_port = free_port()
        haproxy = HAProxy(workspace).start(
            f"listen postgres\n  mode tcp\n  bind 127.0.0.1:{lb_port}\n  server pg1 127.0.0.1:{pg.port}\n")
        db = f"postgres://selfscan@127.0.0.1:{lb_port}/{DATABASE}"
        referential_cli(db, "create-store", STORE)
        token = referential_cli(db, "issue-token", "--store", STORE, "--device", "kiosk-1").strip()
        node = ReferentialNode(workspace, "node", db).start()

        def push():
            session = str(uuid.uuid4()).upper()
            item = {"id": f"closed-{session}", "kind": "closedBasket", "storeID": STORE, "orderingKey": session,
                    "sequence": 1, "createdAt": "2026-12-04T10:00:00Z",
                    "payload": {"sessionID": session, "closedAt": "2026-12-04T10:00:00Z",
                                "total": {"minor": 100, "currency": "EUR"}, "lineCount": 1}}
            try:
                return http("POST", node.base + "/v1/ingest", {"storeID": STORE, "items": [item]},
                            {"Authorization": f"Bearer {token}"}, timeout=10)[0]
            except OSError as error:  # a timeout: the request hung
                return repr(error)

        assert push() == 200
        holder = subprocess.Popen([f"{PG_BIN}/psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "selfscan",
                                   "-d", DATABASE, "-Xq"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, text=True)
        holder.stdin.write("BEGIN; LOCK TABLE baskets IN ACCESS EXCLUSIVE MODE;\n")
        holder.stdin.flush()
        wait_until(lambda: pg.sql("SELECT COUNT(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND granted "
                                  "AND relation = 'baskets'::regclass", DATABASE) == [["1"]], "the lock on baskets")
        answers = []
        threads = [threading.Thread(target=lambda: answers.append(push())) for _ in range(4)]
        for thread in threads:
            thread.start()
        wait_until(lambda: int(pg.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                      f"AND datname = '{DATABASE}'")[0][0]) == 4, "four ingests waiting mid-transaction")
        haproxy.command("shutdown sessions server postgres/pg1")
        holder.stdin.write("ROLLBACK;\n\\q\n")
        holder.stdin.flush()
        for thread in threads:
            thread.join(timeout=30)
        assert len(answers) == 4 and all(answer in (500, 503) for answer in answers), answers
        assert push() == 200
    finally:
        if holder and holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
        workspace.close()
