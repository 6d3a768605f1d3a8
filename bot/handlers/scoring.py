"""Scoring reads: a deal's win probability with its reasons ("win probability of the Acme deal", Acme这个单子赢率
多少), high-intent customers (高潜力客户), churn risk (流失风险客户). Reads answer at once, within what the user may
see; a probability set by hand goes through update_deal (propose → confirm)."""

from __future__ import annotations

from typing import Any

from bot.handlers.base import Answer, HandlerContext, Outcome, ReadHandler
from bot.handlers.targets import CustomerTarget, customer_target, deal_target
from bot.intents.schema import Command
from bot.intents.specs.scoring import QueryChurnRisk, QueryHighIntent, QueryWinProbability
from core.models import Deal
from core.scoring import churn, intent, reasons, training, win
from core.scoring.win import WinEstimate
from core.services import deals

LIST_LIMIT = 10


def _source(h: HandlerContext, estimate: WinEstimate) -> str:
    if estimate.source == "manual":
        if estimate.model_percent is None:
            return h.t("win.source.manual_only")
        return h.t("win.source.manual", model=estimate.model_percent)
    if estimate.source == "model":
        return h.t("win.source.model", closed=estimate.closed_deals or 0)
    if estimate.closed_deals is None:
        return h.t("win.source.untrained")
    if estimate.closed_deals >= training.MIN_CLOSED:
        return h.t("win.source.stage_only")  # a model exists, but this deal's records are not all readable
    return h.t("win.source.stage", closed=estimate.closed_deals, needed=training.MIN_CLOSED,
               each=training.MIN_EACH)


def _lines(h: HandlerContext, estimate: WinEstimate, *, with_reasons: bool) -> list[str]:
    lines = ["  • " + h.t("win.line", customer=estimate.customer, title=estimate.title, percent=estimate.percent,
                          source=_source(h, estimate))]
    if with_reasons:
        lines += [f"    {reasons.describe(f, h.lang)}" for f in estimate.factors]
    return lines


class QueryWinProbabilityHandler(ReadHandler):
    intent = "query_win_probability"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryWinProbability)
        customer_id: int | None = None
        if command.title or "deal_id" in resolved:
            deal = deal_target(h, command.customer, command.title, resolved)
            if not isinstance(deal, Deal):
                return deal
            return _one(h, deal.id)
        if command.customer or "customer_id" in resolved:
            target = customer_target(h, command.customer, resolved, allow_create=False)
            if not isinstance(target, CustomerTarget):
                return target
            customer_id = target.id
        elif command.refers_to_context and h.memory.deal_id:
            return _one(h, h.memory.deal_id)
        found = win.open_estimates(h.ctx, customer_id=customer_id, limit=LIST_LIMIT + 1)
        if not found:
            if isinstance(customer_id, int):
                name = next(iter(win.open_estimates(h.ctx, customer_id=customer_id)), None)
                return Answer(h.t("win.none_for", customer=command.customer or (name.customer if name else "")))
            return Answer(h.t("win.none"))
        if customer_id is not None:
            h.remember(customer_id=customer_id, deal_id=found[0].deal_id if len(found) == 1 else None)
        detailed = customer_id is not None or len(found) == 1
        lines = [h.t("win.title")]
        for estimate in found[:LIST_LIMIT]:
            lines += _lines(h, estimate, with_reasons=detailed)
        if len(found) > LIST_LIMIT:
            lines.append("  " + h.t("win.more", count=len(found) - LIST_LIMIT))
        return Answer("\n".join(lines))


def _one(h: HandlerContext, deal_id: int) -> Answer:
    estimate = win.estimate(h.ctx, deal_id)
    deal = deals.get(h.ctx, deal_id)
    h.remember(customer_id=deal.customer_id, deal_id=deal.id)
    return Answer("\n".join([h.t("win.title"), *_lines(h, estimate, with_reasons=True)]))


class QueryHighIntentHandler(ReadHandler):
    intent = "query_high_intent"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryHighIntent)
        config = h.ctx.defaults.intent
        found = intent.high_intent(h.ctx, config=config, limit=LIST_LIMIT)
        if not found:
            return Answer(h.t("intent.none"))
        lines = [h.t("intent.title", threshold=f"{config.threshold:g}")]
        for score in found:
            line = h.t("intent.line", customer=score.customer, score=f"{score.score:.1f}",
                       highlight=intent.describe(score.customer, score.highlights, h.lang))
            if score.flagged_since is not None:
                line += f" · {h.t('intent.since', when=h.day(score.flagged_since))}"
            lines.append("  • " + line)
        return Answer("\n".join(lines))


class QueryChurnRiskHandler(ReadHandler):
    intent = "query_churn_risk"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryChurnRisk)
        customer_id: int | None = None
        name = ""
        if command.customer or "customer_id" in resolved:
            target = customer_target(h, command.customer, resolved, allow_create=False)
            if not isinstance(target, CustomerTarget):
                return target
            customer_id, name = target.id, target.name
            if customer_id is not None:
                h.remember(customer_id=customer_id)
        found = churn.risks(h.ctx, customer_id=customer_id, limit=LIST_LIMIT)
        if customer_id is not None and (not found or found[0].score == 0):
            return Answer(h.t("churn.none_for", customer=name))
        if not found:
            return Answer(h.t("churn.none"))
        lines = [h.t("churn.title")]
        for risk in found:
            lines.append("  • " + h.t("churn.line", customer=risk.customer, score=risk.score))
            lines += [f"    – {churn.describe(r, h.lang)}" for r in risk.reasons]
        return Answer("\n".join(lines))
