"""The optional LLM layer: any LangChain chat model chosen by settings, behind the same IntentParser.

Importing this package imports no LangChain: `build_llm_parser` loads the provider's integration
only when a provider is configured.
"""

from __future__ import annotations

from typing import Any

from bot.intents.base import IntentParser
from bot.intents.llm.settings import LLMSettings


def build_llm_parser(settings: LLMSettings) -> IntentParser | None:
    """A parser for the configured provider, or None when the provider is `none`."""
    if not settings.enabled:
        return None
    from bot.intents.llm.parser import LLMParser

    return LLMParser(build_chat_model(settings), timeout=settings.timeout)


def build_chat_model(settings: LLMSettings) -> Any:
    if not settings.model:
        raise ValueError("SALESBOT_LLM_MODEL is required when an LLM provider is configured")
    key = settings.api_key.get_secret_value() if settings.api_key else None
    if settings.provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url,
            # Local OpenAI-compatible servers accept any key; the client insists on one.
            api_key=key or "not-needed",
            timeout=settings.timeout,
            max_retries=0,
            temperature=0,
        )
    if settings.provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.model,
            base_url=settings.base_url,
            temperature=0,
            client_kwargs={"timeout": settings.timeout},
        )
    raise ValueError(f"unknown LLM provider {settings.provider!r}")


__all__ = ["LLMSettings", "build_chat_model", "build_llm_parser"]
