"""The factors behind an estimate, as a rep reads them: which features pushed this deal's estimate up or down
against the typical deal the model learnt from, each with its facts (days, counts, rates) for the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.i18n import t
from core.scoring.features import Snapshot
from core.scoring.model import WinModel

TOP = 3
# Contributions smaller than this (log-odds) are noise to a reader and left out.
MIN_WEIGHT = 0.1
QUIET_DAYS = 7


@dataclass(frozen=True)
class Factor:
    key: str  # catalogue key under scoring.reason.*
    weight: float  # log-odds against the typical deal; > 0 raises the estimate
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def raises(self) -> bool:
        return self.weight > 0


def _factor(group: str, weight: float, snap: Snapshot, model: WinModel) -> Factor | None:
    days = round(snap.days_in_stage)
    usual = round(model.usual_days.get(snap.stage, 0.0))
    if group == "stage":
        return Factor("stage", weight, {"stage": snap.stage})
    if group == "age_in_stage":
        key = "age_long" if snap.days_in_stage > model.usual_days.get(snap.stage, 0.0) else "age_short"
        return Factor(key, weight, {"stage": snap.stage, "days": days, "usual": usual})
    if group == "recency":
        if not snap.ever_active:
            return Factor("never_active", weight, {})
        quiet = round(snap.days_since_activity)
        return Factor("quiet" if quiet >= QUIET_DAYS else "recent", weight, {"days": quiet})
    if group == "frequency":
        return Factor("activity", weight, {"count": snap.activities_30d})
    if group == "amount":
        return Factor("amount_large" if weight < 0 else "amount_small", weight, {})
    if group == "industry":
        if not snap.industry:
            return None
        return Factor("industry_up" if weight > 0 else "industry_down", weight, {"industry": snap.industry})
    if group == "owner_rate":
        if snap.owner_closed == 0:
            return None
        return Factor("owner", weight, {"rate": round(100 * snap.owner_won / snap.owner_closed),
                                        "won": snap.owner_won, "closed": snap.owner_closed})
    if group == "contacts":
        return Factor("contacts_none" if snap.contacts == 0 else "contacts", weight, {"count": snap.contacts})
    return None


def factors(model: WinModel, snap: Snapshot, top: int = TOP) -> list[Factor]:
    """The `top` strongest factors, strongest first."""
    found = []
    for group, weight in sorted(model.contributions(snap).items(), key=lambda kv: -abs(kv[1])):
        if abs(weight) < MIN_WEIGHT:
            continue
        factor = _factor(group, weight, snap, model)
        if factor is not None:
            found.append(factor)
        if len(found) == top:
            break
    return found


def describe(factor: Factor, lang: str) -> str:
    """One factor in the reader's language, with its direction (▲ raises, ▼ lowers)."""
    params = dict(factor.params)
    if "stage" in params:
        params["stage"] = t(lang, f"stage.{params['stage']}")
    arrow = "▲" if factor.raises else "▼"
    return f"{arrow} {t(lang, f'scoring.reason.{factor.key}', **params)}"
