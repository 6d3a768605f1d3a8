"""Export of any list (customers, contacts, deals, tasks, interactions) as CSV rows, as far as the actor may see.

Every query runs in the actor's scoped session, so an export holds exactly what the same user reads in chat.
Headers are the `import.column.*` labels in the user's language: the file is for a person in Excel, and the
importer reads those labels (in either language) back, so an export re-imports as it is. Values stay machine-
readable — amounts as plain numbers, dates as ISO — so Excel sums them and a re-import parses them; stages and
channels are written in the user's language, which the importer also accepts.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import select

from core.context import ServiceContext
from core.i18n import has, t
from core.importing.mapping import header_label
from core.models import Contact, Customer, Deal, Interaction, Task, User
from core.timeutil import zone

KINDS = ("customers", "contacts", "deals", "tasks", "interactions")
COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": ("customer", "industry", "city", "status", "owner"),
    "contacts": ("customer", "contact", "title", "phone", "email"),
    "deals": ("customer", "deal", "amount", "currency", "stage", "close_date", "owner"),
    "tasks": ("task", "due", "status", "customer", "assignee"),
    "interactions": ("customer", "occurred_at", "channel", "summary", "next_step", "follow_up", "author"),
}
# UTF-8 with a byte-order mark: Excel opens a BOM-less UTF-8 CSV as the machine's ANSI code page (GBK on a
# Chinese Windows) and shows Chinese as mojibake; with the BOM it reads UTF-8.
ENCODING = "utf-8-sig"


def headers(kind: str, lang: str) -> list[str]:
    return [header_label(lang, column) for column in COLUMNS[kind]]


def rows(ctx: ServiceContext, kind: str) -> Iterator[list[str]]:
    """The actor's visible rows of `kind`, oldest first, as text cells in the order of `headers`."""
    lang = ctx.actor.language
    people = {row.id: row.name for row in ctx.session.execute(select(User.id, User.name))}
    names = {row.id: row.name for row in ctx.session.execute(select(Customer.id, Customer.name))}  # readable only
    if kind == "customers":
        for c in ctx.session.scalars(select(Customer).order_by(Customer.id)):
            yield _cells(c.name, c.industry, c.city, _label(lang, "customer_status", c.status), people.get(c.owner_id))
    elif kind == "contacts":
        for p in ctx.session.scalars(select(Contact).order_by(Contact.customer_id, Contact.id)):
            yield _cells(names.get(p.customer_id), p.name, p.title, p.phone, p.email)
    elif kind == "deals":
        for d in ctx.session.scalars(select(Deal).order_by(Deal.id)):
            yield _cells(names.get(d.customer_id), d.title, d.amount, d.currency, _label(lang, "stage", d.stage),
                         d.expected_close_date, people.get(d.owner_id))
    elif kind == "tasks":
        for task in ctx.session.scalars(select(Task).order_by(Task.id)):
            due = task.due_at.astimezone(zone(ctx.actor.timezone)) if task.due_at is not None else None
            yield _cells(task.title, due.date() if due is not None and task.due_all_day else due, task.status,
                         names.get(task.customer_id or 0), people.get(task.assignee_id))
    elif kind == "interactions":
        for i in ctx.session.scalars(select(Interaction).order_by(Interaction.occurred_at, Interaction.id)):
            yield _cells(names.get(i.customer_id), i.occurred_at.astimezone(zone(ctx.actor.timezone)),
                         _label(lang, "channel", i.channel), i.summary, i.next_step, i.follow_up_on,
                         people.get(i.author_id))
    else:
        raise ValueError(f"unknown export kind {kind!r}")


def write_csv(ctx: ServiceContext, kind: str, out: IO[str]) -> int:
    """Write the header and every visible row to `out` (opened with ENCODING); returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(headers(kind, ctx.actor.language))
    count = 0
    for row in rows(ctx, kind):
        writer.writerow(row)
        count += 1
    return count


def _label(lang: str, family: str, value: str) -> str:
    return t(lang, f"{family}.{value}") if has(f"{family}.{value}") else value


def _cells(*values: Any) -> list[str]:
    return [_text(value) for value in values]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
