"""A sync cut off part-way (the network drops, the program is killed) leaves the laptop and
the hub each as before or as after a whole step, and the next sync completes it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from salesdesk.sync import hub, merge
from salesdesk.sync.hub import HubError
from tests.hub.conftest import Server
from tests.hub.helpers import do, dump, init, join, sync

pytestmark = pytest.mark.slow


def _count(server: Server, database: str, sql: str) -> int:
    con = server.connect(database)
    try:
        with con.cursor() as cur:
            cur.execute(sql)
            return int(cur.fetchone()[0])
    finally:
        con.close()


def _hub_is_whole(server: Server, database: str) -> None:
    """Every committed record has a usn at most the hub's mark, and every change its row.

    Read in one snapshot: a killed laptop's commit may still be finishing on the server (its
    backend outlives the process), and a mark read before it with counts read after it
    would see the whole push as rows beyond the mark."""
    con = server.connect(database)
    try:
        con.autocommit = False  # one transaction, one snapshot
        con.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with con.cursor() as cur:

            def count(sql: str) -> int:
                cur.execute(sql)
                return int(cur.fetchone()[0])

            mark = count("SELECT usn FROM hub_state")
            for table in (*hub.SYNCED_MODELS, "change"):
                assert count(f'SELECT count(*) FROM "{table}" WHERE usn > {mark}') == 0, table
            orphans = count(
                "SELECT count(*) FROM change c WHERE c.table_name = 'card' "
                "AND NOT EXISTS (SELECT 1 FROM card WHERE card.id = c.row_id)"
            )
            assert orphans == 0
    finally:
        con.close()


def _laptop(tmp_path: Path, url: str, name: str, cards: int = 0) -> Path:
    path = tmp_path / name / "cards.db"
    path.parent.mkdir()
    join(path, url)
    if cards:
        from salesdesk.services import demo

        seed = sum(map(ord, name))  # each laptop its own people (the demo's ids follow the seed)
        do(path, lambda s: demo.generate(s.store, cards=cards, seed=seed))
    return path


def test_the_network_dropping_in_the_middle_of_a_push_leaves_the_hub_as_before(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, database = pg
    init(hub_url)
    a = _laptop(tmp_path, hub_url, "a", cards=40)
    before = dump(a)
    real_values = hub._values
    calls = {"n": 0}

    def drop_after_some(cur: Any, sql: str, rows: list[Any]) -> None:
        calls["n"] += 1
        real_values(cur, sql, rows)
        if calls["n"] == 3:  # some rows are written in the push's transaction: cut it off
            admin = server.connect(database)
            with admin.cursor() as c:
                c.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (database,),
                )
            admin.close()

    monkeypatch.setattr(hub, "_values", drop_after_some)
    with pytest.raises(HubError, match="stopped"):
        sync(a)
    assert _count(server, database, "SELECT count(*) FROM card") == 0
    assert _count(server, database, "SELECT count(*) FROM change") == 0
    assert _count(server, database, "SELECT usn FROM hub_state") == 0
    assert dump(a) == before
    monkeypatch.setattr(hub, "_values", real_values)

    sync(a)
    _hub_is_whole(server, database)
    b = _laptop(tmp_path, hub_url, "b")
    sync(b)
    assert dump(b) == dump(a) == before


def test_a_failure_while_merging_what_was_pulled_keeps_the_laptop_as_it_was(
    hub_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init(hub_url)
    a = _laptop(tmp_path, hub_url, "a", cards=20)
    sync(a)
    b = _laptop(tmp_path, hub_url, "b")
    card_id = do(b, lambda s: s.create_card({"name": "只在 B 上"}, grade="E").id)
    before = dump(b)
    real_verify = merge._verify

    def fail(store: Any, source: Any) -> None:
        real_verify(store, source)
        raise OSError("disk unplugged")

    monkeypatch.setattr(merge, "_verify", fail)
    with pytest.raises(OSError, match="unplugged"):
        sync(b)
    assert dump(b) == before  # the merge rolled back, and with it the pulled mark
    assert do(b, lambda s: s.store.meta(hub.PULLED)) is None
    monkeypatch.setattr(merge, "_verify", real_verify)

    sync(b)
    sync(a)
    assert dump(a) == dump(b)
    assert do(a, lambda s: s.card(card_id).name) == "只在 B 上"


def test_a_sync_killed_at_random_points_then_run_again_completes(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path
) -> None:
    server, database = pg
    init(hub_url)
    a = _laptop(tmp_path, hub_url, "a", cards=300)
    b = _laptop(tmp_path, hub_url, "b", cards=0)
    do(b, lambda s: s.create_card({"name": "王敏", "company": "东方物流"}, grade="B"))
    sync(b)
    expected_cards = 301
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "salesdesk", "hub", "sync", "--db", str(a)]
    command += ["--password-env", "SALESDESK_TEST_PW"]
    started = time.monotonic()
    whole = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    took = time.monotonic() - started
    assert whole.returncode == 0, whole.stderr
    # The same work again from a fresh laptop, killed at random moments of its run.
    c = _laptop(tmp_path, hub_url, "c", cards=300)
    rng = random.Random(23)
    # Random moments, earliest first: until one lands after the push commits, every run
    # starts again from the same hub, so the kills fall all along the run.
    moments = sorted(rng.uniform(0.05, 2.0) * took for _ in range(8))
    outcomes = []
    for moment in moments:
        process = subprocess.Popen(
            [*command[:-3], str(c), *command[-2:]],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        _hub_is_whole(server, database)
        cards = _count(server, database, "SELECT count(*) FROM card")
        assert cards in (expected_cards, expected_cards + 300)
        outcomes.append(cards)
    print("kills left the hub with", outcomes, "cards; a whole run took", round(took, 2), "s")
    sync(c)
    sync(a)
    sync(b)
    _hub_is_whole(server, database)
    assert _count(server, database, "SELECT count(*) FROM card") == expected_cards + 300
    assert dump(a) == dump(b) == dump(c)
