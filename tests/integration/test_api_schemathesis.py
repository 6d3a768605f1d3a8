"""Schemathesis against the API's own OpenAPI document: generated requests to every operation (valid ones, and
invalid ones) never get a 5xx, and every answer matches the document — status codes, content types and bodies.

Run in-process against the ASGI app over the real database (SQLite, and PostgreSQL when configured), as Alice, a
rep with a customer and a deal. Each operation's strategy is driven by Hypothesis directly (schemathesis' pytest
plugin does not run on this pytest); a modest, derandomized example count keeps it to seconds."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bot.api.app import build_api
from bot.api.settings import ApiSettings
from core.context import CoreGateway
from tests.integration.api_support import FINANCE_SECRET, seed_team

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 3}


def test_no_request_crashes_the_api_and_answers_match_the_document(core: CoreGateway) -> None:
    team = seed_team(core)
    app = build_api(core, ApiSettings(_env_file=None, finance_secret=FINANCE_SECRET, finance_user="Fay"))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    auth = {"Authorization": f"Bearer {team.tokens['Alice']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 22  # 9 lists, 9 reads, 9 writes, events, finance
    tried: dict[str, int] = {}
    for operation in operations:
        for mode, count in EXAMPLES.items():
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=count, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case: Any) -> None:
                case.call_and_validate(headers=auth, checks=CHECKS)
                tried[case.operation.label] = tried.get(case.operation.label, 0) + 1

            run()
    assert set(tried) == {operation.label for operation in operations}
