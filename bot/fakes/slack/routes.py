"""The fake Slack over HTTP: `/api/<method>` and `/response/<key>`, answering as Slack does.

Arguments arrive as query, form or JSON, like Slack accepts them; each request meets its method's
queued fault first, and is recorded as a `Call`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.fakes.slack import response_urls
from bot.fakes.slack.faults import Faults
from bot.fakes.slack.methods import dispatch
from bot.fakes.slack.state import Call, SlackError, Workspace

Json = dict[str, Any]
_JSON_ARGS = ("blocks", "view", "metadata", "attachments")


def web_api(workspace: Workspace, faults: Faults) -> Starlette:
    """The ASGI app serving the Web API methods and the response URLs."""
    api = _Api(workspace, faults)
    return Starlette(
        routes=[
            Route("/api/{method}", api.serve_method, methods=["GET", "POST"]),
            Route("/response/{key}", api.serve_response_url, methods=["POST"]),
        ]
    )


class _Api:
    def __init__(self, workspace: Workspace, faults: Faults) -> None:
        self.workspace, self.faults = workspace, faults

    async def serve_method(self, request: Request) -> Response:
        method = request.path_params["method"]
        headers = dict(request.headers)
        try:
            args = await _read_args(request)
        except SlackError as exc:
            self.workspace.record(Call(method, {}, headers, ok=False, error=exc.error))
            return JSONResponse({"ok": False, "error": exc.error})
        token = args.pop("token", None) or _bearer(headers)
        fault = self.faults.take(method)
        if fault and fault.kind == "delay":
            await asyncio.sleep(fault.value)
        elif fault and fault.kind == "ratelimit":
            self.workspace.record(Call(method, args, headers, ok=False, error="ratelimited"))
            return JSONResponse(
                {"ok": False, "error": "ratelimited"},
                status_code=429,
                headers={"Retry-After": str(fault.value)},
            )
        try:
            if fault and fault.kind == "error":
                raise SlackError(fault.value)
            body = {"ok": True, **dispatch(self.workspace, method, args, token)}
        except SlackError as exc:
            body = {"ok": False, "error": exc.error, **exc.extra}
        self.workspace.record(Call(method, args, headers, ok=body["ok"], error=body.get("error")))
        if fault and fault.kind == "late":
            await asyncio.sleep(fault.value)
        return JSONResponse(body)

    async def serve_response_url(self, request: Request) -> Response:
        key = request.path_params["key"]
        headers = dict(request.headers)
        try:
            args = await _read_args(request)
            fault = self.faults.take("response_url")
            if fault and fault.kind == "delay":
                await asyncio.sleep(fault.value)
            elif fault:  # Slack answers a failing response URL with a status and a bare word
                raise SlackError(fault.value if fault.kind == "error" else "rate_limited")
            response_urls.respond(self.workspace, key, args)
        except SlackError as exc:
            status = {"expired_url": 404, "used_url": 404, "rate_limited": 429}.get(exc.error, 400)
            failed = Call("response_url", {"key": key}, headers, ok=False, error=exc.error)
            self.workspace.record(failed)
            return Response(exc.error, status_code=status)
        self.workspace.record(Call("response_url", {"key": key, **args}, headers, ok=True))
        return JSONResponse({"ok": True})


def _bearer(headers: Mapping[str, str]) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


async def _read_args(request: Request) -> Json:
    """Merge query, form or JSON body; decode JSON-valued arguments sent as strings."""
    args: Json = dict(request.query_params)
    body = await request.body()
    if body:
        if "json" in request.headers.get("content-type", ""):
            try:
                decoded = json.loads(body)
            except ValueError as exc:
                raise SlackError("invalid_json") from exc
            args.update(decoded if isinstance(decoded, dict) else {})
        else:
            args.update(parse_qsl(body.decode(), keep_blank_values=True))
    if isinstance(args.get("payload"), str):  # response URLs also take `payload=<json>`
        args.update(json.loads(args.pop("payload")))
    for key in _JSON_ARGS:
        if isinstance(args.get(key), str) and args[key]:
            try:
                args[key] = json.loads(args[key])
            except ValueError as exc:
                raise SlackError(
                    "invalid_blocks" if key == "blocks" else "invalid_arguments"
                ) from exc
    return args
