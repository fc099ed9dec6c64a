"""Demo data: every grade, coherent grade paths and dates, both kinds of names, determinism."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from salesdesk.domain.search import pinyin_forms
from salesdesk.models.clock import Stamp
from salesdesk.models.tables import database_proxy
from salesdesk.services import demo
from salesdesk.services.cardlist import CardFilter
from salesdesk.services.derive import card_search_columns, refresh_all
from salesdesk.services.session import Session

NOW = "2026-03-02T10:30:00"
HAN = re.compile(r"[\u4e00-\u9fff]")


def rows(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return list(database_proxy.execute_sql(sql, params).fetchall())


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setenv("SALESDESK_NOW", NOW)
    return datetime.fromisoformat(NOW)


@pytest.fixture
def small(session: Session, fixed_now: datetime) -> Session:
    demo.generate(session.store, cards=300, seed=7)
    return session


def test_3000_cards_spread_over_every_grade(session: Session) -> None:
    counts = demo.generate(session.store, cards=3000, seed=1)

    stats = session.stats()
    assert stats["cards"] == counts["cards"] == 3000
    assert all(n > 0 for n in stats["by_grade"].values()), stats["by_grade"]
    assert stats["f_kinds"]["F1"] > 0
    assert stats["f_kinds"]["F2"] > 0
    assert stats["contacts"] == counts["contacts"]
    assert stats["grade_changes"] == counts["grade_changes"]
    assert stats["deals"] == counts["deals"] > 0
    assert stats["service_cases"] == counts["service_cases"] > 0
    assert stats["by_status"]["customer"] > 0
    # DESIGN §7 proportions: about 10 contacts and 3 grade changes a card.
    assert 8 <= counts["contacts"] / 3000 <= 12
    assert 2.4 <= counts["grade_changes"] / 3000 <= 3.6
    assert session.check()["ok"]


def test_same_seed_and_now_give_the_same_data(tmp_path: Path, fixed_now: datetime) -> None:
    def dump_of(name: str, seed: int) -> dict[str, list[dict[str, Any]]]:
        session = Session.open(tmp_path / name)
        try:
            demo.generate(session.store, cards=60, seed=seed)
            data = session.dump()
        finally:
            session.close()
        # Each file has its own replica id: compare the stamps' time and counter.
        for table in data.values():
            for row in table:
                if "created" in row:
                    stamp = Stamp.parse(row["created"])
                    row["created"] = (stamp.wall, stamp.counter)
        return data

    first = dump_of("a.db", 5)
    assert first == dump_of("b.db", 5)
    assert first["card"] != dump_of("c.db", 6)["card"]


def test_grade_path_ends_at_the_cards_grade(small: Session) -> None:
    for card_id, grade, f_kind, blocker, recheck in rows(
        "SELECT id, grade, f_kind, blocker, recheck_on FROM card"
    ):
        path = small.grade_path(card_id)
        assert path, card_id
        assert path[0].from_grade is None
        last = path[-1]
        assert (last.to_grade, last.to_f_kind) == (grade, f_kind)
        assert last.blocker == blocker
        assert (last.recheck_on.isoformat() if last.recheck_on else None) == recheck
        # Each step starts where the one before ended.
        for before, step in pairwise(path):
            assert (step.from_grade, step.from_f_kind) == (before.to_grade, before.to_f_kind)
            assert step.at >= before.at


def test_c_and_d_cards_carry_a_blocker_and_a_recheck_date(small: Session) -> None:
    recheck_cards = rows("SELECT blocker, recheck_on FROM card WHERE grade IN ('C', 'D')")
    assert recheck_cards
    assert all(blocker and recheck for blocker, recheck in recheck_cards)
    others = rows(
        "SELECT count(*) FROM card WHERE grade NOT IN ('C', 'D') "
        "AND (blocker != '' OR recheck_on IS NOT NULL)"
    )
    assert others == [(0,)]
    assert rows("SELECT count(*) FROM card WHERE grade = 'F' AND f_kind IS NULL") == [(0,)]


def test_every_row_belongs_to_a_card_and_steps_to_their_contacts(small: Session) -> None:
    for table in ("contact", "grade_change", "visit", "deal", "service_case"):
        orphans = rows(f"SELECT count(*) FROM {table} WHERE card_id NOT IN (SELECT id FROM card)")
        assert orphans == [(0,)], table
    # A regrade after the first step happened at a contact of the same card, at its time.
    mismatched = rows(
        "SELECT count(*) FROM grade_change g JOIN contact c ON c.id = g.contact_id "
        "WHERE c.card_id != g.card_id OR c.at != g.at OR c.grade_after != g.to_grade"
    )
    assert mismatched == [(0,)]
    unlinked = rows(
        "SELECT count(*) FROM grade_change WHERE from_grade IS NOT NULL AND contact_id IS NULL"
    )
    assert unlinked == [(0,)]
    assert small.check()["ok"]


def test_dates_lie_within_three_years_up_to_now(small: Session, fixed_now: datetime) -> None:
    oldest = (fixed_now - timedelta(days=3 * 365 + 1)).isoformat()
    now = fixed_now.isoformat()
    for table, column in (
        ("contact", "at"),
        ("grade_change", "at"),
        ("service_case", "opened_at"),
        ("deal", "closed_on"),
        ("visit", "done_at"),
    ):
        low, high = rows(f"SELECT min({column}), max({column}) FROM {table}")[0]
        assert low >= oldest[: len(low)], table
        assert high <= now, table
    today = fixed_now.date()
    planned = [
        date.fromisoformat(d) for (d,) in rows("SELECT due_on FROM visit WHERE status = 'planned'")
    ]
    assert planned
    assert any(today <= d <= today + timedelta(days=7) for d in planned)
    assert all(today - timedelta(days=400) <= d <= today + timedelta(days=366) for d in planned)
    # Creation stamps are in the past, and the clock has moved past every one of them.
    newest = max(
        Stamp.parse(created)
        for table in ("card", "contact", "grade_change", "visit", "deal", "service_case")
        for (created,) in rows(f"SELECT max(created) FROM {table}")
    )
    assert newest.wall < fixed_now.timestamp() * 1000
    assert Stamp.parse(small.store.clock.last) > newest


def test_chinese_and_english_names_both_present(small: Session) -> None:
    names = [name for (name,) in rows("SELECT name FROM card")]
    chinese = [n for n in names if HAN.search(n)]
    english = [
        n for n in names if re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)+", n) and not HAN.search(n)
    ]
    assert len(chinese) + len(english) == len(names)
    assert 0.15 <= len(english) / len(names) <= 0.35
    assert any(
        phones.startswith('[{"label": "mobile", "number": "+86 1')
        for (phones,) in rows("SELECT phones FROM card")
    )


def test_derived_columns_match_what_derive_computes(small: Session) -> None:
    before = rows(
        "SELECT id, name, company, phones, tags, email, area, wechat, search, sort_name, "
        "last_contact_at, next_visit_on FROM card ORDER BY id"
    )
    for _, name, company, phones, tags, email, area, wechat, search, sort_name, *_ in before:
        assert card_search_columns(
            name, company, phones, tags, email, area=area, wechat=wechat
        ) == {
            "search": search,
            "sort_name": sort_name,
        }
    with small.store.write():
        refresh_all()
    after = rows(
        "SELECT id, name, company, phones, tags, email, area, wechat, search, sort_name, "
        "last_contact_at, next_visit_on FROM card ORDER BY id"
    )
    assert after == before


def test_pinyin_initials_find_a_chinese_demo_card(small: Session) -> None:
    card_id, name = next(
        (i, n) for i, n in rows("SELECT id, name FROM card ORDER BY id") if HAN.search(n)
    )
    full, initials = pinyin_forms(name)
    found = small.card_list.query(CardFilter(text=initials))
    assert card_id in {row.id for row in found}
    assert card_id in {row.id for row in small.card_list.query(CardFilter(text=full))}
    assert all(initials in row.search for row in found)


def test_a_second_demo_adds_cards_with_new_ids(small: Session) -> None:
    counts = demo.generate(small.store, cards=50, seed=7)
    assert counts["cards"] == 50
    assert small.stats()["cards"] == 350
    assert rows("SELECT count(DISTINCT id) FROM card") == [(350,)]


def test_progress_is_reported_up_to_the_total(session: Session) -> None:
    seen: list[tuple[int, int]] = []
    demo.generate(session.store, cards=2100, seed=3, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2100, 2100)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) >= 2


def test_a_cancelled_demo_leaves_the_new_file_empty_and_its_writes_durable_again(
    session: Session,
) -> None:
    # A new book fills without an fsync of each spill; a run stopped half-way rolls back
    # through the journal, and the file's writes are durable (synchronous FULL) again.
    def stop(done: int, total: int) -> None:
        if done >= 2000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        demo.generate(session.store, cards=4000, seed=3, progress=stop)
    assert rows("SELECT count(*) FROM card") == [(0,)]
    assert rows("SELECT count(*) FROM contact") == [(0,)]
    assert rows("PRAGMA synchronous") == [(2,)]
    assert rows("PRAGMA integrity_check") == [("ok",)]
    demo.generate(session.store, cards=100, seed=3)
    assert session.stats()["cards"] == 100
    assert rows("PRAGMA synchronous") == [(2,)]
