"""Flush rules for delivery and money: projects and what hangs off them, contracts, approvals, attachments,
installments, invoices and payments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import inspect, select

from core.errors import NotFound, PermissionDenied
from core.models import (
    Approval,
    ApprovalStep,
    Attachment,
    ChangeRequest,
    Contract,
    Customer,
    Expense,
    Installment,
    Invoice,
    Payment,
    PaymentAllocation,
    Project,
    ProjectTask,
    ProjectUpdate,
    TaskDependency,
    TimeEntry,
)
from core.permissions import can_change, can_read
from core.scoping.flush_base import FlushBase


class LeadToCashRules(FlushBase):
    def lead_to_cash_rules(self) -> dict[type[Any], Callable[[Any, bool], None]]:
        return {
            Project: self._project, ProjectTask: self._via_project, Expense: self._via_project,
            ChangeRequest: self._via_project, ProjectUpdate: self._via_project,
            TaskDependency: self._dependency, TimeEntry: self._time_entry,
            Contract: self._contract, Approval: self._approval, ApprovalStep: self._approval_step,
            Attachment: self._attachment, Installment: self._installment, Invoice: self._via_money_customer,
            Payment: self._via_money_customer, PaymentAllocation: self._allocation,
        }

    # -- projects --------------------------------------------------------------------------------------

    def _project_may(self, project: Project, *, owner_id: int | None = None, manager_changed: bool = False,
                     old_manager_id: int | None = None) -> None:
        """A project is changed by whoever may change it as its deal owner's or as its manager's — as it was
        before this change (naming oneself its manager does not make a project one's own to change)."""
        manager = old_manager_id if manager_changed else project.manager_id
        people = [owner_id if owner_id is not None else project.owner_id, manager]
        readable = changeable = False
        for person in (p for p in people if p is not None):
            team = self._team(person)
            readable = readable or can_read(self.actor, "project", person, team)
            changeable = changeable or can_change(self.actor, "project", person, team)
        if not readable:
            raise NotFound(entity="project")
        if not changeable:
            raise PermissionDenied(entity="project")

    def _project(self, project: Project, created: bool) -> None:
        if created:
            if self.session.get(Customer, project.customer_id) is None:
                raise NotFound(entity="customer")
            self._owned("project", project.owner_id, created=True)
            return
        previous = self._old(project, "owner_id")
        manager = inspect(project).attrs["manager_id"].history
        self._project_may(project, owner_id=previous, manager_changed=manager.has_changes(),
                          old_manager_id=manager.deleted[0] if manager.deleted else None)
        if previous is not None:
            self._owned("project", project.owner_id, created=True)

    def _project_of(self, project_id: int | None) -> None:
        project = self.session.get(Project, project_id) if project_id is not None else None
        if project is None:
            raise NotFound(entity="project")
        self._project_may(project)

    def _via_project(self, row: ProjectTask | Expense | ChangeRequest | ProjectUpdate, created: bool) -> None:
        self._project_of(row.project_id)

    def _dependency(self, dependency: TaskDependency, created: bool) -> None:
        task = self.session.get(ProjectTask, dependency.task_id)
        if task is None:
            raise NotFound(entity="project")
        self._project_of(task.project_id)

    def _time_entry(self, entry: TimeEntry, created: bool) -> None:
        # Hours are their logger's (or a manager's to correct), logged on a project the logger can read.
        self._owned("time", entry.user_id, created=created)
        if self.session.get(Project, entry.project_id) is None:
            raise NotFound(entity="project")

    # -- contracts and approvals -----------------------------------------------------------------------

    def _contract(self, contract: Contract, created: bool) -> None:
        if created and self.session.get(Customer, contract.customer_id) is None:
            raise NotFound(entity="customer")
        previous = self._old(contract, "owner_id")
        self._owned("contract", previous if previous is not None else contract.owner_id, created=created)
        if previous is not None:
            self._owned("contract", contract.owner_id, created=True)

    def _approvers(self, approval_id: int) -> set[int]:
        return set(self.session.scalars(select(ApprovalStep.approver_id)
                                        .where(ApprovalStep.approval_id == approval_id)))

    def _approval(self, approval: Approval, created: bool) -> None:
        if created:
            # Asking for an approval is changing its subject: who may change the contract or the project.
            if approval.requested_by_id != self.actor.user_id:
                raise PermissionDenied(entity="approval")
            if approval.subject == "contract":
                contract = self.session.get(Contract, approval.subject_id)
                if contract is None:
                    raise NotFound(entity="contract")
                self._owned("contract", contract.owner_id, created=False)
            else:
                change = self.session.get(ChangeRequest, approval.subject_id)
                if change is None:
                    raise NotFound(entity="project")
                self._project_of(change.project_id)
            return
        if approval.requested_by_id != self.actor.user_id and self.actor.user_id not in self._approvers(approval.id):
            raise PermissionDenied(entity="approval")

    def _approval_step(self, step: ApprovalStep, created: bool) -> None:
        deciding = self._old(step, "status") == "pending" and step.status in ("approved", "rejected")
        if deciding and step.approver_id != self.actor.user_id:
            raise PermissionDenied(entity="approval")  # only the approver the step names decides it
        approval = self.session.get(Approval, step.approval_id)
        if approval is None:
            raise NotFound(entity="approval")
        if approval.requested_by_id != self.actor.user_id and self.actor.user_id not in self._approvers(approval.id):
            raise PermissionDenied(entity="approval")

    def _attachment(self, attachment: Attachment, created: bool) -> None:
        if created and attachment.uploaded_by_id != self.actor.user_id:
            raise PermissionDenied(entity="attachment")
        if attachment.contract_id is not None:
            contract = self.session.get(Contract, attachment.contract_id)
            if contract is None:
                raise NotFound(entity="contract")
            self._owned("contract", contract.owner_id, created=False)
            return
        self._customer_of(attachment.customer_id)

    # -- money -----------------------------------------------------------------------------------------

    def _money_of(self, customer_id: int | None) -> None:
        customer = self.session.get(Customer, customer_id) if customer_id is not None else None
        if customer is None:
            raise NotFound(entity="customer")
        self._owned("money", customer.owner_id, created=False)

    def _via_money_customer(self, row: Invoice | Payment, created: bool) -> None:
        self._money_of(row.customer_id)
        previous = self._old(row, "customer_id")
        if previous is not None:
            self._money_of(previous)

    def _installment(self, installment: Installment, created: bool) -> None:
        contract = self.session.get(Contract, installment.contract_id)
        if contract is None:
            raise NotFound(entity="contract")
        self._money_of(contract.customer_id)

    def _allocation(self, allocation: PaymentAllocation, created: bool) -> None:
        payment = self.session.get(Payment, allocation.payment_id)
        if payment is None:
            raise NotFound(entity="payment")
        self._money_of(payment.customer_id)
