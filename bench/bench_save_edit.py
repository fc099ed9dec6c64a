"""Benchmark: save an edit with its change record through Session.edit_card (≤ 20 ms)."""

from __future__ import annotations

import argparse
import statistics

from _common import demo_database, percentile, report, timed

BUDGET_MS = 20.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=60)
    args = parser.parse_args()
    from salesdesk.models.tables import database_proxy
    from salesdesk.services.session import Session

    session = Session.open(demo_database(args.cards))
    ids = [
        r[0]
        for r in database_proxy.execute_sql(
            "SELECT id FROM card WHERE deleted = 0 ORDER BY sort_name LIMIT ?", (args.edits,)
        ).fetchall()
    ]
    session.card_list  # noqa: B018 -- the window keeps the list loaded; edits refresh it
    plain = [
        timed(lambda i=i, c=c: session.edit_card(c, {"notes": f"bench edit {i}"}))
        for i, c in enumerate(ids)
    ]
    # An edit of the name also recomputes the search text (pinyin) and the list row.
    named = [
        timed(lambda i=i, c=c: session.edit_card(c, {"name": f"测试客户{i}"}))
        for i, c in enumerate(ids[:20])
    ]
    session.close()
    print(
        f"  notes: median {statistics.median(plain):.1f} ms, p95 {percentile(plain, 0.95):.1f} ms"
    )
    print(
        f"  name:  median {statistics.median(named):.1f} ms, p95 {percentile(named, 0.95):.1f} ms"
    )
    report("save an edit (notes), median", statistics.median(plain), "ms", BUDGET_MS)
    report(
        "save an edit (notes), p95",
        percentile(plain, 0.95),
        "ms",
        BUDGET_MS,
        note="includes the fsync of the commit (synchronous=full)",
    )
    report(
        "save an edit (name, re-derives search), p95",
        percentile(named, 0.95),
        "ms",
        BUDGET_MS,
    )


if __name__ == "__main__":
    main()
