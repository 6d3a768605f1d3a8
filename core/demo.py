"""A realistic bilingual demo team, created through the same services a chat uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from core.context import CoreGateway, ServiceContext, Unit
from core.models import User
from core.services import customers, deals, interactions, tasks, users
from core.timeutil import local_today

TEAM_EAST = "华东销售部"
TEAM_NORTH = "North China Sales"


@dataclass(frozen=True)
class DemoUser:
    name: str
    role: str
    team: str | None
    language: str


DEMO_USERS = (
    DemoUser("王芳", "manager", TEAM_EAST, "zh"),
    DemoUser("Alice", "rep", TEAM_EAST, "en"),
    DemoUser("张伟", "rep", TEAM_NORTH, "zh"),
    DemoUser("Admin", "admin", None, "en"),
)


def has_users(unit: Unit) -> bool:
    return bool(unit.session.scalar(select(func.count(User.id))))


def seed(core: CoreGateway) -> list[DemoUser]:
    """Create the demo team and its book of business, each rep's through their own unit of work (so the demo
    obeys the same permissions as a chat). Refuses (returns []) when users already exist."""
    with core.system() as system:
        if has_users(system):
            return []
        ids = {
            u.name: users.add_user(system, u.name, role=u.role, team=u.team, language=u.language,
                                   timezone="Asia/Shanghai").id
            for u in DEMO_USERS
        }
    with core.unit(ids["Alice"]) as alice:
        _alice_book(alice, alice.now())
    with core.unit(ids["张伟"]) as zhang:
        _zhang_book(zhang, zhang.now())
    return list(DEMO_USERS)


def _days(ctx: ServiceContext, n: int) -> date:
    return local_today(ctx.now(), ctx.actor.timezone) + timedelta(days=n)


def _alice_book(ctx: ServiceContext, now: datetime) -> None:
    acme = customers.create(ctx, "Acme Corp", industry="Manufacturing", city="Shanghai", aliases=["ACME"])
    li_wei = customers.add_contact(ctx, acme.id, "Li Wei", title="CTO", email="li.wei@acme.example")
    customers.add_contact(ctx, acme.id, "Emma Zhou", title="Procurement Manager", phone="+86 21 5555 0101")
    globex = customers.create(ctx, "Globex Inc", industry="Logistics", city="Suzhou")
    customers.add_contact(ctx, globex.id, "Hank Scorpio", title="CEO")
    northwind = customers.create(ctx, "Northwind Traders Ltd", industry="Retail", city="Hangzhou")
    customers.add_contact(ctx, northwind.id, "Nancy Davolio", title="IT Director")
    initech = customers.create(ctx, "Initech", industry="Software", city="Shanghai")

    erp = deals.create(ctx, acme.id, "ERP rollout", amount=Decimal(500000), stage="negotiation",
                       close_date=_days(ctx, 20), custom_fields={"decision_maker": "Li Wei",
                                                                  "competitors": ["SAP", "Kingdee"]})
    deals.create(ctx, acme.id, "ERP phase 0 pilot", amount=Decimal(80000), stage="won", close_date=_days(ctx, -40))
    deals.create(ctx, globex.id, "Warehouse system", amount=Decimal(1200000), stage="proposal",
                 close_date=_days(ctx, 45))
    deals.create(ctx, northwind.id, "POS upgrade", amount=Decimal(300000), stage="qualified",
                 close_date=_days(ctx, 60))
    deals.create(ctx, initech.id, "CRM integration", amount=Decimal(150000), currency="USD", stage="lead")

    interactions.log(ctx, acme.id, channel="visit", summary="Reviewed ERP scope; they want a revised quote",
                     occurred_at=now - timedelta(days=3), contact_ids=[li_wei.id], next_step="send revised quote")
    interactions.log(ctx, globex.id, channel="call", summary="Proposal walkthrough with the CEO",
                     occurred_at=now - timedelta(days=9))
    tasks.create(ctx, "Send revised quote to Acme", due=_days(ctx, 1), customer_id=acme.id, deal_id=erp.id)
    tasks.create(ctx, "Call Globex about the proposal", due=_days(ctx, 0), customer_id=globex.id)
    tasks.create(ctx, "Book Northwind site survey", due=_days(ctx, -2), customer_id=northwind.id)


def _zhang_book(ctx: ServiceContext, now: datetime) -> None:
    star = customers.create(ctx, "星辰科技有限公司", industry="软件", city="北京", aliases=["星辰"])
    boss = customers.add_contact(ctx, star.id, "王总", title="总经理", phone="13800138000")
    heavy = customers.create(ctx, "北方重工集团", industry="制造", city="天津")
    customers.add_contact(ctx, heavy.id, "刘工", title="信息部主任")
    blue = customers.create(ctx, "蓝海物流", industry="物流", city="青岛")

    deals.create(ctx, star.id, "数据平台", amount=Decimal(800000), stage="proposal", close_date=_days(ctx, 30))
    deals.create(ctx, heavy.id, "MES系统", amount=Decimal(2000000), stage="won", close_date=_days(ctx, -10))
    deals.create(ctx, blue.id, "运输管理系统", amount=Decimal(350000), stage="negotiation",
                 close_date=_days(ctx, 12))
    lost = deals.create(ctx, blue.id, "仓储机器人", amount=Decimal(600000), stage="proposal")
    deals.update(ctx, lost.id, deals.DealChanges(stage="lost", lost_reason="价格高于竞品"))
    deals.create(ctx, heavy.id, "设备联网二期", stage="lead")

    interactions.log(ctx, star.id, channel="meeting", summary="方案评审会,客户关注数据安全",
                     occurred_at=now - timedelta(days=2), contact_ids=[boss.id], next_step="补充安全方案")
    tasks.create(ctx, "准备星辰数据安全方案", due=_days(ctx, 2), customer_id=star.id)
    tasks.create(ctx, "回访蓝海物流", due=_days(ctx, 0), customer_id=blue.id)
