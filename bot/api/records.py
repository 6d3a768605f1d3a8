"""GET /api/v1/<resource> (a page, filtered) and GET /api/v1/<resource>/{id} for every resource, read through the
caller's scoped unit: a colleague's record is 404 exactly like a missing one."""

# No `from __future__ import annotations`: FastAPI reads the route functions' annotations at runtime, and the
# functions are made per resource inside `_add`.
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel

from bot.api.auth import Caller, caller
from bot.api.schemas import MAX_ID, RECORDS, Problem, When, page_model
from core.models import STAGES
from core.services import records
from core.services.records import KINDS, MAX_PAGE, Kind

ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": Problem}, 404: {"model": Problem},
                                           422: {"model": Problem}}
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def as_record(kind: Kind, row: Any) -> BaseModel:
    return RECORDS[kind].model_validate(row)


StageQuery = Annotated[Literal[STAGES] | None, Query()]  # type: ignore[valid-type]
StatusQuery = Annotated[str | None, Query(max_length=16, pattern=r"^[a-z_ ]+$",
                                          description="resources with a status only")]
LimitQuery = Annotated[int, Query(ge=1, le=MAX_PAGE)]
OffsetQuery = Annotated[int, Query(ge=0, le=10_000_000)]
SinceQuery = Annotated[When | None, Query(description="changed (or, without a change time, created) since")]


def _add(router: APIRouter, kind: Kind) -> None:
    item, page = RECORDS[kind], page_model(kind)

    def listed(who: Caller, limit: int, offset: int, filters: records.Filters) -> Any:
        with who.reading() as ctx:
            found = records.page(ctx, kind, filters, limit=limit, offset=offset)
            items = [as_record(kind, row) for row in found.rows]
        return page(items=items, limit=limit, offset=offset, next_offset=offset + limit if found.has_more else None)

    if kind == "deals":
        def list_records(who: Annotated[Caller, Depends(caller)], limit: LimitQuery = 50, offset: OffsetQuery = 0,
                         owner_id: OptionalId = None, customer_id: OptionalId = None, stage: StageQuery = None,
                         updated_since: SinceQuery = None) -> Any:
            return listed(who, limit, offset, records.Filters(owner_id, customer_id, stage, None, updated_since))
    else:
        def list_records(who: Annotated[Caller, Depends(caller)], limit: LimitQuery = 50,  # type: ignore[misc]
                         offset: OffsetQuery = 0, owner_id: OptionalId = None, customer_id: OptionalId = None,
                         status: StatusQuery = None, updated_since: SinceQuery = None) -> Any:
            return listed(who, limit, offset, records.Filters(owner_id, customer_id, None, status, updated_since))

    def get_record(record_id: RecordId, who: Annotated[Caller, Depends(caller)]) -> Any:
        with who.reading() as ctx:
            return as_record(kind, records.get(ctx, kind, record_id))

    label = kind.capitalize()
    router.add_api_route(f"/{kind}", list_records, methods=["GET"], response_model=page, responses=ERRORS,
                         tags=[label], summary=f"List {kind}", operation_id=f"list_{kind}")
    router.add_api_route(f"/{kind}/{{record_id}}", get_record, methods=["GET"], response_model=item,
                         responses=ERRORS, tags=[label], summary=f"Get one of the {kind}", operation_id=f"get_{kind}")


def router() -> APIRouter:
    built = APIRouter()
    for kind in KINDS:
        _add(built, kind)
    return built
