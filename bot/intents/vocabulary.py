"""The closed vocabularies commands speak: deal stages, interaction channels, report kinds — each defined once.

Stages and channels belong to the domain (`core.models`); report kinds have no domain model yet, so the
intent layer holds them. The command fields, the LLM tool schema's enums, the prompt's lists and the lexer's
word tables (`lexers/vocab.py`, keyed by these values) all derive from the tuples here.
"""

from __future__ import annotations

from typing import Literal, get_args

from core.models.crm import CHANNELS, Channel
from core.models.deals import STAGES, Stage

ReportKind = Literal["funnel", "ranking", "forecast", "win_rate", "profit", "clv", "aging"]
REPORT_KINDS: tuple[ReportKind, ...] = get_args(ReportKind)

__all__ = ["CHANNELS", "REPORT_KINDS", "STAGES", "Channel", "ReportKind", "Stage"]
