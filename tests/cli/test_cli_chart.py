"""`salesdesk chart` writes real charts; `stats --json` carries the KPIs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.cli.conftest import Cli


@pytest.fixture
def history(cli: Cli, card_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """张伟 (made 1 Mar 2025 as F, B the same day) climbs to A on 10 Mar after a visit."""
    db, card_id = card_db
    logged = cli(
        "contact",
        "log",
        "--db",
        db,
        card_id,
        "--channel",
        "visit",
        "--summary",
        "签约意向",
        "--grade",
        "A",
        "--at",
        "2025-03-10T10:00",
    )
    assert logged.code == 0, logged.err
    monkeypatch.setenv("SALESDESK_NOW", "2025-03-31T09:00:00")
    return db


@pytest.mark.parametrize("kind", ["grades-over-time", "movement", "time-to-a", "visits"])
def test_each_kind_writes_a_png(cli: Cli, history: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.png"
    done = cli("chart", "--db", history, "--kind", kind, "--out", out, "--period", "3m")
    assert done.code == 0, done.err
    assert out.read_bytes().startswith(b"\x89PNG")
    assert "2025-01-01 to 2025-03-31" in done.err


def test_card_path_in_chinese_as_svg(
    cli: Cli, history: Path, card_db: tuple[Path, str], tmp_path: Path
) -> None:
    out = tmp_path / "path.svg"
    done = cli(
        "chart",
        "--db",
        history,
        "--kind",
        "card-path",
        "--card",
        card_db[1],
        "--out",
        out,
        "--lang",
        "zh_CN",
    )
    assert done.code == 0, done.err
    assert "<svg" in out.read_text(encoding="utf-8")


def test_card_path_needs_a_card(cli: Cli, history: Path, tmp_path: Path) -> None:
    done = cli("chart", "--db", history, "--kind", "card-path", "--out", tmp_path / "p.png")
    assert "--card" in done.assert_user_error()
    assert not (tmp_path / "p.png").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--out", "chart.jpg"), ".png or .svg"),
        (("--from", "2025-03-01", "--to", "2025-01-01"), "after it ends"),
        (("--from", "March"), "not a date"),
        (("--card", "nope", "--kind", "card-path"), "No card"),
    ],
)
def test_bad_input_is_one_clear_message(
    cli: Cli, history: Path, tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    base = {"--kind": "movement", "--out": str(tmp_path / "c.png")}
    rest = list(args)
    for key in ("--kind", "--out"):
        if key in rest:
            i = rest.index(key)
            base[key] = rest[i + 1] if key == "--kind" else str(tmp_path / rest[i + 1])
            del rest[i : i + 2]
    done = cli("chart", "--db", history, *[x for kv in base.items() for x in kv], *rest)
    assert words in done.assert_user_error()


def test_missing_database_is_refused(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    done = cli("chart", "--db", missing, "--kind", "movement", "--out", tmp_path / "c.png")
    assert "does not exist" in done.assert_user_error()
    assert not missing.exists()


def test_stats_json_has_the_kpis(cli: Cli, history: Path, fixed_now: datetime) -> None:
    kpis = cli("stats", "--db", history, "--json").json["kpis"]
    assert kpis["period"] == {"kind": "12m", "from": "2024-04-01", "to": "2025-03-31"}
    assert kpis["cards_by_grade"]["A"] == 1
    assert kpis["promotions"] == 2  # F2 → B, B → A
    assert kpis["demotions"] == 0
    assert kpis["new_cards_per_month"]["2025-03"] == 1
