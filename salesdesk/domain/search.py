"""Search text for a card: what a search-as-you-type term is matched against.

A card's search text joins its name, company, phones (digits), tags and
e-mail, lower-cased, with the pinyin of Chinese names in full and as initials
('zhangwei', 'zw' for 张伟) and the initials of Latin names ('js' for John
Smith). Fields are joined with a separator no term can contain, so a term
never matches across two fields.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

SEPARATOR = "\x1f"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'José' is found by 'jose'."""
    if text.isascii():
        return text.lower()  # the same as below for ASCII, without a look at each character
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if _NO_COMBINING.fullmatch(decomposed):
        return decomposed  # Latin-1 and Chinese text has no combining mark to drop
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Characters none of which is a combining mark (tests check the ranges): most text is these.
_NO_COMBINING = re.compile(r"[\x00-\u02ff\u3000-\u3029\u3030-\u303f\u3400-\u4dbf\u4e00-\u9fff]*")


@lru_cache(maxsize=65536)
def _pinyin_of_char(char: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL, errors="ignore")[0] if char else ""


@lru_cache(maxsize=8192)
def _pinyin_phrase(text: str) -> tuple[str, ...]:
    # Phrases get pypinyin's polyphone handling (重庆 -> chong qing): the same words and
    # readings as lazy_pinyin(text, style=NORMAL, errors="ignore"), taken from pypinyin's
    # own segmenter and dictionaries with the tone marks removed once a syllable, which is
    # 5x faster (an import of 200,000 names, issue 14); tests compare the two.
    runs = _han_runs().findall(text)
    if len(runs) == 1:
        return _run_pinyin(runs[0])
    return tuple(s for run in runs for s in _run_pinyin(run))


@lru_cache(maxsize=65536)
def _run_pinyin(run: str) -> tuple[str, ...]:
    """One run of characters ('上海华信贸易有限公司' of '上海华信贸易有限公司12'), cached."""
    phrases, chars = _dictionaries()
    out: list[str] = []
    for word in _segment(run):
        if word in phrases:
            out.extend(_toneless(readings[0]) for readings in phrases[word])
            continue
        for char in word:
            readings = chars.get(ord(char))
            if readings:
                out.append(_toneless(readings.split(",")[0]))
    return tuple(out)


@lru_cache(maxsize=1)
def _dictionaries() -> tuple[dict[str, list[list[str]]], dict[int, str]]:
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    return PHRASES_DICT, PINYIN_DICT


@lru_cache(maxsize=1)
def _han_runs() -> re.Pattern[str]:
    from pypinyin.constants import RE_HANS

    return re.compile(RE_HANS.pattern.removeprefix("^").removesuffix("$"))


def _segment(run: str) -> list[str]:
    # What pypinyin.seg.simpleseg.seg() does with a run that is all characters: only its
    # maximum-matching cut (its split at non-characters has nothing to split here).
    if len(run) == 1:
        return [run]
    return list(_segmenter().cut(run))


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    from pypinyin.seg.mmseg import seg

    return seg


@lru_cache(maxsize=4096)
def _toneless(syllable: str) -> str:
    from pypinyin import Style
    from pypinyin.style import convert

    return str(convert(syllable, Style.NORMAL, strict=True))


def pinyin_forms(text: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) of the Han characters in text; ('', '') if none."""
    if not text or not _HAN.search(text):
        return "", ""
    runs = _han_runs().findall(text)
    if len(runs) == 1:
        return _run_forms(runs[0])
    forms = [_run_forms(run) for run in runs]
    return "".join(f for f, _ in forms), "".join(i for _, i in forms)


@lru_cache(maxsize=16384)
def _run_forms(run: str) -> tuple[str, str]:
    """pinyin_forms() of one run of characters (the runs of a text join up)."""
    syllables = [s for s in _run_pinyin(run) if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def latin_initials(text: str) -> str:
    return _initials_of_folded(fold(text))


def _initials_of_folded(folded: str) -> str:
    words = [w for w in _WORD.findall(folded) if not _HAN.search(w)]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def search_text(
    name: str,
    company: str = "",
    phone_digits: Iterable[str] = (),
    tags: Iterable[str] = (),
    email: str = "",
    *,
    area: str = "",
    wechat: str = "",
) -> str:
    parts: list[str] = []
    for text in (name, company):
        if not text:
            continue
        folded = fold(text)
        parts.append(folded)
        parts.append(folded.replace(" ", ""))
        full, initials = pinyin_forms(text)
        if full:
            parts.extend((full, initials))
        initials_latin = _initials_of_folded(folded)
        if initials_latin:
            parts.append(initials_latin)
    parts.extend(d for d in phone_digits if d)
    parts.extend(fold(t) for t in tags if t)
    if email:
        parts.append(fold(email))
    # Last, so that a file from before can have them appended (models.migrations).
    parts.extend(fold(t) for t in (area, wechat) if t)
    return SEPARATOR + SEPARATOR.join(parts) + SEPARATOR


def sort_key(name: str) -> str:
    """Sort Chinese names among Latin ones by their pinyin (张伟 under Z)."""
    full, _ = pinyin_forms(name)
    if full:
        # Keep the Han text after the pinyin so 张伟 and 章伟 stay distinct but together.
        return fold(name.translate(_SORT_PINYIN)).strip() + name
    return fold(name)


class _CharPinyin(dict[int, str]):
    """For str.translate: a character in _HAN to its pinyin and a space, any other to
    itself (what _HAN.sub with _pinyin_of_char gives, without a call per character)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = _pinyin_of_char(char) + " " if _HAN.fullmatch(char) else char
        self[code] = value
        return value


_SORT_PINYIN = _CharPinyin()


def query_terms(query: str) -> list[str]:
    """The terms of a search box entry; a term that is a phone number keeps its digits only."""
    terms: list[str] = []
    for raw in fold(query).split():
        stripped = raw.strip()
        if not stripped:
            continue
        if re.fullmatch(r"[\d+\-() ]+", stripped) and any(ch.isdigit() for ch in stripped):
            stripped = "".join(ch for ch in stripped if ch.isdigit())
        terms.append(stripped)
    return terms


def matches(blob: str, terms: list[str]) -> bool:
    return all(term in blob for term in terms)
