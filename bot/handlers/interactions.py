"""Logging a visit, call, email, meeting or message — with its contact, next step and follow-up task."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from bot.handlers.base import Answer, Ask, HandlerContext, Outcome, Proposal
from bot.handlers.targets import CustomerTarget, create_if_new, customer_target
from bot.intents.schema import Command, LogInteraction
from core.permissions import Entity
from core.services import customers, interactions
from core.services import validation as v
from core.timeutil import zone


class LogInteractionHandler:
    intent = "log_interaction"
    changes: Entity = "customer"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, LogInteraction)
        target = customer_target(h, command.customer, resolved, allow_create=True)
        if not isinstance(target, CustomerTarget):
            return target
        resolved = {**resolved, **_ids(target)}
        channel = command.channel or "visit"
        occurred = _occurred_at(command.date, h)
        if occurred > h.ctx.now() + interactions.FUTURE_TOLERANCE:
            return Answer(h.t("error.future_interaction"), private=False)
        if command.amount is not None:
            v.amount(command.amount)
        past = past_date_question(h, command.follow_up, "follow_up", resolved)
        if past is not None:
            return past
        header = h.t(f"card.log.{channel}", customer=target.name)
        if target.is_new:
            header += " " + h.t("card.new_marker")
        lines = [header, "  " + h.t("card.when", date=h.day(occurred))]
        if command.contact:
            v.email(command.contact_email)
            v.phone(command.contact_phone)
            contact = None if target.id is None else (
                customers.find_contact(h.ctx, target.id, command.contact)
                or customers.contact_by_given_name(h.ctx, target.id, command.contact))
            label = contact.name if contact else f"{command.contact} {h.t('card.new_marker')}"
            details = [x for x in (command.contact_title, command.contact_email, command.contact_phone) if x]
            lines.append("  " + h.t("card.with", name=" · ".join([label, *details])))
        lines.append("  " + h.t("card.summary", text=_summary(command, h)))
        if command.next_step:
            lines.append("  " + h.t("card.next_step", text=command.next_step))
        if command.follow_up:
            lines.append("  " + h.t("card.follow_up", date=h.day(command.follow_up)))
        if command.amount is not None:
            lines.append("  " + h.t("card.budget", amount=h.money(command.amount, command.currency)))
        return Proposal(lines, resolved)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, LogInteraction)
        target = customer_target(h, command.customer, resolved, allow_create=True)
        assert isinstance(target, CustomerTarget)
        customer_id = create_if_new(h, target)
        people = [interactions.Person(command.contact, title=command.contact_title, phone=command.contact_phone,
                                      email=command.contact_email)] if command.contact else []
        logged = interactions.record(
            h.ctx,
            customer_id,
            channel=command.channel or "visit",
            people=people,
            budget=command.amount,
            currency=command.currency,
            summary=_summary(command, h),
            occurred_at=_occurred_at(command.date, h),
            next_step=command.next_step,
            follow_up=command.follow_up,
            follow_up_title=follow_up_title(h, target.name, command.next_step),
            source=h.source,
            source_text=h.source_text or None,
        )
        h.remember(customer_id=customer_id)
        text = h.t("interaction.logged", customer=target.name)
        if logged.follow_up_task is not None:
            text += "\n" + h.t("interaction.task_created", title=logged.follow_up_task.title,
                               date=h.due(logged.follow_up_task))
        return Answer(text)


def _ids(target: CustomerTarget) -> dict[str, Any]:
    return {"customer_id": target.id} if target.id is not None else {"new_customer": target.name}


def _occurred_at(value: date | datetime | None, h: HandlerContext) -> datetime:
    if value is None:
        return h.ctx.now()
    if isinstance(value, datetime):
        return value
    if value == h.today():
        return h.ctx.now()
    # A past day without a time: noon local, so it never drifts into a neighbouring day.
    return datetime.combine(value, time(12, 0), tzinfo=zone(h.tz))


def _summary(command: LogInteraction, h: HandlerContext) -> str:
    return command.summary or h.source_text or command.next_step or ""


def past_date_question(h: HandlerContext, value: date | datetime | None, slot: str, resolved: dict[str, Any]
                       ) -> Ask | None:
    """A due or follow-up date already past is questioned before the card ("keep" keeps it)."""
    if value is None or resolved.get("past_ok") == slot:
        return None
    day = value.date() if isinstance(value, datetime) else value
    in_past = value < h.ctx.now() if isinstance(value, datetime) else day < h.today()
    if not in_past:
        return None
    return Ask(slot, h.t("ask.date_in_past", date=h.day(value)), {"past_question": slot})


def follow_up_title(h: HandlerContext, customer: str, next_step: str | None) -> str:
    """"Acme Corp: send quote" — a task that still makes sense on its own in a list of tasks."""
    if next_step:
        return h.t("task.follow_up_step", customer=customer, step=next_step)
    return h.t("task.follow_up_title", customer=customer)
