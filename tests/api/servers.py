"""Test servers: `serve_app` (the one ASGI-on-a-thread helper, from `bot.fakes.serving`) and a
base URL nothing listens on.

Reusable by other test packages: `with serve_app(sandbox.app) as base_url: ...`.
"""

from __future__ import annotations

import socket

from bot.fakes.serving import serve_app

__all__ = ["refused_url", "serve_app"]


def refused_url() -> str:
    """A base URL on which nothing listens: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
