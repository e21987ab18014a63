"""The interventions API client (httpx, async): the two seed endpoints, retries, error mapping.

It never keeps or logs a token, `codePin`, `imgSignature` or the create response's `token`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Self

import httpx
import stamina
from pydantic import SecretStr

from bot.api.errors import (
    ApiUnavailable,
    ApiUnreachable,
    InvalidRequest,
    MalformedResponse,
    NotAuthorised,
    OutcomeUnknown,
    RateLimited,
    Unknowable,
    UnknownIntervention,
)
from bot.api.payloads import create_body, error_detail, parse_intervention, patch_body
from bot.api.sandbox import Sandbox
from bot.config import Settings
from bot.model import CreationStatus, Intervention, InterventionChanges, TimeWindow

logger = logging.getLogger("bot.api")

CREATE_PATH = "interventions/v2/rs/preventive/routine"
UPDATE_PATH = "interventions/v2/rs/preventive/{intervention_id}"
SANDBOX_BASE_URL = "http://sandbox/"
# observe(endpoint, outcome, seconds) after each attempt: endpoint "create" or "update", outcome
# the HTTP status ("201", "429"...) or "unreachable", "timeout", "disconnected".
ApiObserver = Callable[[str, str, float], None]
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to retry. No attempt starts once `budget` seconds have passed since the first;
    a `Retry-After` longer than `max_retry_after` is reported at once instead of waited for."""

    attempts: int = 3
    budget: float = 30.0
    wait_initial: float = 0.2
    wait_max: float = 2.0
    wait_jitter: float = 0.5
    max_retry_after: float = 10.0


class _DeadlineTransport(httpx.AsyncBaseTransport):
    """Gives a transport without timeouts of its own (ASGI) the read timeout of a real socket."""

    def __init__(self, inner: httpx.AsyncBaseTransport, seconds: float) -> None:
        self._inner = inner
        self._seconds = seconds

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            async with asyncio.timeout(self._seconds):
                response = await self._inner.handle_async_request(request)
                await response.aread()
        except TimeoutError:
            raise httpx.ReadTimeout("no answer within the read timeout", request=request) from None
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class InterventionsClient:
    """Creates interventions from routines and updates them, returning `bot.model.Intervention`."""

    def __init__(
        self,
        base_url: str,
        *,
        api_token: SecretStr,
        session_token: SecretStr,
        read_timeout: float = 20.0,
        connect_timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        max_connections: int = 50,
        observe: ApiObserver | None = None,
    ) -> None:
        if isinstance(transport, httpx.ASGITransport):
            transport = _DeadlineTransport(transport, read_timeout)
        if transport is None:
            limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=20)
            transport = httpx.AsyncHTTPTransport(limits=limits)
        self._url = httpx.URL(base_url).copy_with(username=None, password=None)
        self._secrets = (api_token, session_token)
        self._retry = retry or RetryPolicy()
        self._observe = observe
        self._http = httpx.AsyncClient(
            base_url=base_url,
            transport=transport,
            timeout=httpx.Timeout(
                connect_timeout, read=read_timeout, write=read_timeout, pool=None
            ),
            headers={
                # A blank token still goes out ("Bearer"), so the API answers 401.
                "Authorization": f"Bearer {api_token.get_secret_value()}".strip(),
                "X-Session-Token": session_token.get_secret_value(),
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": "preventive-bot",
            },
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"InterventionsClient(base_url={str(self._url)!r})"

    async def create_from_routine(
        self, routine_id: int, window: TimeWindow, status: CreationStatus
    ) -> Intervention:
        """POST a create. Retried only when the request certainly never left this machine."""
        body = create_body(routine_id, window, status)
        return await self._call("POST", CREATE_PATH, body, create=True)

    async def update_intervention(
        self, intervention_id: int, changes: InterventionChanges
    ) -> Intervention:
        """PATCH only what `changes` sets. Idempotent, so retried on 429, 5xx and lost answers,
        unless it emails someone (DESIGN "Durability"): such a PATCH is treated like a create,
        sent again only if it certainly never left, and a 500/502/504 is `OutcomeUnknown`."""
        body = patch_body(changes)
        path = UPDATE_PATH.format(intervention_id=int(intervention_id))
        notifies = bool(changes.previous_assignee_email or changes.email_current_assignee)
        return await self._call("PATCH", path, body, create=False, once=notifies)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _call(
        self, method: str, path: str, body: dict[str, Any], create: bool, once: bool = False
    ) -> Intervention:
        """`once`: a request that must not reach the API twice (a create, a notifying PATCH)."""
        policy = self._retry
        if create:
            may_retry: Any = _may_retry_create
        elif once:
            may_retry = self._may_retry_notifying
        else:
            may_retry = self._may_retry_update
        once = once or create
        async for attempt in stamina.retry_context(
            on=may_retry,
            attempts=policy.attempts,
            timeout=policy.budget,
            wait_initial=policy.wait_initial,
            wait_max=policy.wait_max,
            wait_jitter=policy.wait_jitter,
        ):
            with attempt:
                return await self._attempt(method, path, body, create, once)
        raise AssertionError("stamina re-raises the last error")  # pragma: no cover

    async def _attempt(
        self, method: str, path: str, body: dict[str, Any], create: bool, once: bool
    ) -> Intervention:
        started, outcome = time.perf_counter(), "cancelled"
        try:
            response = await self._http.request(method, path, json=body)
            outcome = str(response.status_code)
        except _NOT_SENT as error:
            outcome = "unreachable"
            logger.info("%s %s not sent: %s", method, path, type(error).__name__)
            raise ApiUnreachable() from None
        except httpx.TimeoutException as error:
            outcome = "timeout"
            logger.info("%s %s got no answer: %s", method, path, type(error).__name__)
            raise OutcomeUnknown(Unknowable.TIMEOUT) from None
        except httpx.TransportError as error:
            outcome = "disconnected"
            logger.info("%s %s lost its connection: %s", method, path, type(error).__name__)
            raise OutcomeUnknown(Unknowable.DISCONNECTED) from None
        finally:
            if self._observe is not None:
                endpoint = "create" if create else "update"
                self._observe(endpoint, outcome, time.perf_counter() - started)
        logger.debug("%s %s answered %d", method, path, response.status_code)
        return self._read(response, once)

    def _read(self, response: httpx.Response, once: bool) -> Intervention:
        status = response.status_code
        if 200 <= status < 300:
            try:
                return parse_intervention(response.content)
            except ValueError:
                raise MalformedResponse(status) from None
        if status >= 500:
            if once and status != 503:
                raise OutcomeUnknown(Unknowable.SERVER_ERROR, status)
            raise ApiUnavailable(status, retry_after=_retry_after(response))
        if not 400 <= status < 500:
            raise MalformedResponse(status)
        detail = error_detail(response.content, (s.get_secret_value() for s in self._secrets))
        if status == 429:
            raise RateLimited(status, detail, retry_after=_retry_after(response))
        if status in (401, 403):
            raise NotAuthorised(status, detail)
        if status == 404:
            raise UnknownIntervention(status, detail)
        raise InvalidRequest(status, detail)

    def _may_retry_notifying(self, error: Exception) -> bool | float:
        """An emailing PATCH: sent again only when the API certainly did not act on it (never
        sent, 429, 503), never after an answer was lost or a 500/502/504."""
        if isinstance(error, OutcomeUnknown | MalformedResponse):
            return False
        return self._may_retry_update(error)

    def _may_retry_update(self, error: Exception) -> bool | float:
        if isinstance(error, RateLimited | ApiUnavailable):
            if error.retry_after is None:
                return True
            return error.retry_after if error.retry_after <= self._retry.max_retry_after else False
        if isinstance(error, MalformedResponse):
            return False
        return isinstance(error, ApiUnreachable | OutcomeUnknown)


def _may_retry_create(error: Exception) -> bool:
    """A create is sent again only if the first one certainly never reached the server."""
    return isinstance(error, ApiUnreachable) and not isinstance(error, ApiUnavailable)


def _retry_after(response: httpx.Response) -> float | None:
    """`Retry-After` in seconds, from a number or an HTTP date; None when absent or unreadable."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def build_client(
    settings: Settings,
    sandbox: Sandbox | None = None,
    *,
    retry: RetryPolicy | None = None,
    observe: ApiObserver | None = None,
) -> InterventionsClient:
    """The client `settings` ask for: the real API, or the embedded sandbox (logged once)."""
    timeout = settings.interventions_api_timeout
    api_token = settings.interventions_api_token
    session_token = settings.interventions_session_token
    if not settings.uses_sandbox:
        return InterventionsClient(
            settings.interventions_api_url,
            api_token=api_token,
            session_token=session_token,
            read_timeout=timeout,
            retry=retry,
            observe=observe,
        )
    logger.warning("interventions API: embedded sandbox, nothing is sent to a real API")
    app = sandbox if sandbox is not None else Sandbox()
    return InterventionsClient(
        SANDBOX_BASE_URL,
        api_token=api_token if api_token.get_secret_value() else SecretStr("sandbox"),
        session_token=session_token if session_token.get_secret_value() else SecretStr("sandbox"),
        read_timeout=timeout,
        transport=httpx.ASGITransport(app=app.app),
        retry=retry,
        observe=observe,
    )
