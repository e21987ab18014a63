"""Serve an ASGI app for real on 127.0.0.1 with uvicorn in a thread, for tests that need a socket.

Reusable by other test packages: `with serve_app(sandbox.app) as base_url: ...`.
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


@contextmanager
def serve_app(
    app: ASGIApp, *, lifespan: Literal["on", "off", "auto"] = "off", startup_timeout: float = 5.0
) -> Iterator[str]:
    """Yield `http://127.0.0.1:<port>` while uvicorn serves `app` on a free port.

    `lifespan="on"` runs the app's start-up and shut-down events (a start-up failure raises).
    """
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        interface="asgi3",
        lifespan=lifespan,
        access_log=False,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.005)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def refused_url() -> str:
    """A base URL on which nothing listens: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
