"""The closed vocabularies commands speak: deal stages, interaction channels, report kinds — each defined once.

Stages and channels belong to the domain (`core.models`), report kinds to the reports (`core.reports`). The
command fields, the LLM tool schema's enums, the prompt's lists and the lexer's word tables
(`lexers/vocab.py`, keyed by these values) all derive from the tuples here.
"""

from __future__ import annotations

from core.models.crm import CHANNELS, Channel
from core.models.deals import STAGES, Stage
from core.reports.catalog import REPORT_KINDS, ReportKind

__all__ = ["CHANNELS", "REPORT_KINDS", "STAGES", "Channel", "ReportKind", "Stage"]
