"""One module a revision, applied in order; a released revision is never edited."""
