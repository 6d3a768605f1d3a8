"""Next-best-action rules (推荐下一步行动). Each looks at the actor's own book and says, in plain words, why
something deserves attention and what to do about it. Every reason is a message key plus parameters, so it is
said in the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, select

from core.context import ServiceContext
from core.models import Contact, Customer, Deal, DealStageChange, Interaction, InteractionContact, Task
from core.timeutil import zone

PROPOSAL_QUIET_DAYS = 7
CLOSE_SOON_DAYS = 3
EARLY_STAGES = ("lead", "qualified", "proposal")
# Words in a recent interaction that say the customer is ready to talk money (high intent, 高意向).
INTENT_WORDS = re.compile(
    r"quote|pricing|price|budget|contract|trial|pilot|purchase|po\b|报价|价格|预算|合同|试用|采购|签约|招标",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    rule: str
    key: str
    entity_type: str
    entity_id: int
    score: int
    # Message parameters for suggest.<rule>.reason / .action / .task.
    params: dict[str, Any]
    customer_id: int | None = None
    deal_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class SuggestionRule(Protocol):
    name: str

    def find(self, ctx: ServiceContext, today: date) -> Iterable[Candidate]: ...


def _local_date(ctx: ServiceContext, instant: datetime) -> date:
    return instant.astimezone(zone(ctx.actor.timezone)).date()


def _my_deals(ctx: ServiceContext, stages: tuple[str, ...]) -> list[tuple[Deal, str]]:
    query = (
        select(Deal, Customer.name).join(Customer, Customer.id == Deal.customer_id)
        .where(Deal.owner_id == ctx.actor.user_id)
        .where(Deal.stage.in_(stages)).order_by(Deal.id)
    )
    return [(row[0], row[1]) for row in ctx.session.execute(query).all()]


def _last_interaction(ctx: ServiceContext, customer_id: int) -> Interaction | None:
    return ctx.session.scalars(
        select(Interaction).where(Interaction.customer_id == customer_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(1)
    ).first()


def best_contact(ctx: ServiceContext, deal: Deal | None, customer_id: int) -> str | None:
    """Who to reach: the deal's decision maker, else whoever was met last, else the first contact."""
    if deal is not None and deal.custom_fields.get("decision_maker"):
        return str(deal.custom_fields["decision_maker"])
    met = ctx.session.scalar(
        select(Contact.name).join(InteractionContact, InteractionContact.contact_id == Contact.id)
        .join(Interaction, Interaction.id == InteractionContact.interaction_id)
        .where(Interaction.customer_id == customer_id).order_by(Interaction.occurred_at.desc()).limit(1)
    )
    if met:
        return str(met)
    first = ctx.session.scalar(select(Contact.name).where(Contact.customer_id == customer_id)
                               .order_by(Contact.id).limit(1))
    return str(first) if first else None


class ProposalNoReply:
    """A proposal sent N days ago with no word from the customer since → call them."""

    name = "proposal_no_reply"

    def find(self, ctx: ServiceContext, today: date) -> Iterable[Candidate]:
        for deal, customer in _my_deals(ctx, ("proposal",)):
            entered = ctx.session.scalar(
                select(func.max(DealStageChange.changed_at))
                .where(DealStageChange.deal_id == deal.id, DealStageChange.to_stage == "proposal")
            ) or deal.created_at
            entered_day = _local_date(ctx, _aware(entered))
            days = (today - entered_day).days
            if days < PROPOSAL_QUIET_DAYS:
                continue
            last = _last_interaction(ctx, deal.customer_id)
            if last is not None and last.occurred_at > _aware(entered):
                continue
            contact = best_contact(ctx, deal, deal.customer_id)
            params = {"customer": customer, "days": days, "contact": contact or customer, "title": deal.title}
            yield Candidate(self.name, f"{self.name}:deal:{deal.id}:{entered_day.isoformat()}", "deal", deal.id,
                            70 + min(days, 30), params, deal.customer_id, deal.id)


class CloseSoonEarlyStage:
    """Close date within a few days but still early in the funnel → confirm the decision maker."""

    name = "close_soon"

    def find(self, ctx: ServiceContext, today: date) -> Iterable[Candidate]:
        for deal, customer in _my_deals(ctx, EARLY_STAGES):
            close = deal.expected_close_date
            if close is None or not today <= close <= today + timedelta(days=CLOSE_SOON_DAYS):
                continue
            days = (close - today).days
            params = {"customer": customer, "days": days, "stage": deal.stage, "title": deal.title}
            yield Candidate(self.name, f"{self.name}:deal:{deal.id}:{close.isoformat()}", "deal", deal.id,
                            90 - days, params, deal.customer_id, deal.id)


class HighIntent:
    """A customer showing high intent (several touches this week, or money talk lately) and nothing planned."""

    name = "high_intent"

    def find(self, ctx: ServiceContext, today: date) -> Iterable[Candidate]:
        since = ctx.now() - timedelta(days=7)
        query = (
            select(Customer.id, Customer.name, func.count(Interaction.id), func.max(Interaction.occurred_at))
            .join(Interaction, Interaction.customer_id == Customer.id)
            .where(Customer.owner_id == ctx.actor.user_id)
            .where(Interaction.occurred_at >= since)
            .group_by(Customer.id, Customer.name)
        )
        for customer_id, name, count, latest in ctx.session.execute(query).all():
            last = _last_interaction(ctx, customer_id)
            text = " ".join(filter(None, [last.summary, last.next_step])) if last else ""
            talks_money = bool(INTENT_WORDS.search(text)) and last is not None and \
                last.occurred_at >= ctx.now() - timedelta(days=3)
            if int(count) < 3 and not talks_money:
                continue
            planned = ctx.session.scalar(
                select(Task.id).where(Task.customer_id == customer_id, Task.status == "open",
                                      Task.assignee_id == ctx.actor.user_id).limit(1)
            )
            if planned is not None:
                continue
            latest_day = _local_date(ctx, _aware(latest))
            contact = best_contact(ctx, None, customer_id)
            params = {"customer": name, "count": int(count), "contact": contact or name}
            yield Candidate(self.name, f"{self.name}:customer:{customer_id}:{latest_day.isoformat()}", "customer",
                            customer_id, 60 + 5 * int(count), params, customer_id)


class NegotiationNoNextStep:
    """In negotiation with nothing planned → book the next meeting."""

    name = "no_next_step"

    def find(self, ctx: ServiceContext, today: date) -> Iterable[Candidate]:
        for deal, customer in _my_deals(ctx, ("negotiation",)):
            planned = ctx.session.scalar(
                select(Task.id).where(Task.customer_id == deal.customer_id, Task.status == "open").limit(1)
            )
            if planned is not None:
                continue
            params = {"customer": customer, "title": deal.title, "contact": best_contact(ctx, deal, deal.customer_id)
                      or customer}
            yield Candidate(self.name, f"{self.name}:deal:{deal.id}:{_local_date(ctx, deal.updated_at).isoformat()}",
                            "deal", deal.id, 50, params, deal.customer_id, deal.id)


def _aware(value: datetime | str) -> datetime:
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


RULES: tuple[SuggestionRule, ...] = (ProposalNoReply(), CloseSoonEarlyStage(), HighIntent(), NegotiationNoNextStep())
