"""Alembic's environment (`env.py`) and the revisions (`versions/`) `bot.store.migrations` runs."""
