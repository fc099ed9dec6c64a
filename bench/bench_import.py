"""Benchmark: import a 200,000-row CSV of Chinese names, companies and phones (DESIGN §7).

Budgets: import ≤ 20 s and ≤ 300 MB peak, dry run ≤ 8 s, re-import of the same file
(every row a duplicate) ≤ 10 s. Each figure is printed beside its floor, measured in
the same run: reading the same file with the csv module and inserting the same rows
with executemany into SQLite. Each step runs `salesdesk import` in its own process,
so the peak memory (ru_maxrss) is that step's alone.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CACHE, report

IMPORT_BUDGET = 20.0
IMPORT_MEMORY_BUDGET = 300.0
DRY_RUN_BUDGET = 8.0
REIMPORT_BUDGET = 10.0

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英玉兰萍毅浩宇轩然凯帆辉鹏华飞鑫波斌宁琳建国建华志强海燕晓东晓明子涵雨欣梓萱思远"  # noqa: E501
_CITY_WORDS = [
    "华信",
    "东方",
    "远航",
    "恒通",
    "金鼎",
    "瑞丰",
    "宏达",
    "新世纪",
    "博远",
    "联创",
    "天合",
    "中科",
    "安泰",
    "永盛",
    "嘉禾",
    "汇丰",
    "鼎盛",
    "诚信",
    "德润",
    "启明",
]
_TRADES = ["贸易", "科技", "机电", "物流", "建材", "医药", "食品", "电子", "化工", "服饰"]
_AREAS = [
    "浦东新区",
    "徐汇区",
    "静安区",
    "黄浦区",
    "长宁区",
    "普陀区",
    "虹口区",
    "杨浦区",
    "闵行区",
    "宝山区",
    "嘉定区",
    "松江区",
]
_HEADER = ["姓名", "公司", "职务", "手机", "邮箱", "微信", "区域", "等级", "地址", "备注"]
_TITLES = ["采购经理", "总经理", "财务主管", "行政助理", "销售总监", "技术工程师"]
_STREETS = [
    "漕溪北路",
    "世纪大道",
    "南京西路",
    "淮海中路",
    "长宁路",
    "曹杨路",
    "四平路",
    "沪闵路",
    "宝杨路",
    "嘉松北路",
]
_NOTES = (
    "周三下午有空，喜欢喝茶，孩子在读初中，年底前考虑续保",
    "老客户介绍，关注养老规划，已经约好下个月面谈",
    "",
)


def make_file(path: Path, rows: int, seed: int = 1) -> None:
    """A customer list as Chinese Excel users save it: UTF-8 with BOM, comma, CRLF; about
    300 bytes a row (60 MB for 200,000), every person with a mobile of their own."""
    rng = random.Random(seed)
    mobiles = rng.sample(range(10**9), rows)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(_HEADER)
        for n in range(rows):
            given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.6 else "")
            name = rng.choice(_SURNAMES) + given
            company = f"上海{rng.choice(_CITY_WORDS)}{rng.choice(_TRADES)}有限公司{n % 5000}"
            mobile = f"1{rng.choice('3456789')}{mobiles[n]:09d}"
            area = rng.choice(_AREAS)
            writer.writerow(
                [
                    name,
                    company,
                    rng.choice(_TITLES),
                    mobile,
                    f"user{n}@example{n % 97}.com.cn",
                    f"wx_{mobiles[n]:09d}",
                    area,
                    rng.choice("ABCDEF"),
                    f"上海市{area}{rng.choice(_STREETS)}{rng.randint(1, 999)}弄"
                    f"{rng.randint(1, 99)}号{rng.randint(101, 2999)}室（近地铁站，停车方便）",
                    rng.choice(_NOTES),
                ]
            )


def floor_seconds(path: Path, scratch: Path) -> float:
    """The csv module reading the file and executemany inserting its rows: no cleverness."""
    started = time.perf_counter()
    db = sqlite3.connect(scratch / "floor.db")
    db.execute(
        "CREATE TABLE card (id TEXT PRIMARY KEY, name TEXT, company TEXT, title TEXT, "
        "phones TEXT, email TEXT, wechat TEXT, area TEXT, grade TEXT, address TEXT, notes TEXT)"
    )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        with db:
            db.executemany(
                "INSERT INTO card VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((str(n), *row) for n, row in enumerate(reader)),
            )
    db.close()
    return time.perf_counter() - started


def run_import(db: Path, path: Path, *extra: str) -> tuple[float, float]:
    """Seconds and peak MB of one `salesdesk import` in its own process (its CPU seconds
    are printed too: on a loaded machine they say more than the wall clock)."""
    took, peak, _ = timed_import(db, path, *extra)
    return took, peak


def timed_import(
    db: Path, path: Path, *extra: str, passphrase: str | None = None
) -> tuple[float, float, float]:
    """run_import's seconds, peak MB and processor seconds (of that process); an encrypted
    db is opened with `passphrase`, handed over as a user would: in an environment variable
    named with --passphrase-env (bench_encryption)."""
    env = dict(os.environ)
    if passphrase is not None:
        env["SALESDESK_BENCH_PASSPHRASE"] = passphrase
        extra = ("--passphrase-env", "SALESDESK_BENCH_PASSPHRASE", *extra)
    code = (
        "import resource, sys, time\n"
        "from salesdesk.cli import main\n"
        "started = time.perf_counter()\n"
        "cpu = time.process_time()\n"
        "code = main(sys.argv[1:])\n"
        "took = time.perf_counter() - started\n"
        "cpu = time.process_time() - cpu\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(f'BENCH {took:.3f} {peak:.1f} {cpu:.3f}', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "import", "--db", str(db), str(path), *extra],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    line = [x for x in done.stderr.splitlines() if x.startswith("BENCH ")]
    if done.returncode != 0 or not line:
        raise RuntimeError(f"import failed: {done.stderr[-2000:]}")
    _, took, peak, cpu = line[-1].split()
    print(done.stdout.splitlines()[0] if done.stdout else "", flush=True)
    print(f"  ({float(cpu):.1f} s of CPU; {_uptime()})", flush=True)
    return float(took), float(peak), float(cpu)


def _uptime() -> str:
    """The load beside each figure: on a shared machine a figure means little without it."""
    try:
        return subprocess.run(
            ["uptime"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        load = os.getloadavg() if hasattr(os, "getloadavg") else ()
        return "load average " + ", ".join(f"{x:.2f}" for x in load)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    source = CACHE / f"import-v2-{args.rows}.csv"
    if not source.exists():
        print(f"making {source.name} …", file=sys.stderr, flush=True)
        make_file(source, args.rows)
    size = source.stat().st_size / 1e6
    print(f"{source.name}: {args.rows:,} rows, {size:.0f} MB", flush=True)
    print(f"before: {_uptime()}", flush=True)
    rows = f"{args.rows:,}-row CSV"
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        os.environ["SALESDESK_DATA_DIR"] = str(scratch / "data")
        os.environ["SALESDESK_CONFIG_DIR"] = str(scratch / "config")
        floor = floor_seconds(source, scratch)
        floor_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"floor (csv module + executemany): {floor:.2f} s", flush=True)
        db = scratch / "cards.db"
        dry, dry_peak = run_import(db, source, "--dry-run")
        report(
            f"import dry run, {rows}",
            dry,
            "s",
            DRY_RUN_BUDGET,
            note=f"floor {floor:.2f} s, {dry / floor:.1f}x; peak {dry_peak:.0f} MB",
        )
        print(f"  floor {floor:.2f} s, ratio {dry / floor:.1f}x; peak {dry_peak:.0f} MB")
        took, peak = run_import(db, source)
        report(
            f"import {rows}",
            took,
            "s",
            IMPORT_BUDGET,
            note=f"floor {floor:.2f} s, {took / floor:.1f}x",
        )
        print(f"  floor {floor:.2f} s, ratio {took / floor:.1f}x")
        report(
            f"import {rows}, peak memory",
            peak,
            "MB",
            IMPORT_MEMORY_BUDGET,
            note=f"floor process {floor_peak:.0f} MB",
        )
        print(f"  floor process peak {floor_peak:.0f} MB, ratio {peak / floor_peak:.1f}x")
        again, again_peak = run_import(db, source)
        report(
            "re-import of the same file (all duplicates)",
            again,
            "s",
            REIMPORT_BUDGET,
            note=f"floor {floor:.2f} s, {again / floor:.1f}x; peak {again_peak:.0f} MB",
        )
        print(f"  floor {floor:.2f} s, ratio {again / floor:.1f}x; peak {again_peak:.0f} MB")
    print(f"after: {_uptime()}", flush=True)


if __name__ == "__main__":
    main()
