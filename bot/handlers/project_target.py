"""Which project a command is about — picked, named by its customer (and title), or the customer we just talked
about when the message names none — and how a project's dates and risks are said. A name that matches no project
is never swapped for another project."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.handlers.base import Answer, Choose, HandlerContext, Option, Outcome
from bot.handlers.targets import CustomerTarget, customer_target
from core.models import Project
from core.services import projects
from core.services.project_risk import Risk

# Words that say "the project" without naming one ("the Acme rollout", 星辰的实施): no title to match.
_GENERIC = re.compile(r"(?:the\s+)?(?:project|proj|implementation|rollout|roll-out|install(?:ation)?|go-?live|"
                      r"deployment|delivery)s?|项目|实施|上线|交付|工程", re.IGNORECASE)


def project_target(h: HandlerContext, customer: str | None, title: str | None, resolved: dict[str, Any]
                   ) -> Project | Outcome:
    if title and _GENERIC.fullmatch(title.strip()):
        title = None
    if "project_id" in resolved:
        return projects.get(h.ctx, int(resolved["project_id"]))
    if not customer and not title and "customer_id" not in resolved:
        named = named_in_message(h)
        if named is not None:
            h.remember(customer_id=named.customer_id)
            return named
    target = customer_target(h, customer, resolved, allow_create=False)
    if not isinstance(target, CustomerTarget):
        return target
    assert target.id is not None
    found = projects.find(h.ctx, customer_id=target.id, name=title)
    if not found:
        key = "project.none_named" if title else "project.none"
        return Answer(h.t(key, customer=target.name, title=title or ""), private=False)
    if len(found) == 1:
        h.remember(customer_id=target.id)
        return found[0]
    options = [Option(p.name, {"project_id": p.id, "customer_id": target.id}) for p in found[:6]]
    return Choose(h.t("choose.which_project", customer=target.name), options)


def named_in_message(h: HandlerContext) -> Project | None:
    """The one open project of the user's whose name the message spells out ("how is the POS upgrade going"), if
    exactly one is (a name the message does not contain is never guessed)."""
    text = h.source_text.casefold()
    if not text:
        return None
    found = [p for p in projects.find(h.ctx) if len(p.name) >= 3 and p.name.casefold() in text]
    longest = max((len(p.name) for p in found), default=0)
    found = [p for p in found if len(p.name) == longest]
    return found[0] if len(found) == 1 else None


def label(h: HandlerContext, project: Project) -> str:
    customer = projects.customer_names(h.ctx, [project]).get(project.customer_id, "")
    return h.t("project.label", name=project.name, customer=customer)


def _day_param(h: HandlerContext, value: object) -> object:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return h.day(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def risk_text(h: HandlerContext, risk: Risk) -> str:
    return h.t(f"risk.{risk.code}", **{k: _day_param(h, v) for k, v in risk.params.items()})
