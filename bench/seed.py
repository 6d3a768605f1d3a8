"""Bulk-seed a large book of business for benchmarks (core inserts: seconds, not minutes)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import insert

from core.context import CoreGateway
from core.models import STAGES, Contact, Customer, Deal, DealStageChange
from core.names import name_key
from core.services import users

WORDS = ("Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent",
         "Hooli", "Pied", "Vandelay", "Kramerica", "Dunder", "Sterling", "Gringotts", "Oscorp", "Virtucon", "Nakatomi")
SUFFIX = ("Corp", "Inc", "Ltd", "Group", "Trading", "Logistics", "Systems", "Foods", "Energy", "Labs")
ZH = ("星辰", "蓝海", "华东", "北方", "天宇", "盛世", "鼎新", "恒通", "金桥", "云帆")
ZH_SUFFIX = ("科技有限公司", "物流", "电力集团", "重工集团", "传媒", "软件", "贸易有限公司", "能源", "医药", "制造")


def customer_names(count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    n = 0
    while len(names) < count:
        if n % 3 == 2:
            name = f"{ZH[n % 10]}{ZH_SUFFIX[(n // 10) % 10]}{n // 100 or ''}"
        else:
            name = f"{WORDS[n % 20]} {SUFFIX[(n // 20) % 10]} {n // 200 or ''}".strip()
        n += 1
        key = name_key(name)
        if key not in seen:
            seen.add(key)
            names.append(name)
    return names


def seed(core: CoreGateway, *, customers: int = 10_000, deals: int = 50_000, reps: int = 20) -> dict[str, int]:
    rng = random.Random(7)
    now = core.clock.now()
    with core.system() as system:
        session = system.session
        users.add_user(system, "BenchAdmin", role="admin", language="en")
        users.add_user(system, "BenchManager", role="manager", team="Bench Team 0", language="en")
        rep_ids = [
            users.add_user(system, f"rep{i}", role="rep", team=f"Bench Team {i % 4}", language="en").id
            for i in range(reps)
        ]
    names = customer_names(customers)
    with core.system() as system:
        session = system.session
        session.execute(insert(Customer), [
            {"name": name, "name_key": name_key(name), "aliases": [], "tags": [], "owner_id": rep_ids[i % reps],
             "status": "active", "created_at": now, "updated_at": now}
            for i, name in enumerate(names)
        ])
        session.execute(insert(Contact), [
            {"customer_id": i + 1, "name": f"Contact {i}", "created_at": now} for i in range(customers)
        ])
        rows = []
        for i in range(deals):
            customer = i % customers
            stage = rng.choice(STAGES)
            rows.append({
                "customer_id": customer + 1, "title": f"Deal {i}", "amount": Decimal(rng.randrange(10, 5000) * 1000),
                "currency": "CNY", "stage": stage, "probability": 50, "owner_id": rep_ids[customer % reps],
                "expected_close_date": (now + timedelta(days=rng.randrange(-30, 120))).date(),
                "custom_fields": {}, "milestones": [], "created_at": now, "updated_at": now,
            })
        session.execute(insert(Deal), rows)
        session.execute(insert(DealStageChange), [
            {"deal_id": i + 1, "from_stage": None, "to_stage": rows[i]["stage"], "changed_by_id": rows[i]["owner_id"],
             "changed_at": now}
            for i in range(deals)
        ])
    return {"customers": customers, "deals": deals, "reps": reps}
