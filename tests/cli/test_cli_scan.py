"""`salesdesk scan`: business card images read offline into cards, duplicates first.

A handful of cards rendered by tests/cardmaker.py keep this file to a few
seconds; the large generated set is bench/bench_scan.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.cardmaker import CardSpec, degrade, make_card

from .conftest import Cli, file_digest, run_process


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[CardSpec, Path]]:
    """A clean Chinese card, an English one, and a photo-like Chinese one turned by 90°."""
    folder = tmp_path_factory.mktemp("cards")
    made = {}
    for key, seed, english, layout, turn in (
        ("zh", 7, False, "classic", 0),
        ("en", 3, True, "centered", 0),
        ("turned", 12, False, "two_column", 90),
    ):
        spec, image = make_card(seed, english=english, layout=layout)
        if turn:
            image = degrade(image, seed, noise=6, blur=0.6, rotate=turn, perspective=0.03)
        path = folder / f"{key}.{'jpg' if turn else 'png'}"
        image.save(path)
        made[key] = (spec, path)
    return made


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def test_json_gives_the_fields_of_a_chinese_card_and_saves_nothing_on_a_dry_run(
    cli: Cli, db_path: Path, cards: dict[str, tuple[CardSpec, Path]]
) -> None:
    spec, path = cards["zh"]
    out = cli("scan", "--db", db_path, path, "--json", "--dry-run")
    assert out.code == 0, out.err
    [item] = out.json
    fields = item["fields"]
    assert item["file"] == str(path)
    assert (fields["name"], fields["company"]) == (spec.name, spec.company)
    assert fields["title"] == spec.title
    assert fields["email"] == spec.email
    assert fields["area"] == spec.area
    mobiles = [p for p in fields["phones"] if p["label"] == "mobile"]
    assert [_digits(p["number"])[-11:] for p in mobiles] == [spec.mobile]
    assert [_digits(p["number"]) for p in fields["phones"] if p["label"] == "work"] == [
        _digits(spec.landline)
    ]
    assert set(fields) >= {"name", "company", "title", "phones", "email", "address", "area"}
    assert 0.9 < item["confidence"] <= 1.0
    assert item["action"] == "create"
    assert item["card_id"] is None
    assert cli("stats", "--db", db_path, "--json").json["cards"] == 0


def test_a_scan_makes_an_f2_name_card_with_its_image_and_skips_it_the_second_time(
    cli: Cli, db_path: Path, cards: dict[str, tuple[CardSpec, Path]]
) -> None:
    spec, path = cards["en"]
    first = cli("scan", "--db", db_path, path)
    assert first.code == 0, first.err
    assert "created card" in first.out
    dump = cli("dump", "--db", db_path).json
    [card] = dump["card"]
    assert (card["name"], card["company"]) == (spec.name, spec.company)
    assert (card["grade"], card["f_kind"], card["source"]) == ("F", "F2", "name_card")
    assert spec.email == card["email"]
    [image] = dump["card_image"]
    assert image["card_id"] == card["id"]
    assert image["mime"] == "image/png"
    # The image is kept byte for byte; dump shows it by its SHA-256.
    assert image["data"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()

    again = cli("scan", "--db", db_path, path, "--json")
    [item] = again.json
    assert item["match"]["card_id"] == card["id"]
    assert item["match"]["reason"] == "mobile"
    assert item["action"] == "skip"
    assert len(cli("dump", "--db", db_path).json["card"]) == 1


def test_update_adds_what_the_card_lacks_and_keeps_what_it_says(
    cli: Cli, db_path: Path, cards: dict[str, tuple[CardSpec, Path]]
) -> None:
    spec, path = cards["zh"]
    made = cli(
        "card", "add", "--db", db_path, "--name", spec.name, "--company", "旧公司",
        "--phone", spec.mobile,
    )  # fmt: skip
    card_id = made.out.strip()
    out = cli("scan", "--db", db_path, path, "--on-duplicate", "update", "--json")
    assert out.code == 0, out.err
    [item] = out.json
    assert (item["action"], item["card_id"]) == ("update", card_id)
    assert item["kept"]["company"] == {"card": "旧公司", "scan": spec.company}
    dump = cli("dump", "--db", db_path).json
    [card] = dump["card"]
    assert card["company"] == "旧公司"  # never overwritten by a scan
    assert card["email"] == spec.email  # an empty field is filled
    numbers = [_digits(p["number"]) for p in json.loads(card["phones"])]
    printed_fax = any(role == "fax" for role, _ in spec.lines)
    assert numbers == [spec.mobile, _digits(spec.landline)] + (
        [_digits(spec.fax)] if printed_fax else []
    )
    assert [i["card_id"] for i in dump["card_image"]] == [card_id]


def test_a_card_photographed_sideways_is_read(
    cli: Cli, db_path: Path, cards: dict[str, tuple[CardSpec, Path]]
) -> None:
    spec, path = cards["turned"]
    [item] = cli("scan", "--db", db_path, path, "--json", "--dry-run").json
    assert item["rotation"] in (90, 270)
    assert item["fields"]["name"] == spec.name
    assert item["fields"]["email"] == spec.email
    mobiles = [_digits(p["number"]) for p in item["fields"]["phones"] if p["label"] == "mobile"]
    assert mobiles == [("86" if mobiles[0].startswith("86") else "") + spec.mobile]


def test_bad_images_give_one_message_and_write_nothing(
    cli: Cli, tmp_path: Path, cards: dict[str, tuple[CardSpec, Path]]
) -> None:
    db = tmp_path / "kept.db"
    assert cli("card", "add", "--db", db, "--name", "张伟").code == 0
    before = file_digest(db)
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.png"
    Image.new("RGB", (800, 500), "white").save(blank)
    cases = {
        text: "notes.png is not an image",
        empty: "empty.jpg is an empty file",
        blank: "No text was found on blank.png",
        tmp_path / "missing.png": "missing.png does not exist",
    }
    for path, words in cases.items():
        message = cli("scan", "--db", db, path).assert_user_error()
        assert words in message
        assert "Nothing was written" in message
    # One bad file among good ones: nothing of the good ones is saved either.
    _, good = cards["zh"]
    message = cli("scan", "--db", db, good, text).assert_user_error()
    assert "notes.png" in message
    assert file_digest(db) == before
    assert not (tmp_path / "never.db").exists()
    cli("scan", "--db", tmp_path / "never.db", text).assert_user_error()
    assert not (tmp_path / "never.db").exists()


def test_the_command_line_and_the_window_do_not_load_the_ocr_engine_on_import() -> None:
    code = (
        "import sys, salesdesk.cli, salesdesk.io.ocr, salesdesk.services.scan, "
        "salesdesk.ui.mainwindow, salesdesk.ui.scanreview; "
        "print(sorted(m for m in ('onnxruntime', 'rapidocr_onnxruntime', 'cv2') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


def test_a_card_without_a_name_is_not_saved_by_the_command_line(
    cli: Cli, db_path: Path, tmp_path: Path, cards: dict[str, tuple[CardSpec, Path]]
) -> None:
    from PIL import ImageDraw, ImageFont

    from tests.cardmaker import FONT_DIR, SC_INDEX

    image = Image.new("RGB", (900, 400), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_DIR / "NotoSansCJK-Regular.ttc"), 34, index=SC_INDEX)
    draw.text((40, 80), "上海华信贸易有限公司", font=font, fill="black")
    draw.text((40, 200), "手机：13912345678", font=font, fill="black")
    nameless = tmp_path / "nameless.png"
    image.save(nameless)
    [item] = cli("scan", "--db", db_path, nameless, "--json", "--dry-run").json
    assert item["fields"]["name"] == ""
    assert item["fields"]["company"] == "上海华信贸易有限公司"
    # Saving it would need a guessed name: refused, and the good card beside it waits too.
    _, good = cards["zh"]
    message = cli("scan", "--db", db_path, good, nameless).assert_user_error()
    assert "No name was found on nameless.png" in message
    assert cli("stats", "--db", db_path, "--json").json["cards"] == 0


def test_a_pdf_of_scanned_cards_is_read_a_card_a_page(
    cli: Cli, db_path: Path, cards: dict[str, tuple[CardSpec, Path]], tmp_path: Path
) -> None:
    """A scanner's PDF: every page is one card, named by its page, and kept as a JPEG."""
    (zh, zh_path), (en, en_path) = cards["zh"], cards["en"]
    pdf = tmp_path / "scans.pdf"
    with Image.open(zh_path) as first, Image.open(en_path) as second:
        first.convert("RGB").save(pdf, save_all=True, append_images=[second.convert("RGB")])
    out = cli("scan", "--db", db_path, pdf, "--json")
    assert out.code == 0, out.err
    assert [item["name"] for item in out.json] == ["scans.pdf p.1", "scans.pdf p.2"]
    assert [item["fields"]["name"] for item in out.json] == [zh.name, en.name]
    assert [item["fields"]["email"] for item in out.json] == [zh.email, en.email]
    dump = cli("dump", "--db", db_path).json
    assert sorted(c["name"] for c in dump["card"]) == sorted([zh.name, en.name])
    assert [i["mime"] for i in dump["card_image"]] == ["image/jpeg", "image/jpeg"]


def test_an_iphone_heic_photo_is_read(
    cli: Cli, db_path: Path, cards: dict[str, tuple[CardSpec, Path]], tmp_path: Path
) -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    spec, path = cards["zh"]
    heic = tmp_path / "IMG_0001.HEIC"
    with Image.open(path) as image:
        image.convert("RGB").save(heic, quality=90)
    out = cli("scan", "--db", db_path, heic, "--json")
    assert out.code == 0, out.err
    [item] = out.json
    assert (item["fields"]["name"], item["fields"]["company"]) == (spec.name, spec.company)
    [image] = cli("dump", "--db", db_path).json["card_image"]
    assert image["mime"] == "image/jpeg"  # stored as a JPEG every laptop can show


def test_two_sides_of_a_bilingual_card_make_one_card_with_both_images(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    """Front in Chinese, back in English: the front's words, the back's extra phone, the
    back's English name and company in the notes, both images kept."""
    from dataclasses import replace

    from tests.cardmaker import render

    front_spec, front_image = make_card(21, layout="classic")
    english, _ = make_card(22, english=True, layout="centered")
    back_spec = replace(english, mobile=front_spec.mobile, email=front_spec.email)
    front, back = tmp_path / "front.png", tmp_path / "back.png"
    front_image.save(front)
    render(back_spec, 22, "centered").save(back)

    dry = cli("scan", "--db", db_path, front, back, "--two-sided", "--dry-run", "--json")
    assert dry.code == 0, dry.err
    [item] = dry.json
    assert item["name"] == "front.png + back.png"
    assert (item["fields"]["name"], item["fields"]["company"]) == (
        front_spec.name,
        front_spec.company,
    )
    numbers = [_digits(p["number"])[-11:] for p in item["fields"]["phones"]]
    assert numbers.count(front_spec.mobile) == 1  # on both sides, kept once
    assert _digits(back_spec.landline)[-11:] in numbers

    assert cli("scan", "--db", db_path, front, back, "--two-sided").code == 0
    dump = cli("dump", "--db", db_path).json
    [card] = dump["card"]
    assert card["name"] == front_spec.name
    assert back_spec.name in card["notes"]
    assert back_spec.company in card["notes"]
    assert len(dump["card_image"]) == 2

    odd = cli("scan", "--db", db_path, front, back, front, "--two-sided").assert_user_error()
    assert "pairs" in odd


def test_a_damaged_or_empty_pdf_gives_one_message_and_writes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    db = tmp_path / "kept.db"
    assert cli("card", "add", "--db", db, "--name", "张伟").code == 0
    before = file_digest(db)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    message = cli("scan", "--db", db, broken).assert_user_error()
    assert "broken.pdf is a PDF SalesDesk cannot open" in message
    assert "Nothing was written" in message
    assert file_digest(db) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_given_to_scan_is_refused_without_waiting(
    cli: Cli, tmp_path: Path
) -> None:
    """Telling a PDF from an image opened the file: a named pipe waited for a writer
    forever, /dev/zero was read until the memory ran out. A real process with a timeout and
    a memory limit, so the test cannot hang or fill the machine."""
    db = tmp_path / "kept.db"
    assert cli("card", "add", "--db", db, "--name", "张伟").code == 0
    before = file_digest(db)
    pipe = tmp_path / "card.png"
    os.mkfifo(pipe)
    paths = [pipe, *([Path("/dev/zero")] if Path("/dev/zero").exists() else [])]
    for path in paths:
        done = run_process("scan", "--db", db, path, timeout=60, max_memory=2 << 30)
        message = done.assert_user_error()
        assert f"{path} is not a plain file (a pipe or a device), not an image" in message
        assert "Nothing was written" in message
    assert file_digest(db) == before
