"""Creating and changing records through the same core services as the chat (customers, contacts, deals with
their stage, interactions, tasks, payments); the caller's unit of work scopes and permits each write."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from bot.api.auth import Caller, caller
from bot.api.records import ERRORS, RecordId, as_record
from bot.api.schemas import (
    RECORDS,
    ContactIn,
    ContactPatch,
    CustomerIn,
    CustomerPatch,
    DealIn,
    DealPatch,
    InteractionIn,
    PaymentIn,
    Problem,
    TaskIn,
    TaskPatch,
)
from core.services import customers, deals, interactions, payments, records, tasks

WRITE_ERRORS: dict[int | str, dict[str, Any]] = {**ERRORS, 400: {"model": Problem}, 403: {"model": Problem},
                                                 409: {"model": Problem}}


def router() -> APIRouter:
    r = APIRouter()

    @r.post("/customers", status_code=201, response_model=RECORDS["customers"], responses=WRITE_ERRORS,
            tags=["Customers"], operation_id="create_customers")
    def create_customer(body: CustomerIn, who: Annotated[Caller, Depends(caller)]) -> Any:
        with who.unit() as ctx:
            row = customers.create(ctx, body.name, industry=body.industry, city=body.city, aliases=body.aliases,
                                   tags=body.tags, owner_id=body.owner_id, status=body.status)
            return as_record("customers", records.saved(ctx, row))

    @r.patch("/customers/{record_id}", response_model=RECORDS["customers"], responses=WRITE_ERRORS,
             tags=["Customers"], operation_id="update_customers")
    def update_customer(record_id: RecordId, body: CustomerPatch, who: Annotated[Caller, Depends(caller)]) -> Any:
        changes = body.model_dump(exclude_none=True)
        with who.unit() as ctx:
            row = customers.update(ctx, record_id, **changes) if changes else customers.get(ctx, record_id)
            return as_record("customers", records.saved(ctx, row))

    @r.post("/contacts", status_code=201, response_model=RECORDS["contacts"], responses=WRITE_ERRORS,
            tags=["Contacts"], operation_id="create_contacts")
    def create_contact(body: ContactIn, who: Annotated[Caller, Depends(caller)]) -> Any:
        with who.unit() as ctx:
            row = customers.add_contact(ctx, body.customer_id, body.name, title=body.title, phone=body.phone,
                                        email=body.email)
            return as_record("contacts", records.saved(ctx, row))

    @r.patch("/contacts/{record_id}", response_model=RECORDS["contacts"], responses=WRITE_ERRORS,
             tags=["Contacts"], operation_id="update_contacts")
    def update_contact(record_id: RecordId, body: ContactPatch, who: Annotated[Caller, Depends(caller)]) -> Any:
        with who.unit() as ctx:
            row = customers.update_contact(ctx, record_id, title=body.title, phone=body.phone, email=body.email)
            return as_record("contacts", records.saved(ctx, row))

    @r.post("/deals", status_code=201, response_model=RECORDS["deals"], responses=WRITE_ERRORS, tags=["Deals"],
            operation_id="create_deals")
    def create_deal(body: DealIn, who: Annotated[Caller, Depends(caller)]) -> Any:
        with who.unit() as ctx:
            row = deals.create(ctx, body.customer_id, body.title, amount=body.amount, currency=body.currency,
                               stage=body.stage, probability=body.probability, close_date=body.close_date,
                               owner_id=body.owner_id)
            return as_record("deals", records.saved(ctx, row))

    @r.patch("/deals/{record_id}", response_model=RECORDS["deals"], responses=WRITE_ERRORS, tags=["Deals"],
             operation_id="update_deals", summary="Change a deal (its stage too: won starts its project)")
    def update_deal(record_id: RecordId, body: DealPatch, who: Annotated[Caller, Depends(caller)]) -> Any:
        changes = deals.DealChanges(stage=body.stage, amount=body.amount, currency=body.currency,
                                    close_date=body.close_date, probability=body.probability, title=body.title,
                                    lost_reason=body.lost_reason)
        with who.unit() as ctx:
            row = deals.get(ctx, record_id) if changes.is_empty() else deals.update(ctx, record_id, changes)
            return as_record("deals", records.saved(ctx, row))

    @r.post("/interactions", status_code=201, response_model=RECORDS["interactions"], responses=WRITE_ERRORS,
            tags=["Interactions"], operation_id="create_interactions")
    def create_interaction(body: InteractionIn, who: Annotated[Caller, Depends(caller)]) -> Any:
        with who.unit() as ctx:
            logged = interactions.log(ctx, body.customer_id, channel=body.channel, summary=body.summary,
                                      occurred_at=body.occurred_at, next_step=body.next_step,
                                      follow_up=body.follow_up_on)
            return as_record("interactions", records.saved(ctx, logged.interaction))

    @r.post("/tasks", status_code=201, response_model=RECORDS["tasks"], responses=WRITE_ERRORS, tags=["Tasks"],
            operation_id="create_tasks")
    def create_task(body: TaskIn, who: Annotated[Caller, Depends(caller)]) -> Any:
        due: datetime | Any = body.due_at if body.due_at is not None else body.due_on
        with who.unit() as ctx:
            row = tasks.create(ctx, body.title, due=due, assignee_id=body.assignee_id, customer_id=body.customer_id,
                               deal_id=body.deal_id)
            return as_record("tasks", records.saved(ctx, row))

    @r.patch("/tasks/{record_id}", response_model=RECORDS["tasks"], responses=WRITE_ERRORS, tags=["Tasks"],
             operation_id="update_tasks", summary="Mark a task done")
    def update_task(record_id: RecordId, body: Annotated[TaskPatch, Body()],
                    who: Annotated[Caller, Depends(caller)]) -> Any:
        with who.unit() as ctx:
            row = tasks.complete(ctx, record_id)
            return as_record("tasks", records.saved(ctx, row))

    @r.post("/payments", status_code=201, response_model=RECORDS["payments"], responses=WRITE_ERRORS,
            tags=["Payments"], operation_id="create_payments",
            summary="Record a payment received (paid against the customer's oldest open items)")
    def create_payment(body: PaymentIn, who: Annotated[Caller, Depends(caller)]) -> Any:
        with who.unit() as ctx:
            row, _ = payments.record(ctx, body.customer_id, body.amount, currency=body.currency,
                                     received_on=body.received_on, reference=body.reference, note=body.note,
                                     accept_excess=body.accept_excess)
            return as_record("payments", records.saved(ctx, row))

    return r
