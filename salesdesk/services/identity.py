"""Whether two rows or cards are one person: strong evidence, and a name that does not contradict.

A salesperson would say two entries are one person when they share an e-mail,
a mobile number, or the name at the same company — and the names agree.
Two people at one company share the switchboard, so a landline is only a hint
(a *likely* duplicate for the user to look at), never a match (issue 14).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from salesdesk.domain.phones import DEFAULT_REGION, is_mobile
from salesdesk.domain.values import phone_digits
from salesdesk.models.store import Store
from salesdesk.models.tables import on_store

# Numbers shorter than this ('110', an extension) say nothing about who it is.
MIN_MATCH_DIGITS = 6
REGION_SETTING = "phone_region"
__all__ = ["DEFAULT_REGION", "names_agree", "phone_key", "phone_region"]

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[^\W_]+", re.UNICODE)
_REMARK = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
# Forms of address and titles that are not part of who someone is.
_HONORIFICS = frozenset(
    ("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "herr", "frau", "jr", "sr", "phd")
)
_COMPANY_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


@on_store
def phone_region(*, store: Store | None = None) -> str:
    """The region phone numbers without a country code belong to (Preferences; default CN)."""
    from salesdesk.services import settings

    value = settings.get(REGION_SETTING, DEFAULT_REGION)
    return str(value).upper() if isinstance(value, str) and len(value) == 2 else DEFAULT_REGION


_NOT_DIGIT = re.compile(r"\D+")


def match_digits(number: str) -> str:
    """Digits for matching: '+86 138-0013-8000', '0086 13800138000' and '13800138000' agree."""
    # phone_digits(), as a regular expression: faster; a number of digits only (what an
    # import mostly meets: isdecimal() is \d's own class) needs not even that.
    digits = number if number.isdecimal() else _NOT_DIGIT.sub("", number)
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def phone_key(number: str) -> str:
    """The key a number is indexed by, or '' when it is too short to tell anyone apart."""
    digits = match_digits(number)
    return digits if len(digits) >= MIN_MATCH_DIGITS else ""


def personal_phone(number: str, region: str = DEFAULT_REGION) -> bool:
    """A mobile: one person's own number. A landline or unknown kind is shared by many."""
    return is_mobile(number, region)


def email_key(email: object) -> str:
    return str(email or "").strip().casefold()


def company_key(company: object) -> str:
    text = str(company or "")
    # Letters and digits only, already in NFKC ('上海华信贸易有限公司3'): what _company_key
    # gives, without the cache a 200,000-row import mostly misses (issue 14).
    folded = text.casefold()
    if folded.isalnum() and unicodedata.is_normalized("NFKC", text):
        return folded
    return _company_key(text)


# Caches of a few thousand: a 200,000-row import meets most names and companies once, and
# a cache that holds 65,536 of them holds 15 MB for few hits (issue 14).
@lru_cache(maxsize=8192)
def _company_key(company: str) -> str:
    """'华信 贸易', '华信贸易' and 'ＨＵＡＸＩＮ' fold alike; punctuation and case do not count."""
    text = unicodedata.normalize("NFKC", company).casefold()
    return _COMPANY_NOISE.sub("", text)


@lru_cache(maxsize=65536)
def name_forms(name: str) -> frozenset[str]:
    """Every way of writing this name that still means the same person, folded.

    '张伟', 'Zhang Wei', 'zhangwei', 'Wei Zhang', 'ZHANG, Wei' and 'ｚｈａｎｇ ｗｅｉ' share a form;
    so do 'Jorgensen, Anita' and 'anita  jorgensen'.
    """
    parts = _name_parts(name)
    if not parts:
        return frozenset()
    forms = {"".join(parts)}
    if len(parts) > 1:
        forms.add("".join(parts[1:] + parts[:1]))  # family name first or last
        forms.add("".join(parts[-1:] + parts[:-1]))
    return frozenset(forms)


@lru_cache(maxsize=65536)
def _name_parts(name: str) -> tuple[str, ...]:
    from salesdesk.domain.search import _pinyin_phrase, fold

    text = unicodedata.normalize("NFKC", name or "")
    text = _REMARK.sub(" ", text)
    if "," in text or "，" in text:  # 'Last, First'
        family, given = re.split(r"[,，]", text, maxsplit=1)
        text = f"{given} {family}"
    parts: list[str] = []
    for piece in re.split(r"(\s+)", text):
        if not piece.strip():
            continue
        position = 0
        for han in _HAN.finditer(piece):
            parts.extend(_latin_words(piece[position : han.start()]))
            # Characters become their pinyin, one part per syllable: 张伟 = zhang wei.
            syllables = [s for s in _pinyin_phrase(han.group()) if s]
            if len(syllables) > 1:
                # A Chinese name is family + given: keep the given name as one part,
                # so '张小明' meets 'Xiaoming Zhang'.
                parts.extend([syllables[0], "".join(syllables[1:])])
            else:
                parts.extend(syllables)
            position = han.end()
        parts.extend(_latin_words(piece[position:]))
    parts = [fold(p) for p in parts]
    return tuple(p for p in parts if p and p.rstrip(".") not in _HONORIFICS)


def han_of(name: str) -> str:
    """A name in Chinese characters as compared ('' for a name in letters): no spaces,
    punctuation or remarks in brackets."""
    # Characters only ('张伟'): the name itself, without the cache most names of a long
    # file miss; compatibility ideographs (U+F900-) change in NFKC and take the long road.
    if name.isalpha() and _ONLY_HAN.fullmatch(name):
        return name
    return _han_of(name)


_ONLY_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


@lru_cache(maxsize=8192)
def _han_of(name: str) -> str:
    text = _REMARK.sub(" ", unicodedata.normalize("NFKC", name or ""))
    if not _HAN.search(text):
        return ""
    return _COMPANY_NOISE.sub("", text).casefold()  # '客户 2' = '客户2', never '客户3'


def _latin_words(text: str) -> list[str]:
    return _LATIN.findall(text)


def names_agree(first: str, second: str) -> bool:
    """True unless the two names say two different people (an empty name agrees with any).

    Same letters in another case, spacing, width, order ('Last, First'), or pinyin for
    the characters agree; 'Anita' agrees with 'Anita Jorgensen' (one name left out);
    'Anita Jorgensen' and 'Shiori Inoue' do not.
    """
    if not first.strip() or not second.strip():
        return True
    han_a, han_b = han_of(first), han_of(second)
    if han_a and han_b:
        # Both in characters: 张伟 and 张薇 sound alike (zhang wei) but are two people.
        return han_a == han_b
    a, b = name_forms(first), name_forms(second)
    if not a or not b:
        return True
    if a & b:
        return True
    parts_a, parts_b = set(_name_parts(first)), set(_name_parts(second))
    small, large = sorted((parts_a, parts_b), key=len)
    # One side wrote fewer parts of the same name (a given name only, a middle name left out).
    if small and small < large and not _HAN.search(first + second):
        return all(len(part) > 1 for part in small)
    return False


_AREA_SUFFIXES = ("新区", "区", "县", "市")


@lru_cache(maxsize=4096)
def area_key(area: str) -> str:
    """'徐汇区' and '徐汇', '浦东新区' and '浦东' share a key: 区, 县, 市 are left off."""
    text = unicodedata.normalize("NFKC", area).strip().replace(" ", "")
    for suffix in _AREA_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)].casefold()
    return text.casefold()


def lost_leading_zero(number: str, region: str = DEFAULT_REGION) -> str | None:
    """The number with its trunk 0 back when a landline lost it (Excel drops it), else None.

    '2164123456' is Shanghai's 021 6412 3456 without its 0; a local number without an
    area code (6412 3456) is written that way on purpose and is left alone.
    """
    import phonenumbers

    from salesdesk.domain.phones import phone_kind

    text = number.strip()
    digits = phone_digits(text)
    # Only a bare run of digits: what a spreadsheet makes of a number cell.
    if text != digits or digits.startswith("0") or not 9 <= len(digits) <= 11:
        return None
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.national_prefix != "0":
        return None
    if phone_kind(text, region) != "landline":
        return None
    return "0" + digits
