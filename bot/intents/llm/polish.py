"""Polishing the offline daily-report draft with the configured chat model (the prompt lives in prompts/).

The draft is already complete and correct; the model may only rephrase it. Any failure or timeout leaves
the offline draft in place (the caller falls back), and an answer that drops facts is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import prompts

MAX_GROWTH = 3.0  # a polished report several times longer than the draft invented things


def report_polisher(model: Any, *, timeout: float) -> Callable[[str, str], str]:
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-polish")

    def polish(draft: str, language: str) -> str:
        system = prompts.load(f"daily_report_polish_{'zh' if language == 'zh' else 'en'}.md")
        future = pool.submit(model.invoke, [("system", system), ("human", draft)])
        answer = future.result(timeout=timeout)
        text = str(getattr(answer, "content", answer) or "").strip()
        if not text or len(text) > MAX_GROWTH * len(draft) + 200:
            raise ValueError("the polished report is empty or far longer than the draft")
        return text

    return polish
