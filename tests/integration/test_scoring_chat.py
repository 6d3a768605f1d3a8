"""Scoring through the real conversation (rule parser, handlers), both languages: a trained model's estimate with
its reasons, high-intent customers and churn risk — each answered from what the asker may see."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.intents.rules import RuleParser
from core.context import CoreGateway
from core.models import BehaviourEvent, Interaction
from core.outbound import Reply
from core.scoring import store, training
from core.services import customers, deals
from tests.notify_helpers import chat, person
from tests.scoring_history import generate, write

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _fresh_models() -> Iterator[None]:
    store.forget()
    yield
    store.forget()


def test_win_probability_with_reasons_in_both_languages(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="1")
    zhang = person(core, "张伟", telegram="2", lang="zh")
    with core.system() as system:
        write(system.session, generate(160, seed=3, owners=2), {1: alice.id, 2: zhang.id})
    with core.unit(alice.id) as ctx:
        acme = customers.create(ctx, "Acme Corp", industry="Software")
        deals.create(ctx, acme.id, "ERP rollout", amount=Decimal(300000), stage="negotiation")
    with core.unit(zhang.id) as ctx:
        star = customers.create(ctx, "星辰科技")
        deals.create(ctx, star.id, "数据平台", amount=Decimal(800000), stage="proposal")
    training.refresh(core)
    send = chat(core, RuleParser())
    text = send("win probability of the Acme deal", sender="1")[0].text
    assert text.startswith("Win probability:") and "Acme Corp · ERP rollout:" in text
    assert "% (model, from 156 closed deals)" in text
    reasons = [line.strip() for line in text.splitlines() if line.strip()[:1] in "▲▼"]
    assert 1 <= len(reasons) <= 3
    assert "▲ at the negotiation stage" in reasons
    assert "▼ 0 activities in the last 30 days" in reasons or "▼ no activity logged yet" in reasons
    zh = send("星辰科技这个单子赢率多少", sender="2")[0].text
    assert zh.startswith("赢率:") and "星辰科技 · 数据平台:" in zh and "模型预测,基于156个已结束的商机" in zh
    assert any(line.strip()[:1] in "▲▼" for line in zh.splitlines())
    # A colleague's customer: named, never estimated.
    other = send("Acme这个单子赢率多少", sender="2")[0].text
    assert "ERP rollout" not in other and "%" not in other


def test_high_intent_and_churn_in_chat(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="1")
    with core.unit(alice.id) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        deals.create(ctx, acme.id, "Pilot", stage="won")
        now = ctx.now()
    with core.system() as system:
        for days in (3, 2, 1, 0.01):
            system.session.add(BehaviourEvent(customer_id=acme.id, kind="product_page_view",
                                              occurred_at=now - timedelta(days=days), detail={"page": "pricing"},
                                              created_at=now))
        for days in (40, 60):
            at = now - timedelta(days=days)
            system.session.add(Interaction(customer_id=acme.id, author_id=alice.id, channel="call", occurred_at=at,
                                           summary="客户投诉交付太慢", source="text", created_at=at))
    send = chat(core, RuleParser())

    def say(text: str) -> list[Reply]:
        return send(text, sender="1")

    text = say("high potential customers")[0].text
    # 3 × (0.5^(3/7) + 0.5^(2/7) + 0.5^(1/7) + 0.5^(0.01/7)) = 10.40
    assert "Acme Corp — score 10.4: Acme Corp viewed the pricing page 4 times this week" in text
    risk = say("churn risk")[0].text
    # 0 interactions in 30 days vs 2 in the 60 before (1 a month): 40 points; two negative notes: 30.
    assert "Acme Corp — risk 70/100" in risk and "activity down: 0 interactions in the last 30 days, usually 1.0 " \
        "a month" in risk and "投诉" in risk
    # The same in Chinese, for a Chinese-speaking manager of the team.
    person(core, "王芳", "manager", telegram="3", lang="zh")
    assert "Acme Corp本周查看了pricing页面4次" in send("高潜力客户", sender="3")[0].text
    assert "Acme Corp — 风险70/100" in send("流失风险客户", sender="3")[0].text


def test_thin_history_says_why_it_is_the_stage_default(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="1")
    zhang = person(core, "张伟", telegram="2", lang="zh")
    for owner, name in ((alice, "Acme Corp"), (zhang, "星辰科技")):
        with core.unit(owner.id) as ctx:
            deals.create(ctx, customers.create(ctx, name).id, "ERP", stage="proposal")
    training.refresh(core)
    send = chat(core, RuleParser())
    assert "Acme Corp · ERP: 50% (stage default: 0 closed deals so far, the model learns from 30 (at least 5 won " \
        "and 5 lost))" in send("win probability of the Acme deal", sender="1")[0].text
    assert "星辰科技 · ERP:50%(阶段默认值:目前有0个已结束的商机,模型需要至少30个(赢单和丢单各至少5个))" in \
        send("星辰科技这个单子赢率多少", sender="2")[0].text
