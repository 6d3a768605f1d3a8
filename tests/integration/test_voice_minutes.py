"""A long note (or one called minutes) becomes structured minutes: card, picking items, confirm, undo.

What the minutes say depends on the exact words of the transcript, and Whisper's words differ from one CPU to
another: these tests decode the committed audio for real but hear it through a stub that says what base heard on
the reference machine (tests/speech.py). The real model's minutes are checked, by structure and error rate, in
tests/e2e/test_voice_telegram.py and test_voice_console.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.minutes import MinutesExtractor
from core.context import CoreGateway
from core.i18n import t
from core.models import Contact, Deal, Interaction, MeetingMinutes, Task
from core.outbound import Reply
from core.services import customers, deals
from tests.factories import acting
from tests.integration.voice_support import StubTranscriber, Voice, make_voice
from tests.speech import MEETING_AS_HEARD

ZH_MINUTES = ("会议纪要。参会人员:王总、李工和张伟。我们讨论了星辰科技的项目,客户希望降价百分之十。"
              "我们决定给百分之五的折扣。待办:张伟负责在下周五前发送合同;李工准备技术方案。"
              "风险:客户预算可能不够。下一步:下周一上午十点再开会。")


def setup_northwind(world: Voice) -> tuple[Any, int, int]:
    alice = world.user("Alice")
    with acting(world.core, alice) as ctx:
        customer = customers.create(ctx, "Northwind Traders Ltd")
        customers.add_contact(ctx, customer.id, "Li Wei")
        deal = deals.create(ctx, customer.id, "POS upgrade", stage="proposal")
    return alice, customer.id, deal.id


@pytest.fixture
def voice(core: CoreGateway) -> Iterator[Voice]:
    """Notes heard as base heard en_meeting.ogg (the long-note transcriber too: no real model here)."""
    heard = StubTranscriber(MEETING_AS_HEARD)
    built = make_voice(core, heard, heard)
    yield built
    built.service.close()


def card_of(world: Voice) -> Reply:
    cards = [reply for _, reply, _ in world.outbox() if reply.proposal_id]
    assert len(cards) == 1
    return cards[0]


def test_a_long_meeting_note_becomes_minutes_and_confirm_writes_everything_kept(voice: Voice) -> None:
    alice, customer_id, deal_id = setup_northwind(voice)
    ack = voice.send(alice, "en_meeting.ogg", duration=49.6)
    assert ack[0].text == t("en", "voice.received_long", length="0:50")
    voice.run_all()
    job = voice.job()
    assert job.status == "done" and job.mode == "minutes"
    card = card_of(voice)
    assert card.text.startswith("📋 Meeting minutes · Northwind Traders Ltd")
    assert "Li Wei" in card.text and "send the contract" in card.text and "Tue 15 Dec" in card.text
    with voice.core.system() as system:
        session = system.session
        row = session.scalars(select(MeetingMinutes)).one()
        items = row.data["action_items"]
        assert len(items) >= 3 and row.extractor == "rules" and row.status == "proposed"
        assert row.data["crm_changes"]["stage"] == "negotiation"
    toggles = [c for c in card.choices if c.action.startswith("minutes:toggle:")]
    assert len(toggles) == len(row.selected) >= 4  # every proposed write can be left out

    # Leave the first action item out, by its button; then check what will be saved.
    answer = voice.say(alice, toggles[0].fallback, action=toggles[0].action)
    assert "☐ 1." in answer[0].text and "☑ 2." in answer[0].text
    listing = voice.say(alice, "/minutes")
    assert "☐ 1." in listing[0].text

    done = voice.say(alice, "yes")
    assert done[0].text.startswith(t("en", "minutes.saved", customer="Northwind Traders Ltd"))
    with voice.core.system() as system:
        session = system.session
        interaction = session.scalars(select(Interaction)).one()
        assert (interaction.channel, interaction.source) == ("meeting", "voice")
        assert interaction.source_text == job.transcript and interaction.customer_id == customer_id
        task_titles = [t.title for t in session.scalars(select(Task).where(Task.interaction_id == interaction.id))]
        kept_items = len(items) - 1
        follow_up = 1 if row.data.get("next_step_date") else 0
        assert len(task_titles) == kept_items + follow_up
        assert not any(items[0]["text"] in title for title in task_titles[:kept_items])
        assert session.get(Deal, deal_id).stage == "negotiation"  # type: ignore[union-attr]
        stored = session.scalars(select(MeetingMinutes)).one()
        assert (stored.status, stored.interaction_id) == ("confirmed", interaction.id)

    # One change: undo takes back the interaction, the tasks, the deal change, the contacts and the link.
    voice.say(alice, "undo")
    voice.say(alice, "yes")
    with voice.core.system() as system:
        session = system.session
        assert session.scalar(select(func.count(Interaction.id))) == 0
        assert session.scalar(select(func.count(Task.id))) == 0
        assert session.get(Deal, deal_id).stage == "proposal"  # type: ignore[union-attr]
        assert [c.name for c in session.scalars(select(Contact))] == ["Li Wei"]
        assert session.scalars(select(MeetingMinutes)).one().status == "proposed"


def test_picking_exactly_which_items_to_keep_by_typing(voice: Voice) -> None:
    alice, _, _ = setup_northwind(voice)
    voice.send(alice, "en_meeting.ogg")
    voice.run_all()
    kept = voice.say(alice, "/minutes 2")
    assert "☑ 2." in kept[0].text and "☐ 1." in kept[0].text and "☐ 3." in kept[0].text
    voice.say(alice, "/minutes none")
    voice.say(alice, "确认")
    with voice.core.system() as system:
        session = system.session
        interaction = session.scalars(select(Interaction)).one()
        titles = [t.title for t in session.scalars(select(Task).where(Task.interaction_id == interaction.id))]
        assert len(titles) <= 1  # at most the follow-up of the next step
    assert voice.say(alice, "/minutes 1")[0].text == t("en", "minutes.none_pending")


def test_a_short_note_called_minutes_in_chinese_becomes_minutes_in_chinese(core: CoreGateway) -> None:
    world = make_voice(core, StubTranscriber(ZH_MINUTES, "zh"))
    zhang = world.user("张伟", lang="zh")
    with acting(core, zhang) as ctx:
        customer = customers.create(ctx, "星辰科技有限公司")
        customers.add_contact(ctx, customer.id, "王总")
    world.send(zhang, "en_short.wav")
    world.run_all()
    card = card_of(world)
    assert card.text.startswith("📋 会议纪要 · 星辰科技有限公司")
    assert "发送合同" in card.text and "准备技术方案" in card.text and "李工" in card.text
    world.say(zhang, "确认")
    with core.system() as system:
        session = system.session
        titles = sorted(t.title for t in session.scalars(select(Task)))
        assert "发送合同" in titles and "李工: 准备技术方案" in titles
        names = sorted(c.name for c in session.scalars(select(Contact)))
        assert names == ["李工", "王总"]  # the new attendee became a contact; the rep (张伟) did not
    world.service.close()


def test_minutes_through_an_llm_when_one_is_configured(core: CoreGateway) -> None:
    from tests.unit.voice_jobs.fake_chat import minutes_model

    model = minutes_model(customer="Northwind Traders", attendees=["Li Wei"], summary="Pricing review.",
                          action_items=[{"text": "send the contract", "owner": "Li Wei", "due": "2026-12-15"}],
                          stage="negotiation", amount="500000")
    heard = StubTranscriber(MEETING_AS_HEARD)
    world = make_voice(core, heard, heard)
    world.service.minutes = MinutesExtractor(model)
    alice, _, _ = setup_northwind(world)
    world.send(alice, "en_meeting.ogg")
    world.run_all()
    with core.system() as system:
        session = system.session
        row = session.scalars(select(MeetingMinutes)).one()
        assert row.extractor == "llm" and row.data["summary"] == "Pricing review."
        assert row.data["customer"] == "Northwind Traders Ltd"  # spelled as the rep's own customer
        assert row.data["action_items"] == [{"text": "send the contract", "owner": "Li Wei", "due": "2026-12-15"}]
    assert "summary: Pricing review." in card_of(world).text
    system, human = model.seen[0]
    assert "Northwind Traders Ltd" in str(system.content) and "Alice" in str(system.content)
    assert str(human.content).startswith("<transcript>") and "Northwind" in str(human.content)
    world.service.close()
