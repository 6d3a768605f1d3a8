"""The console channel: a conversation in the terminal, or scripted one message per line from a pipe."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.bootstrap import App
from bot.messages import IncomingMessage
from bot.voice_jobs.console import is_voice_command, voice_note
from core.i18n import t
from core.outbound import Reply
from core.services import users

CHANNEL = "console"
QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit", "退出"})


def console_sender(app: App, name: str) -> str:
    """Local access is trusted: a known user name gets a console identity; an unknown one stays unknown."""
    with app.core.system() as system:
        user = users.find_by_name(system, name)
        if user is None:
            return f"unknown:{name}"
        users.link(system, user, CHANNEL, user.name)
        return user.name


def render(reply: Reply, image_dir: Path, stamp: Callable[[], str]) -> str:
    lines = [reply.text]
    if reply.choices:
        lines.append("   ".join(f"[{n}] {choice.label}" for n, choice in enumerate(reply.choices, start=1)))
    for attached in (reply.image, reply.document):
        if attached is not None:  # saved next to each other; the console prints where
            image_dir.mkdir(parents=True, exist_ok=True)
            path = (image_dir / f"{stamp()}-{Path(attached.filename).name}").resolve()
            path.write_bytes(attached.data)
            lines.append(str(path))
    return "\n".join(lines)


async def run(app: App, name: str, stdin: TextIO, stdout: TextIO, *, interactive: bool) -> None:
    sender = console_sender(app, name)
    chat_id = f"console:{name}"
    last_choices: list[tuple[str, str]] = []
    image_dir = app.settings.core.data_dir / "images"

    def stamp() -> str:
        return app.core.clock.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]

    if interactive:
        with app.core.system() as system:
            user = users.find_by_name(system, name)
            lang = user.language if user else app.settings.core.default_language
        stdout.write(t(lang, "console.welcome") + "\n")
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if text.casefold() in QUIT_WORDS:
            break
        if not interactive:
            stdout.write(f"> {text}\n")
        action = None
        if text.isdigit() and 1 <= int(text) <= len(last_choices):
            action, text = last_choices[int(text) - 1]
        if action is None and is_voice_command(text):
            # A voice note: replies print as they come (progress, then the card), before the next line is read.
            replies = await voice_note(app, sender, chat_id, text,
                                       lambda reply: _show(stdout, render(reply, image_dir, stamp)))
        else:
            message = IncomingMessage(
                channel=CHANNEL, chat_id=chat_id, sender_id=sender, message_id=uuid.uuid4().hex, text=text,
                action=action, received_at=app.core.clock.now(),
            )
            replies = await app.assistant.handle(message)
            for reply in replies:
                stdout.write(render(reply, image_dir, stamp) + "\n")
        last_choices = []
        for reply in replies:
            if reply.choices:
                last_choices = [(choice.action, choice.fallback) for choice in reply.choices]
        if not interactive:
            stdout.write("\n")
        stdout.flush()


def _show(stdout: TextIO, text: str) -> None:
    stdout.write(text + "\n")
    stdout.flush()
