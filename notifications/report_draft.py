"""The daily-report nudge's draft: written offline by core (`core.services.report_draft`), optionally polished.

The polish step is a hook — any callable `(draft, language) -> str`, e.g. one that asks an LLM to turn the
lines into two smooth sentences. It is off by default; when it fails or returns nothing, the offline draft is
used, so the nudge never depends on a model being reachable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from core.context import ServiceContext
from core.services import report_draft

log = logging.getLogger(__name__)


# (draft, language) -> polished text
Polisher = Callable[[str, str], str]


def draft(ctx: ServiceContext, day: date, polisher: Polisher | None = None) -> str:
    """The draft the rep is shown (and [Submit] submits), in their own unit."""
    text = report_draft.offline(ctx, day)
    if not text or polisher is None:
        return text
    try:
        polished = polisher(text, ctx.actor.language).strip()
    except Exception:  # a model that is down or slow must not cost the rep their nudge
        log.warning("daily report polish failed; using the offline draft", exc_info=True)
        return text
    return polished or text
