"""Benchmark: the encrypted database (SQLCipher) beside the plain one (issue 22, DESIGN §7).

The same demo database, plain and encrypted (a checked sqlcipher_export copy), measured
side by side in one run: open (file, key, schema check) with the card list loaded, search
as you type, save an edit with its change record, the agenda of a day, a backup, a sync
file, and the workbook (cards + a year of contacts). Prints each pair, the ratio, and the
budget the encrypted figure must meet; `uptime` beside them says how loaded the machine was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from _common import CACHE, demo_database, percentile, report

PASSPHRASE = "bench passphrase 22"


def encrypted_copy(plain: Path) -> Path:
    from salesdesk.models.cipher import copy_file

    target = CACHE / f"{plain.stem}-encrypted.db"
    if not target.exists():
        partial = target.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        copy_file(plain, None, partial, PASSPHRASE)
        partial.rename(target)
    return target


def _ms(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def measure(path: Path, key: str | None, *, export: bool, days: int) -> dict[str, float]:
    from salesdesk.models.backup import snapshot
    from salesdesk.services.cardlist import CardFilter
    from salesdesk.services.session import Session
    from salesdesk.sync.files import export_sync_file

    figures: dict[str, float] = {}
    opens = []
    for _ in range(3):
        started = time.perf_counter()
        session = Session.open(path, read_only=True, passphrase=key)
        session.card_list  # noqa: B018 -- what the window needs before it shows
        opens.append((time.perf_counter() - started) * 1000)
        session.close()
    figures["open + card list (ms)"] = statistics.median(opens)

    session = Session.open(path, passphrase=key)
    try:
        cards = session.card_list
        cards.query(CardFilter())
        cards.prepare_search()
        typed = ["王", "王芳", "z", "zh", "zha", "138", "1380", "上海 王"]
        searches = [_ms(lambda t=t: cards.query(CardFilter(text=t))) for t in typed * 3]
        figures["search a keystroke, p95 (ms)"] = percentile(searches, 0.95)
        ids = [
            r[0]
            for r in session.store.db.execute_sql(
                "SELECT id FROM card WHERE deleted = 0 ORDER BY sort_name LIMIT 40"
            ).fetchall()
        ]
        saves = [
            _ms(lambda i=i, c=c: session.edit_card(c, {"notes": f"bench {i}"}))
            for i, c in enumerate(ids)
        ]
        figures["save an edit, p95 (ms)"] = percentile(saves, 0.95)
        day = session.today()
        agendas = [_ms(lambda: session.agenda(day)) for _ in range(5)]
        figures["agenda of a day, median (ms)"] = statistics.median(agendas)
        with tempfile.TemporaryDirectory(prefix="salesdesk-bench-") as tmp:
            folder = Path(tmp)
            figures["backup (ms)"] = _ms(lambda: snapshot(session.store.db, folder / "b.db"))
            figures["sync file (ms)"] = _ms(
                lambda: export_sync_file(session.store, folder / "x.salesdesk")
            )
            if export:
                from salesdesk.io.xlsx import export_workbook

                figures["workbook (s)"] = (
                    _ms(
                        lambda: export_workbook(
                            folder / "w.xlsx",
                            date_from=day - timedelta(days=days),
                            date_to=day,
                            store=session.store,
                        )
                    )
                    / 1000
                )
    finally:
        session.close()
    return figures


BUDGETS = {
    "open + card list (ms)": 1000.0,
    "search a keystroke, p95 (ms)": 50.0,
    "save an edit, p95 (ms)": 20.0,
    "agenda of a day, median (ms)": 50.0,
    "backup (ms)": 3000.0,
    "sync file (ms)": 3000.0,
    "workbook (s)": 45.0,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--no-export", action="store_true", help="leave the workbook out")
    parser.add_argument("--days", type=int, default=365, help="contact log in the workbook")
    args = parser.parse_args()
    plain_source = demo_database(args.cards)
    encrypted_source = encrypted_copy(plain_source)
    with tempfile.TemporaryDirectory(prefix="salesdesk-bench-") as tmp:
        # Edits and backups go to copies: the cached databases stay as made.
        plain = Path(tmp) / "plain.db"
        encrypted = Path(tmp) / "encrypted.db"
        shutil.copyfile(plain_source, plain)
        shutil.copyfile(encrypted_source, encrypted)
        measured_plain = measure(plain, None, export=not args.no_export, days=args.days)
        measured_encrypted = measure(
            encrypted, PASSPHRASE, export=not args.no_export, days=args.days
        )
    print(f"{args.cards:,} cards; plain vs encrypted (SQLCipher 4, PBKDF2 key at each open)")
    print(f"{'what':32} {'plain':>10} {'encrypted':>10} {'ratio':>7} {'budget':>8}")
    for name, budget in BUDGETS.items():
        if name not in measured_plain:
            continue
        a, b = measured_plain[name], measured_encrypted[name]
        ratio = b / a if a else float("nan")
        print(f"{name:32} {a:10.1f} {b:10.1f} {ratio:6.2f}x {budget:8.0f}")
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    print(f"uptime: {uptime.strip()}  (cores: {os.cpu_count()})")
    for name, budget in BUDGETS.items():
        if name in measured_encrypted:
            unit = "s" if name.endswith("(s)") else "ms"
            report(
                f"encrypted: {name.rsplit(' (', 1)[0]}",
                measured_encrypted[name],
                unit,
                budget,
                note=f"plain {measured_plain[name]:.1f} {unit}, same run",
            )


if __name__ == "__main__":
    main()
