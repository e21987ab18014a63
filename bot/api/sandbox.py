"""The embedded interventions API: an ASGI app with the two seed endpoints, data kept in memory.

Reached through `httpx.ASGITransport` or served by uvicorn; its controls (thread-safe) make it
slow or faulty for tests and the demo. It plants known `codePin`/`imgSignature`/`token` values.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.api.sandbox_rules import (
    CREATE_FIELDS,
    CREATE_RULES,
    PATCH_RULES,
    apply_changes,
    check_fields,
    check_order,
    new_intervention,
)
from bot.model import format_api_timestamp

_ROUTE = re.compile(r"(?:/[^/]+)*/interventions/v2/rs/preventive/(routine|\d+)/?")
_HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>"
_HANG_POLL = 0.02
FaultKind = Literal["status", "hang", "html", "malformed"]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the sandbox received it (header names lower-cased; values hidden in repr)."""

    method: str
    path: str
    headers: dict[str, str] = field(repr=False)
    body: Any = field(repr=False)


@dataclass(frozen=True, slots=True)
class _Fault:
    kind: FaultKind
    status: int = 200
    body: Any = None
    retry_after: float | None = None
    method: str | None = None  # None: the next request, whatever its method


class Sandbox:
    """In-memory interventions API. `app` is the ASGI callable; the other methods are controls."""

    def __init__(
        self,
        *,
        first_id: int = 42,
        unknown_routines: Iterable[int] = (),
        max_routine_id: int = 9999,
        code_pin: int = 480_913,
        img_signature: str = "sandbox-img-signature-5b1e",
        create_token: str = "sandbox-create-token-9c7d",  # noqa: S107 planted fake, not a secret
        latency: float = 0.0,
        hang_limit: float = 60.0,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.unknown_routines = frozenset(unknown_routines)
        self.max_routine_id = max_routine_id
        self.code_pin = code_pin
        self.img_signature = img_signature
        self.create_token = create_token
        self.hang_limit = hang_limit
        self._first_id = first_id
        self._now = now
        self._lock = threading.Lock()
        self._latency = latency
        self._faults: deque[_Fault] = deque()
        self._requests: list[RecordedRequest] = []
        self._interventions: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(first_id)
        self._release_generation = 0

    def __repr__(self) -> str:
        return f"Sandbox(interventions={len(self._interventions)}, requests={len(self._requests)})"

    # Controls: each may be called from another thread while the app is served.

    @property
    def latency(self) -> float:
        """Seconds every request waits before it is handled."""
        with self._lock:
            return self._latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        with self._lock:
            self._latency = max(0.0, seconds)

    def fail_next(
        self,
        status: int,
        times: int = 1,
        body: Any = None,
        retry_after: float | None = None,
        *,
        method: str | None = None,
    ) -> None:
        """The next `times` requests (of `method`, when given) get `status` and a JSON `body`.

        `body` defaults to `{"message": reason}`; `method="PATCH"` lets a create succeed and the
        assignment after it fail, as a real API can.
        """
        if body is None:
            body = {"message": HTTPStatus(status).phrase}
        self._queue(_Fault("status", status, body, retry_after, method), times)

    def hang_next(self, times: int = 1) -> None:
        """The next `times` requests are handled, then never answered (the client times out)."""
        self._queue(_Fault("hang"), times)

    def html_next(self, status: int = 502, times: int = 1) -> None:
        """The next `times` requests get an HTML page, like a gateway's error page."""
        self._queue(_Fault("html", status), times)

    def malformed_next(self, status: int = 200, times: int = 1) -> None:
        """The next `times` requests get a body that claims to be JSON and is not."""
        self._queue(_Fault("malformed", status), times)

    def clear_faults(self) -> None:
        """Forget queued faults, keeping interventions and the request log."""
        with self._lock:
            self._faults.clear()

    def release_hangs(self) -> None:
        """End every request that is hanging now (they get a 504)."""
        with self._lock:
            self._release_generation += 1

    def reset(self) -> None:
        """Forget requests, interventions, pending faults and latency; ids start over."""
        self.release_hangs()
        with self._lock:
            self._latency = 0.0
            self._faults.clear()
            self._requests.clear()
            self._interventions.clear()
            self._ids = itertools.count(self._first_id)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def interventions(self) -> dict[int, dict[str, Any]]:
        """Interventions by id, in the API's wire shape (a copy)."""
        with self._lock:
            return copy.deepcopy(self._interventions)

    @property
    def _planted(self) -> dict[str, Any]:
        return {"codePin": self.code_pin, "imgSignature": self.img_signature}

    def _take_fault(self, method: str) -> _Fault | None:
        """The first queued fault that applies to a request of `method` (lock held)."""
        for fault in self._faults:
            if fault.method in (None, method):
                self._faults.remove(fault)
                return fault
        return None

    def _queue(self, fault: _Fault, times: int) -> None:
        with self._lock:
            self._faults.extend([fault] * times)

    # The ASGI application.

    @property
    def app(self) -> ASGIApp:
        """The ASGI application (the sandbox itself), for ASGITransport or uvicorn."""
        return self

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point: HTTP requests, and lifespan events when a server sends them."""
        if scope["type"] == "lifespan":
            await _run_lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        raw = await request.body()
        body = _parse_json(raw)
        with self._lock:
            self._requests.append(
                RecordedRequest(request.method, request.url.path, dict(request.headers), body)
            )
            latency = self._latency
            fault = self._take_fault(request.method)
        if latency:
            await asyncio.sleep(latency)
        response: Response | None
        if fault is None or fault.kind == "hang":
            response = self._handle(request, raw, body)
            if fault is not None:
                response = await self._hang(receive)
        else:
            response = _fault_response(fault)
        if response is not None:
            await response(scope, receive, send)

    async def _hang(self, receive: Receive) -> Response | None:
        """Wait until the client goes away (None: nothing to send) or the hang is released."""
        with self._lock:
            generation = self._release_generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.hang_limit
        while loop.time() < deadline:
            with self._lock:
                if self._release_generation != generation:
                    break
            try:
                async with asyncio.timeout(_HANG_POLL):
                    message = await receive()
            except TimeoutError:
                continue
            if message["type"] == "http.disconnect":
                return None
        return JSONResponse({"message": "Gateway Timeout"}, status_code=504)

    def _handle(self, request: Request, raw: bytes, body: Any) -> Response:
        match = _ROUTE.fullmatch(request.url.path)
        if match is None:
            return _message(404, "Not Found")
        target = match[1]
        expected = "POST" if target == "routine" else "PATCH"
        if request.method != expected:
            return _message(405, "Method Not Allowed")
        headers = request.headers
        authorization = headers.get("authorization", "")
        if not authorization.startswith("Bearer ") or not authorization[7:].strip():
            return _message(401, "Unauthorized")
        if not headers.get("x-session-token", "").strip():
            return _message(401, "Unauthorized")
        if headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _message(415, "Content-Type must be application/json")
        if raw and body is None:
            return _message(400, "the body is not valid JSON")
        if target == "routine":
            return self._create(body)
        return self._update(int(target), body)

    def _create(self, body: Any) -> Response:
        problem = check_fields(body, CREATE_RULES, CREATE_FIELDS)
        problem = problem or check_order(body["scheduledStart"], body["scheduledEnd"])
        if problem:
            return _message(400, problem)
        routine_id = body["routineId"]
        if routine_id > self.max_routine_id or routine_id in self.unknown_routines:
            return _message(404, f"Routine {routine_id} not found")
        stamp = format_api_timestamp(self._now())
        with self._lock:
            intervention_id = next(self._ids)
            intervention = new_intervention(intervention_id, body, stamp, self._planted)
            self._interventions[intervention_id] = intervention
            data = copy.deepcopy(intervention)
        return JSONResponse({"data": data, "token": self.create_token}, status_code=201)

    def _update(self, intervention_id: int, body: Any) -> Response:
        problem = check_fields(body, PATCH_RULES, ())
        if problem:
            return _message(400, problem)
        with self._lock:
            current = self._interventions.get(intervention_id)
            if current is None:
                return _message(404, f"Intervention {intervention_id} not found")
            start = body.get("scheduledStart", current["scheduledStart"])
            end = body.get("scheduledEnd", current["scheduledEnd"])
            problem = check_order(start, end)
            if problem:
                return _message(400, problem)
            apply_changes(current, body, format_api_timestamp(self._now()))
            data = copy.deepcopy(current)
        return JSONResponse({"data": data}, status_code=200)


def _parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _message(status: int, message: str) -> Response:
    return JSONResponse({"message": message}, status_code=status)


def _fault_response(fault: _Fault) -> Response:
    if fault.kind == "html":
        return HTMLResponse(_HTML_PAGE, status_code=fault.status)
    if fault.kind == "malformed":
        return Response(b'{"data": {"id": 4', fault.status, media_type="application/json")
    headers = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
    if isinstance(fault.body, str | bytes):
        return Response(fault.body, fault.status, headers=headers, media_type="text/plain")
    return JSONResponse(fault.body, status_code=fault.status, headers=headers)


async def _run_lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
