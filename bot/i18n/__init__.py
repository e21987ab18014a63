"""User-facing text in English and French."""
