"""A domain error in the user's language, its parameters (entity, field, role, status) named in it too."""

from __future__ import annotations

import logging

from core.errors import DomainError
from core.i18n import has, t

log = logging.getLogger(__name__)


def render_error(lang: str, error: DomainError) -> str:
    params = dict(error.params)
    if "entity" in params and has(f"entity.{params['entity']}"):
        params["entity"] = t(lang, f"entity.{params['entity']}")
    if "field" in params and has(f"field.{params['field']}"):
        params["field"] = t(lang, f"field.{params['field']}")
    if "role" in params and has(f"role.{params['role']}"):
        params["role"] = t(lang, f"role.{params['role']}")
    if "status" in params and has(f"contract_status.{params['status']}"):
        params["status"] = t(lang, f"contract_status.{params['status']}")
    try:
        return t(lang, error.key, **params)
    except (KeyError, IndexError):
        log.exception("message %s could not be rendered with %s", error.key, params)
        return t(lang, "error.generic")
