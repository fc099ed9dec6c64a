"""`salesdesk plan`: the week of a demo book, as JSON and stored with --apply."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.cli.conftest import Cli


@pytest.fixture
def demo_db(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-30T08:00:00")  # a Monday
    db = tmp_path / "demo.db"
    assert cli("demo", "--db", db, "--cards", "1000").code == 0
    return db


def test_a_week_of_the_demo_is_five_walkable_days_with_the_overflow_listed(
    cli: Cli, demo_db: Path
) -> None:
    out = cli(
        "plan", "--db", demo_db, "--from", "2026-11-30", "--weeks", "1", "--per-day", "8", "--json"
    )
    assert out.code == 0, out.err
    data = out.json
    days = data["days"]
    assert [d["date"] for d in days] == [f"2026-12-0{n}" if n else "2026-11-30" for n in range(5)]
    assert all(len(d["visits"]) <= 8 for d in days)
    assert sum(len(d["visits"]) for d in days) >= 30  # the demo's person is busy
    assert data["owner"] == "王磊"  # the demo's user plans their own book
    for day in days:
        assert len({v["area"] for v in day["visits"]}) <= 3
        for visit in day["visits"]:
            assert {"card_id", "name", "area", "purpose", "why"} <= set(visit)
    assert data["overflow"], "a realistic book has more due than a week holds"
    assert all(o["reason"] in ("full", "later", "after_plan") for o in data["overflow"])
    overdue_a = [
        (d["date"], v["name"])
        for d in days
        for v in d["visits"]
        if v["grade"] == "A" and v["why"] == "overdue"
    ]
    assert all(day <= "2026-12-01" for day, _ in overdue_a)


def test_apply_stores_the_plan_on_the_visits(cli: Cli, demo_db: Path) -> None:
    shown = cli("plan", "--db", demo_db, "--from", "2026-11-30", "--json").json
    out = cli("plan", "--db", demo_db, "--from", "2026-11-30", "--apply")
    assert out.code == 0, out.err
    assert "2026-11-30 Mon" in out.out
    assert "Stored the plan on" in out.out
    from salesdesk.models.tables import Visit
    from salesdesk.services.session import Session

    session = Session.open(demo_db, read_only=True)
    try:
        for day in shown["days"]:
            for visit in day["visits"]:
                if visit["visit_id"] and not visit["fixed"]:
                    assert Visit.get_by_id(visit["visit_id"]).plan_on == day["date"]
        stored = Visit.select().where(Visit.plan_on.is_null(False)).count()
    finally:
        session.close()
    assert stored >= 30


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--weeks", "0"), "--weeks"),
        (("--per-day", "99"), "--per-day"),
        (("--from", "next tuesday"), "not a date"),
    ],
)
def test_bad_plan_arguments_get_one_message(
    cli: Cli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = cli("plan", "--db", tmp_path / "x.db", *args)
    assert message in out.assert_user_error()


def test_the_week_starts_on_the_day_given(cli: Cli, demo_db: Path) -> None:
    data = cli("plan", "--db", demo_db, "--from", "2026-12-02", "--json").json
    assert data["days"][0]["date"] == date(2026, 12, 2).isoformat()


CODES = re.compile(r"\b(follow_up|recheck|first_visit|after_sales|case_follow_up)\b")


@pytest.mark.parametrize(
    ("lang", "words", "english_left"),
    [
        ("en", ("follow-up visit", "re-check", "Mon", "due 2026-"), ()),
        (
            "zh_CN",
            ("回访", "复查", "首次拜访", "周一", "周计划", "到期", "本次排不下"),
            ("Week plan", "due ", "Not this time", "follow-up", "re-check", "Mon "),
        ),
    ],
)
def test_the_plan_in_plain_text_says_each_purpose_in_words_of_the_language(
    cli: Cli, demo_db: Path, lang: str, words: tuple[str, ...], english_left: tuple[str, ...]
) -> None:
    args = ("--lang", lang, "plan", "--db", demo_db, "--from", "2026-11-30")
    planned = {v["purpose"] for d in cli(*args, "--json").json["days"] for v in d["visits"]}
    assert {"follow_up", "recheck", "first_visit"} <= planned  # the codes the plan holds
    out = cli(*args)
    assert out.code == 0, out.err
    assert CODES.search(out.out) is None, CODES.search(out.out)
    for text in words:
        assert text in out.out
    for text in english_left:
        assert text not in out.out
