"""Win probability per open deal (预测成交概率), with the reasons behind it.

An estimate is, in order: the manual probability a rep set (marked as such), else the trained model's (see
`training`), else the stage's default while history is thin. Everything is read through the actor's scoped
unit: a rep gets estimates for their own deals, a manager for the team's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core import audit
from core.context import ServiceContext
from core.errors import InvalidInput
from core.models import OPEN_STAGES, STAGE_PROBABILITY, Deal
from core.scoring import features, loading, store
from core.scoring.model import stage_default
from core.scoring.reasons import Factor, factors
from core.services import deals
from core.services import validation as v

Source = str  # "manual" | "model" | "stage"


@dataclass(frozen=True)
class WinEstimate:
    deal_id: int
    title: str
    customer: str
    stage: str
    percent: int  # what the team goes by
    source: Source
    model_percent: int | None  # the model's own estimate (also when a manual probability overrides it)
    factors: list[Factor] = field(default_factory=list)
    # Closed deals the last training saw (None: never trained), to say why the stage default is used.
    closed_deals: int | None = None


def estimate(ctx: ServiceContext, deal_id: int) -> WinEstimate:
    """One deal's estimate (a closed deal answers with its outcome: 100 or 0)."""
    deal = deals.get(ctx, deal_id)
    return _estimates(ctx, [deal])[0]


def open_estimates(ctx: ServiceContext, *, mine_only: bool = False, customer_id: int | None = None,
                   limit: int = 20) -> list[WinEstimate]:
    """Estimates for the open deals the actor sees (theirs with `mine_only`), highest first."""
    found = deals.query(ctx, mine_only=mine_only, customer_id=customer_id, limit=500)
    ranked = sorted(_estimates(ctx, found), key=lambda e: (-e.percent, e.deal_id))
    return ranked[:limit]


def _estimates(ctx: ServiceContext, found: list[Deal]) -> list[WinEstimate]:
    if not found:
        return []
    status = store.current(ctx)
    model = status.model if status is not None else None
    names = deals.customer_names(ctx, found)
    snaps: dict[int, features.Snapshot] = {}
    if model is not None:
        history = loading.load(ctx, deal_ids=[d.id for d in found if d.stage in OPEN_STAGES])
        owners = features.KnownRates(model.extra.get("owners", {}), float(model.extra.get("owner_prior", 0.5)))
        snaps = {p.deal_id: features.snapshot(p, ctx.now(), history, owners) for p in history.deals}
    out = []
    for deal in found:
        snap = snaps.get(deal.id)
        model_percent = round(100 * model.probability(snap)) if model is not None and snap is not None else None
        reasons = factors(model, snap) if model is not None and snap is not None else []
        if deal.stage not in OPEN_STAGES:
            percent, source = STAGE_PROBABILITY[deal.stage], "stage"
        elif deal.manual_probability is not None:
            percent, source = deal.manual_probability, "manual"
        elif model_percent is not None:
            percent, source = model_percent, "model"
        else:
            percent, source = round(100 * stage_default(deal.stage)), "stage"
        out.append(WinEstimate(deal.id, deal.title, names.get(deal.customer_id, ""), deal.stage, percent, source,
                               model_percent, reasons, status.closed_deals if status is not None else None))
    return out


def set_manual(ctx: ServiceContext, deal_id: int, percent: int | None) -> Deal:
    """A probability set by hand (0-100) overrides the model until cleared (None) or the deal changes stage.
    Whoever may change the deal may set it."""
    deal = deals.get(ctx, deal_id, for_write=True)
    if deal.stage not in OPEN_STAGES:
        raise InvalidInput("error.scoring_closed_deal")
    checked = v.probability(percent)
    before = audit.snapshot(deal)
    deal.manual_probability = checked
    deal.probability = STAGE_PROBABILITY[deal.stage] if checked is None else checked
    deal.updated_at = ctx.now()
    audit.record(ctx, "update_deal", deal, before)
    return deal

