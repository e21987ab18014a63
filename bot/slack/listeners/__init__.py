"""One module per surface; each holds module-level `on_…` listeners and a short `register`."""
