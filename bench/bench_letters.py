"""Benchmark: merge 1,000 letters to one PDF (DESIGN §7: ≤ 30 s).

The demo's first 1,000 cards with an address get the built-in Chinese thank-you
letter (fields from the card and its latest deal) through Qt's printing, as the
window and `salesdesk letter` write it. The floor is Qt alone printing the same
1,000 merged texts (QTextDocument to QPdfWriter), so the ratio is what reading the
cards and filling the template add.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import demo_database as demo_db
from _common import report

BUDGET_S = 30.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--letters", type=int, default=1_000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from salesdesk.services import letters
    from salesdesk.services.session import Session
    from salesdesk.ui.letterpdf import ensure_gui, save_letters_pdf

    ensure_gui()
    session = Session.open(demo_db(args.cards), read_only=True)
    ids = [
        row[0]
        for row in session.store.db.execute_sql(
            "SELECT id FROM card WHERE deleted = 0 AND address != '' ORDER BY rowid LIMIT ?",
            (args.letters,),
        )
    ]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "letters.pdf"
        started = time.perf_counter()
        store = session.store
        merged = letters.merge(letters.template("thank_you.zh_CN", store=store), ids, store=store)
        save_letters_pdf(letters.docx_texts(merged, store=store), out)
        figure = time.perf_counter() - started
        size = out.stat().st_size
        texts = [letter.text for letter in merged.letters]
        started = time.perf_counter()
        save_letters_pdf(texts, Path(folder) / "floor.pdf")
        floor = time.perf_counter() - started
    session.close()
    report(
        f"merge {len(merged.letters):,} letters to PDF",
        figure,
        "s",
        BUDGET_S,
        f"{size / 1e6:.1f} MB, {len(merged.letters)} pages; floor {floor:.1f} s (Qt printing the "
        f"same merged texts), {figure / max(floor, 1e-9):.2f}x",
    )


if __name__ == "__main__":
    main()
