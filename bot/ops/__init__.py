"""Operations: metrics, the log format, `python -m bot check`, and draining on SIGTERM."""
