"""Money reads and invoices through the real conversation (rule parser, handlers) in both languages: a project's
margin, an invoice for a named installment with its HTML attached, the team view finance gets, and a PM who
may read money but not book it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.intents.rules import RuleParser
from core.context import CoreGateway
from core.models import Deal, Project, TimeEntry
from core.services import users
from tests.integration.money_support import customer, signed_contract
from tests.notify_helpers import chat, person


def _project(core: CoreGateway, owner: int, name: str) -> int:
    customer_id = customer(core, owner, name)
    with core.unit(owner) as ctx:
        deal = Deal(customer_id=customer_id, owner_id=owner, title="ERP", stage="won", probability=100,
                    amount=Decimal(100000), currency="CNY", created_at=ctx.now(), updated_at=ctx.now())
        ctx.session.add(deal)
        ctx.session.flush()
        project = Project(deal_id=deal.id, customer_id=customer_id, name=f"{name} ERP", owner_id=owner,
                          currency="CNY", status="active", created_at=ctx.now(), updated_at=ctx.now())
        ctx.session.add(project)
        ctx.session.flush()
        ctx.session.add(TimeEntry(project_id=project.id, user_id=owner, work_date=date(2026, 11, 2),
                                  hours=Decimal(10), cost_rate=Decimal(500), created_at=ctx.now()))
        return deal.id


def test_margin_in_both_languages(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100")
    person(core, "张伟", telegram="200", lang="zh")
    deal = _project(core, alice.id, "Acme Corp")
    signed_contract(core, alice.id, "Acme Corp", "100000", deal_id=deal)
    say = chat(core, RuleParser())
    [reply] = say("what's the margin on the Acme project?")
    assert "Acme Corp ERP: revenue ¥100,000 − cost ¥5,000 (hours ¥5,000, expenses ¥0) = margin ¥95,000 (95.0%)" \
        in reply.text
    with core.system() as system:
        zhang = users.require_by_name(system, "张伟")
    _project(core, zhang.id, "星辰科技")
    [reply] = say("星辰科技项目利润", sender="200")
    assert "星辰科技 ERP:收入¥0 − 成本¥5,000" in reply.text and "还没有合同,收入为零" in reply.text
    [reply] = say("Acme项目利润", sender="200")  # a colleague's customer: its name only, never its numbers
    assert "95,000" not in reply.text


def test_invoice_for_the_last_installment_with_its_page(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100")
    signed_contract(core, alice.id, "Acme Corp", "500000", plan="首付30% 中期60% 尾款10%")
    say = chat(core, RuleParser())
    [card] = say("给Acme Corp开尾款的发票 税率13%")
    assert "Issue invoice · Acme Corp" in card.text and "installment 3 (尾款)" in card.text
    assert "¥50,000, 13% VAT included" in card.text
    [done] = say("yes")
    assert "Invoice INV-2026-0001 issued: ¥50,000" in done.text
    assert done.document is not None and done.document.media_type == "text/html"
    page = done.document.data.decode("utf-8")
    assert "INV-2026-0001" in page and "ERP rollout — 尾款" in page and "5,752.21" in page  # 50000 − 50000/1.13
    [again] = say("invoice Acme Corp for the last installment")
    assert "already invoiced (INV-2026-0001)" in again.text


def test_finance_sees_every_team_and_a_pm_cannot_book(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100")
    zed = person(core, "Zed", team="North", telegram="300")
    person(core, "Fay", "finance", telegram="400")
    person(core, "Pat", "pm", telegram="500")
    signed_contract(core, alice.id, "Acme Corp", "100000", plan="100% on 2026-10-01")
    signed_contract(core, zed.id, "Northco", "50000", plan="100% on 2026-11-20")
    say = chat(core, RuleParser())
    [reply] = say("who owes us money", sender="400")
    assert "Receivables: ¥150,000 from 2 customer(s)" in reply.text and "By team:" in reply.text
    assert "East: ¥100,000" in reply.text and "North: ¥50,000" in reply.text
    [reply] = say("who owes us money", sender="100")
    assert "Northco" not in reply.text and "By team:" not in reply.text
    [reply] = say("Acme Corp paid 10k", sender="500")
    assert "can't change" in reply.text and "Record payment" not in reply.text


def test_undo_a_payment_reopens_what_it_paid(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100")
    signed_contract(core, alice.id, "Acme Corp", "100000", plan="100% on 2026-10-01")
    say = chat(core, RuleParser())
    say("Acme Corp paid 100k")
    [done] = say("yes")
    assert "Acme Corp owes nothing more." in done.text
    [card] = say("undo")
    assert "invoice + invoice paid + payment received" in card.text
    [_undone] = say("yes")
    [owed] = say("how much does Acme Corp owe us?")
    assert "Acme Corp owes ¥100,000" in owed.text, owed.text
