"""Approval flows as data (`approval_flows.toml`): which roles approve a contract or a change request, in
which order, and above which amount."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, RootModel

from core import datafiles
from core.models.contracts import APPROVAL_SUBJECTS, ApprovalSubject
from core.models.org import Role

FILE = "approval_flows.toml"


class Stage(BaseModel):
    model_config = {"extra": "forbid"}

    roles: list[Role] = Field(min_length=1)
    over: Decimal | None = Field(default=None, ge=0)

    def applies(self, amount: Decimal | None) -> bool:
        return self.over is None or (amount is not None and amount > self.over)


class Flow(BaseModel):
    model_config = {"extra": "forbid"}

    stages: list[Stage] = Field(min_length=1)

    def stages_for(self, amount: Decimal | None) -> list[Stage]:
        return [stage for stage in self.stages if stage.applies(amount)]


class Flows(RootModel[dict[ApprovalSubject, Flow]]):
    pass


def _parse(document: dict[str, Any], name: str) -> dict[ApprovalSubject, Flow]:
    flows = Flows.model_validate(document).root
    missing = [subject for subject in APPROVAL_SUBJECTS if subject not in flows]
    if missing:
        raise datafiles.DataFileError(name, f"no flow for {', '.join(missing)}")
    return flows


def flow_for(subject: ApprovalSubject, data_dir: Path | None) -> Flow:
    return datafiles.load(datafiles.locate(FILE, data_dir), _parse)[subject]
