"""A save goes before the figures being read on workers (the live file's rollback journal
makes a commit wait for every reader otherwise)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from salesdesk.models.tables import database_proxy
from salesdesk.services.giveway import GiveWay
from salesdesk.services.session import Session

# Reads every card again and again, for ever: a reader holding the file's shared lock.
ENDLESS = (
    "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r"
    " WHERE inside(x) AND EXISTS (SELECT 1 FROM card)) SELECT count(*) FROM r"
)


def test_a_write_stops_a_reading_thread_and_commits(session: Session) -> None:
    card = session.create_card({"name": "张伟"}, grade="B").id
    give_way = GiveWay()
    inside = threading.Event()
    outcome: dict[str, Any] = {}

    def read() -> None:
        stopped = give_way.watch(session.store)
        connection = database_proxy.connection()
        outcome["connection"] = connection
        connection.create_function("inside", 1, lambda _x: inside.set() or 1)
        try:
            database_proxy.execute_sql(ENDLESS).fetchall()
        except Exception as error:
            outcome["error"] = str(error)
        outcome["stopped"] = stopped()
        database_proxy.close()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert inside.wait(10)  # the reader is inside its statement, holding the file
        with give_way.writing():
            session.edit_card(card, {"notes": "下周再约"})  # waits 10 s, then fails, without
        reader.join(10)
        assert not reader.is_alive()
        assert outcome == {"connection": outcome["connection"], "error": "interrupted",
                           "stopped": True}  # fmt: skip
        assert session.card(card).notes == "下周再约"
    finally:
        if reader.is_alive():
            outcome["connection"].interrupt()
            reader.join(10)


def test_a_reader_not_in_the_way_is_not_stopped(session: Session) -> None:
    session.create_card({"name": "王芳"}, grade="A")
    give_way = GiveWay()
    outcome: dict[str, Any] = {}

    def read() -> None:
        stopped = give_way.watch(session.store)
        outcome["count"] = database_proxy.execute_sql("SELECT count(*) FROM card").fetchone()[0]
        outcome["stopped"] = stopped()
        database_proxy.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(10)
    assert outcome == {"count": 1, "stopped": False}


def test_workers_pause_while_the_user_waits_on_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker's look (pause_for_user) waits while the window answers a keystroke, goes on
    once it is drawn, and never holds the main thread; a wait ends by itself."""
    from salesdesk.services import giveway

    monkeypatch.setattr(giveway, "_PAUSE_AT_MOST", 60.0)
    passed: list[str] = []

    def worker(name: str) -> None:
        giveway.pause_for_user()
        passed.append(name)

    giveway.user_waits(True)
    try:
        giveway.pause_for_user()  # the main thread answers the user: it never waits
        waiting = threading.Thread(target=worker, args=("worker",))
        waiting.start()
        waiting.join(0.2)
        assert waiting.is_alive()
        assert passed == []
    finally:
        giveway.user_waits(False)
    waiting.join(10)
    assert passed == ["worker"]
    # A wait whose end is never announced ends by itself.
    monkeypatch.setattr(giveway, "_PAUSE_AT_MOST", 0.05)
    giveway.user_waits(True)
    alone = threading.Thread(target=worker, args=("alone",))
    alone.start()
    alone.join(10)
    assert passed[-1] == "alone"
    giveway.user_waits(False)
