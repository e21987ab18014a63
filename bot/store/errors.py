"""Errors of the store layer; they carry data, never sentences.

StoreError
 ├── StoreUnreachableError(where, reason)   the database did not answer at start-up
 ├── SchemaTooNewError(found, supported)   a newer bot already migrated this database
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
    """The database's schema version is ahead of what this code knows."""

    def __init__(self, *, found: int, supported: int) -> None:
        super().__init__(found, supported)
        self.found = found
        self.supported = supported


class MissingRowError(StoreError):
    """An update named a row that does not exist (a caller's ordering mistake)."""

    def __init__(self, *, table: str, key: object) -> None:
        super().__init__(table, key)
        self.table = table
        self.key = key
