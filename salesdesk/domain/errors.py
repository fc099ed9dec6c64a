"""Errors that carry a message for the user: the CLI prints it, the window shows it."""

from salesdesk.domain.messages import localize


class UserError(Exception):
    """Something the user asked for cannot be done; str(error) says why, in one sentence.

    The message is written in English; str() gives it in the language set with
    messages.set_language() (the catalog in salesdesk/domain/messages.py), english() as written.
    """

    def english(self) -> str:
        return super().__str__()

    def __str__(self) -> str:
        return localize(self.english())


class NotFound(UserError):
    """No card (or other row) with that id."""


class InvalidValue(UserError, ValueError):
    """A value a user gave that the card cannot hold."""


class DatabaseError(UserError):
    """The file is not a SalesDesk database, is damaged, too new, or locked."""


class DatabaseLocked(DatabaseError):
    """Another SalesDesk process is writing to this file."""


class ReadOnlyError(UserError):
    """The database is open read-only (another window has it)."""
