"""`salesdesk payment plan|pay|list` (issue 20): plans, payments, what is due and overdue."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli, file_digest


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-01T10:00:00")


@pytest.fixture
def deal(cli: Cli, tmp_path: Path) -> tuple[Path, str, str]:
    db = tmp_path / "a.db"
    card = cli(
        "card", "add", "--db", db, "--name", "王敏", "--phone", "13812345678", "--grade", "A"
    ).out.strip()
    deal_id = cli(
        "deal", "add", "--db", db, card, "--amount", "120000", "--product", "机床",
        "--on", "2026-09-20",
    ).out.strip()  # fmt: skip
    return db, card, deal_id


def test_three_installments_one_paid_one_due_one_overdue(cli: Cli, deal: tuple) -> None:
    db, card, deal_id = deal
    plan = cli(
        "payment", "plan", "--db", db, deal_id, "--count", "3", "--every", "38", "--unit", "days",
        "--first", "2026-10-05", "--json",
    )  # fmt: skip
    assert plan.code == 0, plan.err
    dues = [(i["due_on"], i["amount"]) for i in plan.json["installments"]]
    assert dues == [("2026-10-05", 40000), ("2026-11-12", 40000), ("2026-12-20", 40000)]
    paid = cli("payment", "pay", "--db", db, deal_id, "--amount", "40,000", "--on", "2026-10-06",
               "--method", "transfer")  # fmt: skip
    assert paid.code == 0, paid.err
    listed = cli("payment", "list", "--db", db, "--card", card, "--json").json
    assert [i["status"] for i in listed[0]["installments"]] == ["paid", "overdue", "due"]
    assert listed[0]["outstanding"] == 80000
    assert listed[0]["payments"][0]["method"] == "transfer"
    # Collections: the overdue one (19 days) now, the third only within 20 days.
    due = cli("payment", "list", "--db", db, "--json").json
    assert [(d["installment"], d["days_overdue"], d["phone"]) for d in due] == [
        ("2/3", 19, "13812345678")
    ]
    later = cli("payment", "list", "--db", db, "--days", "20", "--json").json
    assert [d["installment"] for d in later] == ["2/3", "3/3"]
    text = cli("payment", "list", "--db", db, "--lang", "en").out
    assert "王敏" in text
    assert "19 days overdue" in text
    zh = cli("payment", "list", "--db", db, "--lang", "zh_CN").out
    assert "逾期 19 天" in zh
    agenda = cli("agenda", "--db", db, "--json").json
    assert [p["installment"] for p in agenda["payments"]] == ["2/3"]
    assert agenda["counts"]["payments"] == 1
    assert "待收款项 (1)" in cli("agenda", "--db", db, "--lang", "zh_CN").out
    kpis = cli("stats", "--db", db, "--json").json["kpis"]
    assert kpis["receivables_outstanding"] == 80000
    assert kpis["overdue_1_30"] == 40000
    assert kpis["collected"] == 40000


def test_an_installment_id_pays_what_is_left_of_it(cli: Cli, deal: tuple) -> None:
    db, _card, deal_id = deal
    plan = cli("payment", "plan", "--db", db, deal_id, "--installment", "2026-11-01:20000",
               "--installment", "2026-12-01:100000", "--json").json  # fmt: skip
    first, second = (i["id"] for i in plan["installments"])
    cli("payment", "pay", "--db", db, deal_id, "--amount", "5000")
    assert cli("payment", "pay", "--db", db, first).code == 0  # the 15,000 left of it
    half = cli("payment", "list", "--db", db, "--deal", deal_id, "--json").json[0]
    assert [i["status"] for i in half["installments"]] == ["paid", "due"]
    assert half["paid"] == 20000
    assert cli("payment", "pay", "--db", db, second).code == 0
    listed = cli("payment", "list", "--db", db, "--deal", deal_id, "--json").json[0]
    assert listed["paid"] == 120000
    assert [i["status"] for i in listed["installments"]] == ["paid", "paid"]


BAD = {
    "negative amount": ("pay", "{deal}", "--amount", "-5"),
    "zero amount": ("pay", "{deal}", "--amount", "0"),
    "amount not a number": ("pay", "{deal}", "--amount", "lots"),
    "more than is due": ("pay", "{deal}", "--amount", "120000.01"),
    "unknown deal": ("pay", "00000000-0000-4000-8000-000000000000", "--amount", "1"),
    "paid on an impossible day": ("pay", "{deal}", "--amount", "1", "--on", "2026-02-30"),
    "plan not adding up": ("plan", "{deal}", "--installment", "2026-12-01:100000"),
    "plan of a negative installment": (
        "plan", "{deal}", "--installment", "2026-12-01:-1", "--installment", "2026-12-02:120001",
    ),
    "plan installment without amount": ("plan", "{deal}", "--installment", "2026-12-01"),
    "zero installments": ("plan", "{deal}", "--count", "0"),
    "every zero days": ("plan", "{deal}", "--count", "3", "--every", "0"),
    "first day not a date": ("plan", "{deal}", "--count", "2", "--first", "soon"),
    "list for an unknown card": ("list", "--card", "00000000-0000-4000-8000-000000000000"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_gets_one_message_and_leaves_the_file_byte_identical(
    cli: Cli, deal: tuple, case: str
) -> None:
    db, _card, deal_id = deal
    assert cli("payment", "plan", "--db", db, deal_id, "--count", "2").code == 0
    cli("payment", "pay", "--db", db, deal_id, "--amount", "1000", "--on", "2026-11-01")
    command, *rest = BAD[case]
    args = [a.format(deal=deal_id) for a in rest]
    dump_before = cli("dump", "--db", db).out
    bytes_before = file_digest(db)
    for lang in ("en", "zh_CN"):
        cli("payment", command, "--db", db, *args, "--lang", lang).assert_user_error()
    assert cli("dump", "--db", db).out == dump_before
    assert file_digest(db) == bytes_before


def test_more_than_due_says_how_much_is_due_in_both_languages(cli: Cli, deal: tuple) -> None:
    db, _card, deal_id = deal
    cli("payment", "plan", "--db", db, deal_id)
    cli("payment", "pay", "--db", db, deal_id, "--amount", "100000")
    en = cli("payment", "pay", "--db", db, deal_id, "--amount", "30000").assert_user_error()
    assert en == "salesdesk: 30,000 is more than the 20,000 still due on this deal."
    zh = cli(
        "payment", "pay", "--db", db, deal_id, "--amount", "30000", "--lang", "zh_CN"
    ).assert_user_error()
    assert zh == "salesdesk: 30,000 超过了此成交尚未收取的 20,000。"
    bad = cli("payment", "plan", "--db", db, deal_id, "--installment", "2026-12-01:1",
              "--lang", "zh_CN").assert_user_error()  # fmt: skip
    assert bad == "salesdesk: 各期金额合计 1，与成交金额 120,000 不符。"


def test_a_deal_over_a_poor_customers_limit_asks_for_over_limit_and_notes_it(
    cli: Cli, tmp_path: Path
) -> None:
    db = tmp_path / "c.db"
    card = cli("card", "add", "--db", db, "--name", "赵六", "--credit", "poor").out.strip()
    deal = ("deal", "add", "--db", db, card, "--amount", "5000", "--product", "耗材")
    dump_before = cli("dump", "--db", db).out
    bytes_before = file_digest(db)
    refused = cli(*deal).assert_user_error()
    assert refused == (
        "salesdesk: 赵六's open balance would be 5,000, over the credit limit of 0 "
        "(open now: 0). Give --over-limit to save it anyway; the warning is noted on the deal."
    )
    zh = cli("--lang", "zh_CN", *deal).assert_user_error()
    assert zh.startswith("salesdesk: 赵六 的未收余额将达到 5,000，超过信用额度 0")
    assert cli("dump", "--db", db).out == dump_before
    assert file_digest(db) == bytes_before
    went_on = cli(*deal, "--over-limit")
    assert went_on.code == 0
    assert "over the credit limit" in went_on.err
    [row] = cli("dump", "--db", db).json["deal"]
    assert "Over the credit limit on 2026-12-01: open balance 5,000, limit 0." in row["note"]


def test_the_plan_counts_against_the_limit_and_the_cards_own_limit_wins(
    cli: Cli, tmp_path: Path
) -> None:
    db = tmp_path / "d.db"
    card = cli("card", "add", "--db", db, "--name", "钱七", "--credit", "normal").out.strip()
    first = cli("deal", "add", "--db", db, card, "--amount", "80000", "--product", "a").out.strip()
    assert cli("payment", "plan", "--db", db, first).code == 0  # 80,000 open: within 100,000
    add_second = ("deal", "add", "--db", db, card, "--amount", "30000", "--product", "b")
    over = cli(*add_second).assert_user_error()
    assert "open balance would be 110,000, over the credit limit of 100,000" in over
    # Paying 20,000 of the first brings the balance back within the limit.
    cli("payment", "pay", "--db", db, first, "--amount", "20000")
    deal = cli(*add_second).out.strip()
    assert cli("payment", "plan", "--db", db, deal).code == 0  # 60,000 + 30,000 open
    # The card's own limit overrides its standing's, and a new plan is checked against it.
    assert cli("card", "edit", "--db", db, card, "--credit-limit", "80000").code == 0
    replan = ("payment", "plan", "--db", db, deal, "--count", "2")
    assert "over the credit limit of 80,000" in cli(*replan).assert_user_error()
    assert cli(*replan, "--over-limit").code == 0
    notes = {d["id"]: d["note"] for d in cli("dump", "--db", db).json["deal"]}
    assert "limit 80,000." in notes[deal]
    assert cli("card", "edit", "--db", db, card, "--credit-limit", "").code == 0
    assert cli("deal", "add", "--db", db, card, "--amount", "1", "--product", "c").code == 0


def test_the_week_plan_lists_the_payments_to_collect_with_the_phone(cli: Cli, deal: tuple) -> None:
    db, _card, deal_id = deal
    cli("payment", "plan", "--db", db, deal_id, "--count", "3", "--every", "38", "--unit", "days",
        "--first", "2026-10-05")  # fmt: skip
    cli("payment", "pay", "--db", db, deal_id, "--amount", "40000", "--on", "2026-10-06")
    other = cli("card", "add", "--db", db, "--name", "李强", "--phone", "13900001111").out.strip()
    cli("card", "edit", "--db", db, other, "--owner", "周杰")
    theirs = cli("deal", "add", "--db", db, other, "--amount", "9000", "--product", "刀具",
                 "--on", "2026-11-01").out.strip()  # fmt: skip
    cli("payment", "plan", "--db", db, theirs, "--count", "1", "--first", "2026-12-03")
    # The week from 2026-12-01: the overdue second installment and 李强's due on the 3rd;
    # the third (2026-12-20) is beyond the week.
    week = cli("plan", "--db", db, "--from", "2026-12-01", "--owner", "", "--json")
    assert week.code == 0, week.err
    listed = [
        (p["name"], p["installment"], p["phone"], p["days_overdue"]) for p in week.json["payments"]
    ]
    assert listed == [("王敏", "2/3", "13812345678", 19), ("李强", "1/1", "13900001111", 0)]
    assert week.json["counts"]["payments"] == 2
    two = cli("plan", "--db", db, "--from", "2026-12-01", "--weeks", "3", "--owner", "", "--json")
    assert [p["installment"] for p in two.json["payments"]] == ["2/3", "1/1", "3/3"]
    # Someone's own week lists the payments of their own cards only.
    mine = cli("plan", "--db", db, "--from", "2026-12-01", "--owner", "周杰", "--json").json
    assert [p["name"] for p in mine["payments"]] == ["李强"]
    en = cli("--lang", "en", "plan", "--db", db, "--from", "2026-12-01", "--owner", "").out
    assert "Payments to collect (2)" in en
    line = next(x for x in en.splitlines() if "王敏" in x and "13812345678" in x)
    assert "40,000" in line
    assert "19 days overdue" in line
    zh = cli("--lang", "zh_CN", "plan", "--db", db, "--from", "2026-12-01", "--owner", "").out
    assert "待收款项 (2)" in zh
    assert "逾期 19 天" in zh


def test_credit_limits_are_shown_and_set_and_a_deal_then_asks(cli: Cli, deal: tuple) -> None:
    db, card, _deal_id = deal
    shown = cli("credit", "limits", "--db", db, "--json")
    assert shown.code == 0, shown.err
    assert shown.json == {"good": 500_000, "normal": 100_000, "poor": 0}
    text = cli("credit", "limits", "--db", db, "--lang", "en").out
    assert "Normal (normal): 100,000" in text
    done = cli("credit", "limits", "--db", db, "--set", "normal=50,000", "good=none", "--json")
    assert done.code == 0, done.err
    assert done.json == {"good": None, "normal": 50_000, "poor": 0}  # poor kept as it was
    zh = cli("credit", "limits", "--db", db, "--lang", "zh_CN").out
    assert "良好 (good): 不限" in zh
    assert "一般 (normal): 50,000" in zh
    # The window's Preferences and the credit check read the same setting.
    cli("card", "edit", "--db", db, card, "--credit", "normal")
    over = cli("deal", "add", "--db", db, card, "--amount", "60000", "--product", "刀具")
    over.assert_user_error()
    assert "50,000" in over.err


@pytest.mark.parametrize(
    ("pairs", "says"),
    [
        (["normal=-5"], "'-5' is not a credit limit for normal"),
        (["great=5"], "'great' is not a credit standing"),
        (["normal"], "'normal': write STANDING=AMOUNT"),
        (["poor=0", "good=lots"], "'lots' is not a credit limit for good"),
    ],
)
def test_bad_credit_limits_get_one_message_and_change_nothing(
    cli: Cli, deal: tuple, pairs: list[str], says: str
) -> None:
    db = deal[0]
    before = file_digest(db)
    bad = cli("credit", "limits", "--db", db, "--set", *pairs)
    bad.assert_user_error()
    assert says in bad.err
    assert len(bad.err.strip().splitlines()) == 1
    cli("credit", "limits", "--db", db, "--set", *pairs, "--lang", "zh_CN").assert_user_error()
    assert file_digest(db) == before
    assert cli("credit", "limits", "--db", db, "--json").json["normal"] == 100_000
