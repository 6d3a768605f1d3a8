"""A voice note's whole life on a real database: job → fetch → transcribe (real model) → proposal → confirm,
resumed after a crash, finished exactly once, with its audio kept only as long as configured."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from bot.voice_jobs.steps import LeaseLost
from core.context import CoreGateway
from core.i18n import t
from core.models import ConversationState, Interaction, OutboxMessage, Task, VoiceAudio
from core.services import customers, voice_jobs
from tests.factories import acting
from tests.integration.voice_support import StubTranscriber, Voice, make_voice, stt, stt_long, voice
from tests.speech import WER_VISIT, reference, wer

__all__ = ["stt", "stt_long", "voice"]


def northwind(world: Voice, owner: str) -> int:
    with acting(world.core, _user(world, owner)) as ctx:
        return customers.create(ctx, "Northwind Traders Ltd").id


def _user(world: Voice, name: str):  # type: ignore[no-untyped-def]
    from core.services import users

    with world.core.system() as system:

        return users.require_by_name(system, name)


def test_a_visit_note_becomes_a_proposal_with_its_transcript_and_confirming_logs_a_voice_interaction(
        voice: Voice) -> None:
    alice = voice.user("Alice")
    customer_id = northwind(voice, "Alice")
    ack = voice.send(alice, "en_visit.ogg", duration=7.3)
    assert [r.text for r in ack] == [t("en", "voice.received_length", length="0:07")]

    assert voice.run_all() == 1
    job = voice.job()
    assert job.status == "done" and job.mode == "note" and job.language in ("en", "zh")
    assert job.model == ("tiny.en" if job.language == "en" else "base")
    assert wer(reference("en_visit"), job.transcript or "") <= WER_VISIT, job.transcript
    assert job.source_url is None  # a platform URL may embed a token: gone once the audio is ours
    (chat, card, key), = voice.outbox()
    assert chat == "chat-Alice" and key == f"voice:{job.id}:reply:0"
    assert card.text.startswith("🎙 “") and "Log visit · Northwind Traders Ltd" in card.text
    assert card.proposal_id is not None and [c.action.split(":")[0] for c in card.choices][:3] == \
        ["confirm", "edit", "cancel"]
    with voice.core.system() as system:
        session = system.session
        assert session.scalar(select(func.count(Interaction.id))) == 0  # proposed, not written

    done = voice.say(alice, "yes")
    assert "Northwind Traders Ltd" in done[0].text
    with voice.core.system() as system:
        session = system.session
        interaction = session.scalars(select(Interaction)).one()
        assert interaction.customer_id == customer_id and interaction.source == "voice"
        assert interaction.source_text == job.transcript
        assert voice_jobs.get(system, job.id).interaction_id == interaction.id  # type: ignore[union-attr]


def test_the_decoder_hears_only_the_users_own_customers(voice: Voice) -> None:
    alice = voice.user("Alice")
    bob = voice.user("Bob", team="West")
    northwind(voice, "Alice")
    with acting(voice.core, bob) as ctx:
        customers.create(ctx, "Globex Inc")
    with acting(voice.core, alice) as ctx:
        names = [e.customer for e in voice_jobs.vocabulary(ctx)]
        spoken = [e.spoken for e in voice_jobs.vocabulary(ctx)]
    assert names == ["Northwind Traders Ltd"] and spoken == ["Northwind Traders"]


def test_a_crashed_worker_s_job_is_resumed_once_its_lease_runs_out_and_finished_exactly_once(voice: Voice) -> None:
    alice = voice.user("Alice")
    northwind(voice, "Alice")
    voice.send(alice, "en_visit.m4a")
    dead = voice.service.claim_next(None)  # a worker claims it, then "crashes" before doing anything
    assert dead is not None
    assert voice.service.claim_next(None) is None  # leased: nobody else takes it meanwhile
    voice.advance(voice.service.config.lease.total_seconds() + 1)
    assert voice.run_all() == 1
    job = voice.job()
    assert job.status == "done" and job.attempts == 2
    assert len(voice.outbox()) == 1

    # The dead worker wakes up and tries to finish: its lease is gone, so it writes nothing.
    async def late() -> None:
        await voice.service.process(dead)

    asyncio.run(late())
    assert len(voice.outbox()) == 1 and voice.job().status == "done"
    try:
        voice.service._finish(dead)
    except LeaseLost:
        pass
    else:
        raise AssertionError("a stale claim must not finish the job")
    assert len(voice.outbox()) == 1


def test_a_job_interrupted_after_transcription_resumes_without_transcribing_again(voice: Voice) -> None:
    alice = voice.user("Alice")
    northwind(voice, "Alice")
    voice.send(alice, "en_visit.ogg")
    claim = voice.service.claim_next(None)
    assert claim is not None

    async def partial() -> None:
        job = voice.service.view(claim.job_id)
        assert job is not None
        await voice.service._fetch(claim, job)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(voice.service.executor, voice.service._transcribe, claim, lambda: None)

    asyncio.run(partial())  # ... and the process dies here
    transcript = voice.job().transcript
    assert transcript and voice.job().status == "running"

    class Exploding:
        backend = "none"

        def transcribe(self, *args: object, **kwargs: object) -> object:
            raise AssertionError("must not transcribe a finished transcript again")

    voice.service._transcriber = Exploding()  # type: ignore[assignment]
    voice.advance(voice.service.config.lease.total_seconds() + 1)
    assert voice.run_all() == 1
    assert voice.job().status == "done" and voice.job().transcript == transcript
    assert len(voice.outbox()) == 1


def test_audio_is_kept_for_the_retention_period_then_purged(core: CoreGateway, stt: object) -> None:
    world = make_voice(core, stt, retention=timedelta(days=2))  # type: ignore[arg-type]
    alice = world.user("Alice")
    world.send(alice, "en_short.wav")
    world.run_all()
    job = world.job()
    assert world.has_audio(job.id)
    world.advance(timedelta(days=1).total_seconds())
    assert world.service.purge_audio() == 0
    world.advance(timedelta(days=1, seconds=1).total_seconds())
    assert world.service.purge_audio() == 1 and not world.has_audio(job.id)
    world.service.close()


def test_with_zero_retention_the_audio_goes_when_the_note_is_done(core: CoreGateway, stt: object) -> None:
    world = make_voice(core, stt, retention=timedelta(0))  # type: ignore[arg-type]
    alice = world.user("Alice")
    world.send(alice, "en_short.wav")
    world.run_all()
    with core.system() as system:
        session = system.session
        assert session.scalar(select(func.count()).select_from(VoiceAudio)) == 0
    world.service.close()


def test_in_a_group_the_card_goes_to_the_sender_privately_and_the_group_only_hears_that(voice: Voice) -> None:
    alice = voice.user("Alice")
    northwind(voice, "Alice")
    ack = voice.send(alice, "en_visit.m4a", chat_id="group-1", is_group=True, conversation_id="private-alice")
    assert ack[0].private is False  # the acknowledgement carries nothing: fine in the group
    voice.run_all()
    sent = voice.outbox()
    assert [chat for chat, _, _ in sent] == ["private-alice", "group-1"]
    assert "Northwind" in sent[0][1].text and "Northwind" not in sent[1][1].text
    with voice.core.system() as system:  # the proposal waits in the private conversation
        session = system.session
        state = session.scalars(select(ConversationState).where(ConversationState.pending_id.is_not(None))).one()
        assert state.chat_id == "private-alice"


def test_an_unclear_note_shows_what_was_heard_and_proposes_nothing(core: CoreGateway) -> None:
    world = make_voice(core, StubTranscriber("hmm, well, the weather was nice"))
    alice = world.user("Alice")
    world.send(alice, "en_short.wav")
    world.run_all()
    (_, reply, _), = world.outbox()
    assert reply.text == "🎙 “hmm, well, the weather was nice”\n" + t("en", "voice.not_understood")
    assert world.job().status == "done" and world.job().command is None
    with core.system() as system:
        session = system.session
        assert session.scalar(select(func.count(OutboxMessage.id))) == 1
        assert session.scalar(select(func.count(Task.id))) == 0
        assert session.scalars(select(ConversationState.pending_id)).all() in ([], [None])
    world.service.close()


def test_a_note_in_chinese_from_a_chinese_speaking_rep_is_detected_and_proposed(voice: Voice) -> None:
    zhang = voice.user("张伟", lang="zh")
    with acting(voice.core, zhang) as ctx:
        customers.create(ctx, "星辰科技有限公司")
    voice.send(zhang, "zh_visit.ogg")
    voice.run_all()
    job = voice.job()
    assert job.language == "zh" and job.model == "base"
    (_, card, _), = voice.outbox()
    assert "星辰科技有限公司" in card.text and card.proposal_id is not None
