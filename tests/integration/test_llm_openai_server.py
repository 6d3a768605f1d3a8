"""The LLM layer over real HTTP: ChatOpenAI(base_url=…) against a local fake OpenAI-compatible server.

The server listens on 127.0.0.1, port 0, and answers /v1/chat/completions with a scripted tool call, slowly
(the timeout path) or with garbage. Nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.intents.base import ParseContext
from bot.intents.llm import LLMSettings, build_llm_parser
from bot.intents.llm.parser import FAILED
from bot.intents.router import Router
from bot.intents.rules import RuleParser

CTX = ParseContext(now=datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), timezone="Asia/Shanghai",
                   customer_names=("Acme Corp",))

Behaviour = Callable[[dict[str, Any]], tuple[int, bytes, float]]


def completion(arguments: dict[str, Any]) -> bytes:
    return json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1_764_000_000, "model": "fake-model",
        "choices": [{
            "index": 0, "finish_reason": "tool_calls",
            "message": {"role": "assistant", "content": None, "tool_calls": [{
                "id": "call_1", "type": "function",
                "function": {"name": "SalesCommand", "arguments": json.dumps(arguments)},
            }]},
        }],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }).encode()


class FakeOpenAI:
    def __init__(self, behaviour: Behaviour) -> None:
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append({"path": self.path, "body": body})
                status, payload, delay = behaviour(body)
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], FakeOpenAI]]:
    servers: list[FakeOpenAI] = []

    def start(behaviour: Behaviour) -> FakeOpenAI:
        server = FakeOpenAI(behaviour).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__()


def settings(url: str, timeout: float = 5.0) -> LLMSettings:
    return LLMSettings(provider="openai", model="fake-model", base_url=url, api_key="test-key", timeout=timeout)


def test_tool_call_over_http(serve: Callable[[Behaviour], FakeOpenAI]) -> None:
    answer = {"intent": "create_deal", "customer": "Acme Corp", "title": "ERP rollout", "amount": 500000,
              "close_date": "2026-11-30"}
    server = serve(lambda body: (200, completion(answer), 0.0))
    parser = build_llm_parser(settings(server.base_url))
    assert parser is not None
    parsed = parser.parse("acme wants the ERP rollout for 500k by the end of the month", CTX)
    assert parsed.source == "llm"
    assert parsed.command.slots() == {"customer": "Acme Corp", "title": "ERP rollout", "amount": 500000,
                                      "close_date": "2026-11-30"}
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["tools"][0]["function"]["name"] == "SalesCommand"  # function calling, not json_schema
    assert request["body"]["messages"][0]["role"] == "system"


def test_slow_server_times_out_and_the_rules_answer(serve: Callable[[Behaviour], FakeOpenAI]) -> None:
    server = serve(lambda body: (200, completion({"intent": "help"}), 3.0))
    parser = build_llm_parser(settings(server.base_url, timeout=0.5))
    assert parser is not None
    # The server would answer (help) after 3 s: FAILED means the 0.5 s timeout cut the call off.
    assert parser.parse("something vague about acme", CTX).source == FAILED
    router = Router(RuleParser(), parser)
    parsed = router.parse("hmm acme thing", CTX)
    assert parsed.source == "rules"


@pytest.mark.parametrize(("status", "payload"), [
    (200, b"this is not json"),
    (200, json.dumps({"choices": []}).encode()),
    (500, json.dumps({"error": {"message": "boom"}}).encode()),
    (200, completion({"intent": "drop_all_tables", "customer": "everyone"})),
])
def test_garbage_never_crashes(serve: Callable[[Behaviour], FakeOpenAI], status: int, payload: bytes) -> None:
    server = serve(lambda body: (status, payload, 0.0))
    parser = build_llm_parser(settings(server.base_url))
    assert parser is not None
    parsed = parser.parse("something the rules cannot read", CTX)
    assert parsed.command.intent == "unknown"
    routed = Router(RuleParser(), parser).parse("visited acme today, they want a quote by friday", CTX)
    assert routed.command.intent == "log_interaction"
