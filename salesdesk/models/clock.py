"""The clock: wall time (replaceable in tests) and the hybrid logical clock of DESIGN §3."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import datetime

STAMP_FORMAT = "{wall:013d}-{counter:05d}-{replica}"
# A stamp from a file whose clock runs more than this far ahead of ours does
# not drag our clock with it (DESIGN §4).
MAX_AHEAD_MS = 24 * 3600 * 1000
# A well-formed stamp: 13 digits of wall milliseconds, 5 of counter, a replica id.
STAMP_PATTERN = re.compile(r"^(\d{13})-(\d{5})-(.{1,100})$", re.DOTALL)


def wall_ms() -> int:
    """Milliseconds since the epoch; SALESDESK_NOW (ISO) fixes it for tests and demos."""
    fixed = os.environ.get("SALESDESK_NOW")
    if fixed:
        return int(datetime.fromisoformat(fixed).timestamp() * 1000)
    return time.time_ns() // 1_000_000


def now() -> datetime:
    """Local time now, to the second."""
    return datetime.fromtimestamp(wall_ms() / 1000).replace(microsecond=0)


@dataclass(frozen=True, order=True)
class Stamp:
    wall: int
    counter: int
    replica: str

    def __str__(self) -> str:
        return STAMP_FORMAT.format(wall=self.wall, counter=self.counter, replica=self.replica)

    @classmethod
    def parse(cls, text: str) -> Stamp:
        """Read a stamp; ValueError for anything that is not one (a damaged file)."""
        match = STAMP_PATTERN.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"not a clock stamp: {str(text)[:40]!r}")
        return cls(int(match[1]), int(match[2]), match[3])


def replica_of(stamp: str) -> str:
    """The replica id a stamp was made by (the text after wall and counter)."""
    return stamp[20:]


def stamp_date(stamp: str) -> datetime:
    """The local time a stamp's wall clock says."""
    return datetime.fromtimestamp(Stamp.parse(stamp).wall / 1000)


class HybridClock:
    """Stamps that sort in time order across replicas.

    Every local write moves the clock past both the wall clock and every
    stamp seen, so a change is always newer than what it overwrote.
    """

    def __init__(self, replica: str, last: str | None = None) -> None:
        self.replica = replica
        self._wall = 0
        self._counter = 0
        if last:
            # Our own clock as saved, even far ahead of the wall (a clock set a year
            # ahead, then corrected): a replica's stamps must never go back.
            saved = Stamp.parse(last)
            self._wall, self._counter = saved.wall, saved.counter

    @property
    def last(self) -> str:
        return str(Stamp(self._wall, self._counter, self.replica))

    def tick(self) -> str:
        current = wall_ms()
        if current > self._wall:
            self._wall, self._counter = current, 0
        else:
            self._counter += 1
            if self._counter > 99_999:  # keep the fixed width: borrow a millisecond
                self._wall, self._counter = self._wall + 1, 0
        return self.last

    def ticks(self, count: int) -> list[str]:
        """count stamps in a row, as count tick()s give them, the wall clock read once
        (a bulk insert of 200,000 rows, issue 14)."""
        current = wall_ms()
        if current > self._wall:
            self._wall, self._counter = current, -1
        wall, counter = self._wall, self._counter
        tail = "-" + self.replica
        if counter + count <= 99_999:
            # All in this millisecond (the usual case): the same stamps by one comprehension.
            head = f"{wall:013d}-"
            made = [f"{head}{n:05d}{tail}" for n in range(counter + 1, counter + count + 1)]
            self._wall, self._counter = wall, max(counter + count, 0)
            return made
        out: list[str] = []
        for _ in range(count):
            counter += 1
            if counter > 99_999:
                wall, counter = wall + 1, 0
            out.append(f"{wall:013d}-{counter:05d}{tail}")
        self._wall, self._counter = wall, max(counter, 0)
        return out

    def observe(self, stamp: str) -> bool:
        """Move past a stamp seen elsewhere; False if it is too far ahead to trust."""
        seen = Stamp.parse(stamp)
        if seen.wall > wall_ms() + MAX_AHEAD_MS:
            return False
        self._wall, self._counter = max((self._wall, self._counter), (seen.wall, seen.counter))
        return True
