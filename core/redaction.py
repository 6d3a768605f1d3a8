"""Secrets never reach a log line or a stored error: every configured secret, and anything shaped like a bot token,
is masked; and a log message is one bounded line.

`install(secrets)` (bootstrap calls it with every configured token, signing secret, webhook secret and API key)
wraps the logging record factory, so each record of every logger — messages, their arguments, exception
tracebacks and stack traces — is masked when it is made, before any handler or formatter sees it. It also keeps
httpx's per-request INFO lines (which carry the Bot API URL, and so the token) out of the log. `redact(text)` masks
a string: core services apply it to the errors they store.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from typing import Any

MASK = "[redacted]"
# Shapes of credentials even when they are not configured here: Telegram bot tokens (also inside /bot<token>/
# URLs), Slack tokens (xoxb-, xoxp-, xapp-, …).
_PATTERNS = (
    re.compile(r"(?<![0-9])\d{5,}:[A-Za-z0-9_-]{30,}"),  # also inside /bot<token>/
    re.compile(r"\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{6,}"),
    # salesbot's own API tokens and webhook signing secrets (core.services.api_tokens, webhooks)
    re.compile(r"\bsb_[0-9a-f]{12}_[A-Za-z0-9_-]{16,}"),
    re.compile(r"\bwhsec_[A-Za-z0-9_-]{16,}"),
)
# Invite codes as people send them (`/start CODE`, `link CODE`): the code is masked, the command kept.
_CODES = re.compile(r"((?:/start(?:@\w+)?|\blink|绑定)\s+)(?!sha256:)[A-Za-z0-9_-]{8,64}", re.IGNORECASE)
# Libraries whose DEBUG lines dump whole requests and updates (what people wrote, URLs with the token).
_CHATTY = {"httpx": logging.WARNING, "telegram.ext.ExtBot": logging.INFO, "telegram.Bot": logging.INFO,
           "telegram.ext.Updater": logging.INFO}
# Too short to mask safely (would mangle ordinary text); such a secret is not a secret anyway.
_MIN_SECRET = 6
# A log message is one line of bounded length, whatever untrusted text it quotes (a newline in a request body
# cannot forge a log line; a 2 MB body cannot grow the log by 2 MB). Tracebacks stay multi-line.
MAX_MESSAGE = 4000

_lock = threading.Lock()
_secrets: tuple[str, ...] = ()
_installed = False


def register(secrets: list[str] | tuple[str, ...]) -> None:
    global _secrets
    with _lock:
        known = set(_secrets) | {s for s in secrets if s and len(s) >= _MIN_SECRET}
        # Longest first: a secret that contains another is masked whole.
        _secrets = tuple(sorted(known, key=len, reverse=True))


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return _CODES.sub(lambda m: m.group(1) + MASK, text)


def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: keep what can be shown
        message = f"{record.msg!r} {record.args!r}"
    message = redact(message).replace("\r", "\\r").replace("\n", "\\n")
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + f"… ({len(message) - MAX_MESSAGE} more characters)"
    record.msg, record.args = message, None
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def install(secrets: list[str] | tuple[str, ...] = ()) -> None:
    """Mask `secrets` (and token-shaped strings) in every log record from now on; idempotent."""
    global _installed
    register(secrets)
    for name, level in _CHATTY.items():
        logger = logging.getLogger(name)
        if logger.level < level:
            logger.setLevel(level)
    with _lock:
        if _installed:
            return
        _installed = True
        previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _redact_record(record)
        return record

    logging.setLogRecordFactory(factory)
