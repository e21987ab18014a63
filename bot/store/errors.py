"""Errors of the store layer; they carry data, never sentences.

StoreError
 ├── StoreUnreachableError(where, reason)   the database did not answer at start-up
 ├── SchemaTooNewError(found, supported)   a newer bot migrated this database (Alembic revisions)
 └── MissingRowError(table, key)           an update named a row the store does not hold
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class StoreUnreachableError(StoreError):
    """Connecting failed; `where` is the URL without its password, `reason` the error's kind."""

    def __init__(self, *, where: str, reason: str) -> None:
        super().__init__(where, reason)
        self.where = where
        self.reason = reason


class SchemaTooNewError(StoreError):
    """The database is at a revision this code does not know; `supported` is this code's head."""

    def __init__(self, *, found: str, supported: str) -> None:
        super().__init__(found, supported)
        self.found = found
        self.supported = supported


class MissingRowError(StoreError):
    """An update named a row that does not exist (a caller's ordering mistake)."""

    def __init__(self, *, table: str, key: object) -> None:
        super().__init__(table, key)
        self.table = table
        self.key = key
