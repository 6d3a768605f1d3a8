"""POST /api/v1/events: behaviour events (website visit, product page view, e-mail open, download) recorded for
the intent scoring, about a customer the caller reads (by id, or by a contact's e-mail or domain)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from bot.api.auth import Caller, caller
from bot.api.schemas import EventIn, EventOut
from bot.api.writes import WRITE_ERRORS
from core.services import behaviour_events


def router() -> APIRouter:
    r = APIRouter()

    @r.post("/events", status_code=201, response_model=EventOut, responses=WRITE_ERRORS, tags=["Events"],
            operation_id="record_event")
    def record_event(body: EventIn, who: Annotated[Caller, Depends(caller)]) -> Any:
        with who.unit() as ctx:
            row = behaviour_events.record(ctx, body.kind, body.occurred_at, customer_id=body.customer_id,
                                          email=body.email, domain=body.domain, detail=body.detail)
            return EventOut.model_validate(row)

    return r
