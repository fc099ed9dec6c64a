"""The agenda's cheaper reads (issue 18: a day's agenda two weeks ahead within 50 ms)
against the rules they replaced, on randomly stirred books.

The visits due and overdue by a day were counted in one scan of the wide agenda index,
testing each visit against the deleted cards; now from narrower indexes less the few
deleted. A card's phone numbers were read by parsing its JSON; now by one regex where the
text has the stored form. Both must give what the old rule gave, day by day.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from salesdesk.domain.values import Phone, parse_phones, phones_to_json
from salesdesk.models.tables import database_proxy
from salesdesk.services import agenda as agenda_service
from salesdesk.services.session import Session

NOW = "2026-06-15T10:00:00"

# The count as it was (one scan of visit_agenda, each visit's card tested): the reference.
_OLD_COUNT_DUE = """
SELECT coalesce(sum(v.overdue_on < :day), 0), count(*) FROM visit v INDEXED BY visit_agenda
WHERE v.deleted = 0 AND v.status = 'planned'
  AND v.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)
  AND v.due_on <= :day AND v.overdue_on IS NOT NULL
"""


@pytest.fixture(scope="module", params=[3, 17])
def stirred(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Session]:
    from salesdesk.services.demo import generate

    folder = tmp_path_factory.mktemp(f"agenda-ahead-{request.param}")
    patch = pytest.MonkeyPatch()
    for name in ("SALESDESK_DATA_DIR", "SALESDESK_CONFIG_DIR"):
        patch.setenv(name, str(folder / name))
    patch.setenv("SALESDESK_NOW", NOW)
    session = Session.open(Path(folder) / "book.db")
    try:
        generate(session.store, cards=400, seed=request.param)
        _stir(session, random.Random(request.param))
        yield session
    finally:
        session.close()
        patch.undo()


def _stir(session: Session, rng: random.Random) -> None:
    """Deleted cards that keep live planned visits, deleted and cancelled visits, and
    visits of a schema-2 file (no overdue_on), chosen at random."""
    with session.store.write():
        sql = database_proxy.execute_sql
        cards = [r[0] for r in sql("SELECT id FROM card ORDER BY id")]
        planned = [r[0] for r in sql("SELECT rowid FROM visit WHERE status = 'planned'")]
        for card_id in rng.sample(cards, len(cards) // 12):
            sql("UPDATE card SET deleted = 1 WHERE id = ?", (card_id,))
        for rowid in rng.sample(planned, len(planned) // 10):
            change = rng.choice(
                (
                    "UPDATE visit SET deleted = 1 WHERE rowid = ?",
                    "UPDATE visit SET status = 'cancelled' WHERE rowid = ?",
                    "UPDATE visit SET overdue_on = NULL WHERE rowid = ?",
                )
            )
            sql(change, (rowid,))


def test_the_counts_of_visits_due_and_overdue_are_the_old_scans(stirred: Session) -> None:
    today = date.fromisoformat(NOW[:10])
    with stirred.store.bound():
        sql = database_proxy.execute_sql
        # Not a comparison of empty sets: deleted cards hold live visits due in the range.
        assert sql(
            "SELECT count(*) FROM visit v JOIN card c ON c.id = v.card_id WHERE c.deleted = 1 "
            "AND v.deleted = 0 AND v.status = 'planned' AND v.overdue_on < ?",
            ((today + timedelta(days=14)).isoformat(),),
        ).fetchone()[0]
        assert sql("SELECT count(*) FROM visit WHERE overdue_on IS NULL").fetchone()[0]
        seen = set()
        for offset in range(-60, 61):
            day = {"day": (today + timedelta(days=offset)).isoformat()}
            new = tuple(sql(agenda_service._COUNT_DUE, day).fetchone())
            assert new == tuple(sql(_OLD_COUNT_DUE, day).fetchone()), day
            seen.add(new)
        assert len(seen) > 60  # the counts move with the day


def test_the_agenda_ahead_counts_what_its_lists_hold(stirred: Session) -> None:
    """Whole lists (no limit) hold exactly the counted visits, every day of two weeks."""
    today = date.fromisoformat(NOW[:10])
    with stirred.store.bound():
        for offset in range(15):
            found = agenda_service.agenda(today + timedelta(days=offset), 7, limit=None)
            assert found.totals["overdue"] == len(found.overdue)
            assert found.totals["today"] == len(found.today)
            assert found.totals["upcoming"] == len(found.upcoming)


_ODD = ['"', "\\", "{", "}", "[", "]", ":", ",", "\x07", "\u202e", "\n", " ", "号", "𝟙", "number"]


def _random_text(rng: random.Random) -> str:
    pieces = [rng.choice("0123456789+- ()") for _ in range(rng.randint(0, 14))]
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        pieces.insert(rng.randint(0, len(pieces)), rng.choice(_ODD))
    return "".join(pieces)


def _random_phones_text(rng: random.Random) -> str:
    phones = [
        {"label": rng.choice(("mobile", "work", "home", "number", _random_text(rng))),
         "number": _random_text(rng)}
        for _ in range(rng.randint(0, 4))
    ]  # fmt: skip
    form = rng.randrange(7)
    if form == 0:  # as the program stores them
        return phones_to_json([Phone(p["label"], p["number"]) for p in phones])
    if form == 1:  # another writer's JSON: compact, keys the other way round
        return json.dumps(
            [{"number": p["number"], "label": p["label"]} for p in phones],
            separators=(",", ":"),
            ensure_ascii=rng.random() < 0.5,
        )
    if form == 2:  # a dict without a number, or with two
        return json.dumps([*phones, {"label": "fax"}]).replace(
            '"fax"', '"fax", "number": "1"', rng.randrange(2)
        )
    if form == 3:  # a plain list of numbers
        return json.dumps([p["number"] for p in phones], ensure_ascii=False)
    if form == 4:  # broken JSON
        return phones_to_json([Phone(p["label"], p["number"]) for p in phones])[:-1]
    if form == 5:  # one number typed as text
        return _random_text(rng)
    return json.dumps(phones, ensure_ascii=False, indent=rng.choice((None, 1)))


def test_phone_numbers_read_by_the_fast_road_are_the_parsed_ones() -> None:
    rng = random.Random(18)
    fast = 0
    for _ in range(20_000):
        text = _random_phones_text(rng)
        expected = tuple(p.number for p in parse_phones(text))
        assert agenda_service._numbers.__wrapped__(text) == expected, text
        fast += text.startswith("[{") and "\\" not in text
    assert fast > 3_000  # the regex road was taken, not only the full parse
