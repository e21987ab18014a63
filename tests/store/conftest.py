"""Store tests run on SQLite under tmp_path, and on PostgreSQL too when TEST_DATABASE_URL is set."""

from __future__ import annotations

from tests.store.databases import database_url, store

__all__ = ["database_url", "store"]
