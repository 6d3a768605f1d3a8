"""One small handler per command; the handler map is built from the intent registry (each registered spec names
its handler as "module:Class")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.handlers.base import Handler
from bot.handlers.minutes import MinutesAction, MinutesHandler, MinutesSlash
from bot.handlers.voice import VoiceAwareLogInteraction, VoiceNoteAction
from bot.intents.registry import REGISTRY, resolve_handler

if TYPE_CHECKING:
    from bot.conversation import ActionHandler, SlashCommand


def default_handlers() -> dict[str, Handler]:
    """A handler per registered intent (the spec's `handler`), checked to handle the intent it is mapped to."""
    registry: dict[str, Handler] = {}
    for spec in REGISTRY.active():
        assert spec.handler is not None  # active() = has a handler
        handler: Handler = resolve_handler(spec.handler)()
        if handler.intent != spec.name:
            raise ValueError(f"{spec.handler} handles {handler.intent!r}, not {spec.name!r}")
        registry[spec.name] = handler
    # Voice notes: a note's transcript is the interaction's source; long notes propose meeting minutes.
    registry["log_interaction"] = VoiceAwareLogInteraction(registry["log_interaction"], MinutesHandler())
    return registry


def default_actions() -> dict[str, ActionHandler]:
    """Button verbs that act without a pending proposal (reminders, suggestions, nudges register here)."""
    from bot.handlers.access import AccessActions
    from bot.handlers.approvals import ApprovalActions
    from bot.handlers.change_approvals import ChangeApprovalActions
    from bot.handlers.notifications import NotifyActions

    return {"notify": NotifyActions(), "voice": VoiceNoteAction(), "minutes": MinutesAction(),
            "access": AccessActions(), "approval": ApprovalActions(), "change": ChangeApprovalActions()}


def default_slash_commands() -> dict[str, SlashCommand]:
    """Explicit `/name args` commands handled before parsing."""
    from bot.handlers.notifications import NotifySlash, SnoozeSlash
    from bot.handlers.notifications_settings import SettingsCommand

    return {"settings": SettingsCommand(), "notify": NotifySlash(), "snooze": SnoozeSlash(), "minutes": MinutesSlash()}
