"""Build and sign requests the way Slack sends them to an app.

Slack -> app traffic comes in three encodings, all signed with the app's
signing secret (v0 scheme: ``HMAC-SHA256(secret, "v0:{ts}:{raw body}")`` in
``X-Slack-Signature``, ``ts`` in ``X-Slack-Request-Timestamp``; Bolt rejects
bad signatures and timestamps older than 5 minutes with 401):

* Events API: JSON body (``event_callback`` envelope, ``url_verification``)
* interactivity: form body with one field ``payload=<json>`` (block_actions)
* slash commands: plain form fields

The signature covers the exact bytes sent, so build the body once
(``SlackRequest``) and post it unchanged with ``post_to_app``.
IDs are shared with ``FakeSlack`` so payloads and API calls line up.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

import aiohttp

JSONDict = dict[str, Any]

TEAM_ID = "T0FAKE"
TEAM_DOMAIN = "fake-sales"
APP_ID = "A0FAKE"
BOT_ID = "B0BOT"
BOT_USER_ID = "U0BOT"
DEFAULT_USER_ID = "U0USER"
DEFAULT_CHANNEL_ID = "C0SALES"
#: Legacy verification token Slack still puts in payloads (Bolt ignores it).
VERIFICATION_TOKEN = "fake-verification-token"
#: Default response_url: a closed local port, so an app that calls
#: ``respond()`` fails fast instead of reaching out to hooks.slack.com.
#: Pass ``FakeSlack.response_url()`` to capture responses instead.
UNCONFIGURED_RESPONSE_URL = "http://127.0.0.1:9/response-url-not-configured"
STALE_AFTER_SECONDS = 5 * 60

Signature = Literal["valid", "wrong", "missing", "stale"]
_ts_seq = itertools.count(1)


def new_ts() -> str:
    """A unique Slack message timestamp (``"1700000000.000042"``)."""
    return f"{int(time.time())}.{next(_ts_seq):06d}"


def dm_channel_for(user_id: str) -> str:
    """The IM channel id of the bot's DM with ``user_id`` (same rule as FakeSlack)."""
    return "D" + user_id.removeprefix("U").removeprefix("W")


# -- event payloads (the inner ``event``) ------------------------------------------


def message_event(
    text: str,
    *,
    user: str = DEFAULT_USER_ID,
    channel: str | None = None,
    channel_type: str = "im",
    ts: str | None = None,
    thread_ts: str | None = None,
    files: list[JSONDict] | None = None,
) -> JSONDict:
    """``message`` event; by default a DM (``message.im``).  With ``files``
    it is the ``file_share`` subtype Slack sends for uploads and voice clips."""
    ts = ts or new_ts()
    event: JSONDict = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel": channel or dm_channel_for(user),
        "channel_type": channel_type,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    if files:
        event.update(subtype="file_share", files=files, upload=False, display_as_bot=False)
    else:
        event["client_msg_id"] = str(uuid.uuid4())
        event["blocks"] = [_rich_text_block(text)] if text else []
    return event


def audio_message_event(file: JSONDict, *, user: str = DEFAULT_USER_ID, **kwargs: Any) -> JSONDict:
    """A voice clip: ``file`` from ``FakeSlack.add_file`` (subtype slack_audio)."""
    return message_event(kwargs.pop("text", ""), user=user, files=[file], **kwargs)


def app_mention_event(
    text: str, *, user: str = DEFAULT_USER_ID, channel: str = DEFAULT_CHANNEL_ID, ts: str | None = None
) -> JSONDict:
    """``app_mention``; the bot mention ``<@U0BOT>`` is prepended if missing."""
    mention = f"<@{BOT_USER_ID}>"
    text = text if mention in text else f"{mention} {text}"
    ts = ts or new_ts()
    return {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
        "team": TEAM_ID,
        "client_msg_id": str(uuid.uuid4()),
        "blocks": [_rich_text_block(text)],
    }


def app_home_opened_event(user: str = DEFAULT_USER_ID, tab: str = "home") -> JSONDict:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": dm_channel_for(user),
        "tab": tab,
        "event_ts": new_ts(),
    }


def file_shared_event(file_id: str, *, user: str = DEFAULT_USER_ID, channel: str | None = None) -> JSONDict:
    return {
        "type": "file_shared",
        "file_id": file_id,
        "user_id": user,
        "file": {"id": file_id},
        "channel_id": channel or dm_channel_for(user),
        "event_ts": new_ts(),
    }


def event_callback(event: JSONDict, *, event_id: str | None = None) -> JSONDict:
    """The Events API envelope around ``event``."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
    }


def block_actions_payload(
    *,
    action_id: str,
    value: str | None = None,
    block_id: str = "actions",
    user: str = DEFAULT_USER_ID,
    channel: str | None = None,
    message: JSONDict | None = None,
    response_url: str = UNCONFIGURED_RESPONSE_URL,
) -> JSONDict:
    """A button press.  Pass the bot ``message`` dict that carries the button
    (``SlackMessage.message`` from FakeSlack) so ``container``/``message``
    point at it, as handlers use them to ``chat.update`` the message."""
    channel = channel or (message or {}).get("channel") or dm_channel_for(user)
    action: JSONDict = {
        "action_id": action_id,
        "block_id": block_id,
        "type": "button",
        "text": {"type": "plain_text", "text": action_id, "emoji": True},
        "action_ts": new_ts(),
    }
    if value is not None:
        action["value"] = value
    payload: JSONDict = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {"type": "message", "channel_id": channel, "is_ephemeral": False},
        "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**12}",
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "directmessage"},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [action],
    }
    if message is not None:
        # FakeSlack keeps "channel" in stored messages for convenience; the
        # message inside a real payload has none.
        payload["message"] = {k: v for k, v in message.items() if k != "channel"}
        payload["container"]["message_ts"] = message["ts"]
    return payload


def slash_command_fields(
    command: str,
    text: str = "",
    *,
    user: str = DEFAULT_USER_ID,
    channel: str = DEFAULT_CHANNEL_ID,
    response_url: str = UNCONFIGURED_RESPONSE_URL,
) -> dict[str, str]:
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": TEAM_ID,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel,
        "channel_name": "sales",
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**12}",
    }


def _rich_text_block(text: str) -> JSONDict:
    return {
        "type": "rich_text",
        "block_id": uuid.uuid4().hex[:5],
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
    }


# -- request bodies ----------------------------------------------------------------


@dataclass(frozen=True)
class SlackRequest:
    """An exact body plus its content type, ready to sign and send."""

    body: str
    content_type: str


def event_request(event: JSONDict, *, event_id: str | None = None) -> SlackRequest:
    return SlackRequest(json.dumps(event_callback(event, event_id=event_id)), "application/json")


def url_verification_request(challenge: str = "fake-challenge") -> SlackRequest:
    payload = {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    return SlackRequest(json.dumps(payload), "application/json")


def interactive_request(payload: JSONDict) -> SlackRequest:
    return SlackRequest(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def block_actions_request(**kwargs: Any) -> SlackRequest:
    """``interactive_request(block_actions_payload(**kwargs))``."""
    return interactive_request(block_actions_payload(**kwargs))


def slash_command_request(command: str, text: str = "", **kwargs: Any) -> SlackRequest:
    return SlackRequest(urlencode(slash_command_fields(command, text, **kwargs)), "application/x-www-form-urlencoded")


# -- signing and sending -------------------------------------------------------------


def compute_signature(body: str, signing_secret: str, timestamp: int) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    request: SlackRequest,
    signing_secret: str,
    *,
    signature: Signature = "valid",
    retry_num: int | None = None,
    retry_reason: str | None = None,
    now: float | None = None,
) -> dict[str, str]:
    """Headers Slack would send.  ``signature``: ``"wrong"`` signs with another
    secret, ``"missing"`` omits the signature header, ``"stale"`` signs
    correctly but with a timestamp 6 minutes old (a replay)."""
    timestamp = int(time.time() if now is None else now)
    if signature == "stale":
        timestamp -= STALE_AFTER_SECONDS + 60
    secret = signing_secret + "-wrong" if signature == "wrong" else signing_secret
    headers = {"Content-Type": request.content_type, "X-Slack-Request-Timestamp": str(timestamp)}
    if signature != "missing":
        headers["X-Slack-Signature"] = compute_signature(request.body, secret, timestamp)
    if retry_num is not None:  # Slack redelivers events not acked within 3 s
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return headers


@dataclass(frozen=True)
class AppResponse:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


async def post_to_app(
    url: str,
    request: SlackRequest,
    signing_secret: str,
    *,
    signature: Signature = "valid",
    retry_num: int | None = None,
    retry_reason: str | None = None,
    timeout: float = 5.0,  # noqa: ASYNC109 - passed to aiohttp's ClientTimeout
) -> AppResponse:
    """Sign ``request`` and POST it to the app's endpoint, like Slack does."""
    headers = signed_headers(
        request, signing_secret, signature=signature, retry_num=retry_num, retry_reason=retry_reason
    )
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
        session.post(url, data=request.body.encode(), headers=headers) as response,
    ):
        return AppResponse(response.status, await response.text(), dict(response.headers))
