"""Who a request acts for: `Authorization: Bearer <token>` → the token's user (core.services.api_tokens). Any
failure — no header, unknown, revoked or expired token, deactivated user — is the same 401."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from core.context import CoreGateway, ServiceContext
from core.services import api_tokens

bearer = HTTPBearer(auto_error=False, description="A personal API token: `salesbot token create NAME --as USER`")


@dataclass(frozen=True)
class Caller:
    """The authenticated user and the gateway to open their units of work with."""

    user_id: int
    core: CoreGateway

    @contextmanager
    def unit(self) -> Iterator[ServiceContext]:
        with self.core.unit(self.user_id) as ctx:
            yield ctx

    @contextmanager
    def reading(self) -> Iterator[ServiceContext]:
        with self.core.reading(self.user_id) as ctx:
            yield ctx


def unauthorized() -> HTTPException:
    return HTTPException(401, "a valid API token is required", headers={"WWW-Authenticate": "Bearer"})


def caller(request: Request,
           credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Caller:
    core: CoreGateway = request.app.state.core
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorized()
    with core.system() as system:
        user_id = api_tokens.authenticate(system, credentials.credentials)
    if user_id is None:
        raise unauthorized()
    request.state.language = core.actor(user_id).language
    return Caller(user_id, core)
