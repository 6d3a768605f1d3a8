"""Turning handler outcomes into Replies: cards with Confirm/Edit/Cancel, questions, numbered choices."""

from __future__ import annotations

from bot.handlers.base import Choose, HandlerContext, Proposal
from core.outbound import Choice, Reply

# Words that confirm, cancel or edit a pending proposal when typed instead of tapped.
YES_WORDS = frozenset({
    "yes", "y", "ok", "okay", "confirm", "sure", "yep", "yeah", "go", "do it", "👍",
    "确认", "好", "好的", "是", "是的", "对", "可以", "行", "嗯", "确定", "没问题",
})
NO_WORDS = frozenset({"no", "n", "cancel", "nope", "stop", "取消", "不", "不要", "算了", "否", "不用了", "别"})
EDIT_WORDS = frozenset({"edit", "change", "modify", "修改", "改", "改一下", "编辑"})


def normalise_answer(text: str) -> str:
    return text.strip().strip("!.。！~ ").casefold()


def proposal_reply(h: HandlerContext, proposal: Proposal, proposal_id: str) -> Reply:
    return Reply(
        text="\n".join(proposal.lines),
        choices=[
            Choice(label=h.t("button.confirm"), action=f"confirm:{proposal_id}", fallback=h.t("fallback.confirm")),
            *([Choice(label=h.t("button.edit"), action=f"edit:{proposal_id}", fallback=h.t("fallback.edit"))]
              if proposal.editable else []),
            Choice(label=h.t("button.cancel"), action=f"cancel:{proposal_id}", fallback=h.t("fallback.cancel")),
            *proposal.choices,
        ],
        proposal_id=proposal_id,
    )


def choose_reply(h: HandlerContext, choose: Choose, proposal_id: str) -> Reply:
    choices = [
        Choice(label=option.label, action=f"choose:{proposal_id}:{number}", fallback=str(number))
        for number, option in enumerate(choose.options, start=1)
    ]
    choices.append(
        Choice(label=h.t("button.cancel"), action=f"cancel:{proposal_id}", fallback=h.t("fallback.cancel"))
    )
    return Reply(text=choose.question, choices=choices, proposal_id=proposal_id)


def switch_reply(h: HandlerContext, question: str, labels: list[str], proposal_id: str, *,
                 resolves: str | None = None) -> Reply:
    """"A card is still waiting: keep it, or go on with the new request?" — numbered, never silent."""
    choices = [Choice(label=label, action=f"choose:{proposal_id}:{number}", fallback=str(number))
               for number, label in enumerate(labels, start=1)]
    return Reply(text=question, choices=choices, proposal_id=proposal_id, resolves=resolves, private=False)


def question_reply(h: HandlerContext, question: str, proposal_id: str) -> Reply:
    cancel = Choice(label=h.t("button.cancel"), action=f"cancel:{proposal_id}", fallback=h.t("fallback.cancel"))
    return Reply(text=question, choices=[cancel], proposal_id=proposal_id, private=False)
