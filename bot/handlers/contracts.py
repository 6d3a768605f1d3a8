"""Contracts in chat: create one (it goes for approval on confirmation), move it on (submit, send for signature,
signed, cancel), and get its signed PDF sent back. Approvals are in `bot/handlers/approvals.py`."""

from __future__ import annotations

from typing import Any

from bot.handlers.base import Answer, Ask, HandlerContext, Outcome, Proposal, ReadHandler
from bot.handlers.contract_targets import contract_label, contract_target
from bot.handlers.targets import CustomerTarget, customer_target
from bot.intents.schema import Command
from bot.intents.specs.contracts import ContractFile, MoveContract
from bot.intents.specs.money import CreateContract
from core.esign import ManualProvider
from core.models import Contract
from core.outbound import DocumentRef
from core.permissions import Entity, require_may_change
from core.services import attachments, contracts, payment_plans, users
from core.services import validation as v

# What each chat action is in the contract's status machine, and the statuses it applies to.
ACTIONS: dict[str, str] = {"submit": "submit", "send": "send", "signed": "sign", "cancel": "cancel"}


class CreateContractHandler:
    intent = "create_contract"
    changes: Entity = "contract"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, CreateContract)
        require_may_change(h.ctx.actor, "contract")
        target = customer_target(h, command.customer, resolved, allow_create=False)
        if not isinstance(target, CustomerTarget):
            return target
        assert target.id is not None
        deal = contracts.won_deal_for(h.ctx, target.id)
        amount = v.amount(command.amount if command.amount is not None else (deal.amount if deal else None))
        if amount is None or amount <= 0:
            return Ask("amount", h.t("ask.contract_amount", customer=target.name), {"customer_id": target.id})
        currency = v.currency(command.currency or (deal.currency if deal else None), h.ctx.defaults.currency)
        title = command.title or (deal.title if deal else target.name)
        lines = [h.t("card.create_contract", customer=target.name, title=title),
                 "  " + h.t("card.amount", amount=h.money(amount, currency))]
        if deal is not None:
            lines.append("  " + h.t("card.contract_deal", title=deal.title))
            if contracts.differs_from_deal(deal, amount, currency):
                lines.append("  " + h.t("card.contract_differs", deal=h.money(deal.amount, deal.currency),
                                        contract=h.money(amount, currency)))
        if command.payment_plan:
            # Read now, so a plan that does not add up is said before the card, not after the tap.
            parts = payment_plans.read_plan(command.payment_plan, amount)
            shown = " · ".join(h.money(p.amount, currency) + (f" ({p.label or p.due_event})"
                                                                 if p.label or p.due_event else "")
                               + (f" {h.day(p.due_on)}" if p.due_on else "") for p in parts)
            lines.append("  " + h.t("card.contract_plan", plan=shown))
        lines.append("  " + h.t("card.contract_goes_for_approval"))
        return Proposal(lines, {**resolved, "customer_id": target.id, "deal_id": deal.id if deal else None})

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, CreateContract)
        deal_id = resolved.get("deal_id")
        contract = contracts.create(h.ctx, int(resolved["customer_id"]), amount=command.amount,
                                    currency=command.currency, title=command.title,
                                    deal_id=int(deal_id) if deal_id else None, payment_plan=command.payment_plan)
        submitted = contracts.submit(h.ctx, contract.id)
        h.remember(customer_id=contract.customer_id)
        approvers = ", ".join(users.name_of(h.ctx, who) or "?" for who in submitted.approvers)
        return Answer(h.t("contract.created", label=contract_label(h, contract), approvers=approvers))


class MoveContractHandler:
    intent = "move_contract"
    changes: Entity = "contract"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, MoveContract)
        if command.action is None:
            return Ask("action", h.t("ask.contract_action"))
        move = ACTIONS[command.action]
        sources, target_status = contracts.MOVES[move]
        contract = contract_target(h, command.contract, command.customer, resolved, prefer=tuple(sources))
        if not isinstance(contract, Contract):
            return contract
        contracts.get(h.ctx, contract.id, for_write=True)  # the role and ownership check, before the card
        contracts.check_move(contract, move)
        h.remember(customer_id=contract.customer_id)
        lines = [h.t(f"card.contract_{command.action}", label=contract_label(h, contract)),
                 "  " + h.t("card.change", field=h.t("field.contract_status"),
                            old=h.t(f"contract_status.{contract.status}"),
                            new=h.t(f"contract_status.{target_status}"))]
        return Proposal(lines, {**resolved, "contract_id": contract.id}, editable=False)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, MoveContract) and command.action is not None
        contract_id = int(resolved["contract_id"])
        if command.action == "submit":
            submitted = contracts.submit(h.ctx, contract_id)
            names = ", ".join(users.name_of(h.ctx, who) or "?" for who in submitted.approvers)
            return Answer(h.t("contract.submitted", label=contract_label(h, submitted.contract), approvers=names))
        if command.action == "send":
            contract = contracts.send_for_signature(h.ctx, contract_id, ManualProvider())
        elif command.action == "signed":
            contract = contracts.mark_signed(h.ctx, contract_id)
        else:
            contract = contracts.cancel(h.ctx, contract_id)
        return Answer(h.t(f"contract.done_{command.action}", label=contract_label(h, contract)))


class ContractFileHandler(ReadHandler):
    """"Send me the Acme contract": its newest attached file (the signed PDF), as a document."""

    intent = "contract_file"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, ContractFile)
        contract = contract_target(h, command.contract, command.customer, resolved, prefer=("signed", "sent"))
        if not isinstance(contract, Contract):
            return contract
        h.remember(customer_id=contract.customer_id)
        files = attachments.of_contract(h.ctx, contract.id)
        if not files:
            return Answer(h.t("contract.no_file", label=contract_label(h, contract)))
        stored = attachments.read(h.ctx, files[0].id)
        return Answer(h.t("contract.file", label=contract_label(h, contract)),
                              document=DocumentRef(data=stored.data, filename=stored.attachment.filename,
                                                   media_type=stored.attachment.content_type))

