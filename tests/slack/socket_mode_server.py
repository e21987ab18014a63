"""A fake Slack Socket Mode server on 127.0.0.1 for tests: hello, envelopes, acks, disconnects.

Point the fake Web API's `apps.connections.open` at `url`; it runs in its own thread and loop, so a
test can push envelopes and read acks from any thread (`wait_for` blocks, `wait_for_async` polls).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from bot.fakes.slack.payloads import APP_ID, SlackPayload

T = TypeVar("T")
Json = dict[str, Any]


class FakeSocketMode:
    """Accepts Socket Mode clients, sends them envelopes and records what they send back."""

    def __init__(self, app_id: str = APP_ID) -> None:
        self.app_id = app_id
        self.url = ""
        self.connection_count = 0
        self._cond = threading.Condition()
        self._live: list[ServerConnection] = []
        self._accepted = 0
        self._received: list[Json] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="fake-socket-mode", daemon=True
        )
        self._server: Server | None = None

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> FakeSocketMode:
        """Listen on 127.0.0.1:0; `url` is then the address `apps.connections.open` hands out."""
        self._thread.start()
        self._server = self._run(self._listen())
        port = next(iter(self._server.sockets)).getsockname()[1]
        self.url = f"ws://127.0.0.1:{port}/link/?ticket=fake-ticket&app_id={self.app_id}"
        return self

    def stop(self) -> None:
        """Close every connection, stop the server and its thread (a second call does nothing)."""
        if self._loop.is_closed():
            return
        if self._server is not None:
            self._run(self._close(self._server))
            self._server = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    # ----- driving the client ----------------------------------------------------------------

    def send(self, message: Json) -> None:
        """Send one JSON message to the newest live connection."""
        self._run(self._send(message))

    def push(self, payload: SlackPayload, envelope_id: str | None = None) -> str:
        """Send a simulated payload in its envelope; return the envelope id the ack must carry."""
        envelope = payload.envelope(envelope_id)
        self.send(envelope)
        return str(envelope["envelope_id"])

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to reconnect, as Slack does before it recycles a connection."""
        self.send({"type": "disconnect", "reason": reason, "debug_info": {"host": "fake-link"}})

    def drop(self) -> None:
        """Close the newest connection abruptly, with no `disconnect` message first."""
        self._run(self._drop())

    # ----- inspection ------------------------------------------------------------------------

    @property
    def received(self) -> list[Json]:
        """Every JSON message clients sent, oldest first."""
        with self._cond:
            return list(self._received)

    @property
    def acks(self) -> list[Json]:
        """The acknowledgements (messages carrying an `envelope_id`), oldest first."""
        return [message for message in self.received if "envelope_id" in message]

    @property
    def accepted_connections(self) -> int:
        """How many client connections were ever accepted (reconnections included)."""
        with self._cond:
            return self._accepted

    @property
    def live_connections(self) -> int:
        """How many client connections are open now."""
        with self._cond:
            return len(self._live)

    def ack_for(self, envelope_id: str) -> Json | None:
        """The ack of one envelope, if it arrived."""
        return next((a for a in self.acks if a["envelope_id"] == envelope_id), None)

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Block until `predicate()` is truthy and return it (for tests not on an event loop)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (result := predicate()):
                if not self._cond.wait(max(0.0, deadline - time.monotonic())):
                    raise TimeoutError(f"condition not met within {timeout}s")
            return result

    async def wait_for_async(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Poll `predicate()` without blocking the caller's event loop (where the client runs)."""
        deadline = time.monotonic() + timeout
        while not (result := predicate()):
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout}s; got {self.received}")
            await asyncio.sleep(0.01)
        return result

    # ----- server side (runs on the server's loop) -------------------------------------------

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=5)

    async def _listen(self) -> Server:
        return await serve(self._handle, "127.0.0.1", 0)

    async def _close(self, server: Server) -> None:
        server.close()
        await server.wait_closed()

    async def _handle(self, connection: ServerConnection) -> None:
        with self._cond:
            self._live.append(connection)
            self._accepted += 1
            self.connection_count += 1
            self._cond.notify_all()
        try:
            await connection.send(json.dumps(self._hello()))
            async for raw in connection:
                self._record(json.loads(raw))
        except ConnectionClosed:
            pass  # a client going away is an ordinary event here
        finally:
            with self._cond:
                self._live.remove(connection)
                self._cond.notify_all()

    def _hello(self) -> Json:
        with self._cond:
            count = len(self._live)
        return {
            "type": "hello",
            "num_connections": count,
            "debug_info": {"host": "fake-link", "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.app_id},
        }

    def _record(self, message: Json) -> None:
        with self._cond:
            self._received.append(message)
            self._cond.notify_all()

    async def _send(self, message: Json) -> None:
        await self._newest().send(json.dumps(message))

    async def _drop(self) -> None:
        await self._newest().close(code=1011, reason="dropped")

    def _newest(self) -> ServerConnection:
        with self._cond:
            if not self._live:
                raise RuntimeError("no Socket Mode client is connected")
            return self._live[-1]
