"""Update the window's translation sources from the code and build the shipped .qm files.

    python scripts/translations.py          # update .ts, build .qm (zh_CN, pseudo)
    python scripts/translations.py --check  # exit 1 if a .ts is out of date or unfinished
    python scripts/translations.py --fill   # put scripts/zh_CN_words.py into empty entries

resources/translations/salesdesk_zh_CN.ts is the source of truth for the Chinese words (edit it
in Qt Linguist or by hand); --fill only writes entries that are still empty. The pseudo-locale
(salesdesk_pseudo.qm, `--lang pseudo`) wraps every string in brackets and pads it by 40%, so a
screenshot shows where a longer language would be clipped and which strings are not translated.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "salesdesk" / "ui").glob("*.py"))
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)
PLACEHOLDER = re.compile(r"\{\d*\}|&(?=\w)|%n")

Messages = dict[tuple[str, str], str | None]  # (context, source) -> translation, None unfinished


def tool(name: str) -> str:
    """A PySide6 tool: next to this Python first (the venv), then on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"translations: {name} not found (pip install PySide6)")
    return found


def ts_path(lang: str) -> Path:
    return FOLDER / f"salesdesk_{lang}.ts"


def lupdate(target: Path, lang: str, extra: tuple[str, ...] = ()) -> None:
    """Merge the strings in the code into target (kept translations stay, gone ones go)."""
    command = [tool("pyside6-lupdate"), *map(str, SOURCES), "-ts", str(target)]
    command += ["-target-language", lang, "-no-obsolete", "-locations", "none", *extra]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)


def lrelease(source: Path, target: Path) -> None:
    command = [tool("pyside6-lrelease"), "-removeidentical", str(source), "-qm", str(target)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)


def read_ts(path: Path) -> Messages:
    messages: Messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = None if translation is None else translation.text
            done = translation is not None and translation.get("type") not in (
                "unfinished",
                "vanished",
                "obsolete",
            )
            messages[(name, message.findtext("source") or "")] = text if done and text else None
    return messages


def extracted() -> set[tuple[str, str]]:
    """The (context, source) pairs the code holds now, by running lupdate into a temp file."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "salesdesk_check.ts"
        lupdate(target, "zh_CN")
        return set(read_ts(target))


def problems(lang: str = "zh_CN") -> list[str]:
    """What is wrong with a language's .ts: out of date with the code, or unfinished."""
    path = ts_path(lang)
    if not path.exists():
        return [f"{path.name} is missing: run scripts/translations.py"]
    have = read_ts(path)
    found: list[str] = []
    for context, source in sorted(extracted() - set(have)):
        found.append(f"not in {path.name} (run scripts/translations.py): {context}: {source!r}")
    for context, source in sorted(set(have) - extracted()):
        found.append(f"no longer in the code (run scripts/translations.py): {context}: {source!r}")
    for (context, source), text in sorted(have.items()):
        if not text:
            found.append(f"untranslated in {path.name}: {context}: {source!r}")
        elif sorted(PLACEHOLDER.findall(source.replace("&&", ""))) != sorted(
            PLACEHOLDER.findall(text.replace("&&", ""))
        ):
            found.append(f"placeholders differ in {path.name}: {context}: {source!r} -> {text!r}")
    if not (FOLDER / f"salesdesk_{lang}.qm").exists():
        found.append(f"salesdesk_{lang}.qm is missing: run scripts/translations.py")
    return found


def fill(lang: str, words: dict[str, str]) -> int:
    """Write words[source] into the entries of the .ts that are still empty."""
    path = ts_path(lang)
    tree = ET.parse(path)
    count = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or (translation.text and translation.get("type") is None):
                continue
            text = words.get(f"{name}|{source}", words.get(source))
            if text:
                translation.text = text
                translation.attrib.pop("type", None)
                count += 1
    write_ts(tree, path)
    return count


def write_ts(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def pseudo_text(source: str) -> str:
    """'[~~ Text ~~~~ ]': 40% longer, placeholders and the & of a shortcut kept."""
    padding = "~" * max(1, round(len(source) * 0.4) - 6)
    return f"[~~ {source} {padding}]"


def build_pseudo() -> Path:
    """salesdesk_pseudo.ts from the zh_CN entries, every translation the padded English."""
    tree = ET.parse(ts_path("zh_CN"))
    tree.getroot().set("language", "en")
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        translation.text = pseudo_text(message.findtext("source") or "")
    path = FOLDER / "salesdesk_pseudo.ts"
    write_ts(tree, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report problems, change nothing")
    parser.add_argument("--fill", action="store_true", help="fill empty zh_CN entries")
    args = parser.parse_args(argv)
    if args.check:
        found = [line for lang in LANGUAGES for line in problems(lang)]
        print("\n".join(found) or "translations: up to date and complete")
        return 1 if found else 0
    FOLDER.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        lupdate(ts_path(lang), lang)
        if args.fill:
            sys.path.insert(0, str(ROOT / "scripts"))
            from zh_CN_words import WORDS

            print(f"filled {fill(lang, WORDS)} entries of {ts_path(lang).name}")
            lupdate(ts_path(lang), lang)  # back to lupdate's own layout
        lrelease(ts_path(lang), FOLDER / f"salesdesk_{lang}.qm")
    pseudo = build_pseudo()
    lrelease(pseudo, FOLDER / "salesdesk_pseudo.qm")
    pseudo.unlink()  # made from the zh_CN .ts each time: only the .qm is shipped
    for lang in LANGUAGES:
        have = read_ts(ts_path(lang))
        done = sum(1 for text in have.values() if text)
        print(f"{ts_path(lang).name}: {done} of {len(have)} translated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
