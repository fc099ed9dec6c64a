"""The PyInstaller build: dist/salesdesk/ starts, renders, exports and keeps its files right."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from salesdesk import APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "salesdesk"
PROGRAM = DIST / ("salesdesk.exe" if os.name == "nt" else "salesdesk")
# Building takes a minute or more: a build made from the same sources and spec is reused.
STAMP = ROOT / "build" / "frozen-sources.sha256"
SOURCES = ("salesdesk/**/*.py", "resources/**/*", "packaging/*", "pyproject.toml")

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.slow,
    pytest.mark.timeout(1800),  # a first build on a slow CI machine
    pytest.mark.skipif(sys.platform == "darwin", reason="macOS builds an .app bundle"),
]


def sources_hash() -> str:
    digest = hashlib.sha256()
    files = {p for pattern in SOURCES for p in ROOT.glob(pattern) if p.is_file()}
    for path in sorted(files):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def frozen() -> Path:
    """The built program, built now unless the build on disk is of these very sources."""
    wanted = sources_hash()
    if not (PROGRAM.exists() and STAMP.exists() and STAMP.read_text() == wanted):
        STAMP.unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "build.py")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
        STAMP.parent.mkdir(parents=True, exist_ok=True)
        STAMP.write_text(wanted)
    assert PROGRAM.exists()
    return PROGRAM


def run(
    program: Path, *args: str | Path, env: dict[str, str] | None = None, cwd: Path
) -> subprocess.CompletedProcess[str]:
    # The frozen program must not lean on this checkout or its virtualenv.
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    clean["PATH"] = os.pathsep.join(
        p for p in clean.get("PATH", "").split(os.pathsep) if ".venv" not in p
    )
    return subprocess.run(
        [str(program), *map(str, args)],
        cwd=cwd,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_version_comes_from_the_package(frozen: Path, tmp_path: Path) -> None:
    done = run(frozen, "--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{APP_NAME} {__version__}"


def test_selftest_renders_every_view_offscreen(frozen: Path, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    done = run(
        frozen,
        "selftest",
        "--screenshots",
        shots,
        env={"QT_QPA_PLATFORM": "offscreen"},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "every view rendered" in done.stderr
    pngs = sorted(shots.glob("*.png"))
    assert len(pngs) >= 10, [p.name for p in pngs]
    for png in pngs:
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), png.name
        assert len(data) > 2000, png.name  # not a blank image


def test_bundle_carries_resources_and_translations(frozen: Path) -> None:
    bundled = frozen.parent / "_internal" / "resources"
    assert (bundled / "icons" / "salesdesk.svg").is_file()
    ours = {p.name for p in (ROOT / "resources" / "translations").glob("*.qm")}
    assert {p.name for p in bundled.glob("translations/*.qm")} == ours
    # Qt's own strings (dialog buttons) in Chinese; no other languages shipped.
    qt_translations = {p.name for p in frozen.parent.rglob("qtbase_*.qm")}
    assert "qtbase_zh_CN.qm" in qt_translations
    assert qt_translations <= {"qtbase_zh_CN.qm", "qtbase_en.qm"}


def test_demo_then_export_writes_a_workbook(frozen: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    made = run(frozen, "demo", "--db", db, "--cards", "60", "--seed", "3", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    out = tmp_path / "cards.xlsx"
    done = run(frozen, "export", "--db", db, "--out", out, "--lang", "en", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    assert {"Cards", "Contact log", "Grade history"} <= set(book.sheetnames)
    names = [row[0] for row in book["Cards"].iter_rows(min_row=2, max_col=1, values_only=True)]
    assert len([n for n in names if n]) == 60
    book.close()


def test_a_pdf_and_a_heic_of_scanned_cards_are_read(frozen: Path, tmp_path: Path) -> None:
    """The OCR models, PDFium and libheif are in the bundle: a card is read from each."""
    import json

    from pillow_heif import register_heif_opener

    from tests.cardmaker import make_card

    register_heif_opener()
    spec, image = make_card(7, layout="classic")
    image.convert("RGB").save(tmp_path / "card.pdf")
    image.convert("RGB").save(tmp_path / "card.heic", quality=90)
    db = tmp_path / "scan.db"
    done = run(
        frozen, "scan", "--db", db, "card.pdf", "card.heic", "--dry-run", "--json", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    names = [item["fields"]["name"] for item in json.loads(done.stdout)]
    assert names == [spec.name, spec.name]


def test_the_frozen_program_encrypts_and_opens_an_encrypted_database(
    frozen: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    made = run(frozen, "demo", "--db", db, "--cards", "20", "--seed", "3", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    env = {"SD_PASS": "frozen passphrase", "SALESDESK_DATA_DIR": str(tmp_path / "data")}
    done = run(frozen, "db", "encrypt", "--db", db, "--new-passphrase-env", "SD_PASS",
               "--remove-plain-backups", env=env, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not db.read_bytes().startswith(b"SQLite format 3")
    stats = run(frozen, "stats", "--db", db, "--json", "--passphrase-env", "SD_PASS",
                env=env, cwd=tmp_path)  # fmt: skip
    assert stats.returncode == 0, stats.stderr
    assert '"cards": 20' in stats.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_plain_start_keeps_database_and_log_in_user_data_folder(
    frozen: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SALESDESK_DATA_DIR")
    monkeypatch.delenv("SALESDESK_CONFIG_DIR")
    xdg_data = tmp_path / "xdg-data"
    env = {
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(xdg_data),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "SALESDESK_QUIT_WHEN_READY": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = run(frozen, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready "), done.stdout
    folder = xdg_data / APP_NAME
    assert (folder / "salesdesk.db").stat().st_size > 0
    # The crash log the About box points to.
    assert (folder / "logs" / "salesdesk.log").exists()
    assert not list(tmp_path.glob("*.db"))  # nothing beside the working folder
