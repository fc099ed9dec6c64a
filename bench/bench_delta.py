"""Benchmark: the sync file of a day's work for a known peer, on a 100,000-card book
(DESIGN §7, issue 23: under 1 MB, merged in under 1 s).

Two laptops hold the same demo book and each has merged a file of the other, so
each knows what the other holds. Laptop A then does a day's work (50 edits, 20
contacts logged), laptop B some of its own, and A writes its delta for B, which B
merges. Floors, measured in the same run: the bytes of the rows and change
records the delta carries (what any format must send), and the time SQLite takes
to copy those rows into B's file with no checks (a union with nothing else).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import demo_database as demo_db
from _common import report

SIZE_BUDGET_MB = 1.0
MERGE_BUDGET = 1.0
EXPORT_BUDGET = 3.0  # the sync-file export budget of DESIGN §7
FIELDS = ("notes", "company", "title", "area", "email")


def _day_of_work(
    path: Path,
    ids: list[str],
    edits: int,
    contacts: int,
    tag: str,
    *,
    passphrase: str | None = None,
) -> None:
    from salesdesk.services.session import Session

    rng = random.Random(tag)
    session = Session.open(path, passphrase=passphrase)
    try:
        for n, card_id in enumerate(rng.sample(ids, edits)):
            if n % 10 == 0:
                session.change_grade(card_id, "ABCDE"[n % 5], reason=f"{tag} 第{n}次调整")
            else:
                field = FIELDS[n % len(FIELDS)]
                value = f"{tag}{n}@example.cn" if field == "email" else f"{tag} 今天改的 {n}"
                session.edit_card(card_id, {field: value})
        for n, card_id in enumerate(rng.sample(ids, contacts)):
            session.log_contact(
                card_id, channel="phone", summary=f"{tag} 电话沟通，约了下周拜访 {n}"
            )
    finally:
        session.close()


def _payload_bytes(delta: Path) -> int:
    """The bytes of every value in the delta's rows and change records (the floor)."""
    total = 0
    with sqlite3.connect(delta) as con:
        for table in ("card", "contact", "visit", "deal", "service_case", "grade_change",
                      "card_image", "change"):  # fmt: skip
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            summed = " + ".join(f'coalesce(length(CAST("{c}" AS BLOB)), 0)' for c in columns)
            total += con.execute(f'SELECT coalesce(sum({summed}), 0) FROM "{table}"').fetchone()[0]
    con.close()
    return total


def _raw_union_seconds(target: Path, delta: Path) -> float:
    """Copy the delta's new rows and change records into the file, unchecked, rolled back."""
    con = sqlite3.connect(target)
    try:
        con.execute("ATTACH DATABASE ? AS d", (str(delta),))
        started = time.perf_counter()
        con.execute("BEGIN")
        for table in ("card", "contact", "visit", "deal", "service_case", "grade_change",
                      "card_image", "change"):  # fmt: skip
            con.execute(f'INSERT OR IGNORE INTO main."{table}" SELECT * FROM d."{table}"')
        seconds = time.perf_counter() - started
        con.execute("ROLLBACK")
    finally:
        con.close()
    return seconds


def day_sync(
    source: Path,
    root: Path,
    edits: int,
    contacts: int,
    *,
    passphrase: str | None = None,
    team: str | None = None,
) -> dict[str, Any]:
    """Two laptops from a copy of source each (in root) that know each other, a day's work
    on each, A's delta for B, B's merge of it: the figures main prints. An encrypted source
    is opened with `passphrase`, each copy keeps `team`, and the sync files go under it
    (bench_encryption); the floors are read with the sqlite3 module, so only of a plain book
    (None otherwise)."""
    from salesdesk.services.session import Session
    from salesdesk.services.settings import set_salesperson
    from salesdesk.sync.delta import export_for
    from salesdesk.sync.files import export_sync_file
    from salesdesk.sync.merge import merge_file

    a, b = root / "a" / "cards.db", root / "b" / "cards.db"
    for path in (a, b):
        path.parent.mkdir()
        shutil.copy(source, path)
    for path, name in ((a, "王敏"), (b, "李强")):
        session = Session.open(path, passphrase=passphrase)
        set_salesperson(session.store, name)  # each copy takes its own replica id
        if team is not None:
            from salesdesk.sync.team import set_team_passphrase

            set_team_passphrase(session.store, team)
        session.close()
    session = Session.open(a, read_only=True, passphrase=passphrase)
    ids = sorted(session.card_list.rows)
    session.close()
    # Files both ways, and back again: each knows the other holds its book (the daily
    # rhythm of two laptops that sync; the first exchange only teaches what each had).
    for src, dst in ((b, a), (a, b), (b, a)):
        session = Session.open(src, passphrase=passphrase)
        full = export_sync_file(session.store, root / "full.salesdesk", passphrase=team)
        session.close()
        session = Session.open(dst, passphrase=passphrase)
        merge_file(session.store, full, passphrase=team)
        session.close()
    full_mb = full.stat().st_size / 1e6
    full.unlink()

    _day_of_work(a, ids, edits, contacts, "A", passphrase=passphrase)
    _day_of_work(b, ids, edits // 2, contacts // 2, "B", passphrase=passphrase)
    os.sync()

    session = Session.open(a, passphrase=passphrase)
    started, started_cpu = time.perf_counter(), time.process_time()
    written = export_for(session.store, "李强", root / "a-for-b.salesdesk", passphrase=team)
    export_seconds = time.perf_counter() - started
    export_cpu = time.process_time() - started_cpu
    assert written.delta, "A knows what B holds: the file must be a delta"
    # The same delta with no mark to start from (every row's stamp read): the worst case.
    session.store.db.execute_sql("DELETE FROM meta WHERE key = 'delta_marks'")
    started = time.perf_counter()
    export_for(session.store, "李强", root / "unmarked.salesdesk", passphrase=team)
    unmarked_seconds = time.perf_counter() - started
    session.close()
    size_mb = written.size / 1e6
    floor_mb = floor_seconds = None
    if passphrase is None and team is None:
        floor_mb = _payload_bytes(written.path) / 1e6
        floor_seconds = _raw_union_seconds(b, written.path)

    from salesdesk.domain.search import search_text
    from salesdesk.models.backup import backup_database, backups

    search_text("张伟")  # pypinyin loaded, as in the window (a command pays ~0.5 s once)
    os.sync()
    import salesdesk.sync.merge as merging

    in_merge: list[float] = []  # the backup the merge takes, timed inside it
    in_merge_cpu: list[float] = []  # and its processor time (this process)

    def timed_backup(*args: object, **kwargs: object) -> Path:
        began, began_cpu = time.perf_counter(), time.process_time()
        made = backup_database(*args, **kwargs)  # type: ignore[arg-type]
        in_merge.append(time.perf_counter() - began)
        in_merge_cpu.append(time.process_time() - began_cpu)
        return made

    if team is not None:
        from salesdesk.models.cipher import forget_keys

        forget_keys()  # B is another laptop: no key of A's file derived in its process
    merging.backup_database = timed_backup  # type: ignore[assignment]
    try:
        session = Session.open(b, passphrase=passphrase)
        kept = backups(b)[0]
        started, started_cpu = time.perf_counter(), time.process_time()
        merged = merge_file(session.store, written.path, passphrase=team)
        merge_seconds = time.perf_counter() - started
        merge_cpu = time.process_time() - started_cpu
    finally:
        merging.backup_database = backup_database
    assert merged.delta
    # B worked since its last backup: the merge is preceded by a fresh one (DESIGN §4).
    taken = backups(b)[0]
    assert taken != kept, "a merge after edits takes its backup"
    kind = "differential" if getattr(taken, "base", None) else "full"
    started, started_cpu = time.perf_counter(), time.process_time()
    backup_database(session.store.db, b, reason="bench")
    backup_seconds = time.perf_counter() - started
    backup_cpu = time.process_time() - started_cpu
    session.close()
    return {
        "full_mb": full_mb,
        "written": written,
        "size_mb": size_mb,
        "floor_mb": floor_mb,
        "floor_seconds": floor_seconds,
        "export_seconds": export_seconds,
        "export_cpu": export_cpu,
        "unmarked_seconds": unmarked_seconds,
        "merged": merged,
        "merge_seconds": merge_seconds,
        "merge_cpu": merge_cpu,
        "in_merge": sum(in_merge),
        "in_merge_cpu": sum(in_merge_cpu),
        "taken": taken,
        "kind": kind,
        "backup_seconds": backup_seconds,
        "backup_cpu": backup_cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--contacts", type=int, default=20)
    args = parser.parse_args()
    source = demo_db(args.cards)
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    print(f"uptime: {uptime.strip()}", flush=True)
    with tempfile.TemporaryDirectory(dir=os.environ.get("SALESDESK_BENCH_TMP")) as scratch:
        root = Path(scratch)
        os.environ["SALESDESK_DATA_DIR"] = str(root / "data")
        os.environ["SALESDESK_CONFIG_DIR"] = str(root / "config")
        got = day_sync(source, root, args.edits, args.contacts)
    full_mb, written, size_mb = got["full_mb"], got["written"], got["size_mb"]
    floor_mb, floor_seconds, merged = got["floor_mb"], got["floor_seconds"], got["merged"]
    merge_seconds, merge_cpu, kind, taken = (
        got["merge_seconds"],
        got["merge_cpu"],
        got["kind"],
        got["taken"],
    )
    in_merge, in_merge_cpu = [got["in_merge"]], [got["in_merge_cpu"]]
    export_seconds, unmarked_seconds = got["export_seconds"], got["unmarked_seconds"]
    backup_seconds, backup_cpu = got["backup_seconds"], got["backup_cpu"]
    print(f"the full sync file of the same book: {full_mb:.0f} MB")
    size_note = (
        f"floor {floor_mb * 1000:.1f} KB (the bytes of the rows and changes it carries), "
        f"{size_mb / floor_mb:.1f}x; {written.changes} changes, {written.rows} rows; "
        f"the full file {full_mb:.0f} MB"
    )
    report(
        f"delta file of a day's work ({args.edits} edits, {args.contacts} contacts), "
        f"{args.cards:,} cards",
        size_mb,
        "MB",
        SIZE_BUDGET_MB,
        size_note,
    )
    print(f"  {size_note}")
    alone = merge_seconds - sum(in_merge)
    merge_note = (
        f"floor {floor_seconds * 1000:.0f} ms (raw INSERT of its rows, unchecked); "
        f"the backup before it {sum(in_merge):.1f} s ({kind}: B edited since its last "
        f"one, DESIGN §4), the merge itself {alone:.2f} s, {alone / max(floor_seconds, 1e-6):.0f}x "
        f"the floor; {merged.new} new, {merged.updated} updated, {merged.conflicts} conflicts"
    )
    report("merge of that delta, with its backup", merge_seconds, "s", MERGE_BUDGET, merge_note)
    print(f"  {merge_note}")
    print(
        f"  the backup before it: {kind}, {taken.size / 1e6:.2f} MB, {sum(in_merge):.2f} s wall, "
        f"{sum(in_merge_cpu):.2f} s cpu; the merge with it {merge_seconds:.2f} s wall, "
        f"{merge_cpu:.2f} s cpu (processor time of this process)"
    )
    print(
        "  a merge with nothing written since the newest backup (the daily one at start) "
        f"takes no new one: {alone:.2f} s; a full backup of this book alone, again: "
        f"{backup_seconds:.1f} s wall, {backup_cpu:.2f} s cpu"
    )
    report("delta export (reads the book for what B lacks)", export_seconds, "s", EXPORT_BUDGET)
    print(
        f"  without a mark of an earlier sync to start from it reads every row's stamp: "
        f"{unmarked_seconds:.1f} s"
    )
    after = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    print(f"uptime: {after.strip()}")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print("(the machine was loaded: other work shared the cores while this ran)")


if __name__ == "__main__":
    main()
