"""None, bytes and bool are stored as they always were (NULL, a blob, 0 or 1) through both
drivers, now that each has an adapter that gives them as they are
(cipher.bind_as_they_are: the lookup for __adapt__ and __conform__ cost sqlcipher3 about a
microsecond a value, issue 22)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from salesdesk.models import cipher


def _drivers() -> list[Any]:
    drivers: list[Any] = [sqlite3]
    if cipher.available():
        drivers.append(cipher.cipher_module())
    return drivers


@pytest.mark.parametrize("driver", _drivers(), ids=lambda d: d.__name__)
def test_none_bytes_and_bool_are_stored_as_before(driver: Any) -> None:
    con = driver.connect(":memory:")
    try:
        con.execute("CREATE TABLE probe (n INTEGER, a, b, c, d)")
        con.execute("INSERT INTO probe VALUES (?, ?, ?, ?, ?)", (1, None, b"\x00\xff", True, False))
        con.executemany(
            "INSERT INTO probe VALUES (?, ?, ?, ?, ?)",
            [[2, b"", None, False, True], (3, bytearray(b"z"), "x", 2.5, None)],
        )
        rows = con.execute(
            "SELECT n, typeof(a), quote(a), typeof(b), quote(b), typeof(c), c, typeof(d), d "
            "FROM probe ORDER BY n"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        (1, "null", "NULL", "blob", "X'00FF'", "integer", 1, "integer", 0),
        (2, "blob", "X''", "null", "NULL", "integer", 0, "integer", 1),
        (3, "blob", "X'7A'", "text", "'x'", "real", 2.5, "null", None),
    ]


@pytest.mark.parametrize("driver", _drivers(), ids=lambda d: d.__name__)
def test_a_value_read_back_is_the_value_written(driver: Any) -> None:
    con = driver.connect(":memory:")
    try:
        con.execute("CREATE TABLE probe (a, b, c)")
        con.execute("INSERT INTO probe VALUES (?, ?, ?)", (None, b"\x01\x02", True))
        assert con.execute("SELECT a, b, c FROM probe").fetchone() == (None, b"\x01\x02", 1)
    finally:
        con.close()
