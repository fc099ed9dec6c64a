"""The Harada grades A to F, their order, kinds and default return-visit cadence."""

from __future__ import annotations

from enum import StrEnum

from salesdesk.domain.errors import InvalidValue


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class FKind(StrEnum):
    F1 = "F1"  # unlikely to move up within a year
    F2 = "F2"  # still being researched, not yet visited


GRADES: tuple[str, ...] = tuple(g.value for g in Grade)
F_KINDS: tuple[str, ...] = tuple(k.value for k in FKind)

# Grades that must carry a blocker and a re-check date.
RECHECK_GRADES = frozenset({"C", "D"})

# Default ideal return-visit interval in days (DESIGN §1). None: the card
# comes back on its re-check date (C) or asks for a first visit (F2).
DEFAULT_CADENCE_DAYS: dict[str, int | None] = {
    "A": 3,
    "B": 7,
    "C": 90,  # default re-check date when none is given
    "D": 30,
    "E": 14,
    "F1": 180,
    "F2": None,
}

# Colours shared by the window, the charts and the workbook.
GRADE_COLORS: dict[str, str] = {
    "A": "#2e7d32",
    "B": "#7cb342",
    "C": "#f9a825",
    "D": "#ef6c00",
    "E": "#5c6bc0",
    "F": "#9e9e9e",
}


class GradeError(InvalidValue):
    """A grade, F kind or grade transition that the method does not allow."""


def parse_grade(text: str | None) -> str:
    """Return the grade letter for user text such as ' b ', 'A级' or 'f2'.

    Raises GradeError with a readable message for anything else.
    """
    if text is None:
        raise GradeError("A grade is needed: one of A, B, C, D, E, F.")
    cleaned = str(text).strip().upper().removesuffix("级").strip()
    if cleaned in F_KINDS:
        return "F"
    if cleaned in GRADES:
        return cleaned
    raise GradeError(f"'{text}' is not a grade: use one of A, B, C, D, E, F.")


def parse_f_kind(text: str | None) -> str | None:
    """Return F1/F2 from user text, None for empty input."""
    if text is None or not str(text).strip():
        return None
    cleaned = str(text).strip().upper()
    if cleaned in F_KINDS:
        return cleaned
    raise GradeError(f"'{text}' is not an F kind: use F1 or F2.")


def grade_rank(grade: str | None) -> int:
    """Order for sorting: A first, ungraded last."""
    try:
        return GRADES.index(grade or "")
    except ValueError:
        return len(GRADES)


def cadence_key(grade: str, f_kind: str | None) -> str:
    """The key of the cadence table for a grade (F splits into F1 and F2)."""
    if grade == "F":
        return f_kind or "F2"
    return grade
