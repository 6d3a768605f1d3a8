"""All tables; importing this module registers every model on Base.metadata."""

from core.models.base import Base
from core.models.behaviour import BEHAVIOUR_KINDS, BehaviourEvent
from core.models.contracts import (
    APPROVAL_SUBJECTS,
    CONTRACT_STATUSES,
    STEP_STATUSES,
    Approval,
    ApprovalStep,
    Attachment,
    Contract,
)
from core.models.crm import CHANNELS, CUSTOMER_STATUSES, Contact, Customer, Interaction, InteractionContact
from core.models.deals import OPEN_STAGES, STAGE_PROBABILITY, STAGES, Deal, DealStageChange
from core.models.money import INVOICE_STATUSES, Installment, Invoice, NumberSequence, Payment, PaymentAllocation
from core.models.notifications import (
    NOTIFICATION_OPEN,
    Notification,
    NotificationPref,
    SchedulerLease,
    Suggestion,
)
from core.models.org import LANGUAGES, ROLES, ChatIdentity, Invite, Team, User
from core.models.projects import (
    CHANGE_KINDS,
    CLOSED_PROJECT_STATUSES,
    PROJECT_STATUSES,
    PROJECT_TASK_STATUSES,
    ChangeRequest,
    Expense,
    Project,
    ProjectTask,
    ProjectUpdate,
    TaskDependency,
    TimeEntry,
)
from core.models.sharing import ACCESS_STATUSES, AccessRequest, CustomerShare
from core.models.system import AuditLog, ConversationState, InboundMessage, OutboxMessage
from core.models.voice import MINUTES_STATUSES, VOICE_JOB_STATUSES, MeetingMinutes, VoiceAudio, VoiceJob
from core.models.work import TASK_STATUSES, DailyReport, Task

__all__ = [
    "ACCESS_STATUSES",
    "APPROVAL_SUBJECTS",
    "BEHAVIOUR_KINDS",
    "CHANGE_KINDS",
    "CHANNELS",
    "CLOSED_PROJECT_STATUSES",
    "CONTRACT_STATUSES",
    "CUSTOMER_STATUSES",
    "INVOICE_STATUSES",
    "LANGUAGES",
    "MINUTES_STATUSES",
    "NOTIFICATION_OPEN",
    "OPEN_STAGES",
    "PROJECT_STATUSES",
    "PROJECT_TASK_STATUSES",
    "ROLES",
    "STAGES",
    "STAGE_PROBABILITY",
    "STEP_STATUSES",
    "TASK_STATUSES",
    "VOICE_JOB_STATUSES",
    "AccessRequest",
    "Approval",
    "ApprovalStep",
    "Attachment",
    "AuditLog",
    "Base",
    "BehaviourEvent",
    "ChangeRequest",
    "ChatIdentity",
    "Contact",
    "Contract",
    "ConversationState",
    "Customer",
    "CustomerShare",
    "DailyReport",
    "Deal",
    "DealStageChange",
    "Expense",
    "InboundMessage",
    "Installment",
    "Interaction",
    "InteractionContact",
    "Invite",
    "Invoice",
    "MeetingMinutes",
    "Notification",
    "NotificationPref",
    "NumberSequence",
    "OutboxMessage",
    "Payment",
    "PaymentAllocation",
    "Project",
    "ProjectTask",
    "ProjectUpdate",
    "SchedulerLease",
    "Suggestion",
    "Task",
    "TaskDependency",
    "Team",
    "TimeEntry",
    "User",
    "VoiceAudio",
    "VoiceJob",
]
