"""Can this machine reach the interventions API? Name resolution, TCP, TLS, then one HTTP GET of
the base URL (any status counts: the point is that something answers). Sends no token and
changes nothing; used by `python -m bot check`.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass
from enum import StrEnum

import httpx

TIMEOUT_SECONDS = 5.0


class ProbeStep(StrEnum):
    """Where reaching the API stopped."""

    URL = "url"
    DNS = "dns"
    CONNECT = "connect"
    TLS = "tls"
    HTTP = "http"


@dataclass(frozen=True)
class ProbeResult:
    """`failed_at` is None when the API answered; `detail` is the error's kind or the status."""

    url: str
    failed_at: ProbeStep | None
    detail: str


async def probe_api(base_url: str, *, timeout: float = TIMEOUT_SECONDS) -> ProbeResult:
    """Resolve, connect, handshake and GET `base_url` (credentials stripped from the URL)."""
    url = httpx.URL(base_url).copy_with(username=None, password=None)
    shown = str(url)
    if url.scheme not in ("http", "https") or not url.host:
        return ProbeResult(shown, ProbeStep.URL, "expected http(s)://host/...")
    port = url.port or (443 if url.scheme == "https" else 80)
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            await loop.getaddrinfo(url.host, port, type=socket.SOCK_STREAM)
    except (OSError, TimeoutError) as error:
        return ProbeResult(shown, ProbeStep.DNS, type(error).__name__)
    failure = await _connect(url.host, port, tls=url.scheme == "https", timeout=timeout)
    if failure is not None:
        return ProbeResult(shown, *failure)
    try:
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
            response = await client.get(url)
    except httpx.HTTPError as error:
        return ProbeResult(shown, ProbeStep.HTTP, type(error).__name__)
    return ProbeResult(shown, None, f"HTTP {response.status_code}")


async def _connect(
    host: str, port: int, *, tls: bool, timeout: float
) -> tuple[ProbeStep, str] | None:
    """Open a TCP connection, then (https) a verified TLS session; the step that failed."""
    try:
        async with asyncio.timeout(timeout):
            _, writer = await asyncio.open_connection(host, port)
    except (OSError, TimeoutError) as error:
        return ProbeStep.CONNECT, type(error).__name__
    writer.close()
    if not tls:
        return None
    try:
        async with asyncio.timeout(timeout):
            _, writer = await asyncio.open_connection(
                host, port, ssl=ssl.create_default_context(), server_hostname=host
            )
    except ssl.SSLCertVerificationError as error:
        return ProbeStep.TLS, error.verify_message or "certificate not verified"
    except (ssl.SSLError, OSError, TimeoutError) as error:
        return ProbeStep.TLS, type(error).__name__
    writer.close()
    return None
