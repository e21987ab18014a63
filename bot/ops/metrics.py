"""Prometheus metrics of one bot process, exposed at `GET /metrics` with prometheus-client.

Counters and histograms belong to the process that serves the scrape: with several processes,
scrape each one. The backlog gauges (pending approvals, outbox, reminders due) are read from
the shared store at each scrape, so every process reports the same backlog.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.store.store import Store

__all__ = ["CONTENT_TYPE_LATEST", "Backlog", "Metrics"]

log = logging.getLogger(__name__)

# Acks must come within Slack's 3 s; the API answers in seconds and times out at 20 s.
_ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
_API_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0)


@dataclass(frozen=True)
class Backlog:
    """What waits in the shared store; None where the store cannot tell yet."""

    pending_approvals: int | None = None
    outbox_pending: int | None = None
    outbox_oldest_age_seconds: float | None = None
    reminders_due: int | None = None


BacklogReader = Callable[[], Awaitable[Backlog]]


async def read_store_backlog(store: Store) -> Backlog:
    """The backlog as the shared store tells it: pending approvals, and the outbox's unsent
    effects with the age of the oldest. The reminders gauge stays without a sample until the
    store provides it (its table comes with the reminders work)."""
    return Backlog(
        pending_approvals=await store.count_pending_requests(),
        outbox_pending=await store.outbox.backlog(),
        outbox_oldest_age_seconds=(await store.outbox.oldest_age()).total_seconds(),
    )


class _BacklogCollector:
    """Yields the backlog read just before the scrape (families without a sample when unknown,
    so their names and help are visible before the store provides them)."""

    def __init__(self) -> None:
        self.latest = Backlog()

    def collect(self) -> Iterator[Metric]:
        gauges = (
            ("preventive_pending_approvals", "Reassignment requests waiting for a manager."),
            ("preventive_outbox_backlog", "Outbox entries not yet sent."),
            ("preventive_outbox_oldest_age_seconds", "Age of the oldest unsent outbox entry."),
            ("preventive_reminders_due", "Reminders whose time has come, not yet sent."),
        )
        values = (
            self.latest.pending_approvals,
            self.latest.outbox_pending,
            self.latest.outbox_oldest_age_seconds,
            self.latest.reminders_due,
        )
        for (name, documentation), value in zip(gauges, values, strict=True):
            family = GaugeMetricFamily(name, documentation)
            if value is not None:
                family.add_metric([], float(value))
            yield family


class Metrics:
    """The process's registry and the few ways the rest of the bot moves it."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)  # process_resident_memory_bytes, CPU, fds
        PlatformCollector(registry=self.registry)  # python_info
        self.commands = Counter(
            "preventive_commands",
            "Slack requests received, by kind (the slash subcommand, action or view).",
            ["kind"],
            registry=self.registry,
        )
        self.ack_latency = Histogram(
            "preventive_ack_latency_seconds",
            "From a Slack request's arrival to its acknowledgement.",
            buckets=_ACK_BUCKETS,
            registry=self.registry,
        )
        self.api_calls = Counter(
            "preventive_api_calls",
            "Interventions API attempts, by endpoint and outcome.",
            ["endpoint", "outcome"],
            registry=self.registry,
        )
        self.api_latency = Histogram(
            "preventive_api_latency_seconds",
            "Interventions API attempt duration, by endpoint.",
            ["endpoint"],
            buckets=_API_BUCKETS,
            registry=self.registry,
        )
        self.slack_errors = Counter(
            "preventive_slack_api_errors",
            "Slack Web API answers that were errors (ok false, or HTTP 429), by method and error.",
            ["method", "error"],
            registry=self.registry,
        )
        self._backlog = _BacklogCollector()
        self.registry.register(self._backlog)

    def count_command(self, kind: str, ack_seconds: float) -> None:
        self.commands.labels(kind=kind).inc()
        self.ack_latency.observe(ack_seconds)

    def observe_api_call(self, endpoint: str, outcome: str, seconds: float) -> None:
        self.api_calls.labels(endpoint=endpoint, outcome=outcome).inc()
        self.api_latency.labels(endpoint=endpoint).observe(seconds)

    def count_slack_error(self, method: str, error: str) -> None:
        self.slack_errors.labels(method=method, error=error).inc()

    async def render(self, read_backlog: BacklogReader | None) -> bytes:
        """The text exposition, after reading the backlog from the store."""
        if read_backlog is not None:
            try:
                self._backlog.latest = await read_backlog()
            except Exception as error:  # noqa: BLE001  # the counters must survive a store outage
                log.warning("metrics: backlog unknown, the store failed (%s)", type(error).__name__)
                self._backlog.latest = Backlog()
        return generate_latest(self.registry)
