"""Logging set-up for every subcommand: human-readable lines, or one JSON object a line.

`LOG_FORMAT=json` uses python-json-logger. Every record, uvicorn's included (uvicorn is told not
to configure logging, so its records reach the root handler), carries the id of the Slack request
being handled (`request_id`) and, for an unknown error, its `incident_id`. Secrets stay out
because nothing logs them (see tests/api/test_secrets.py), in either format.
"""

from __future__ import annotations

import logging
import sys
import uuid
from contextvars import ContextVar
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

HUMAN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_JSON_FIELDS = "%(levelname)s %(name)s %(message)s"
FORMATS = ("text", "json")

# The Slack request this task is handling; tasks a listener starts inherit it.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex[:12]


class RequestIdFilter(logging.Filter):
    """Stamps `request_id` on every record (None outside a Slack request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get()
        return True


class HumanFormatter(logging.Formatter):
    """The default format, with `[request id]` or `[incident id]` when there is one."""

    def __init__(self) -> None:
        super().__init__(HUMAN_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        tags = [
            f"{key}={value}"
            for key in ("request_id", "incident_id")
            if (value := getattr(record, key, None))
        ]
        return f"{line} [{' '.join(tags)}]" if tags else line


def build_formatter(log_format: str) -> logging.Formatter:
    """`text` (default) or `json`."""
    if log_format == "json":
        return JsonFormatter(
            _JSON_FIELDS,
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",  # ISO 8601, UTC
        )
    return HumanFormatter()


def configure_logging(log_format: str, *, stream: TextIO | None = None) -> None:
    """Replace the root handlers with one writing `log_format` lines to stderr."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(build_formatter(log_format))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)  # Python warnings become records too, in the same format
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # Alembic announces each of its plugins at INFO on every start; bot.store.migrations says
    # what was migrated in one line of its own.
    logging.getLogger("alembic").setLevel(logging.WARNING)
