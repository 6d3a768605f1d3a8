"""Meeting minutes from a long voice note: the card, picking which items to keep, and writing them on confirm.

The card numbers every proposed write — action items (→ tasks), then CRM changes (stage, amount, close date,
new contacts) — all kept by default. A toggle button per number (typed: `/minutes toggle 2`, or `/minutes 1 3`
to keep exactly those, `/minutes all`, `/minutes none`) changes the selection stored with the minutes; Confirm
(or "yes") writes the interaction with the minutes, transcript and contacts, the kept tasks and CRM changes —
one change, so "undo" takes it all back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.handlers.base import Answer, Choose, HandlerContext, Option, Outcome, Proposal, Run
from bot.handlers.interactions import follow_up_title
from bot.handlers.targets import CustomerTarget, create_if_new, customer_target, deal_label
from bot.intents.schema import Command, LogInteraction
from bot.minutes import Minutes
from core.errors import Conflict
from core.models import Contact, Deal, MeetingMinutes
from core.names import name_key
from core.outbound import Choice
from core.permissions import Entity
from core.services import customers, deals, interactions, tasks, voice_jobs
from core.services import minutes as minutes_store
from core.services.deals import DealChanges

MAX_SOURCE_TEXT = 20_000
TRANSCRIPT_ON_CARD = 280


class MinutesHandler:
    intent = "log_interaction"
    changes: Entity = "customer"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, LogInteraction)
        row = minutes_store.get_own(h.ctx, int(resolved["minutes_id"]))
        if row.status != "proposed":
            return Answer(h.t("confirm.already_done"), private=False)
        minutes = Minutes.load(row.data)
        target = customer_target(h, command.customer, resolved, allow_create=True, use_memory=False)
        if not isinstance(target, CustomerTarget):
            return target
        resolved = {**resolved, **({"customer_id": target.id} if target.id is not None
                                   else {"new_customer": target.name})}
        deal = _deal(h, target, minutes, resolved)
        if isinstance(deal, Choose):
            return deal
        if deal is not None:
            resolved["deal_id"] = deal.id
        lines = _card(h, row, minutes, target, deal)
        toggles = [Choice(label=h.t("minutes.button.toggle", n=n), action=f"minutes:toggle:{row.id}:{n}",
                          fallback=f"/minutes toggle {n}") for n in range(1, len(minutes.items()) + 1)]
        return Proposal(lines, resolved, toggles)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, LogInteraction)
        row = minutes_store.get_own(h.ctx, int(resolved["minutes_id"]))
        job = voice_jobs.own_job(h.ctx, int(resolved["voice_job_id"]))
        minutes = Minutes.load(row.data)
        target = customer_target(h, command.customer, resolved, allow_create=True, use_memory=False)
        if not isinstance(target, CustomerTarget):
            raise Conflict("error.conflict")
        customer_id = create_if_new(h, target)
        kept = set(row.selected or [])
        items = list(enumerate(minutes.items(), start=1))
        contact_ids, new_names = _contacts(h, customer_id, minutes, kept, items)
        deal_id, deal_note = _apply_deal(h, customer_id, target.name, minutes, kept, items, resolved)
        logged = interactions.log(
            h.ctx, customer_id, channel="meeting", summary=_summary(minutes), occurred_at=job.created_at,
            contact_ids=contact_ids, next_step=minutes.next_step, follow_up=minutes.next_step_date,
            follow_up_title=follow_up_title(h, target.name, minutes.next_step), source="voice",
            source_text=(job.transcript or "")[:MAX_SOURCE_TEXT] or None,
        )
        created = 0
        for number, (kind, value) in items:
            if kind == "task" and number in kept:
                tasks.create(h.ctx, _task_title(h, value.text, value.owner), due=value.due, customer_id=customer_id,
                             deal_id=deal_id, interaction_id=logged.interaction.id)
                created += 1
        minutes_store.confirm(h.ctx, row.id, interaction_id=logged.interaction.id, customer_id=customer_id)
        voice_jobs.link_interaction(h.ctx, job.id)
        h.remember(customer_id=customer_id, deal_id=deal_id)
        lines = [h.t("minutes.saved", customer=target.name)]
        if created:
            lines.append(h.t("minutes.saved_tasks", count=created))
        if logged.follow_up_task is not None:
            lines.append(h.t("interaction.task_created", title=logged.follow_up_task.title,
                             date=h.due(logged.follow_up_task)))
        if deal_note:
            lines.append(deal_note)
        if new_names:
            lines.append(h.t("minutes.saved_contacts", names=", ".join(new_names)))
        return Answer("\n".join(lines))


# -- the card ---------------------------------------------------------------------------------------------


def _card(h: HandlerContext, row: MeetingMinutes, minutes: Minutes, target: CustomerTarget,
          deal: Deal | None) -> list[str]:
    header = h.t("minutes.card.header", customer=target.name)
    if target.is_new:
        header += " " + h.t("card.new_marker")
    job_time = voice_jobs.own_job(h.ctx, row.job_id).created_at
    lines = [header, "  " + h.t("card.when", date=h.day(job_time))]
    if minutes.title:
        lines.append("  " + h.t("minutes.card.title", text=minutes.title))
    if minutes.attendees:
        lines.append("  " + h.t("minutes.card.attendees", names=", ".join(minutes.attendees)))
    if minutes.summary:
        lines.append("  " + h.t("minutes.card.summary", text=minutes.summary))
    _bullets(lines, h.t("minutes.card.decisions"), minutes.decisions)
    kept = set(row.selected or [])
    numbered = list(enumerate(minutes.items(), start=1))
    deal_name = deal.title if deal is not None else h.t("minutes.card.new_deal")
    tasks_lines = [_item_line(h, n, kind, value, kept, deal_name) for n, (kind, value) in numbered if kind == "task"]
    if tasks_lines:
        lines.append("  " + h.t("minutes.card.actions"))
        lines.extend(tasks_lines)
    _bullets(lines, h.t("minutes.card.risks"), minutes.risks)
    if minutes.next_step:
        lines.append("  " + h.t("card.next_step", text=minutes.next_step))
    if minutes.next_step_date is not None:
        lines.append("  " + h.t("card.follow_up", date=h.day(minutes.next_step_date)))
    change_lines = [_item_line(h, n, kind, value, kept, deal_name) for n, (kind, value) in numbered
                    if kind != "task"]
    if change_lines:
        lines.append("  " + h.t("minutes.card.changes"))
        lines.extend(change_lines)
    transcript = voice_jobs.own_job(h.ctx, row.job_id).transcript or ""
    if transcript:
        shown = transcript if len(transcript) <= TRANSCRIPT_ON_CARD else transcript[:TRANSCRIPT_ON_CARD] + "…"
        lines.append("  " + h.t("voice.transcript", text=shown))
    if numbered:
        lines.append(h.t("minutes.card.hint"))
    return lines


def _bullets(lines: list[str], title: str, values: list[str]) -> None:
    if values:
        lines.append("  " + title)
        lines.extend(f"    • {value}" for value in values)


def _item_line(h: HandlerContext, number: int, kind: str, value: Any, kept: set[int], deal_name: str | None) -> str:
    mark = "☑" if number in kept else "☐"
    if kind == "task":
        text = value.text if not value.owner else f"{value.owner}: {value.text}"
        due = f" · {h.day(value.due)}" if value.due is not None else ""
        body = f"{text}{due}"
    elif kind == "stage" and deal_name:
        body = h.t("minutes.item.stage", stage=h.t(f"stage.{value}"), deal=deal_name)
    elif kind == "stage":
        body = h.t("minutes.item.stage_short", stage=h.t(f"stage.{value}"))
    elif kind == "amount":
        body = h.t("minutes.item.amount", amount=h.money(value))
    elif kind == "close_date":
        body = h.t("minutes.item.close_date", date=h.day(value))
    else:
        body = h.t("minutes.item.contact", name=value)
    return f"    {mark} {number}. {body}"


# -- writing ----------------------------------------------------------------------------------------------


def _deal(h: HandlerContext, target: CustomerTarget, minutes: Minutes, resolved: dict[str, Any]
          ) -> Deal | Choose | None:
    """The open deal the CRM changes apply to: chosen, the only one, or None (a new deal, or no changes)."""
    changes = minutes.crm_changes
    if target.id is None or all(v is None for v in (changes.stage, changes.amount, changes.close_date)):
        return None
    if "deal_id" in resolved:
        return deals.get(h.ctx, int(resolved["deal_id"]))
    open_deals = deals.open_deals_of(h.ctx, target.id)
    if len(open_deals) <= 1:
        return open_deals[0] if open_deals else None
    options = [Option(deal_label(h, d, target.name), {"deal_id": d.id, "customer_id": target.id})
               for d in open_deals]
    return Choose(h.t("choose.which_deal", customer=target.name), options)


def _contacts(h: HandlerContext, customer_id: int, minutes: Minutes, kept: set[int],
              items: list[tuple[int, tuple[str, Any]]]) -> tuple[list[int], list[str]]:
    """Attendees who are contacts of the customer take part; kept new contacts are created first."""
    new_names: list[str] = []
    for number, (kind, value) in items:
        if kind == "contact" and number in kept and customers.find_contact(h.ctx, customer_id, str(value)) is None:
            contact: Contact = customers.add_contact(h.ctx, customer_id, str(value))
            new_names.append(contact.name)
    ids: list[int] = []
    for name in minutes.attendees:
        found = customers.find_contact(h.ctx, customer_id, name)
        if found is not None and found.id not in ids:
            ids.append(found.id)
    return ids, new_names


def _apply_deal(h: HandlerContext, customer_id: int, customer_name: str, minutes: Minutes, kept: set[int],
                items: list[tuple[int, tuple[str, Any]]], resolved: dict[str, Any]) -> tuple[int | None, str]:
    chosen = {kind: value for number, (kind, value) in items if number in kept and kind != "task"}
    stage, amount, close = chosen.get("stage"), chosen.get("amount"), chosen.get("close_date")
    deal_id = resolved.get("deal_id")
    if deal_id is None:
        only = deals.only_open_deal(h.ctx, customer_id)
        deal_id = only.id if only is not None else None
    if stage is None and amount is None and close is None:
        return (int(deal_id) if deal_id is not None else None), ""
    currency = minutes.crm_changes.currency
    if deal_id is None:
        created = deals.create(h.ctx, customer_id, h.t("minutes.deal_title", customer=customer_name),
                               amount=amount, currency=currency, stage=stage or "lead",
                               close_date=_as_date(close))
        return created.id, h.t("minutes.saved_deal_new", title=created.title)
    changes = DealChanges(stage=stage, amount=amount, currency=currency if amount is not None else None,
                          close_date=_as_date(close))
    updated = deals.apply_meeting_outcome(h.ctx, int(deal_id), changes)
    if updated is None:
        return int(deal_id), ""
    return updated.id, h.t("minutes.saved_deal", title=updated.title)


def _as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _summary(minutes: Minutes) -> str:
    parts = [minutes.title or "", minutes.summary, *minutes.decisions]
    return "\n".join(p for p in parts if p)[:4000]


def _task_title(h: HandlerContext, text: str, owner: str | None) -> str:
    if owner and name_key(owner) != name_key(h.ctx.actor.name):
        return f"{owner}: {text}"[:300]
    return text[:300]


# -- picking items ----------------------------------------------------------------------------------------


class MinutesAction:
    """`minutes:toggle:<minutes id>:<n>` — leave item n out, or put it back."""

    def handle(self, argument: str, h: HandlerContext) -> Answer | Command | Run:
        verb, _, rest = argument.partition(":")
        minutes_id, _, number = rest.partition(":")
        if verb != "toggle" or not minutes_id.isdigit() or not number.isdigit():
            return Answer(h.t("unknown.reply"), private=False)
        row = minutes_store.get_own(h.ctx, int(minutes_id))
        if row.status != "proposed":
            return Answer(h.t("confirm.already_done"), private=False)
        return _select(h, row, set(row.selected or []) ^ {int(number)})


class MinutesSlash:
    """`/minutes` (what is kept), `/minutes 1 3`, `/minutes toggle 2`, `/minutes all`, `/minutes none`."""

    def handle(self, arguments: str, h: HandlerContext) -> Answer | Command | Run:
        row = minutes_store.latest_proposed(h.ctx)
        if row is None:
            return Answer(h.t("minutes.none_pending"), private=False)
        words = arguments.replace(",", " ").replace("，", " ").split()
        count = minutes_store.item_count(row.data)
        kept = set(row.selected or [])
        if not words:
            return _selection_answer(h, row)
        head = words[0].casefold()
        numbers = {int(w) for w in words if w.isdigit()}
        if head in ("all", "全部"):
            kept = set(range(1, count + 1))
        elif head in ("none", "无", "都不要"):
            kept = set()
        elif head in ("toggle", "切换") and numbers:
            kept ^= numbers
        elif numbers and len(numbers) == len(words):
            kept = numbers
        else:
            return Answer(h.t("minutes.usage"), private=False)
        return _select(h, row, kept)


def _select(h: HandlerContext, row: MeetingMinutes, kept: set[int]) -> Answer:
    updated = minutes_store.select_items(h.ctx, row.id, sorted(kept))
    return _selection_answer(h, updated)


def _selection_answer(h: HandlerContext, row: MeetingMinutes) -> Answer:
    minutes = Minutes.load(row.data)
    kept = set(row.selected or [])
    lines = [h.t("minutes.selection_title")]
    for number, (kind, value) in enumerate(minutes.items(), start=1):
        lines.append(_item_line(h, number, kind, value, kept, None))
    lines.append(h.t("minutes.selection_hint"))
    return Answer("\n".join(lines))
