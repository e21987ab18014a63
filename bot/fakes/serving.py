"""Serve an ASGI app for real on 127.0.0.1 with uvicorn, in a thread with its own event loop.

The one helper the fakes (fake Slack, the demo) and the tests use when something needs a socket:
`ThreadedServer(app).start()` … `.stop()`, or `with serve_app(app) as base_url: ...`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

Lifespan = Literal["on", "off", "auto"]


class ThreadedServer:
    """uvicorn serving `app` on a port of 127.0.0.1 bound at once, so `origin` is known early."""

    def __init__(self, app: ASGIApp, *, lifespan: Lifespan = "off", name: str = "asgi") -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self.origin = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        config = uvicorn.Config(
            app,
            interface="asgi3",
            lifespan=lifespan,
            ws="none",
            access_log=False,
            log_level="warning",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self, timeout: float = 10.0) -> None:
        """Start serving; return once the socket accepts requests (RuntimeError if it never does,
        e.g. when `lifespan="on"` and the app's start-up fails)."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server {self._thread.name!r} did not start")
            time.sleep(0.005)

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()

    def _run(self) -> None:
        self._server.run(sockets=[self._socket])


@contextmanager
def serve_app(
    app: ASGIApp, *, lifespan: Lifespan = "off", startup_timeout: float = 5.0
) -> Iterator[str]:
    """Yield `http://127.0.0.1:<port>` while uvicorn serves `app` on a free port.

    `lifespan="on"` runs the app's start-up and shut-down events (a start-up failure raises).
    """
    server = ThreadedServer(app, lifespan=lifespan, name="uvicorn-test-server")
    try:
        server.start(startup_timeout)
        yield server.origin
    finally:
        server.stop()
