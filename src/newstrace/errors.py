"""One error type per layer; the CLI maps them to exit codes and one-line messages."""

from __future__ import annotations


class NewstraceError(Exception):
    """Base class. ``str(e)`` is a one-line message naming the file/record and the reason."""


class UsageError(NewstraceError):
    """Bad command-line arguments or settings (exit code 2)."""


class SourceError(NewstraceError):
    """An input could not be read: missing, binary, truncated, unreachable, refused."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class SourceSkip(SourceError):
    """Items of an input passed over on purpose, ``count`` of them (a feed's entries with a summary
    only): counted as skipped, not as failures; the input is not read again for them."""

    def __init__(self, origin: str, reason: str, count: int) -> None:
        super().__init__(origin, reason)
        self.count = count


class ExtractError(NewstraceError):
    """A page was read but yields no article (empty, too short, not HTML)."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class StoreError(NewstraceError):
    """The database cannot be opened, is of a newer schema, or an article id is unknown."""
