"""Every intent is complete: one loop over the registry proves what adding an intent must bring.

For each registered spec: en and zh examples parse to it (the real RuleParser, the corpus customers), a help
line in both languages, a handler that handles it, its slots in the LLM tool schema and the prompt. For each
spec written but not registered: no handler, and its examples never become a write card in chat. Plus the
vocabularies (stages, channels, report kinds) are defined once and every stage has words and names.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.handlers import default_handlers
from bot.handlers.meta import help_text
from bot.intents.base import ParseContext, Parsed
from bot.intents.command import Command, intent_of
from bot.intents.evaluation import is_card
from bot.intents.lexers.vocab import CHANNEL_WORDS, REPORT_WORDS, STAGE_WORDS, find_stage
from bot.intents.llm.prompt import system_prompt
from bot.intents.llm.schema import tool_schema
from bot.intents.registry import REGISTRY, Registry, resolve_handler
from bot.intents.rules import RuleParser
from bot.intents.schema import COMMANDS, WRITE_INTENTS, command_from, dump, load
from bot.intents.spec import IntentSpec
from bot.intents.vocabulary import CHANNELS, REPORT_KINDS, STAGES
from core.i18n import LANGS, catalogue, t

from .conftest import DATA, NOW, TZ, names_from

REGISTERED = REGISTRY.active()
UNREGISTERED = tuple(spec for spec in REGISTRY.all() if not spec.registered)
CONTEXT = ParseContext(now=NOW, timezone=TZ, customer_names=names_from(DATA / "customers.txt"))


def ids(specs: tuple[IntentSpec, ...]) -> list[str]:
    return [spec.name for spec in specs]


@pytest.fixture(scope="module")
def chat() -> Callable[[str], Parsed]:
    parser = RuleParser()
    return lambda text: parser.parse(text, CONTEXT)


@pytest.fixture(scope="module")
def full() -> Callable[[str], Parsed]:
    parser = RuleParser(REGISTRY.all())
    return lambda text: parser.parse(text, CONTEXT)


def test_registered_means_it_has_a_handler() -> None:
    assert REGISTERED  # UNREGISTERED is empty once every written intent has its handler
    assert {spec.name for spec in REGISTERED} == {spec.name for spec in REGISTRY.all() if spec.handler}
    assert set(default_handlers()) == {spec.name for spec in REGISTERED}


def test_names_and_orders_are_unique() -> None:
    specs = REGISTRY.all()
    assert len({s.name for s in specs}) == len(specs) and len({s.order for s in specs}) == len(specs)
    first = specs[0]
    clash = IntentSpec(name=first.name, command=first.command, writes=first.writes, order=99_999, help=first.help,
                       examples=first.examples, handler=None)
    with pytest.raises(ValueError, match="unique"):
        Registry((*specs, clash))


@pytest.mark.parametrize("spec", REGISTERED, ids=ids(REGISTERED))
def test_examples_parse_to_the_intent_in_both_languages(spec: IntentSpec, chat: Callable[[str], Parsed]) -> None:
    for lang in LANGS:
        assert spec.examples[lang], (spec.name, lang)
        for text in spec.examples[lang]:
            parsed = chat(text)
            assert parsed.command.intent == spec.name, (text, parsed)
            assert parsed.confidence >= 0.6, (text, parsed)  # an example is a fair reading, not a guess


@pytest.mark.parametrize("spec", REGISTERED, ids=ids(REGISTERED))
def test_help_line_in_both_languages(spec: IntentSpec) -> None:
    entry = catalogue()[spec.help]
    assert entry["en"] != entry["zh"]
    for lang in LANGS:
        text = help_text(lang)
        assert t(lang, spec.help) in text and spec.examples[lang][0] in text


@pytest.mark.parametrize("spec", REGISTERED, ids=ids(REGISTERED))
def test_a_handler_resolves_and_handles_the_intent(spec: IntentSpec) -> None:
    assert spec.handler is not None
    assert resolve_handler(spec.handler)().intent == spec.name


@pytest.mark.parametrize("spec", REGISTERED, ids=ids(REGISTERED))
def test_the_llm_schema_and_prompt_carry_the_intent_and_its_slots(spec: IntentSpec) -> None:
    schema = tool_schema(REGISTERED).model_json_schema()
    assert spec.name in schema["properties"]["intent"]["enum"]
    assert set(spec.slot_names()) <= set(schema["properties"])
    for name in spec.slot_names():
        assert schema["properties"][name].get("description"), (spec.name, name)
    for text in ("hello", "你好"):
        assert f"- {spec.name}: " in system_prompt(text, CONTEXT)


@pytest.mark.parametrize("spec", REGISTERED, ids=ids(REGISTERED))
def test_the_command_round_trips_and_declares_its_writes(spec: IntentSpec) -> None:
    assert intent_of(spec.command) == spec.name and COMMANDS[spec.name] is spec.command
    command = command_from(spec.name, {})
    assert load(dump(command)) == command and command.writes == spec.writes
    assert (spec.name in WRITE_INTENTS) == spec.writes
    assert set(spec.required) <= set(spec.slot_names())


@pytest.mark.parametrize("spec", UNREGISTERED, ids=ids(UNREGISTERED))
def test_an_unregistered_intent_is_nowhere_in_the_chat(spec: IntentSpec, chat: Callable[[str], Parsed],
                                                       full: Callable[[str], Parsed]) -> None:
    assert spec.handler is None
    for lang in LANGS:
        assert t(lang, spec.help) not in help_text(lang)
        for text in spec.examples[lang]:
            assert full(text).command.intent == spec.name, text  # the full contract reads it
            parsed = chat(text)
            assert not is_card(parsed) and parsed.command.intent == "unknown", (text, parsed)
    assert spec.name not in tool_schema(REGISTERED).model_json_schema()["properties"]["intent"]["enum"]
    assert f"- {spec.name}: " not in system_prompt("hello", CONTEXT)
    with pytest.raises(ValueError):
        command_from(spec.name, {})  # nor can it be built, stored or loaded


@pytest.mark.parametrize("text", ["new deal for Acme, ERP rollout, 500k", "acme project 60% done", "我的待办", "hi"])
def test_a_spec_scores_itself_the_way_the_ranking_does(text: str) -> None:
    from bot.intents.rules.features import extract
    from bot.intents.rules.ranking import classify
    from bot.intents.rules.signals import Signals

    features = extract(text, CONTEXT)
    scores = {spec.name: spec.score(features, Signals(features)) for spec in REGISTRY.all()}
    decision = classify(features, REGISTRY.all(), frozenset(scores))
    best = max(scores.values())
    if best >= 2:
        winner = min((spec for spec in REGISTRY.all() if scores[spec.name] == best), key=lambda s: s.order)
        assert decision.intent == winner.name and decision.score == best


def test_the_union_is_the_registered_intents_and_unknown() -> None:
    assert set(COMMANDS) == {spec.name for spec in REGISTERED} | {"unknown"}
    assert all(issubclass(cls, Command) for cls in COMMANDS.values())


def test_the_prompt_offers_only_examples_of_registered_intents() -> None:
    prompt = system_prompt("hello", CONTEXT)
    assert "create deal Acme ERP rollout" in prompt  # a create_deal example
    registered = {spec.name for spec in REGISTERED}
    examples = json.loads((Path(__file__).parents[3] / "prompts" / "intent_examples.json").read_text("utf-8"))
    for example in examples:
        offered = example["text"] in prompt
        assert offered == (example["args"]["intent"] in registered | {"unknown"}), example["text"]


# -- vocabularies, defined once -------------------------------------------------------------------------------

def test_the_lexer_tables_are_keyed_by_the_one_vocabulary() -> None:
    assert tuple(sorted(STAGE_WORDS)) == tuple(sorted(STAGES))
    assert tuple(sorted(CHANNEL_WORDS)) == tuple(sorted(CHANNELS))
    assert tuple(sorted(REPORT_WORDS)) == tuple(sorted(REPORT_KINDS))


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_has_words_and_names_in_both_languages(stage: str) -> None:
    names = {lang: t(lang, f"stage.{stage}") for lang in LANGS}
    assert names["en"] != names["zh"]
    for lang, name in names.items():
        found = find_stage(name)
        assert found is not None and found.value == stage, (lang, name)  # the lexer reads the names it shows
    prompt = system_prompt("hello", CONTEXT)
    assert stage in prompt.split("Stages: ", 1)[1].split("\n", 1)[0]


def test_the_schemas_enums_come_from_the_vocabulary() -> None:
    schema = tool_schema(REGISTRY.all()).model_json_schema()["properties"]

    def enum(name: str) -> tuple[str, ...]:
        return tuple(next(option["enum"] for option in schema[name]["anyOf"] if "enum" in option))

    assert enum("stage") == STAGES and enum("channel") == CHANNELS and enum("kind") == REPORT_KINDS


def test_dates_in_commands_stay_dates() -> None:
    command = command_from("create_task", {"task": "call Li Wei", "due": date(2026, 11, 26)})
    assert load(dump(command)) == command


def test_stored_commands_carry_their_version_and_old_ones_are_upgraded() -> None:
    from bot.intents.schema import VERSION, VERSION_KEY, UpdateDeal, dump, load

    stored = dump(UpdateDeal(title="phase 2", stage="won"))
    assert stored[VERSION_KEY] == VERSION
    assert load(stored) == UpdateDeal(title="phase 2", stage="won")
    # A v0 card (no version key) whose title meant "rename to": the rename is dropped, never re-meant as a target.
    legacy = {"intent": "update_deal", "title": "New name", "stage": "won", "refers_to_context": True}
    assert load(legacy) == UpdateDeal(stage="won", refers_to_context=True)
