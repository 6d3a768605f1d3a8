"""The WHERE criteria each table gets in an actor's session: what they may read, or (for bulk writes) change."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, and_, false, or_, select
from sqlalchemy.orm import with_loader_criteria

from core.models import (
    AccessRequest,
    Approval,
    ApprovalStep,
    Attachment,
    BehaviourEvent,
    ChangeRequest,
    Contact,
    Contract,
    Customer,
    CustomerShare,
    DailyReport,
    Deal,
    DealStageChange,
    Expense,
    Installment,
    Interaction,
    InteractionContact,
    Invoice,
    Payment,
    PaymentAllocation,
    Project,
    ProjectTask,
    ProjectUpdate,
    Task,
    TaskDependency,
    TimeEntry,
    VoiceAudio,
    VoiceJob,
)
from core.permissions import Actor, Entity, Scope
from core.scoping.clauses import customer_clause, owner_clause, project_clause
from core.scoping.tables import DIRECTORY, EMITTED, PERSONAL, SYSTEM_ONLY


def criteria(actor: Actor, write: bool) -> list[Any]:
    def scope(entity: Entity) -> Scope:
        return actor.change_scope(entity) if write else actor.read_scope(entity)

    def limit(model: type[Any], clause: Any) -> Any:
        return with_loader_criteria(model, clause, include_aliases=True)

    customers = customer_clause(actor, scope("customer"))
    visible_customers = select(Customer.id).where(customers)
    deals = owner_clause(actor, scope("deal"), Deal.owner_id)
    interactions = select(Interaction.id).where(Interaction.customer_id.in_(visible_customers))
    jobs = select(VoiceJob.id).where(VoiceJob.user_id == actor.user_id)
    # A request is seen by who made it and by whoever reads its customer (deciding needs changing it).
    mine = or_(AccessRequest.requester_id == actor.user_id, AccessRequest.customer_id.in_(visible_customers))
    options: list[Any] = [
        limit(Customer, customers),
        limit(Contact, Contact.customer_id.in_(visible_customers)),
        limit(Interaction, Interaction.customer_id.in_(visible_customers)),
        # What a customer's people did on our site follows the customer, like its interactions.
        limit(BehaviourEvent, BehaviourEvent.customer_id.in_(visible_customers)),
        limit(InteractionContact, InteractionContact.interaction_id.in_(interactions)),
        limit(Deal, deals),
        limit(DealStageChange, _deal_history(actor, scope("deal"), deals)),
        limit(Task, owner_clause(actor, scope("task"), Task.assignee_id)),
        limit(DailyReport, owner_clause(actor, scope("daily_report"), DailyReport.user_id)),
        limit(CustomerShare, or_(CustomerShare.user_id == actor.user_id,
                                 CustomerShare.customer_id.in_(visible_customers))),
        limit(AccessRequest, mine),
        limit(VoiceAudio, VoiceAudio.job_id.in_(jobs)),
        *_lead_to_cash(actor, scope, visible_customers, limit),
    ]
    for model, column in PERSONAL.items():
        options.append(limit(model, getattr(model, column) == actor.user_id))
    for model in (*SYSTEM_ONLY, *EMITTED):
        options.append(limit(model, false()))
    if write:
        for model in DIRECTORY:
            options.append(limit(model, false()))
    return options


def _deal_history(actor: Actor, scope: Scope, deals: Any) -> Any:
    """A deal's stage history goes with the deal. Every deal (or none): the constant clause itself, no subquery
    over the whole deals table. Otherwise the owners' subquery reads the deals *table*: an ORM select(Deal.id)
    would get the Deal criterion a second time, and the planner, seeing the owner filter twice, guessed a team's
    deals at a fifth of their number and chose nested loops (the manager's funnel: 290 ms → 50 ms)."""
    if scope in (Scope.ALL, Scope.NONE):
        return deals
    table = cast(Table, Deal.__table__)
    return DealStageChange.deal_id.in_(select(table.c.id).where(owner_clause(actor, scope, table.c.owner_id)))


def _lead_to_cash(actor: Actor, scope: Any, visible_customers: Any, limit: Any) -> list[Any]:
    projects = select(Project.id).where(project_clause(actor, scope("project")))
    project_tasks = select(ProjectTask.id).where(ProjectTask.project_id.in_(projects))
    contracts = select(Contract.id).where(owner_clause(actor, scope("contract"), Contract.owner_id))
    # Money follows the customer who owes it (a transferred customer's receivables go with it).
    money_customers = select(Customer.id).where(owner_clause(actor, scope("money"), Customer.owner_id))
    payments = select(Payment.id).where(Payment.customer_id.in_(money_customers))
    change_requests = select(ChangeRequest.id).where(ChangeRequest.project_id.in_(projects))
    approver_of = select(ApprovalStep.approval_id).where(ApprovalStep.approver_id == actor.user_id)
    approvals = or_(
        and_(Approval.subject == "contract", Approval.subject_id.in_(contracts)),
        and_(Approval.subject == "change_request", Approval.subject_id.in_(change_requests)),
        Approval.id.in_(approver_of),
    )
    return [
        limit(Project, project_clause(actor, scope("project"))),
        limit(ProjectTask, ProjectTask.project_id.in_(projects)),
        limit(TaskDependency, TaskDependency.task_id.in_(project_tasks)),
        # Whoever reads a project reads the hours on it; one's own hours are always one's own.
        limit(TimeEntry, or_(owner_clause(actor, scope("time"), TimeEntry.user_id),
                             TimeEntry.project_id.in_(projects))),
        limit(Expense, Expense.project_id.in_(projects)),
        limit(ChangeRequest, ChangeRequest.project_id.in_(projects)),
        limit(ProjectUpdate, ProjectUpdate.project_id.in_(projects)),
        limit(Contract, owner_clause(actor, scope("contract"), Contract.owner_id)),
        limit(Approval, approvals),
        limit(ApprovalStep, ApprovalStep.approval_id.in_(select(Approval.id).where(approvals))),
        limit(Attachment, or_(Attachment.customer_id.in_(visible_customers), Attachment.contract_id.in_(contracts))),
        limit(Installment, Installment.contract_id.in_(
            select(Contract.id).where(Contract.customer_id.in_(money_customers)))),
        limit(Invoice, Invoice.customer_id.in_(money_customers)),
        limit(Payment, Payment.customer_id.in_(money_customers)),
        limit(PaymentAllocation, PaymentAllocation.payment_id.in_(payments)),
    ]
