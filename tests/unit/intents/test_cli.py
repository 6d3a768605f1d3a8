"""`salesbot parse` and `salesbot nlu-eval` through click."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.nlu import nlu_eval_command, parse_command
from bot.intents.registry import REGISTRY

from .conftest import DATA, DEV

ROOT = DATA.parents[2]  # spec corpus paths are repository-relative

NOW = ["--now", "2026-11-25T10:00", "--tz", "Asia/Shanghai"]


def test_parse_one_message(tmp_path: Path) -> None:
    customers = tmp_path / "customers.txt"
    customers.write_text("Acme Corp\nGlobex Inc\n", encoding="utf-8")
    result = CliRunner().invoke(parse_command, [*NOW, "--known-customers", str(customers),
                                                "visited acem today, they want a quote by friday"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.output)
    assert line["intent"] == "log_interaction" and 0 <= line["confidence"] <= 1
    # "acem" is a typo: the parse output prints the known name it resolves to.
    assert line["slots"] == {"customer": "Acme Corp", "channel": "visit", "date": "2026-11-25",
                             "summary": "they want a quote", "next_step": "quote", "follow_up": "2026-11-27"}


def test_parse_jsonl_from_stdin() -> None:
    stdin = '{"text": "move it to negotiation"}\nnew deal 星辰科技 50万\n\n"undo"\n'
    result = CliRunner().invoke(parse_command, [*NOW, "--jsonl"], input=stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["intent"] for line in lines] == ["update_deal", "create_deal", "undo"]
    assert set(lines[0]) == {"text", "intent", "confidence", "slots"} and lines[0]["slots"] == {"stage": "negotiation"}
    assert lines[1]["slots"]["amount"] == 500000


def test_parse_uses_the_database_loader_from_the_context() -> None:
    result = CliRunner().invoke(parse_command, [*NOW, "pull up initech"],
                                obj={"known_customer_names": lambda: ["Initech LLC"]})
    assert json.loads(result.output)["slots"] == {"customer": "Initech LLC"}


def test_parse_survives_a_broken_loader() -> None:
    def broken() -> list[str]:
        raise RuntimeError("no database configured")

    result = CliRunner().invoke(parse_command, [*NOW, "help"], obj={"known_customer_names": broken})
    assert result.exit_code == 0 and json.loads(result.output.splitlines()[-1])["intent"] == "help"


def test_bad_clock_and_zone_are_usage_errors() -> None:
    assert CliRunner().invoke(parse_command, ["--now", "tomorrowish", "hi"]).exit_code == 2
    assert CliRunner().invoke(parse_command, ["--tz", "Mars/Olympus", "hi"]).exit_code == 2


def test_nlu_eval_prints_the_breakdown() -> None:
    result = CliRunner().invoke(nlu_eval_command, [str(DEV / "dev_corpus.jsonl"), "--known-customers",
                                                   str(DEV / "dev_customers.txt")])
    assert result.exit_code == 0, result.output
    assert "intent accuracy" in result.output and "confidence bucket" in result.output
    assert "slot" in result.output and "recall" in result.output


def test_nlu_eval_json() -> None:
    # The team corpus is a folder of per-intent files; its customers.txt sits next to the folder.
    result = CliRunner().invoke(nlu_eval_command, [str(DATA / "intents"), "--json"])
    data = json.loads(result.output)
    assert data["messages"] >= 400 and data["intent_accuracy"] > 0.9
    outside = data["not_registered"]
    # Every corpus line of an intent written but not registered (yet) is read as "not registered", and none of
    # them becomes a write card.
    unregistered = [spec for spec in REGISTRY.all() if not spec.registered]
    expected = sum(1 for spec in unregistered for line in (ROOT / spec.corpus).read_text("utf-8").splitlines()
                   if line.strip())
    assert outside["messages"] == expected and outside["write_cards"] == 0
    full = json.loads(CliRunner().invoke(nlu_eval_command, [str(DATA / "intents"), "--json", "--all-intents"]).output)
    assert full["messages"] == data["messages"] + outside["messages"] and full["not_registered"]["messages"] == 0


def test_parse_all_intents() -> None:
    known = ["--known-customers", str(DATA / "customers.txt")]
    paid = json.loads(CliRunner().invoke(parse_command, [*NOW, *known, "星辰科技回款二十万"]).output)
    assert paid["intent"] == "record_payment" and paid["slots"]["amount"] == 200000  # registered: the chat reads it
    unregistered = [spec for spec in REGISTRY.all() if not spec.registered]
    if not unregistered:
        pytest.skip("every written intent is registered")
    spec = unregistered[0]
    text = [*known, spec.examples["en"][0]]
    chat = json.loads(CliRunner().invoke(parse_command, [*NOW, *text]).output)
    full = json.loads(CliRunner().invoke(parse_command, [*NOW, "--all-intents", *text]).output)
    assert chat["intent"] != spec.name  # written, not registered: the chat does not read it
    assert full["intent"] == spec.name


def test_nlu_eval_of_one_intent_file() -> None:
    result = CliRunner().invoke(nlu_eval_command, [str(DATA / "intents" / "create_deal.jsonl"), "--json"])
    data = json.loads(result.output)
    assert data["messages"] == data["per_intent"]["create_deal"]["n"] and data["intent_accuracy"] == 1.0


def test_a_key_map_renames_a_blind_corpus_labels_to_our_keys_and_values() -> None:
    from bot.intents.evaluation import Example, remap

    examples = [Example("kestrel project is 60% done", "update_project", {"progress": 60, "customer": "K"}, "en"),
                Example("project profitability", "report", {"kind": "profitability"}, "en"),
                Example("acme 60%", "update_deal", {"progress": 60}, "en")]
    mapping = {"slots": {"update_project.progress": "percent"}, "values": {"report.kind": {"profitability": "profit"}}}
    renamed = remap(examples, mapping)
    assert renamed[0].slots == {"percent": 60, "customer": "K"}
    assert renamed[1].slots == {"kind": "profit"}
    assert renamed[2].slots == {"progress": 60}  # the map names an intent: other intents keep their keys
