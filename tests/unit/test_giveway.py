"""A save goes before the figures being read on workers (the live file's rollback journal
makes a commit wait for every reader otherwise)."""

from __future__ import annotations

import threading
from collections.abc import Callable
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


def endless_reader(
    session: Session,
    give_way: GiveWay,
    then: Callable[[threading.Event, dict[str, Any]], None] | None = None,
) -> tuple[threading.Thread, threading.Event, dict[str, Any]]:
    """A started thread watching give_way and reading ENDLESS until stopped, then
    (unwatched) running `then`; its connection, error and stopped() land in the dict, and
    the event is set once it is inside its statement."""
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
        give_way.unwatch()
        if then is not None:
            then(inside, outcome)
        database_proxy.close()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, inside, outcome


def stop(reader: threading.Thread, outcome: dict[str, Any]) -> None:
    """After a test: a reader still running is interrupted and joined."""
    if reader.is_alive():
        outcome["connection"].interrupt()
        reader.join(10)


def test_a_write_stops_a_reading_thread_and_commits(session: Session) -> None:
    card = session.create_card({"name": "张伟"}, grade="B").id
    give_way = GiveWay()
    reader, inside, outcome = endless_reader(session, give_way)
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
        stop(reader, outcome)


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


def test_a_workers_loop_looks_every_few_items_and_keeps_them_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """giving_way: a worker's loop over rows waits at a look while the user waits on the
    window (the Today view's early warnings, 8,000 rows of Python), then yields every item
    in order."""
    from salesdesk.services import giveway

    monkeypatch.setattr(giveway, "_PAUSE_AT_MOST", 60.0)
    seen: list[int] = []
    loop = threading.Thread(target=lambda: seen.extend(giveway.giving_way(range(1000), 7)))
    giveway.user_waits(True)
    try:
        assert list(giveway.giving_way(range(20), 7)) == list(range(20))  # main: no wait
        loop.start()
        loop.join(0.2)
        assert loop.is_alive()  # asleep at its first look
        assert seen == []
    finally:
        giveway.user_waits(False)
    loop.join(10)
    assert seen == list(range(1000))


def test_a_write_interrupts_a_reader_at_once_without_its_look(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write stops the statements of the watching threads itself (sqlite3_interrupt):
    a reader whose own look never comes (a long C step, a busy interpreter) still gives
    way, and says it did; once it stops watching, a write leaves its connection alone."""
    from salesdesk.services import giveway

    monkeypatch.setattr(giveway, "_EVERY", 2**31 - 1)  # the reader's own look: never
    card = session.create_card({"name": "李强"}, grade="C").id
    session.store.db.execute_sql("PRAGMA busy_timeout = 3000")  # not 10 s if it fails
    give_way = GiveWay()

    def then(inside: threading.Event, outcome: dict[str, Any]) -> None:
        # Not watching any more: a bounded read runs to its end under a write.
        inside.clear()
        try:
            outcome["after"] = database_proxy.execute_sql(
                "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r"
                " WHERE inside(x) AND x < 300000) SELECT count(*) FROM r"
            ).fetchone()[0]
        except Exception as error:
            outcome["after"] = str(error)

    reader, inside, outcome = endless_reader(session, give_way, then)
    try:
        assert inside.wait(10)
        with give_way.writing():
            session.edit_card(card, {"notes": "周五带样品"})
        assert session.card(card).notes == "周五带样品"
        assert inside.wait(10)  # the second read has started (or is done)
        with give_way.writing():
            session.edit_card(card, {"notes": "周五带样品，先打电话"})
        reader.join(10)
        assert not reader.is_alive()
        assert (outcome["error"], outcome["stopped"], outcome["after"]) == (
            "interrupted",
            True,
            300000,
        )
        assert session.card(card).notes == "周五带样品，先打电话"
    finally:
        stop(reader, outcome)


def test_a_commit_waits_for_a_reader_and_goes_as_soon_as_it_lets_go(session: Session) -> None:
    """A commit refused while another connection reads is tried again until that reader
    lets go (SQLite keeps the transaction for it), and past the file's timeout it fails
    as before, with nothing written and the file usable."""
    import sqlite3
    import time

    card = session.create_card({"name": "赵敏"}, grade="D").id
    reader = sqlite3.connect(session.store.path, isolation_level=None, check_same_thread=False)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM card").fetchone()  # holds the shared lock
        threading.Timer(0.3, lambda: reader.execute("COMMIT")).start()
        started = time.monotonic()
        session.edit_card(card, {"notes": "等对方读完"})
        assert time.monotonic() - started >= 0.25  # it did wait for the reader
        assert session.card(card).notes == "等对方读完"
        # A reader that never lets go: after the timeout, the edit fails and is not kept.
        session.store.db.execute_sql("PRAGMA busy_timeout = 300")
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM card").fetchone()
        with pytest.raises(Exception, match="locked"):
            session.edit_card(card, {"notes": "写不进去"})
        reader.execute("COMMIT")
        assert session.card(card).notes == "等对方读完"
        session.edit_card(card, {"notes": "现在可以了"})
        assert session.card(card).notes == "现在可以了"
    finally:
        reader.close()


def test_a_reader_paused_for_a_keystroke_gives_way_to_a_write(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader asleep in its look while the window answers a keystroke holds the file: a
    write wakes it and goes first (else the save waited for the pause to end)."""
    from salesdesk.services import giveway

    monkeypatch.setattr(giveway, "_PAUSE_AT_MOST", 60.0)
    monkeypatch.setattr(giveway, "_EVERY", 1000)
    paused = threading.Event()
    pause = giveway.pause_for_user

    def pausing() -> None:
        paused.set()
        pause()

    monkeypatch.setattr(giveway, "pause_for_user", pausing)
    card = session.create_card({"name": "周杰"}, grade="B").id
    session.store.db.execute_sql("PRAGMA busy_timeout = 3000")  # not 60 s if it fails
    give_way = GiveWay()
    giveway.user_waits(True)
    reader, _inside, outcome = endless_reader(session, give_way)
    try:
        assert paused.wait(10)  # asleep in its look, inside its statement
        with give_way.writing():
            session.edit_card(card, {"notes": "先存下"})
        reader.join(10)
        assert (outcome["error"], outcome["stopped"]) == ("interrupted", True)
        assert session.card(card).notes == "先存下"
    finally:
        giveway.user_waits(False)
        stop(reader, outcome)
