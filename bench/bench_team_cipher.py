"""Benchmark: a team sync file under SQLCipher's defaults beside one under the team settings
(cipher.TEAM_CIPHER), from the same encrypted book in one run (issue 22, DESIGN §7).

For each: writing the whole-book file under the team passphrase (export_sync_file), and the
check a merge makes of it before reading it (prepare_incoming: copy, key, page count,
quick_check, schema), as wall and processor time. The floor beside them: the same book's
plain sync file and the same check of it. Run twice on a loaded machine; compare the
processor times.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import demo_database, report
from bench_encryption import PASSPHRASE, TEAM, encrypted_copy


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # `cp` of the byte copies
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(work: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    work()
    return time.perf_counter() - wall, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    from salesdesk.models import cipher
    from salesdesk.models.backup import merge_scratch
    from salesdesk.services.session import Session
    from salesdesk.sync.files import export_sync_file, prepare_incoming

    plain_book = demo_database(args.cards)
    book = encrypted_copy(plain_book)
    team_settings = cipher.TEAM_CIPHER
    rows: list[tuple[str, float, float, float, float, int]] = []
    with tempfile.TemporaryDirectory(prefix="salesdesk-bench-") as tmp:
        # Sessions open copies (writers may stamp their meta): the cached books stay as made.
        copies = {plain_book: Path(tmp) / "plain.db", book: Path(tmp) / "encrypted.db"}
        for source, copy in copies.items():
            shutil.copyfile(source, copy)
        target = Path(tmp) / "x.salesdesk"
        for label, path, key, team, settings in (
            ("plain (floor)", copies[plain_book], None, None, ()),
            ("team, SQLCipher defaults", copies[book], PASSPHRASE, TEAM, ()),
            ("team, TEAM_CIPHER", copies[book], PASSPHRASE, TEAM, team_settings),
        ):
            cipher.TEAM_CIPHER = settings
            session = Session.open(path, passphrase=key)
            try:
                w_wall, w_cpu = _timed(
                    lambda s=session, t=team: export_sync_file(s.store, target, passphrase=t)
                )
            finally:
                session.close()
            # The reader is another laptop: no key derived for this file in its process.
            cipher.forget_keys()
            with merge_scratch() as scratch:
                c_wall, c_cpu = _timed(
                    lambda s=scratch, t=team, e=key is not None: prepare_incoming(
                        target, s, t, keep_encrypted=e
                    )
                )
            rows.append((label, w_wall, w_cpu, c_wall, c_cpu, target.stat().st_size))
            target.unlink()
    cipher.TEAM_CIPHER = team_settings
    print(f"{args.cards:,} cards, encrypted book; seconds (wall / processor)")
    print(f"{'file':28} {'write':>15} {'check':>15} {'MB':>7}")
    for label, ww, wc, cw, cc, size in rows:
        print(f"{label:28} {ww:6.2f} / {wc:6.2f} {cw:6.2f} / {cc:6.2f} {size / 1e6:7.0f}")
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    print(f"uptime: {uptime.strip()}  (cores: {os.cpu_count()})")
    floor = rows[0]
    for label, ww, _wc, cw, _cc, _size in rows[1:]:
        report(f"team sync file, {label}", ww * 1000, "ms", 3000, note=f"floor {floor[1]:.2f} s")
        # The check is the first part of a merge: its budget is the merge's (DESIGN §7).
        report(f"check of it, {label}", cw * 1000, "ms", 10000, note=f"floor {floor[3]:.2f} s")


if __name__ == "__main__":
    main()
