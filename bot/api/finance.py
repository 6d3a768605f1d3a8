"""POST /api/v1/finance/payments: a finance system reports a payment received.

No user token here: the request is signed with the shared secret (SALESBOT_API_FINANCE_SECRET) exactly like our
outgoing webhooks — `X-Salesbot-Timestamp` (unix seconds, within the tolerance) and `X-Salesbot-Signature:
sha256=HMAC(secret, "<timestamp>.<body>")`. The payment is recorded by the payments service as the configured
finance user (SALESBOT_API_FINANCE_USER), so it is paid against what the customer owes like any other. The
finance system's `external_id` makes a repeated report (a retry) answer the first payment and book nothing.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from bot.api.errors import problem
from bot.api.schemas import FinancePaymentIn, FinancePaymentOut, Problem
from bot.api.settings import ApiSettings
from core.context import CoreGateway
from core.services import finance_receipts, webhooks

ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": Problem}, 401: {"model": Problem}, 404: {"model": Problem},
                                           409: {"model": Problem}, 422: {"model": Problem}}


def router(settings: ApiSettings) -> APIRouter:
    r = APIRouter()

    @r.post("/finance/payments", response_model=FinancePaymentOut, responses=ERRORS, tags=["Finance"],
            operation_id="report_payment",
            openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                "schema": FinancePaymentIn.model_json_schema(ref_template="#/components/schemas/{model}")}}}})
    async def report_payment(
        request: Request,
        x_salesbot_timestamp: Annotated[str | None, Header()] = None,
        x_salesbot_signature: Annotated[str | None, Header()] = None,
    ) -> Any:
        secret = settings.finance_secret.get_secret_value() if settings.finance_secret else ""
        if not secret or not settings.finance_user:
            return problem(404, "not found", "http.404")
        core: CoreGateway = request.app.state.core
        body = await request.body()
        if not webhooks.verify(secret, x_salesbot_timestamp, body, x_salesbot_signature):
            return problem(401, "bad signature", "finance.bad_signature")
        try:
            sent_at = int(x_salesbot_timestamp or "")
        except ValueError:
            return problem(401, "bad timestamp", "finance.bad_signature")
        if abs(core.clock.now().timestamp() - sent_at) > settings.finance_tolerance_seconds:
            return problem(401, "timestamp outside the accepted window", "finance.stale")
        try:
            report = FinancePaymentIn.model_validate(json.loads(body))
        except (ValueError, ValidationError) as exc:
            errors = exc.errors() if isinstance(exc, ValidationError) else [
                {"loc": ("body",), "msg": "not JSON", "type": "json_invalid"}]
            raise RequestValidationError(errors) from None
        booked = finance_receipts.Report(
            external_id=report.external_id, customer_id=report.customer_id, amount=report.amount,
            currency=report.currency, received_on=report.received_on, reference=report.reference, note=report.note,
            accept_excess=report.accept_excess)
        payment_id, duplicate = await asyncio.to_thread(finance_receipts.book, core, settings.finance_user, booked)
        out = FinancePaymentOut(payment_id=payment_id, external_id=report.external_id, duplicate=duplicate)
        return JSONResponse(out.model_dump(), status_code=200 if duplicate else 201)

    return r
