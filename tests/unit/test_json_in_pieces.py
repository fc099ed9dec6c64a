"""pypinyin's tables read a run of entries at a time (issue 16 point 7) against one
json.loads: random objects written every way json.dumps writes them, random run sizes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdesk.domain import search

_KEYS = st.text(alphabet='a张"\\:,{}[] \n\t\u2028', max_size=5)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='a张"\\:,{}\n ', max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=8,
)


def _one_entry_a_line(value: dict[str, object], ascii_only: bool) -> str:
    """pypinyin's own layout: '{\\n"key": value,\\n...\\n}'."""
    lines = [f"{json.dumps(k, ensure_ascii=ascii_only)}: {json.dumps(v, ensure_ascii=ascii_only)}"
             for k, v in value.items()]  # fmt: skip
    return "{\n" + ",\n".join(lines) + "\n}\n"


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.dictionaries(_KEYS, _VALUES, max_size=12),
    layout=st.sampled_from(["lines", None, 0, 1, 2, "\t"]),
    ascii_only=st.booleans(),
    piece=st.integers(1, 40),
)
def test_an_object_read_in_runs_of_entries_is_the_one_json_loads_gives(
    monkeypatch: pytest.MonkeyPatch,
    value: dict[str, object],
    layout: str | int | None,
    ascii_only: bool,
    piece: int,
) -> None:
    monkeypatch.setattr(search, "_PIECE", piece)
    if layout == "lines":
        text = _one_entry_a_line(value, ascii_only)
    else:
        text = json.dumps(value, ensure_ascii=ascii_only, indent=layout)
    read = search.json_object_in_pieces(text)
    assert read == json.loads(text)
    assert list(read) == list(json.loads(text))  # the same order of keys
