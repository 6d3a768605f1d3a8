"""Next-best-action suggestions, pushed once a day in the user's morning: at most N, best first.

The rules themselves live in core.suggestions (a chat command can ask for them too); this rule only decides
when to offer them and how they read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from core import push_actions
from core.context import Unit
from core.i18n import t
from core.models import Notification
from core.permissions import SUGGESTION_READERS
from core.schedule import daily_due
from core.services import relevance
from core.suggestions import engine
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan

# Suggestions are chosen shortly after the morning time; a process that was down all morning skips a day
# rather than offering them at a random hour.
WINDOW = timedelta(minutes=30)


class SuggestionRule:
    kind = "suggestion"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for who in scan.audience.all():
            if who.role not in SUGGESTION_READERS or not who.prefs.wants(self.kind) or who.prefs.max_suggestions <= 0:
                continue
            hit = daily_due(scan.now, who.timezone, who.prefs.morning_time)
            if hit is None or scan.now - hit[1] > WINDOW:
                continue
            day, fire = hit
            with scan.acting(who) as ctx:
                if engine.shown_today(ctx, day):
                    continue
                chosen = engine.pick(ctx, day, who.prefs.max_suggestions - engine.returning_today(ctx, day))
                shown = engine.record_shown(ctx, chosen, day)
            for row in shown:
                params: dict[str, Any] = {"suggestion_id": row.id, "rule": row.rule, **row.params}
                yield DueItem(self.kind, f"suggestion:{row.id}:{day.isoformat()}", who.user_id, fire, params,
                              (row.entity_type, row.entity_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return relevance.suggestion_open(unit, int(note.params["suggestion_id"]))

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        lang = who.language
        text = t(lang, "suggest.line", reason=reason(lang, note.params), action=action_text(lang, note.params))
        entity = (str(note.entity_type), int(note.entity_id or 0))
        return PushItem(text, push_actions.suggestion(lang, note.id),
                        partial(push_actions.suggestion_compact, lang, note.id), entities=[entity])


def _params(lang: str, params: dict[str, Any]) -> dict[str, Any]:
    out = dict(params)
    if "stage" in out:
        out["stage"] = t(lang, f"stage.{out['stage']}")
    return out


def reason(lang: str, params: dict[str, Any]) -> str:
    return t(lang, f"suggest.{params['rule']}.reason", **_params(lang, params))


def action_text(lang: str, params: dict[str, Any]) -> str:
    return t(lang, f"suggest.{params['rule']}.action", **_params(lang, params))


RULES = (SuggestionRule(),)
