"""Storage behind one interface. SQLite (one file, WAL) is the default."""

from __future__ import annotations

from pathlib import Path

from .sqlite import SCHEMA_VERSION, PutResult, SQLiteStore

DEFAULT_DB = "newstrace.db"

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "PutResult", "SQLiteStore", "open_store"]


def open_store(path: str | Path = DEFAULT_DB) -> SQLiteStore:
    """Open (creating or migrating) the store at ``path``."""
    return SQLiteStore(path)
