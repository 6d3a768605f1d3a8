"""A printable invoice: HTML from a template (`core/data/invoice.html`, or the team's own copy in the data dir).

No PDF: none of the installed libraries renders PDF with Chinese text, and a browser prints this page (with the
system's CJK fonts) to PDF in one step. Every value is HTML-escaped.
"""

from __future__ import annotations

import html
from decimal import Decimal
from string import Template

from sqlalchemy import select

from core.context import ServiceContext
from core.datafiles import DataFileError, locate
from core.i18n import t
from core.models import Contract, Customer, Installment
from core.outbound import DocumentRef
from core.scoping import CUSTOMER_NAMES
from core.services import invoices

TEMPLATE = "invoice.html"


def _amount(value: Decimal, currency: str) -> str:
    return f"{value:,.2f} {currency}"


def document(ctx: ServiceContext, invoice_id: int, lang: str) -> DocumentRef:
    found = invoices.get(ctx, invoice_id)
    invoice = found.invoice
    path = locate(TEMPLATE, ctx.defaults.data_dir)
    try:
        template = Template(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path.name, str(exc)) from None
    customer = ctx.session.scalar(select(Customer.name).where(Customer.id == invoice.customer_id)
                                  .execution_options(**CUSTOMER_NAMES)) or ""
    contract = ctx.session.scalar(select(Contract).where(Contract.id == invoice.contract_id)) \
        if invoice.contract_id is not None else None
    installment = ctx.session.scalar(select(Installment).where(Installment.id == invoice.installment_id)) \
        if invoice.installment_id is not None else None
    item = contract.title if contract is not None else t(lang, "invoice.doc.item_default")
    if installment is not None:
        item = f"{item} — {installment.label}"
    values = {
        "lang": "zh-CN" if lang == "zh" else "en",
        "title": t(lang, "invoice.doc.title"), "number": invoice.number, "customer": customer,
        "issue_date": invoice.issue_date.isoformat(), "due_date": invoice.due_date.isoformat(),
        "contract": contract.number if contract is not None else "—", "item": item,
        "net": _amount(invoice.net_amount, invoice.currency),
        "tax": _amount(invoice.tax_amount, invoice.currency),
        "total": _amount(invoice.total, invoice.currency),
        "status": t(lang, f"invoice.status.{found.status}"),
        "label_tax": t(lang, "invoice.doc.tax", rate=f"{(invoice.tax_rate * 100).normalize():f}"),
    }
    for label in ("number", "customer", "issued", "due", "contract", "item", "amount", "total", "status"):
        values[f"label_{label}"] = t(lang, f"invoice.doc.{label}")
    try:
        page = template.substitute({key: html.escape(str(value)) for key, value in values.items()})
    except (KeyError, ValueError) as exc:
        raise DataFileError(path.name, f"unknown placeholder {exc}") from None
    return DocumentRef(data=page.encode("utf-8"), filename=f"{invoice.number}.html", media_type="text/html",
                       caption=invoice.number)
