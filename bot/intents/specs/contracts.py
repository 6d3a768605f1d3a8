"""Contracts after they are created: decide_approval, query_approvals, move_contract, contract_file.

(`create_contract` is declared with the money intents in `specs/money.py`.) A contract is named by its number
("C-2026-001") or by its customer; a message that names neither means the contract talked about last.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field

from bot.intents.command import CUSTOMER, Command, Text
from bot.intents.rules.features import Features
from bot.intents.rules.signals import Signals
from bot.intents.rules.slots_common import customer_slot
from bot.intents.spec import IntentSpec, L, R, cues

_F = re.IGNORECASE
NUMBER = re.compile(r"(?<![A-Za-z0-9])C-?\d{4}-?\d{1,6}(?![0-9])", _F)
CONTRACT_NUMBER = "the contract's number as written (C-2026-001), only when the message gives one"

_APPROVE_WORDS = re.compile(rf"{L}(?:approve|approved|ok|okay|accept|sign off on){R}|批准|同意|通过|批了", _F)
_REJECT_WORDS = re.compile(
    rf"{L}(?:reject|rejected|decline|declined|deny|denied|turn down){R}|驳回|拒绝|不批|不同意|退回", _F)
_BECAUSE = re.compile(rf"{L}(?:because|since|reason[:：]?|due to)\s+(.+)$|(?:因为|理由[:：]?|原因[:：]?)\s*(.+)$", _F)


class DecideApproval(Command):
    """The user approves or rejects a contract waiting for their approval."""

    intent: Literal["decide_approval"] = "decide_approval"
    contract: Text | None = Field(None, description=CONTRACT_NUMBER)
    customer: Text | None = Field(None, description=CUSTOMER)
    decision: Literal["approve", "reject"] | None = Field(None, description="approve or reject")
    comment: Text | None = Field(None, description="the reason given ('because …', 因为…)")


class QueryApprovals(Command):
    """What is waiting for the user's approval."""

    intent: Literal["query_approvals"] = "query_approvals"


class MoveContract(Command):
    """A contract moves on: sent for approval, sent to the customer for signature, signed, or cancelled."""

    intent: Literal["move_contract"] = "move_contract"
    contract: Text | None = Field(None, description=CONTRACT_NUMBER)
    customer: Text | None = Field(None, description=CUSTOMER)
    action: Literal["submit", "send", "signed", "cancel"] | None = Field(
        None, description="submit = ask for approval; send = send to the customer for signature; signed = the "
                          "customer signed it; cancel")


class ContractFile(Command):
    """The user wants a contract (its signed PDF) or a customer's files sent to them."""

    intent: Literal["contract_file"] = "contract_file"
    contract: Text | None = Field(None, description=CONTRACT_NUMBER)
    customer: Text | None = Field(None, description=CUSTOMER)


def _number_slot(f: Features) -> dict[str, Any]:
    found = NUMBER.search(f.text)
    return {"contract": found.group(0).upper()} if found else {}


def _contract_slots(f: Features) -> dict[str, Any]:
    slots = _number_slot(f)
    if not slots:
        slots.update(customer_slot(f, guess=False))
    return slots


# -- decide_approval --------------------------------------------------------------------------------------------
_CONTRACT_WORD = rf"(?:{L}contracts?{R}|合同|C-?\d{{4}}-?\d{{1,6}})"
_DECIDE = cues(
    (rf"{L}(?:approve|reject|decline|deny)\b.{{0,40}}{_CONTRACT_WORD}", 6),
    (rf"{_CONTRACT_WORD}.{{0,30}}{L}(?:approved|rejected|declined)(?:\s+by me)?\s*$", 5),
    (r"(?:批准|同意|通过|驳回|拒绝|不批|退回)(?:一下)?.{0,20}合同|"
     r"合同.{0,30}(?:我)?(?:批准|同意|审批通过|驳回|不批|拒绝)(?!了吗)", 6),
    (r"(?:批准|驳回)\s*C-?\d{4}", 6),
)


def _score_decide(f: Features, s: Signals, own: float) -> float:
    return own - 3 if own and s.question else own


def _decide_slots(f: Features) -> dict[str, Any]:
    slots = _contract_slots(f)
    reject, approve = _REJECT_WORDS.search(f.text), _APPROVE_WORDS.search(f.text)
    if reject and (not approve or reject.start() <= approve.start()):
        slots["decision"] = "reject"
    elif approve:
        slots["decision"] = "approve"
    because = _BECAUSE.search(f.text)
    if because:
        comment = (because.group(1) or because.group(2) or "").strip(" .。")
        if comment:
            slots["comment"] = comment
    return slots


# -- query_approvals --------------------------------------------------------------------------------------------
_QUERY_APPROVALS = cues(
    (rf"{L}(?:waiting|pending|awaiting|need(?:s|ing)?)\b.{{0,20}}\b(?:my|me to)\b.{{0,12}}\b"
     rf"(?:approv\w*|sign[- ]off){R}|"
     rf"{L}(?:pending|open|my) approvals?{R}|{L}approvals? (?:waiting|pending)\b|"
     rf"{L}what (?:do|should) i (?:need to )?approve{R}", 6),
    (r"待我审批|等我审批|需要我审批|我(?:要|需要)?审批的|待审批|待我批|我的审批|有什么要我批", 6),
)


# -- move_contract ----------------------------------------------------------------------------------------------
_SUBMIT = re.compile(rf"{L}(?:submit|send)\b.{{0,30}}\bfor approval{R}|{L}submit\b.{{0,30}}{_CONTRACT_WORD}|"
                     r"提交审批|送审|报批|提交.{0,6}审批", _F)
_SEND = re.compile(rf"{L}(?:send|sent|out)\b.{{0,40}}\bfor (?:e-?)?signature{R}|"
                   rf"{L}send\b.{{0,30}}\bto (?:the )?customer\b|"
                   r"发(?:给)?客户签|发出(?:去)?签(?:署|字)?|发起签署|发去签|寄给客户签", _F)
_SIGNED = re.compile(rf"{_CONTRACT_WORD}.{{0,40}}{L}(?:is |was |has been |got )?signed{R}|"
                     rf"{L}signed\b.{{0,20}}{_CONTRACT_WORD}|"
                     r"合同.{0,20}(?:签(?:好|完)了|已签|签署了|签回来了|签字了|盖章了)|(?:签回|已签署).{0,6}合同", _F)
_CANCEL = re.compile(rf"{L}cancel\b.{{0,30}}{_CONTRACT_WORD}|"
                     r"作废.{0,10}合同|取消.{0,10}合同|合同.{0,10}(?:作废|取消)", _F)
_MOVE = cues((_SUBMIT, 5), (_SEND, 5), (_SIGNED, 5), (_CANCEL, 6))


def _score_move(f: Features, s: Signals, own: float) -> float:
    score = own
    if own and (NUMBER.search(f.text) or f.customer is not None):
        score += 3  # a contract named makes it about that contract ("cancel contract C-2026-007" is no "cancel")
    if f.amounts:
        score -= 3  # "contract signed with Northwind 240k, add it": a new contract to record
    if s.question:
        score -= 3
    return score


def _move_slots(f: Features) -> dict[str, Any]:
    slots = _contract_slots(f)
    for action, pattern in (("cancel", _CANCEL), ("submit", _SUBMIT), ("send", _SEND), ("signed", _SIGNED)):
        if pattern.search(f.text):
            slots["action"] = action
            break
    return slots


# -- contract_file ----------------------------------------------------------------------------------------------
_FILE = cues(
    (rf"{L}(?:send|give|show|forward)\s+me\b.{{0,40}}{_CONTRACT_WORD}|"
     rf"{_CONTRACT_WORD}.{{0,20}}\b(?:pdf|file|scan|copy){R}", 6),
    (r"合同.{0,20}(?:发给我|发我|给我看|传给我|发一下给我)|(?:发给我|发我|给我)(?:一下)?.{0,20}合同|"
     r"合同.{0,6}(?:pdf|PDF|扫描件|原件)", 6),
)

SPECS = (
    IntentSpec(
        name="decide_approval", command=DecideApproval, writes=True, order=115, required=("decision",),
        cues=_DECIDE, scorer=_score_decide, filler=_decide_slots, help="help.decide_approval",
        examples={"en": ("approve contract C-2026-001", "reject the Acme contract because the margin is too thin"),
                  "zh": ("批准合同C-2026-001", "驳回Acme的合同 因为折扣太大")},
        handler="bot.handlers.approvals:DecideApprovalHandler",
    ),
    IntentSpec(
        name="query_approvals", command=QueryApprovals, writes=False, order=117, cues=_QUERY_APPROVALS,
        help="help.query_approvals",
        examples={"en": ("what's waiting for my approval?",), "zh": ("待我审批的",)},
        handler="bot.handlers.approvals:QueryApprovalsHandler",
    ),
    IntentSpec(
        name="move_contract", command=MoveContract, writes=True, order=122, required=("action",),
        cues=_MOVE, scorer=_score_move, filler=_move_slots, help="help.move_contract",
        examples={"en": ("send contract C-2026-001 for signature", "the Acme contract is signed"),
                  "zh": ("合同C-2026-001发给客户签", "Acme的合同签好了")},
        handler="bot.handlers.contracts:MoveContractHandler",
    ),
    IntentSpec(
        name="contract_file", command=ContractFile, writes=False, order=125, cues=_FILE, filler=_contract_slots,
        help="help.contract_file",
        examples={"en": ("send me the Acme contract",), "zh": ("把Acme的合同发给我",)},
        handler="bot.handlers.contracts:ContractFileHandler",
    ),
)
