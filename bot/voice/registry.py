"""Which model serves which language, and language choice among allowed languages."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

AUTO = "auto"
DEFAULT_LANGUAGE_MODELS: Mapping[str, str] = MappingProxyType({"en": "tiny.en", "zh": "base", AUTO: "base"})

_ALIASES = {"cmn": "zh", "chinese": "zh", "mandarin": "zh", "english": "en", "eng": "en", "zho": "zh"}


def normalize_language(code: str) -> str:
    """'en-US' -> 'en', 'zh_Hans' -> 'zh', 'Chinese' -> 'zh'."""
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return _ALIASES.get(base, base)


def is_english_only(model_name: str) -> bool:
    """English-only whisper checkpoints carry an ``.en`` suffix (tiny.en, base.en, ...)."""
    name = model_name.rstrip("/").rsplit("/", 1)[-1].lower()
    return name.endswith(".en") or name.endswith("-en") or name.endswith(".en.pt")


@dataclass(frozen=True, slots=True)
class ModelRegistry:
    """Language -> model setting; ``auto`` serves detection and languages not listed."""

    models: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_LANGUAGE_MODELS))

    def __post_init__(self) -> None:
        if AUTO not in self.models:
            raise ValueError(f"model registry needs an '{AUTO}' entry: {dict(self.models)}")

    @classmethod
    def from_setting(cls, setting: str | Mapping[str, str] | None) -> ModelRegistry:
        """Build from a settings value.

        * ``None`` / ``""`` / ``"default"``: en -> tiny.en, zh -> base, auto -> base.
        * ``"small"`` or ``"/models/my-ct2-model"``: that one model for every language.
        * ``"en=tiny.en,zh=base,auto=small"`` (or a mapping): overrides on top of the defaults.
        """
        if setting is None or (isinstance(setting, str) and setting.strip() in ("", "default")):
            return cls()
        if isinstance(setting, str):
            if "=" not in setting:
                return cls({AUTO: setting.strip()})
            pairs: dict[str, str] = {}
            for item in setting.split(","):
                if not item.strip():
                    continue
                lang, sep, model = item.partition("=")
                if not sep or not lang.strip() or not model.strip():
                    raise ValueError(f"bad model setting entry {item!r}; expected LANG=MODEL")
                pairs[lang.strip()] = model.strip()
            setting = pairs
        merged = dict(DEFAULT_LANGUAGE_MODELS)
        merged.update({(k if k == AUTO else normalize_language(k)): v for k, v in setting.items()})
        return cls(merged)

    def model_for(self, language: str | None) -> str:
        if language is None:
            return self.models[AUTO]
        return self.models.get(normalize_language(language), self.models[AUTO])

    def model_names(self) -> list[str]:
        return sorted(set(self.models.values()))


def choose_language(probabilities: Iterable[tuple[str, float]], allowed: Collection[str]) -> tuple[str, float]:
    """Best language among ``allowed`` and its probability renormalised over ``allowed``.

    Unrestricted whisper detection can take accented or synthetic Mandarin for Thai; only
    the allowed languages' scores are compared.
    """
    allowed_set = {normalize_language(a) for a in allowed}
    if not allowed_set:
        raise ValueError("allowed_languages must not be empty")
    scores = {lang: p for lang, p in probabilities if lang in allowed_set}
    if not scores:
        # The model knows none of the allowed languages' tokens: take any allowed one.
        return sorted(allowed_set)[0], 0.0
    best = max(scores, key=lambda lang: scores[lang])
    total = sum(scores.values())
    return best, (scores[best] / total if total > 0 else 0.0)
