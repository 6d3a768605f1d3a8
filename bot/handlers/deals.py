"""Deals: create, move through the stages, and the pipeline views reps and managers ask for."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bot.handlers.base import Answer, Ask, HandlerContext, Outcome, Proposal, ReadHandler
from bot.handlers.interactions import past_date_question
from bot.handlers.project_started import project_started
from bot.handlers.reads import Whose, as_day, names_customer, period_label, whose
from bot.handlers.targets import CustomerTarget, create_if_new, customer_target, deal_target
from bot.intents.schema import Command, CreateDeal, QueryDeals, UpdateDeal
from core.models import Deal
from core.permissions import Entity, Scope
from core.services import deals
from core.services import validation as v
from core.timeutil import start_of_local_day


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


class CreateDealHandler:
    intent = "create_deal"
    changes: Entity = "deal"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, CreateDeal)
        target = customer_target(h, command.customer, resolved, allow_create=True)
        if not isinstance(target, CustomerTarget):
            return target
        resolved = {**resolved, **({"customer_id": target.id} if target.id else {"new_customer": target.name})}
        v.amount(command.amount)
        v.probability(command.probability)
        past = past_date_question(h, command.close_date, "close_date", resolved)
        if past is not None:
            return past
        title = command.title or h.t("deal.default_title", customer=target.name)
        header = h.t("card.create_deal", title=title, customer=target.name)
        if target.is_new:
            header += " " + h.t("card.new_marker")
        lines = [header, "  " + h.t("card.stage", stage=h.t(f"stage.{command.stage or 'lead'}"))]
        if command.amount is not None:
            lines.append("  " + h.t("card.amount", amount=h.money(command.amount, command.currency)))
        close = _day(command.close_date)
        if close is not None:
            lines.append("  " + h.t("card.close_date", date=h.day(close)))
        if command.probability is not None:
            lines.append("  " + h.t("card.probability", value=round(command.probability)))
        return Proposal(lines, resolved)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, CreateDeal)
        target = customer_target(h, command.customer, resolved, allow_create=True)
        assert isinstance(target, CustomerTarget)
        customer_id = create_if_new(h, target)
        deal = deals.create(
            h.ctx,
            customer_id,
            command.title or h.t("deal.default_title", customer=target.name),
            amount=command.amount,
            currency=command.currency,
            stage=command.stage or "lead",
            probability=None if command.probability is None else round(command.probability),
            close_date=_day(command.close_date),
        )
        h.remember(customer_id=customer_id, deal_id=deal.id)
        return Answer(h.t("deal.created", title=deal.title, customer=target.name, stage=h.t(f"stage.{deal.stage}")))


def _changes(command: UpdateDeal) -> deals.DealChanges:
    return deals.DealChanges(
        stage=command.stage,
        amount=command.amount,
        currency=command.currency,
        close_date=_day(command.close_date),
        probability=None if command.probability is None else round(command.probability),
        lost_reason=command.summary if command.stage == "lost" else None,
    )


class UpdateDealHandler:
    intent = "update_deal"
    changes: Entity = "deal"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, UpdateDeal)
        deal = deal_target(h, command.customer, command.title, resolved)
        if not isinstance(deal, Deal):
            return deal
        customer = deals.customer_names(h.ctx, [deal]).get(deal.customer_id, "")
        changes = _changes(command)
        if changes.is_empty():
            return Ask("changes", h.t("ask.deal_change", title=deal.title), {"deal_id": deal.id})
        if not deals.can_change_deal(h.ctx, deal):
            deals.get(h.ctx, deal.id, for_write=True)  # raises the refusal, before any card
        v.amount(changes.amount)
        v.probability(changes.probability)
        if changes.close_date is not None and changes.close_date != deal.expected_close_date:
            past = past_date_question(h, changes.close_date, "close_date", {**resolved, "deal_id": deal.id})
            if past is not None:
                return past
        h.remember(customer_id=deal.customer_id, deal_id=deal.id)
        lines = [h.t("card.update_deal", title=deal.title, customer=customer)]
        if changes.stage and changes.stage != deal.stage:
            lines.append("  " + h.t("card.change", field=h.t("field.stage"), old=h.t(f"stage.{deal.stage}"),
                                    new=h.t(f"stage.{changes.stage}")))
        if changes.amount is not None:
            lines.append("  " + h.t("card.change", field=h.t("field.amount"), old=h.money(deal.amount, deal.currency),
                                    new=h.money(changes.amount, changes.currency or deal.currency)))
        if changes.close_date is not None:
            old = h.day(deal.expected_close_date) if deal.expected_close_date else "—"
            lines.append("  " + h.t("card.change", field=h.t("field.close_date"), old=old,
                                    new=h.day(changes.close_date)))
        if changes.probability is not None:
            lines.append("  " + h.t("card.change", field=h.t("field.probability"), old=f"{deal.probability}%",
                                    new=f"{changes.probability}%"))
            lines.append("    " + h.t("card.probability_manual"))
        if changes.title is not None:
            lines.append("  " + h.t("card.change", field=h.t("field.title"), old=deal.title, new=changes.title))
        if changes.lost_reason:
            lines.append("  " + h.t("card.lost_reason", text=changes.lost_reason))
        if len(lines) == 1:
            return Answer(h.t("deal.nothing_changes", title=deal.title, customer=customer), private=False)
        return Proposal(lines, {**resolved, "deal_id": deal.id})

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, UpdateDeal)
        deal = deals.update(h.ctx, int(resolved["deal_id"]), _changes(command))
        h.remember(customer_id=deal.customer_id, deal_id=deal.id)
        customer = deals.customer_names(h.ctx, [deal]).get(deal.customer_id, "")
        text = h.t("deal.updated", title=deal.title, customer=customer, stage=h.t(f"stage.{deal.stage}"))
        if deal.stage == "won":
            text += "\n" + project_started(h, deal.id)
        return Answer(text)


class QueryDealsHandler(ReadHandler):
    """The pipeline: the user's (a manager's: the team's), a colleague's, per rep, or filtered by customer, stage,
    expected close (a day or a period) and when deals were won or lost."""

    intent = "query_deals"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryDeals)
        who = whose(h, command.person, "deal")
        if isinstance(who, Answer):
            if command.person and not command.customer and names_customer(h, command.person):
                return self.prepare(command.model_copy(update={"person": None, "customer": command.person}),
                                    resolved, h)  # "Zenith's deals": a customer after all
            return who
        if command.by_rep and who.user is None and command.customer is None:
            return _by_rep(h)
        customer_id: int | None = None
        customer_name: str | None = None
        if command.customer or "customer_id" in resolved:
            target = customer_target(h, command.customer, resolved, allow_create=False)
            if not isinstance(target, CustomerTarget):
                return target
            customer_id, customer_name = target.id, target.name
        closing_from, closing_to = as_day(command.closing_from), as_day(command.close_date)
        moved_from, moved_until = as_day(command.moved_from), as_day(command.moved_until)
        moved = command.stage in ("won", "lost") and (moved_from is not None or moved_until is not None)
        # Reps see their own pipeline; managers and admins see what they may see (their team, everyone).
        mine_only = who.user is None and not h.ctx.actor.sees_team("deal")
        found = deals.query(
            h.ctx, customer_id=customer_id, stage=command.stage, closing_from=closing_from, closing_to=closing_to,
            mine_only=mine_only, owner_id=who.user_id, changed_to=command.stage if moved else None,
            changed_from=_start(h, moved_from) if moved and moved_from else None,
            changed_until=_start(h, moved_until + timedelta(days=1)) if moved and moved_until else None, limit=15)
        if customer_id is not None:
            h.remember(customer_id=customer_id, deal_id=found[0].id if len(found) == 1 else None)
        filtered = bool(customer_name or command.stage or closing_from or closing_to)
        title = _title(h, who, customer_name, command.stage, (closing_from, closing_to), (moved_from, moved_until)
                       if moved else None)
        if not found:
            return Answer(title + "\n  " + h.t("deals.none_matching" if filtered else "deals.none"))
        names = deals.customer_names(h.ctx, found)
        lines = [title]
        for deal in found:
            close_text = f" · {h.day(deal.expected_close_date)}" if deal.expected_close_date else ""
            lines.append(f"  • {names.get(deal.customer_id, '')} — {deal.title} · {h.t(f'stage.{deal.stage}')}"
                         f" · {h.money(deal.amount, deal.currency)}{close_text}")
        if not filtered:
            lines.append(h.t("deals.by_stage"))
            for total in deals.pipeline(h.ctx, mine_only=mine_only, owner_id=who.user_id):
                if total.count:
                    lines.append(f"  {h.t(f'stage.{total.stage}')}: {total.count} · {_amounts(h, total.amounts)}")
        return Answer("\n".join(lines))


def _start(h: HandlerContext, day: date) -> datetime:
    return start_of_local_day(day, h.tz)


def _amounts(h: HandlerContext, amounts: dict[str, Decimal]) -> str:
    return " + ".join(h.money(amount, cur) for cur, amount in sorted(amounts.items()) if amount) or "—"


def _by_rep(h: HandlerContext) -> Answer:
    """The open pipeline per owner the user can see (a rep sees only their own line)."""
    totals = deals.pipeline_by_owner(h.ctx)
    lines = [h.t("deals.by_rep_title")]
    if not totals:
        lines.append("  " + h.t("deals.none"))
    for total in totals:
        lines.append("  " + h.t("deals.by_rep_line", name=total.owner, count=total.count,
                                amount=_amounts(h, total.amounts)))
    return Answer("\n".join(lines))


def _title(h: HandlerContext, who: Whose, customer: str | None, stage: str | None,
           closing: tuple[date | None, date | None], moved: tuple[date | None, date | None] | None) -> str:
    """What is shown: "Your pipeline", "Alice's pipeline", "Deals closing in December", "Deals won in November",
    "Alice's deals with Acme Corp in negotiation"."""
    filters: list[str] = []
    if customer:
        filters.append(h.t("deals.filter_customer", customer=customer))
    if moved is not None and stage:
        first, last = moved
        period = period_label(h, first or h.today(), last or h.today())
        filters.append(h.t("deals.filter_moved", stage=h.t(f"stage.{stage}"), period=period))
    elif stage in ("won", "lost"):
        filters.append(h.t("deals.filter_closed", stage=h.t(f"stage.{stage}")))
    elif stage:
        filters.append(h.t("deals.filter_stage", stage=h.t(f"stage.{stage}")))
    closing_from, closing_to = closing
    if closing_from and closing_to:
        filters.append(h.t("deals.filter_closing", period=period_label(h, closing_from, closing_to)))
    elif closing_to:
        filters.append(h.t("deals.filter_closing_by", date=h.day(closing_to)))
    if not filters:
        if who.name:
            return h.t("deals.title_person", name=who.name)
        scope = h.ctx.actor.read_scope("deal")
        if scope is Scope.ALL:
            return h.t("deals.title_everyone")
        return h.t("deals.title_team" if scope is Scope.TEAM else "deals.title_pipeline")
    subject = h.t("deals.subject_person", name=who.name) if who.name else h.t("deals.subject")
    return h.t("deals.title_filtered", subject=subject, filters="".join(filters))
