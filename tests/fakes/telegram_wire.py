"""The Bot API's wire format for the fake: how parameters arrive (form fields, JSON, multipart) and how errors look."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from .telegram_objects import JSONDict

# Values the Bot API defines as strings.  PTB sends every other value
# JSON-encoded in form fields (chat_id="123", reply_markup='{"inline_..."}'),
# so those get json-decoded -- but "123" typed by a user must stay text.
STRING_PARAMS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "inline_message_id", "file_id", "url",
        "secret_token", "action", "title", "description", "short_description", "business_connection_id",
        "photo", "document", "voice", "audio", "video", "animation", "sticker", "language_code", "ip_address",
    }
)  # fmt: skip

class TgApiError(Exception):
    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def body(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> TgApiError:
    return TgApiError(400, f"Bad Request: {description}")


def coerce_params(raw: dict[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and key not in STRING_PARAMS:
            with contextlib.suppress(ValueError):  # e.g. chat_id="@channel" stays a string
                value = json.loads(value)
        params[key] = value
    for key, value in list(params.items()):  # multipart files referenced as attach://name
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = raw.get(value.removeprefix("attach://"), value)
    return params
