"""The test server itself: a real PostgreSQL, reached over TCP on 127.0.0.1 with a password."""

from __future__ import annotations

from tests.hub.conftest import Server


def test_the_server_is_a_real_postgresql_owned_by_no_root(pg: tuple[Server, str]) -> None:
    server, name = pg
    con = server.connect(name)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT current_database(), current_setting('server_version_num')::int")
            database, version = cur.fetchone()
            cur.execute("SELECT inet_server_addr()::text")
            address = cur.fetchone()[0]
    finally:
        con.close()
    assert database == name
    assert version >= 120000
    assert address.startswith("127.0.0.1")
