"""Search text for a card: what a search-as-you-type term is matched against.

A card's search text joins its name, company, phones (digits), tags and
e-mail, lower-cased, with the pinyin of Chinese names in full and as initials
('zhangwei', 'zw' for 张伟) and the initials of Latin names ('js' for John
Smith). Fields are joined with a separator no term can contain, so a term
never matches across two fields.
"""

from __future__ import annotations

import os
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


def _pinyin_of_char(char: str) -> str:
    """lazy_pinyin(char, style=NORMAL, errors="ignore")[0]; IndexError for a character
    without a reading (as that gives), which str.translate takes as 'leave it'."""
    return _run_pinyin(char)[0] if char else ""


@lru_cache(maxsize=8192)
def _pinyin_phrase(text: str) -> tuple[str, ...]:
    # Phrases get pypinyin's polyphone handling (重庆 -> chong qing): the same words and
    # readings as lazy_pinyin(text, style=NORMAL, errors="ignore"), taken from pypinyin's
    # own segmenter rule and dictionaries with the tone marks removed once a syllable,
    # which is 5x faster (an import of 200,000 names, issue 14); tests compare the two.
    runs = _HAN_RUN.findall(text)
    if len(runs) == 1:
        return _run_pinyin(runs[0])
    return tuple(s for run in runs for s in _run_pinyin(run))


@lru_cache(maxsize=16384)
def _run_pinyin(run: str) -> tuple[str, ...]:
    """One run of characters ('上海华信贸易有限公司' of '上海华信贸易有限公司12'), cached."""
    words, chars = _dictionaries()
    out: list[str] = []
    for word in _segment(run, words) if len(run) > 1 else (run,):
        reading = words.get(word)
        if reading:
            out.extend(_toneless(syllable) for syllable in reading.split(" "))
            continue
        for char in word:
            first = chars.get(ord(char))
            if first:
                out.append(_toneless(first))
    return tuple(out)


def _segment(run: str, words: dict[str, str]) -> list[str]:
    """pypinyin's maximum forward matching (seg.mmseg.Seg.cut with no_non_phrases, which
    lazy_pinyin uses) over a run that is all characters: the longest phrase that starts
    here, else one character. words: each phrase to its reading, each other prefix of a
    phrase to ''."""
    out: list[str] = []
    remain = run
    while remain:
        longest = ""
        for end in range(1, len(remain) + 1):
            word = remain[:end]
            reading = words.get(word)
            if reading is None:  # no phrase starts with it
                break
            if reading:
                longest = word
        else:
            if not longest:  # the rest is only the start of phrases: one by one
                out.extend(remain)
                break
        step = longest or remain[0]
        out.append(step)
        remain = remain[len(step) :]
    return out


@lru_cache(maxsize=1)
def _dictionaries() -> tuple[dict[str, str], dict[int, str]]:
    """pypinyin's phrases and characters, with only what the search text takes from them:
    each phrase's first reading of each syllable (joined by spaces) and each character's
    first reading, the prefixes of phrases (for the segmenter) mapped to ''.

    Read from pypinyin's own data files without importing pypinyin, whose import holds
    50 MB of dictionaries and a prefix set for its many styles; these hold about 15 MB
    (an import of 200,000 rows has a budget of 300 MB, issue 14). Tests compare every
    phrase and character with what pypinyin gives.
    """
    phrases: dict[str, list[list[str]]]
    chars: dict[Any, str]
    try:
        phrases, chars = _pypinyin_data("phrases_dict.json"), _pypinyin_data("pinyin_dict.json")
    except (OSError, ValueError):
        # A build without pypinyin's files beside its modules: its own import gives them.
        from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

        phrases, chars = PHRASES_DICT, PINYIN_DICT
    words: dict[str, str] = {}
    for phrase in phrases:
        for end in range(1, len(phrase)):
            words.setdefault(phrase[:end], "")
    for phrase, readings in phrases.items():
        words[phrase] = " ".join(syllable[0] for syllable in readings)
    firsts = {int(code): readings.split(",")[0] for code, readings in chars.items()}
    return words, firsts


def _pypinyin_data(name: str) -> Any:
    from importlib.util import find_spec

    spec = find_spec("pypinyin")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise OSError(f"pypinyin's {name} is not found")
    folder = next(iter(spec.submodule_search_locations))
    with open(os.path.join(folder, name), encoding="utf-8") as handle:
        return json_object_in_pieces(handle.read())


def json_object_in_pieces(text: str) -> dict[str, Any]:
    """json.loads(text) of an object written one entry to a line (pypinyin's files), a
    run of lines at a time: one json.loads of the 2.5 MB phrases file held the interpreter
    lock 25-65 ms on the worker of an import while the window waited (issue 16). A text
    not cut into whole entries that way is read in one call."""
    import json

    body = text.strip()
    if not (body.startswith("{") and body.endswith("}")):
        return json.loads(text)  # type: ignore[no-any-return]
    end = len(body) - 1
    read: dict[str, Any] = {}
    at = 1
    try:
        while at < end:
            cut = _ENTRY.search(body, min(at + _PIECE, end), end)
            stop = cut.start() if cut else end
            piece = body[at:stop].strip().removesuffix(",")
            if piece:
                read.update(json.loads("{" + piece + "}"))
            at = stop
    except ValueError:
        return json.loads(text)  # type: ignore[no-any-return]
    return read


# A line that starts an entry: '"key": ' (a reading in a list is a string alone on its line).
_ENTRY = re.compile(r'\n(?="(?:[^"\\\n]|\\.)*"\s*:)')
_PIECE = 1 << 16  # characters parsed at once: a millisecond


# pypinyin.constants.RE_HANS (for a Python with characters past U+FFFF), without importing
# pypinyin: the runs of characters pypinyin gives readings to (a test compares the two).
_HAN_RUN = re.compile(
    r"(?:["
    r"\u3007"
    r"\ue815-\ue864"
    r"\ufa18"
    r"\u3400-\u4dbf"
    r"\u4e00-\u9fff"
    r"\uf900-\ufaff"
    r"\U00020000-\U0002A6DF"
    r"\U0002A703-\U0002B73F"
    r"\U0002B740-\U0002B81D"
    r"\U0002B825-\U0002BF6E"
    r"\U0002C029-\U0002CE93"
    r"\U0002D016"
    r"\U0002D11B-\U0002EBD9"
    r"\U0002F80A-\U0002FA1F"
    r"\U00030000-\U0003134A"
    r"\U000300F7-\U00031288"
    r"\U00030EDD"
    r"\U00030EDE"
    r"\U00031350-\U00032389"
    r"])+"
)


@lru_cache(maxsize=4096)
def _toneless(syllable: str) -> str:
    """convert(syllable, Style.NORMAL, strict=True) of pypinyin: each tone mark to its
    number, then the numbers dropped ('lǘ' -> 'lv'); a test compares every reading."""
    marked = syllable.translate(_TONE_NUMBERS)
    for symbol, number in _TONE_PAIRS:
        marked = marked.replace(symbol, number)
    return _DIGIT.sub("", marked)


# pypinyin.phonetic_symbol.phonetic_symbol: the letters with tone marks and their numbers.
_TONE_SYMBOLS = {
    "ā": "a1", "á": "a2", "ǎ": "a3", "à": "a4",
    "ē": "e1", "é": "e2", "ě": "e3", "è": "e4",
    "ō": "o1", "ó": "o2", "ǒ": "o3", "ò": "o4",
    "ī": "i1", "í": "i2", "ǐ": "i3", "ì": "i4",
    "ū": "u1", "ú": "u2", "ǔ": "u3", "ù": "u4",
    "ü": "v", "ǖ": "v1", "ǘ": "v2", "ǚ": "v3", "ǜ": "v4",
    "ń": "n2", "ň": "n3", "ǹ": "n4",
    "m\u0304": "m1", "ḿ": "m2", "m\u0300": "m4",
    "ê\u0304": "ê1", "ế": "ê2", "ê\u030c": "ê3", "ề": "ê4",
}  # fmt: skip
_TONE_NUMBERS = str.maketrans({k: v for k, v in _TONE_SYMBOLS.items() if len(k) == 1})
_TONE_PAIRS = tuple((k, v) for k, v in _TONE_SYMBOLS.items() if len(k) != 1)
_DIGIT = re.compile(r"\d")


def pinyin_forms(text: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) of the Han characters in text; ('', '') if none."""
    if not text or not _HAN.search(text):
        return "", ""
    runs = _HAN_RUN.findall(text)
    if len(runs) == 1:
        return _run_forms(runs[0])
    forms = [_run_forms(run) for run in runs]
    return "".join(f for f, _ in forms), "".join(i for _, i in forms)


# 4,096 runs: a file's companies' runs (上海华信贸易有限公司) come back all the time, its
# names seldom; 16,384 held 6 MB more at a 200,000-row import's peak, no faster (issue 14).
@lru_cache(maxsize=4096)
def _run_forms(run: str) -> tuple[str, str]:
    """pinyin_forms() of one run of characters (the runs of a text join up)."""
    words = _dictionaries()[0]
    for start in range(len(run) - 1):
        if words.get(run[start : start + 2]) is not None:
            return _segmented_forms(run)
    # No phrase starts at any character, so the segmenter cuts the run into its
    # characters: their forms end to end. Most names are such runs and few repeat (an
    # import of 200,000 rows, issue 14); tests compare the two roads.
    if len(run) == 1:
        return _CHAR_FORMS[run]
    forms = [_CHAR_FORMS[char] for char in run]
    return "".join(full for full, _ in forms), "".join(initials for _, initials in forms)


def _segmented_forms(run: str) -> tuple[str, str]:
    syllables = [s for s in _run_pinyin(run) if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


class _CharForms(dict[str, tuple[str, str]]):
    """A character to its (full pinyin, initials), worked out once."""

    def __missing__(self, char: str) -> tuple[str, str]:
        value = _segmented_forms(char)
        self[char] = value
        return value


_CHAR_FORMS = _CharForms()


def latin_initials(text: str) -> str:
    return _initials_of_folded(fold(text))


def _initials_of_folded(folded: str) -> str:
    if folded.isalnum():
        # One word at most ([^\W_] is what isalnum() takes): no initials. Most names and
        # companies of a Chinese file are such text ('张伟', '上海华信贸易有限公司12').
        return ""
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
    return _search_text(
        name, pinyin_forms(name), company, phone_digits, tags, email=email, area=area, wechat=wechat
    )


def search_and_sort(
    name: str,
    company: str = "",
    phone_digits: Iterable[str] = (),
    tags: Iterable[str] = (),
    email: str = "",
    *,
    area: str = "",
    wechat: str = "",
) -> tuple[str, str]:
    """(search_text(...), sort_key(name)) with the name's pinyin worked out once for both
    (an import of 200,000 cards, issue 14; a test compares the two roads)."""
    forms = pinyin_forms(name)
    search = _search_text(
        name, forms, company, phone_digits, tags, email=email, area=area, wechat=wechat
    )
    return search, _sort_key(name, forms[0])


def _search_text(
    name: str,
    name_forms: tuple[str, str],
    company: str,
    phone_digits: Iterable[str],
    tags: Iterable[str],
    *,
    email: str,
    area: str,
    wechat: str,
) -> str:
    """search_text() with pinyin_forms(name) given."""
    parts: list[str] = []
    for text in (name, company):
        if not text:
            continue
        folded = fold(text)
        parts.append(folded)
        parts.append(folded.replace(" ", ""))
        full, initials = name_forms if text is name else pinyin_forms(text)
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
    if area:
        parts.append(_fold_area(area))
    if wechat:
        parts.append(fold(wechat))
    return SEPARATOR + SEPARATOR.join(parts) + SEPARATOR


# A file names a few dozen areas, each on thousands of cards: each one folded once.
_fold_area = lru_cache(maxsize=1024)(fold)


def sort_key(name: str) -> str:
    """Sort Chinese names among Latin ones by their pinyin (张伟 under Z)."""
    return _sort_key(name, pinyin_forms(name)[0])


def _sort_key(name: str, full: str) -> str:
    """sort_key(name), full: the name's pinyin (pinyin_forms(name)[0])."""
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
