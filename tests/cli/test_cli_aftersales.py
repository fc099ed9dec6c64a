"""After the sale from the command line: deals make customers, cases need a first response."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-23T10:00:00")


def test_a_deal_makes_a_customer_and_plans_an_after_sales_visit_a_week_later(
    cli: Cli, tmp_path: Path
) -> None:
    db = tmp_path / "a.db"
    card = cli("card", "add", "--db", db, "--name", "王芳", "--grade", "A").out.strip()
    before = cli("stats", "--db", db, "--json").json["customers"]
    deal = cli(
        "deal",
        "add",
        "--db",
        db,
        card,
        "--amount",
        "12,800.50",
        "--product",
        "年金险",
        "--on",
        "2026-11-23",
    )
    assert deal.code == 0
    assert cli("stats", "--db", db, "--json").json["customers"] == before + 1
    agenda = cli("agenda", "--db", db, "--date", "2026-11-30", "--days", "0", "--json").json
    [visit] = [i for i in agenda["today"] if i["purpose"] == "after_sales"]
    assert (visit["card_id"], visit["due"]) == (card, "2026-11-30")
    [row] = cli("dump", "--db", db).json["deal"]
    assert (row["amount"], row["product"], row["closed_on"]) == (12800.5, "年金险", "2026-11-23")


def test_an_unanswered_complaint_shows_on_the_agenda_until_answered(
    cli: Cli, tmp_path: Path
) -> None:
    db = tmp_path / "a.db"
    card = cli("card", "add", "--db", db, "--name", "Li Lei").out.strip()
    case = cli(
        "case",
        "open",
        "--db",
        db,
        card,
        "--kind",
        "complaint",
        "--content",
        "账单错误",
        "--at",
        "2026-11-21T09:00",
    ).out.strip()
    stats = cli("stats", "--db", db, "--json").json
    assert stats["open_cases"] == 1
    [item] = cli("agenda", "--db", db, "--json").json["cases"]
    assert (item["case_id"], item["kind"], item["hours_waiting"]) == (case, "complaint", 49)
    assert cli("case", "respond", "--db", db, case, "--text", "已致电").code == 0
    assert cli("agenda", "--db", db, "--json").json["cases"] == []
    assert cli("case", "resolve", "--db", db, case, "--text", "退款", "--satisfaction", 4).code == 0
    assert cli("stats", "--db", db, "--json").json["open_cases"] == 0
    upcoming = cli("agenda", "--db", db, "--json").json["upcoming"]
    assert [i["purpose"] for i in upcoming] == ["case_follow_up"]


@pytest.mark.parametrize(
    "args",
    [
        ("deal", "add", "{card}", "--amount", "lots", "--product", "x"),
        ("deal", "add", "{card}", "--amount", "-5", "--product", "x"),
        ("deal", "add", "{card}", "--amount", "5", "--product", " "),
        ("deal", "add", "no-such-card", "--amount", "5", "--product", "x"),
        ("deal", "add", "{card}", "--amount", "5", "--product", "x", "--on", "2026-02-30"),
        ("case", "open", "{card}", "--kind", "rant", "--content", "x"),
        ("case", "respond", "no-such-case"),
        ("case", "resolve", "{case}", "--satisfaction", "9"),
    ],
)
def test_bad_after_sales_input_is_one_message_and_changes_nothing(
    cli: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = tmp_path / "a.db"
    card = cli("card", "add", "--db", db, "--name", "x").out.strip()
    case = cli("case", "open", "--db", db, card, "--kind", "request", "--content", "c").out.strip()
    before = cli("dump", "--db", db).out
    filled = [a.format(card=card, case=case) for a in args]
    result = cli(*filled[:2], "--db", db, *filled[2:])
    assert result.code == 1
    assert "Traceback" not in result.err
    assert cli("dump", "--db", db).out == before
