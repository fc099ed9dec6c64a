"""What kind of line a phone number is (mobile, landline, fax…), read from the number itself.

Two people at one company share the switchboard but never a mobile, so an
import matches people on a mobile only (issue 14), and a card labels a number
as mobile or landline without the user having to say (issue 17). Numbering
plans change every year; the maintained `phonenumbers` library (Google's
libphonenumber metadata) knows them, a table of ours would not.
"""

from __future__ import annotations

from functools import lru_cache

DEFAULT_REGION = "CN"

# The kinds this module returns; "unknown" when the number does not parse or
# its plan does not say (NANP numbers are often "fixed_or_mobile").
KINDS = ("mobile", "landline", "fixed_or_mobile", "toll_free", "voip", "pager", "other", "unknown")


@lru_cache(maxsize=65536)
def phone_kind(number: str, region: str = DEFAULT_REGION) -> str:
    """The kind of line, for a number as typed ('138 0013 8000' -> 'mobile' in CN)."""
    import phonenumbers
    from phonenumbers import PhoneNumberType as T

    text = number.strip()
    if sum(ch.isdigit() for ch in text) < 5:
        return "unknown"
    try:
        parsed = phonenumbers.parse(text, region or DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return "unknown"
    if not phonenumbers.is_possible_number(parsed):
        return "unknown"
    kind = phonenumbers.number_type(parsed)
    return {
        T.MOBILE: "mobile",
        T.FIXED_LINE: "landline",
        T.FIXED_LINE_OR_MOBILE: "fixed_or_mobile",
        T.TOLL_FREE: "toll_free",
        T.PREMIUM_RATE: "other",
        T.SHARED_COST: "other",
        T.VOIP: "voip",
        T.PERSONAL_NUMBER: "mobile",
        T.PAGER: "pager",
        T.UAN: "other",
        T.VOICEMAIL: "other",
    }.get(kind, "unknown")


def is_mobile(number: str, region: str = DEFAULT_REGION) -> bool:
    """True only for a number its plan says is a mobile: strong evidence of one person."""
    return phone_kind(number, region) == "mobile"


def suggested_label(number: str, region: str = DEFAULT_REGION) -> str | None:
    """The label the number implies ('mobile' or 'work'), or None to keep the user's."""
    kind = phone_kind(number, region)
    if kind == "mobile":
        return "mobile"
    if kind == "landline":
        return "work"
    return None
