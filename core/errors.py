"""Domain errors carry a message-catalogue key, so every channel can say them in the user's language."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    key = "error.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class NotFound(DomainError):
    """Also raised for things that exist but the actor may not see: existence is not leaked."""

    key = "error.not_found"


class PermissionDenied(DomainError):
    key = "error.permission_denied"


class InvalidInput(DomainError):
    key = "error.invalid_input"


class Conflict(DomainError):
    key = "error.conflict"
