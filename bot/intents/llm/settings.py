"""Which chat model (if any) helps the rule parser; bootstrap builds it from the SALESBOT_LLM_* settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from core.settings import section_config

Provider = Literal["none", "openai", "ollama"]


class LLMSettings(BaseSettings):
    """SALESBOT_LLM_PROVIDER / _MODEL / _BASE_URL / _API_KEY / _TIMEOUT.

    `openai` means any OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp server, DeepSeek, Qwen …);
    `ollama` a local Ollama server. `none` (the default) keeps the assistant fully offline.
    """

    model_config = section_config("SALESBOT_LLM_")

    provider: Provider = "none"
    model: str | None = None
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout: float = Field(default=8.0, gt=0, le=120)

    @property
    def enabled(self) -> bool:
        return self.provider != "none"
