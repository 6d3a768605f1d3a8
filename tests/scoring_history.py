"""A synthetic but realistic sales history for the win model (deterministic for a seed).

Reps differ in skill, industries in how often they buy, big deals are harder; a deal goes lead → qualified →
proposal → negotiation → won, and may be lost at any stage. Deals that are going to be lost stall (they sit
longer in their stage) and go quiet before they are marked lost; good deals see more activity and more contacts.
The model is never told these rules: it must find them in the records, as it would in a real team's data.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from core.scoring.features import OwnerRates, Snapshot, training_snapshots
from core.scoring.records import DealPath, History

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
START = NOW - timedelta(days=900)
INDUSTRIES = {"Manufacturing": 0.3, "Retail": -0.4, "Logistics": 0.0, "Software": 0.5, "Energy": -0.2,
              "Education": -0.6}
STEPS = ("lead", "qualified", "proposal", "negotiation")
MEAN_DAYS = {"lead": 12.0, "qualified": 18.0, "proposal": 21.0, "negotiation": 16.0}
ADVANCE_BIAS = {"lead": 0.2, "qualified": 0.5, "proposal": 0.6, "negotiation": 0.9}


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def generate(deals: int = 2000, *, seed: int = 7, owners: int = 8, now: datetime = NOW) -> History:
    rng = random.Random(seed)
    skill = {owner: rng.gauss(0.0, 0.6) for owner in range(1, owners + 1)}
    paths: list[DealPath] = []
    activity: dict[int, list[datetime]] = {}
    contacts: dict[int, list[datetime]] = {}
    span = (now - timedelta(days=10) - START).total_seconds()
    for deal_id in range(1, deals + 1):
        owner = rng.randint(1, owners)
        industry = rng.choice(list(INDUSTRIES))
        amount = round(math.exp(rng.gauss(math.log(200_000), 0.9)), -3)
        quality = skill[owner] + INDUSTRIES[industry] - 0.35 * (math.log(amount) - math.log(200_000)) + \
            rng.gauss(0.0, 0.9)
        created = START + timedelta(seconds=rng.random() * span)
        stages: list[tuple[str, datetime]] = [("lead", created)]
        at, lost = created, False
        for stage in STEPS:
            advance = rng.random() < _sigmoid(ADVANCE_BIAS[stage] + quality)
            mean = MEAN_DAYS[stage] * math.exp(-0.25 * quality) * (1.0 if advance else 1.7)
            at = at + timedelta(days=rng.expovariate(1.0 / mean) + 1.0)
            if at > now:
                break
            if not advance:
                stages.append(("lost", at))
                lost = True
                break
            stages.append(("won" if stage == "negotiation" else STEPS[STEPS.index(stage) + 1], at))
        end = min(at, now)
        # A deal on its way out goes quiet well before anyone marks it lost.
        active_until = created + (end - created) * (0.55 if lost else 1.0)
        rate = 0.35 * math.exp(0.35 * quality)  # activities per day
        times: list[datetime] = []
        t = created
        while True:
            t += timedelta(days=rng.expovariate(rate))
            if t >= active_until:
                break
            times.append(t)
        involved = max(1, round(1.5 + 0.8 * quality + rng.gauss(0.0, 0.8)))
        met = sorted(created + (end - created) * rng.random() * 0.6 for _ in range(involved))
        paths.append(DealPath(deal_id, owner, deal_id, industry, float(amount), tuple(stages)))
        activity[deal_id] = times
        contacts[deal_id] = met
    return History(paths, activity, contacts)


def split(history: History, *, held_out: float = 0.3) -> tuple[History, History, datetime]:
    """Train on deals closed before a cut-off, test on those closed after it (and never the other way round):
    the model is judged on deals it could not have seen."""
    closed = sorted(history.closed(), key=lambda d: d.closed_at or d.created_at)
    cut = closed[int(len(closed) * (1 - held_out))].closed_at
    assert cut is not None
    train = [d for d in history.deals if d.closed_at is not None and d.closed_at < cut]
    test = [d for d in history.deals if d.closed_at is not None and d.closed_at >= cut]
    return (History(train, history.activity, history.contacts), History(test, history.activity, history.contacts),
            cut)


def held_out(history: History, test: History) -> list[tuple[Snapshot, int]]:
    """The held-out deals' snapshots, owners' records taken from everything closed before each snapshot."""
    return training_snapshots(test, owners=OwnerRates(history.closed()))


def write(session: Session, history: History, owners: dict[int, int], *, prefix: str = "Synth") -> dict[int, int]:
    """Put the history in a database (a system session): one customer per deal, its stage changes,
    interactions and contacts. `owners` maps the history's owner numbers to user ids; returns deal id -> row id."""
    from decimal import Decimal

    from core.models import Contact, Customer, Deal, DealStageChange, Interaction, InteractionContact

    ids: dict[int, int] = {}
    for path in history.deals:
        owner = owners[path.owner_id]
        first, last = path.stages[0][1], path.stages[-1][1]
        customer = Customer(name=f"{prefix} {path.deal_id}", name_key=f"{prefix.lower()} {path.deal_id}",
                            aliases=[], industry=path.industry, tags=[], owner_id=owner, status="prospect",
                            created_at=first, updated_at=first)
        session.add(customer)
        session.flush()
        final = path.stages[-1][0]
        deal = Deal(customer_id=customer.id, title=f"Deal {path.deal_id}", amount=Decimal(str(path.amount or 0)),
                    currency="CNY", stage=final, probability=0, owner_id=owner, custom_fields={}, milestones=[],
                    created_at=first, updated_at=last)
        session.add(deal)
        session.flush()
        ids[path.deal_id] = deal.id
        previous = None
        for stage, at in path.stages:
            session.add(DealStageChange(deal_id=deal.id, from_stage=previous, to_stage=stage, changed_by_id=owner,
                                        changed_at=at))
            previous = stage
        for at in history.activity.get(path.customer_id, []):
            session.add(Interaction(customer_id=customer.id, author_id=owner, channel="call", occurred_at=at,
                                    summary="", source="text", created_at=at))
        for n, at in enumerate(history.contacts.get(path.customer_id, [])):
            contact = Contact(customer_id=customer.id, name=f"Person {n}", created_at=at)
            met = Interaction(customer_id=customer.id, author_id=owner, channel="meeting", occurred_at=at,
                              summary="", source="text", created_at=at)
            session.add_all([contact, met])
            session.flush()
            session.add(InteractionContact(interaction_id=met.id, contact_id=contact.id))
    session.flush()
    return ids
