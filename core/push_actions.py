"""The buttons a push carries, and the action protocol behind them — shared by the jobs that build pushes and the
chat handlers that act on a tap, so neither has to import the other.

Actions are "notify:<verb>:<notification id>[:<arg>]" (well under Telegram's 64 bytes); an access-request push
carries the owned-customer policy's own actions, "access:<share|transfer|decline>:<request id>". Every button has
a typed fallback for clients without buttons (`/notify done 12`, `/snooze 12 1h`, `/notify share 12`).
"""

from __future__ import annotations

from typing import get_args

from core.i18n import t
from core.outbound import Choice
from core.services.access import Decision

VERB = "notify"
# The decisions an access-request push offers, in button order: the verbs of `access.decide`.
ACCESS_DECISIONS: tuple[Decision, ...] = get_args(Decision)


def action(verb: str, nid: int, arg: str | None = None) -> str:
    return f"{VERB}:{verb}:{nid}" + (f":{arg}" if arg else "")


def _choice(lang: str, label_key: str, verb: str, nid: int, arg: str | None = None, **params: object) -> Choice:
    fallback = f"/snooze {nid} {arg}" if verb == "snooze" and arg and arg != "ask" else f"/notify {verb} {nid}"
    return Choice(label=t(lang, label_key, **params), action=action(verb, nid, arg), fallback=fallback)


def reminder(lang: str, nid: int, *, open_: bool = True) -> list[Choice]:
    """Done / Snooze 1 h / Tomorrow / Custom / Open."""
    choices = [
        _choice(lang, "notify.button.done", "done", nid),
        _choice(lang, "notify.button.snooze_1h", "snooze", nid, "1h"),
        _choice(lang, "notify.button.snooze_tomorrow", "snooze", nid, "tomorrow"),
        _choice(lang, "notify.button.snooze_custom", "snooze", nid, "ask"),
    ]
    if open_:
        choices.append(_choice(lang, "notify.button.open", "open", nid))
    return choices


def reminder_compact(lang: str, nid: int, n: int, *, open_: bool = True) -> list[Choice]:
    """Inside a batch: ✅ n, 💤 n (opens the snooze menu), 📂 n."""
    choices = [
        _choice(lang, "notify.button.compact_done", "done", nid, n=n),
        _choice(lang, "notify.button.compact_snooze", "menu", nid, n=n),
    ]
    if open_:
        choices.append(_choice(lang, "notify.button.compact_open", "open", nid, n=n))
    return choices


def snooze_menu(lang: str, nid: int) -> list[Choice]:
    return [
        _choice(lang, "notify.button.snooze_1h", "snooze", nid, "1h"),
        _choice(lang, "notify.button.snooze_tomorrow", "snooze", nid, "tomorrow"),
        _choice(lang, "notify.button.snooze_custom", "snooze", nid, "ask"),
    ]


def suggestion(lang: str, nid: int) -> list[Choice]:
    """Do it (creates the task) / Snooze / Dismiss."""
    return [
        _choice(lang, "suggest.button.do", "done", nid),
        _choice(lang, "suggest.button.snooze", "snooze", nid, "tomorrow"),
        _choice(lang, "suggest.button.dismiss", "dismiss", nid),
    ]


def suggestion_compact(lang: str, nid: int, n: int) -> list[Choice]:
    return [
        _choice(lang, "suggest.button.compact_do", "done", nid, n=n),
        _choice(lang, "notify.button.compact_snooze", "snooze", nid, "tomorrow", n=n),
        _choice(lang, "suggest.button.compact_dismiss", "dismiss", nid, n=n),
    ]


def report(lang: str, nid: int, *, has_draft: bool) -> list[Choice]:
    """Submit (the draft) / Edit / Skip."""
    choices = [_choice(lang, "notify.button.submit", "done", nid)] if has_draft else []
    choices += [_choice(lang, "notify.button.edit", "edit", nid), _choice(lang, "notify.button.skip", "dismiss", nid)]
    return choices


def report_compact(lang: str, nid: int, n: int, *, has_draft: bool) -> list[Choice]:
    choices = [_choice(lang, "notify.button.compact_submit", "done", nid, n=n)] if has_draft else []
    choices += [_choice(lang, "notify.button.compact_edit", "edit", nid, n=n),
                _choice(lang, "notify.button.compact_skip", "dismiss", nid, n=n)]
    return choices


def access_decision(lang: str, nid: int, request_id: int) -> list[Choice]:
    """Share / Transfer / Decline. The tap goes straight to the access policy (`access:<decision>:<request id>`);
    the typed fallback names the push, like every other push (`/notify share 12`)."""
    return [Choice(label=t(lang, f"notify.button.{decision}"), action=f"access:{decision}:{request_id}",
                   fallback=f"/notify {decision} {nid}")
            for decision in ACCESS_DECISIONS]
