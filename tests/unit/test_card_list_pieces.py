"""The card list's search texts kept in pieces (issue 16 point 7) against a plain scan:
random rows, random piece sizes, random terms. A term that would match across the join of
two rows (or two pieces) must not match; a row first or last in a piece must be found."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from salesdesk.services import cardlist
from salesdesk.services.cardlist import CardRow


def _row(n: int, search: str, grade: str) -> CardRow:
    return CardRow(
        f"id{n:05d}", search, "", grade, None, "", "", None, None, "", 0, "[]", search, search
    )


_TEXT = st.text(alphabet="ab张伟\x1f ", max_size=6)


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.tuples(_TEXT, st.sampled_from("ABCF")), max_size=40),
    size=st.integers(1, 9),
    term=st.text(alphabet="ab张伟\x1f ", min_size=1, max_size=4),
)
@example(texts=[("xa", "A"), ("by", "B")], size=1, term="ab")  # across two pieces
@example(texts=[("xa", "A"), ("by", "B")], size=2, term="ab")  # across two rows
@example(texts=[("ab", "A")] + [("z", "B")] * 5 + [("ab", "C")], size=7, term="ab")
def test_the_search_in_pieces_finds_what_a_plain_scan_finds(
    monkeypatch: pytest.MonkeyPatch, texts: list[tuple[str, str]], size: int, term: str
) -> None:
    monkeypatch.setattr(cardlist, "_SLICE", size)
    rows = [_row(n, search, grade) for n, (search, grade) in enumerate(texts)]
    haystack = cardlist._Haystack.of(rows)
    found, counts = haystack.find(term)
    plain = [row for row in rows if term in row.search]
    assert found == plain
    assert counts == Counter(row.grade for row in plain)
    assert haystack.counts == Counter(row.grade for row in rows)
    assert haystack.searches == [row.search for row in rows]
    # The rare-term path on its own (the sample may send a term row by row).
    monkeypatch.setattr(cardlist, "_COMMON", 2.0)
    assert haystack.find(term)[0] == plain


# Digits beside letters, CJK, '?', both separators, a space, fullwidth digits.
_WITH_DIGITS = "0139a张?\x1f\x1e １"


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.tuples(st.text(alphabet=_WITH_DIGITS, max_size=8), st.sampled_from("ABCF")),
        max_size=30,
    ),
    size=st.integers(1, 7),
    term=st.text(alphabet=_WITH_DIGITS, min_size=1, max_size=4),
)
@example(texts=[("13\x1f8", "A"), ("1?38", "B"), ("张138", "C")], size=2, term="138")
@example(texts=[("1\x1e3", "A"), ("13", "B")], size=1, term="13")  # a row end in a text
@example(texts=[("１３", "A"), ("13", "B")], size=3, term="13")  # fullwidth digits
@example(texts=[("1", "A"), ("3", "B")], size=3, term="13")  # across two rows
def test_a_term_of_digits_found_in_the_runs_of_digits_is_what_a_plain_scan_finds(
    monkeypatch: pytest.MonkeyPatch, texts: list[tuple[str, str]], size: int, term: str
) -> None:
    """A term of ASCII digits (a phone number) is looked for in each row's runs of digits
    alone: the same rows and grade counts as a plain scan of the whole search texts, for
    digits next to any other character, a text holding the row end, and any slice size."""
    monkeypatch.setattr(cardlist, "_RUNS_SLICE", size)
    monkeypatch.setattr(cardlist, "_SLICE", size + 1)
    rows = [_row(n, search, grade) for n, (search, grade) in enumerate(texts)]
    haystack = cardlist._Haystack.of(rows)
    assert len(haystack.digits) == len(rows)
    found, counts = haystack.find(term)
    plain = [row for row in rows if term in row.search]
    assert found == plain
    assert counts == Counter(row.grade for row in plain)
