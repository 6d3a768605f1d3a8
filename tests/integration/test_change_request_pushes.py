"""Project change requests from push to decision (both databases): the approver gets Approve / Reject on the next
tick, only they can decide, the tap decides once (approve applies the change, reject leaves the project), and the
requester is told how it ended."""

from __future__ import annotations

from datetime import date

from bot.intents.base import ParseContext, Parsed
from bot.intents.schema import command_from
from core.context import CoreGateway
from core.services import change_requests, projects
from notifications.guard import PushGuard
from notifications.outbox import OutboxWorker
from tests.factories import acting
from tests.integration.project_support import won_project
from tests.notify_helpers import FakePort, chat, notes, person, tick

CALM = ["suggestion", "daily_report", "deal_stale", "digest_daily", "digest_weekly", "task_due", "project_created",
        "milestone_due", "project_at_risk", "follow_up", "task_heads_up"]


class Parser:
    def parse(self, text: str, context: ParseContext) -> Parsed:
        return Parsed(command_from("unknown", {}), 0.0)


async def _delivered(core: CoreGateway) -> list[tuple[str, object]]:
    port = FakePort()
    await OutboxWorker(core, {port.name: port}, guard=PushGuard(core)).deliver_once()
    return port.sent  # type: ignore[return-value]


async def test_a_change_request_is_asked_of_its_approver_and_decided_once_from_the_push(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM)
    mia = person(core, "Mia", role="manager", telegram="900", mute=CALM)
    person(core, "Wen", telegram="300", team="West", mute=CALM)
    project_id = won_project(core, alice.id)
    with acting(core, alice) as ctx:
        change, approvers = change_requests.request(ctx, project_id, {"planned_end": "2027-03-15"}, "more scope")
    assert approvers == [mia.id]
    tick(core)
    assert [n.user_id for n in notes(core, "change_request_approval")] == [mia.id]
    [(chat_id, reply)] = await _delivered(core)
    assert chat_id == "900"
    assert "Alice asks for your approval of a project change" in reply.text  # type: ignore[attr-defined]
    assert "Acme ERP rollout" in reply.text and "Reason: more scope" in reply.text  # type: ignore[attr-defined]
    approve, reject = reply.choices  # type: ignore[attr-defined]
    assert (approve.action, reject.action) == (f"change:approve:{change.id}", f"change:reject:{change.id}")

    say = chat(core, Parser())
    [stranger] = say(action=approve.action, sender="300")  # another team's rep: not theirs to decide
    [requester] = say(action=approve.action, sender="100")  # nor the requester's
    assert "not yours" in requester.text
    assert "Acme" not in stranger.text
    [approved] = say(action=approve.action, sender="900")
    assert approved.text.startswith("✅ You approved") and "15 Mar" in approved.text
    [again] = say(action=approve.action, sender="900")
    assert again.text == "Already decided — nothing changed."
    with acting(core, alice) as ctx:
        assert projects.get(ctx, project_id).planned_end == date(2027, 3, 15)

    tick(core)
    assert [n.user_id for n in notes(core, "change_request_decided")] == [alice.id]
    [(told_chat, told)] = await _delivered(core)
    assert told_chat == "100" and told.text.startswith("✅ Mia approved your project change")  # type: ignore[attr-defined]


async def test_a_rejected_change_leaves_the_project_and_the_requester_hears_it(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM, lang="zh")
    person(core, "Mia", role="manager", telegram="900", mute=CALM)
    project_id = won_project(core, alice.id)
    with acting(core, alice) as ctx:
        before = projects.get(ctx, project_id).planned_end
        change, _ = change_requests.request(ctx, project_id, {"planned_end": "2027-04-30"})
    tick(core)
    [(_, push)] = await _delivered(core)
    say = chat(core, Parser())
    [rejected] = say(action=push.choices[1].action, sender="900")  # type: ignore[attr-defined]
    assert rejected.text.startswith("❌ You rejected") and "Nothing changed" in rejected.text
    with acting(core, alice) as ctx:
        assert projects.get(ctx, project_id).planned_end == before
    assert change_requests is not None and change.id
    tick(core)
    [(_, told)] = await _delivered(core)
    assert told.text.startswith("❌ Mia 驳回了你的项目变更")  # type: ignore[attr-defined]  # in Alice's language


def test_whats_waiting_for_my_approval_lists_change_requests_with_their_buttons(core: CoreGateway) -> None:
    from bot.intents.specs.contracts import QueryApprovals

    alice = person(core, "Alice", telegram="100", mute=CALM)
    person(core, "Mia", role="manager", telegram="900", mute=CALM)
    project_id = won_project(core, alice.id)
    with acting(core, alice) as ctx:
        change, _ = change_requests.request(ctx, project_id, {"planned_end": "2027-03-15"})

    class Asks:
        def parse(self, text: str, context: ParseContext) -> Parsed:
            return Parsed(QueryApprovals(), 1.0)

    [answer] = chat(core, Asks())("what's waiting for my approval?", sender="900")
    assert "Acme ERP rollout" in answer.text and "15 Mar" in answer.text
    assert [c.action for c in answer.choices] == [f"change:approve:{change.id}", f"change:reject:{change.id}"]
