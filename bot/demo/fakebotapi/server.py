"""aiohttp front end: routes /bot<token>/<method> and /file/bot<token>/<path>."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import BodyPartReader, web
from aiohttp.web_request import FileField

from .models import ApiError

# Parameters that are plain strings in the Bot API; in form-encoded requests every other value
# is JSON (numbers, booleans, objects), exactly as PTB and other clients encode them.
STRING_PARAMS = {
    "text",
    "caption",
    "parse_mode",
    "callback_query_id",
    "inline_message_id",
    "name",
    "title",
    "description",
    "short_description",
    "url",
    "action",
    "file_id",
    "photo",
    "document",
    "video",
    "audio",
    "voice",
    "sticker",
    "thumbnail",
    "language_code",
    "icon_custom_emoji_id",
    "secret_token",
    "ip_address",
    "business_connection_id",
    "message_effect_id",
    "emoji",
    "query",
    "address",
    "first_name",
    "last_name",
    "phone_number",
    "vcard",
}

Handler = Callable[[str, dict[str, Any], dict[str, tuple[str, bytes]]], Awaitable[Any]]
FileLookup = Callable[[str], bytes | None]


def decode_form_value(name: str, value: str) -> Any:
    if name in STRING_PARAMS:
        return value
    if name == "chat_id" or name == "from_chat_id":
        return int(value) if value.lstrip("-").isdigit() else value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = {k: decode_form_value(k, v) for k, v in request.query.items()}
    files: dict[str, tuple[str, bytes]] = {}
    ctype = request.content_type
    if request.method != "POST" or not request.can_read_body:
        return params, files
    if ctype == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON object") from None
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: JSON object expected")
        params.update(body)
    elif ctype == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue  # (no nested multipart in the Bot API)
            data = await part.read()
            if part.filename is not None:
                files[part.name] = (part.filename, bytes(data))
            else:
                params[part.name] = decode_form_value(part.name, data.decode("utf-8"))
    else:
        form = await request.post()
        for k, v in form.items():
            if isinstance(v, str):
                params[k] = decode_form_value(k, v)
            elif isinstance(v, FileField):
                files[k] = (v.filename, v.file.read())
    return params, files


def json_response(payload: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(payload, ensure_ascii=False).encode(),
        content_type="application/json",
    )


def error_response(err: ApiError) -> web.Response:
    return json_response(err.payload(), status=err.error_code)


class HttpFrontend:
    """Owns the aiohttp runner; delegates every API call to `handler`."""

    def __init__(self, token: str, handler: Handler, file_lookup: FileLookup) -> None:
        self.token = token
        self.handler = handler
        self.file_lookup = file_lookup
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self, port: int = 0) -> int:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._route)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port, reuse_address=True)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _route(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/bot"):
            return self._file(path[len("/file/bot") :])
        if not path.startswith("/bot"):
            return error_response(ApiError(404, "Not Found"))
        token, _, method = path[len("/bot") :].partition("/")
        if token != self.token:
            return error_response(ApiError(401, "Unauthorized"))
        if not method or "/" in method:
            return error_response(ApiError(404, "Not Found"))
        try:
            params, files = await read_params(request)
        except ApiError as err:
            return error_response(err)
        try:
            result = await self.handler(method, params, files)
        except ApiError as err:
            return error_response(err)
        return json_response({"ok": True, "result": result})

    def _file(self, rest: str) -> web.StreamResponse:
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return error_response(ApiError(401, "Unauthorized"))
        content = self.file_lookup(file_path)
        if content is None:
            return error_response(ApiError(404, "Not Found"))
        return web.Response(body=content, content_type="application/octet-stream")
