"""The import report in the user's language: what will be created, merged and rejected, and why."""

from __future__ import annotations

from core.errors import DomainError
from core.i18n import has, t
from core.importing.applying import BatchEvent
from core.importing.mapping import header_label
from core.importing.planning import Action, Plan
from core.importing.validating import Problem
from core.models import STAGES

# Created rows are many and alike: the first few show what will happen; every merge and rejection is listed.
CREATED_SHOWN = 20
# Rejections that --merge-near turns into merges (a similar name, not the same one).
NEAR = frozenset({"similar_existing", "similar_row"})


def render_plan(plan: Plan, lang: str, *, skipped_rows: set[int] | None = None) -> list[str]:
    skipped = skipped_rows or set()
    actions = [action for action in plan.actions if action.row not in skipped]
    lines = [
        t(lang, "import.report.header", kind=t(lang, f"import.kind.{plan.kind}"), file=plan.file_name,
          rows=len(plan.actions), encoding=plan.table.encoding),
        t(lang, "import.report.columns", columns=", ".join(
            f"{header} → {header_label(lang, field)}" for field, header in plan.columns.headers.items())),
    ]
    if plan.columns.ignored:
        lines.append(t(lang, "import.report.ignored", columns=", ".join(plan.columns.ignored)))
    counts = {outcome: sum(1 for a in actions if a.outcome == outcome) for outcome in ("create", "merge", "reject")}
    lines.append(t(lang, "import.report.summary", created=counts["create"], merged=counts["merge"],
                   rejected=counts["reject"]))
    for outcome in ("create", "merge", "reject"):
        chosen = [a for a in actions if a.outcome == outcome]
        if not chosen:
            continue
        lines.append(t(lang, f"import.report.{outcome}"))
        shown = chosen[:CREATED_SHOWN] if outcome == "create" else chosen
        lines.extend(_line(lang, action, plan.kind) for action in shown)
        if len(chosen) > len(shown):
            lines.append(t(lang, "import.report.more", count=len(chosen) - len(shown)))
    near = sum(1 for a in actions if a.outcome == "reject" and a.reasons and a.reasons[0].reason in NEAR)
    if near and not plan.merge_near:
        lines.append(t(lang, "import.report.near_hint", count=near))
    return lines


def _line(lang: str, action: Action, kind: str) -> str:
    name = action.name(kind) or "—"
    if action.outcome == "create":
        return t(lang, "import.report.line", row=action.row, name=name)
    why = "; ".join(reason(lang, problem) for problem in action.reasons)
    if action.outcome == "merge":
        parts = [why, _fields(lang, "import.report.fills", action.fills) or t(lang, "import.report.nothing_new")]
        if action.kept:
            parts.append(_fields(lang, "import.report.kept", action.kept))
        why = " · ".join(parts)
    return t(lang, "import.report.line_why", row=action.row, name=name, why=why)


def _fields(lang: str, key: str, fields: tuple[str, ...]) -> str:
    return t(lang, key, fields=", ".join(header_label(lang, f) for f in fields)) if fields else ""


def reason(lang: str, problem: Problem) -> str:
    stages = ", ".join(t(lang, f"stage.{stage}") for stage in STAGES)
    return t(lang, f"import.reason.{problem.reason}", column=problem.column, value=problem.value, stages=stages,
             **problem.params)


def batch_line(lang: str, event: BatchEvent) -> str:
    key = "import.report.batch_skipped" if event.skipped else "import.report.batch"
    return t(lang, key, number=event.number, total=event.total, first=event.first_row, last=event.last_row)


def error_text(lang: str, error: DomainError) -> str:
    """A file-level or batch failure in the user's language (field names and causes translated too)."""
    params = dict(error.params)
    if "missing" in params:
        params["missing"] = ", ".join(header_label(lang, field) for field in params["missing"])
    if isinstance(params.get("cause"), DomainError):
        params["detail"] = error_text(lang, params["cause"])
    elif "cause" in params:
        params["detail"] = str(params["cause"])
    params.pop("cause", None)
    for name in ("entity", "field"):
        if name in params and has(f"{name}.{params[name]}"):
            params[name] = t(lang, f"{name}.{params[name]}")
    try:
        return t(lang, error.key, **params)
    except (KeyError, IndexError):
        return t(lang, "error.generic")
