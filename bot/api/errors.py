"""What can go wrong when calling the interventions API, as data (never sentences, never secrets).

Our exception hierarchy:

* ApiError
  + RequestNotValid(field, reason)         refused before sending: nothing reached the API
  + ApiUnreachable                         the API certainly did not act on the request
    - ApiUnavailable(status, retry_after)  it answered 5xx (503 for a create) and retries gave up
  + OutcomeUnknown(cause, status)          it may have acted, but no usable answer came back
    - MalformedResponse(status)            a 2xx answer that is not the documented JSON
  + ApiRejected(status, detail)            it answered 4xx; `detail` is its own message, if any
    - InvalidRequest                       400, 422 and any other 4xx not listed below
    - NotAuthorised                        401, 403: an admin must renew the tokens
    - UnknownIntervention                  404 (for a create: the routine is unknown)
    - RateLimited(retry_after)             429 after retries gave up

A create (POST) that got a 500, 502 or 504 raises `OutcomeUnknown(SERVER_ERROR, status)`, not
`ApiUnavailable`: behind a gateway those can come after the intervention was written, and a
duplicate intervention is worse than an error. Only 503 says "not handled" plainly enough.
`MalformedResponse` is an `OutcomeUnknown` because a 2xx means the API acted, yet we cannot
tell what it holds (for a create: not even the new id).
"""

# The names are the taxonomy STYLE.md and the Slack layer use, not "...Error" ones.
# ruff: noqa: N818

from __future__ import annotations

from enum import StrEnum


class Unknowable(StrEnum):
    """Why the outcome of a request that may have reached the API is unknown."""

    TIMEOUT = "timeout"
    DISCONNECTED = "disconnected"
    SERVER_ERROR = "server_error"
    MALFORMED = "malformed"


class ApiError(Exception):
    """Base of every error the interventions client raises."""

    def _data(self) -> str:
        return ""

    def __str__(self) -> str:
        return self._data()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data()})"


class RequestNotValid(ApiError):
    """A request field broke the seeds' rules (or an assignee is unmapped); nothing was sent."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(field, reason)
        self.field = field
        self.reason = reason

    def _data(self) -> str:
        return f"field={self.field!r}, reason={self.reason!r}"


class ApiUnreachable(ApiError):
    """The API certainly did not act on the request (connection failed before sending)."""


class ApiUnavailable(ApiUnreachable):
    """The API answered with a server error and retries gave up; `retry_after` in seconds."""

    def __init__(self, status: int, retry_after: float | None = None) -> None:
        super().__init__(status, retry_after)
        self.status = status
        self.retry_after = retry_after

    def _data(self) -> str:
        return f"status={self.status}, retry_after={self.retry_after}"


class OutcomeUnknown(ApiError):
    """The request may have reached the API and been applied, but no usable answer came."""

    def __init__(self, cause: Unknowable, status: int | None = None) -> None:
        super().__init__(cause, status)
        self.cause = cause
        self.status = status

    def _data(self) -> str:
        return f"cause={self.cause.value!r}, status={self.status}"


class MalformedResponse(OutcomeUnknown):
    """A success status whose body is not the documented JSON (HTML, garbage, no `data`)."""

    def __init__(self, status: int) -> None:
        super().__init__(Unknowable.MALFORMED, status)


class ApiRejected(ApiError):
    """The API answered 4xx. `detail` is the API's own message, truncated and redacted."""

    def __init__(self, status: int, detail: str | None = None) -> None:
        super().__init__(status, detail)
        self.status = status
        self.detail = detail

    def _data(self) -> str:
        return f"status={self.status}, detail={self.detail!r}"


class InvalidRequest(ApiRejected):
    """The API found the request invalid (400, 422, other 4xx)."""


class NotAuthorised(ApiRejected):
    """The API refused our tokens (401, 403)."""


class UnknownIntervention(ApiRejected):
    """404: no such intervention (for a create, no such routine)."""


class RateLimited(ApiRejected):
    """429 after retries gave up; `retry_after` is the API's advice in seconds, if any."""

    def __init__(
        self, status: int = 429, detail: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(status, detail)
        self.retry_after = retry_after

    def _data(self) -> str:
        return f"{super()._data()}, retry_after={self.retry_after}"
