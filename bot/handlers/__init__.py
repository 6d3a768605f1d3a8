"""One small handler per command; the registry maps an intent to its handler."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.handlers.base import Handler
from bot.handlers.customers import AddContactHandler, CreateCustomerHandler, QueryCustomerHandler
from bot.handlers.deals import CreateDealHandler, QueryDealsHandler, UpdateDealHandler
from bot.handlers.interactions import LogInteractionHandler
from bot.handlers.meta import HelpHandler, NotYetHandler, UndoHandler
from bot.handlers.minutes import MinutesAction, MinutesHandler, MinutesSlash
from bot.handlers.reports import DailyReportHandler
from bot.handlers.tasks import CompleteTaskHandler, CreateTaskHandler, ListTasksHandler
from bot.handlers.voice import VoiceAwareLogInteraction, VoiceNoteAction

if TYPE_CHECKING:
    from bot.conversation import ActionHandler, SlashCommand

NOT_YET = ("log_time", "update_project", "query_project", "create_contract", "record_payment",
           "query_receivables", "report")


def default_handlers() -> dict[str, Handler]:
    handlers: list[Handler] = [
        CreateCustomerHandler(), AddContactHandler(), QueryCustomerHandler(), LogInteractionHandler(),
        CreateDealHandler(), UpdateDealHandler(), QueryDealsHandler(), CreateTaskHandler(), ListTasksHandler(),
        CompleteTaskHandler(), DailyReportHandler(), HelpHandler(), UndoHandler(),
        *(NotYetHandler(intent) for intent in NOT_YET),
    ]
    registry: dict[str, Handler] = {handler.intent: handler for handler in handlers}
    # Voice notes: a note's transcript is the interaction's source; long notes propose meeting minutes.
    registry["log_interaction"] = VoiceAwareLogInteraction(registry["log_interaction"], MinutesHandler())
    return registry


def default_actions() -> dict[str, ActionHandler]:
    """Button verbs that act without a pending proposal (reminders, suggestions, nudges register here)."""
    from bot.handlers.access import AccessActions
    from bot.handlers.notifications import NotifyActions

    return {"notify": NotifyActions(), "voice": VoiceNoteAction(), "minutes": MinutesAction(),
            "access": AccessActions()}


def default_slash_commands() -> dict[str, SlashCommand]:
    """Explicit `/name args` commands handled before parsing."""
    from bot.handlers.notifications import NotifySlash, SnoozeSlash
    from bot.handlers.notifications_settings import SettingsCommand

    return {"settings": SettingsCommand(), "notify": NotifySlash(), "snooze": SnoozeSlash(), "minutes": MinutesSlash()}
