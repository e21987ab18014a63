"""Faults a test queues on the fake Slack: 429s, `ok: false` answers, slow answers, per method."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Fault:
    kind: Literal["ratelimit", "error", "delay", "late"]
    value: Any


class Faults:
    """Per-method queues of faults, each taken by the next call of that method."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, list[Fault]] = {}

    def clear(self) -> None:
        with self._lock:
            self._queues = {}

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 429 and `Retry-After`."""
        self._add(method, Fault("ratelimit", retry_after), times)

    def fail_next(self, method: str, error: str = "internal_error", times: int = 1) -> None:
        """Answer the next `times` calls of `method` with `{"ok": false, "error": error}`."""
        self._add(method, Fault("error", error), times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Make the next `times` calls of `method` wait `seconds` before being handled."""
        self._add(method, Fault("delay", seconds), times)

    def answer_late_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Handle the next `times` calls of `method`, then wait `seconds` before answering."""
        self._add(method, Fault("late", seconds), times)

    def take(self, method: str) -> Fault | None:
        """The fault the next call of `method` meets, if any."""
        with self._lock:
            queue = self._queues.get(method)
            return queue.pop(0) if queue else None

    def _add(self, method: str, fault: Fault, times: int) -> None:
        with self._lock:
            self._queues.setdefault(method, []).extend([fault] * times)
