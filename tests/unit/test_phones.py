"""Mobile or landline, from the number: what identity and phone labels rely on."""

from __future__ import annotations

import pytest

from salesdesk.domain.phones import is_mobile, phone_kind, suggested_label


@pytest.mark.parametrize(
    ("number", "region", "kind"),
    [
        ("13800138000", "CN", "mobile"),
        ("+86 138-0013-8000", "CN", "mobile"),
        ("+86 138-0013-8000", "US", "mobile"),
        ("021-64001234", "CN", "landline"),
        ("(021) 6400 1234", "CN", "landline"),
        ("2164001234", "CN", "landline"),  # a Shanghai line that lost its leading 0
        ("+1 212 555 0100", "CN", "fixed_or_mobile"),  # NANP does not say
        ("12", "CN", "unknown"),
        ("call me", "CN", "unknown"),
        ("", "CN", "unknown"),
    ],
)
def test_kind_of_line(number: str, region: str, kind: str) -> None:
    assert phone_kind(number, region) == kind


def test_only_a_mobile_is_personal() -> None:
    assert is_mobile("139 1234 5678")
    assert not is_mobile("021-64001234")  # the switchboard everyone at the company shares
    assert not is_mobile("+1 212 555 0100")


def test_label_suggested_from_the_number() -> None:
    assert suggested_label("13912345678") == "mobile"
    assert suggested_label("021-64001234") == "work"
    assert suggested_label("+1 212 555 0100") is None  # keep what the user chose
