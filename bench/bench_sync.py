"""Benchmark: sync-file export of the whole database, and a merge of a 100,000-card file
with 1,000 edits on each side (DESIGN §7: ≤ 3 s and ≤ 10 s).

Two laptops start from one demo database; each edits 1,000 cards (a tenth of them
the same cards, so conflicts are part of the work), then laptop B merges A's file.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import demo_database as demo_db
from _common import report

EXPORT_BUDGET = 3.0
MERGE_BUDGET = 10.0


def _edit(path: Path, card_ids: list[str], tag: str) -> None:
    from salesdesk.services.session import Session

    session = Session.open(path)
    try:
        for n, card_id in enumerate(card_ids):
            if n % 3 == 0:
                session.change_grade(card_id, "ABCDE"[n % 5], reason=f"{tag} {n}")
            else:
                session.edit_card(card_id, {"notes": f"{tag} note {n}"})
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=1_000)
    args = parser.parse_args()
    source = demo_db(args.cards)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        os.environ["SALESDESK_DATA_DIR"] = str(root / "data")
        os.environ["SALESDESK_CONFIG_DIR"] = str(root / "config")
        a, b = root / "a" / "cards.db", root / "b" / "cards.db"
        for path in (a, b):
            path.parent.mkdir()
            shutil.copy(source, path)
        from salesdesk.services.session import Session

        session = Session.open(a, read_only=True)
        ids = sorted(session.card_list.rows)
        session.close()
        rng = random.Random(7)
        picked_a = rng.sample(ids, args.edits)
        shared = picked_a[: args.edits // 10]
        picked_b = shared + rng.sample(ids, args.edits - len(shared))
        _edit(a, picked_a, "A")
        _edit(b, picked_b, "B")

        from salesdesk.sync.files import export_sync_file
        from salesdesk.sync.merge import merge_file

        # The setup just wrote two 690 MB copies: let the disk finish them, or the
        # timed work would wait behind their write-back instead of its own.
        os.sync()
        session = Session.open(a)
        started = time.perf_counter()
        sync_file = export_sync_file(session.store, root / "a.salesdesk")
        export_seconds = time.perf_counter() - started
        session.close()
        size_mb = sync_file.stat().st_size / 1e6

        os.sync()
        session = Session.open(b)
        started = time.perf_counter()
        report_ = merge_file(session.store, sync_file)
        merge_seconds = time.perf_counter() - started
        session.close()
    report("sync-file export", export_seconds, "s", EXPORT_BUDGET, f"{size_mb:.0f} MB file")
    report(
        f"merge, {args.edits} edits a side",
        merge_seconds,
        "s",
        MERGE_BUDGET,
        f"{report_.updated} updated, {report_.conflicts} conflicts, "
        f"{report_.new_changes} new changes",
    )


if __name__ == "__main__":
    main()
