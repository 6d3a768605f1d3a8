"""All tables; importing this module registers every model on Base.metadata."""

from core.models.base import Base
from core.models.crm import CHANNELS, CUSTOMER_STATUSES, Contact, Customer, Interaction, InteractionContact
from core.models.deals import OPEN_STAGES, STAGE_PROBABILITY, STAGES, Deal, DealStageChange
from core.models.notifications import (
    NOTIFICATION_OPEN,
    Notification,
    NotificationPref,
    SchedulerLease,
    Suggestion,
)
from core.models.org import LANGUAGES, ROLES, ChatIdentity, Invite, Team, User
from core.models.sharing import ACCESS_STATUSES, AccessRequest, CustomerShare
from core.models.system import AuditLog, ConversationState, InboundMessage, OutboxMessage
from core.models.voice import MINUTES_STATUSES, VOICE_JOB_STATUSES, MeetingMinutes, VoiceAudio, VoiceJob
from core.models.work import TASK_STATUSES, DailyReport, Task

__all__ = [
    "ACCESS_STATUSES",
    "CHANNELS",
    "CUSTOMER_STATUSES",
    "LANGUAGES",
    "MINUTES_STATUSES",
    "NOTIFICATION_OPEN",
    "OPEN_STAGES",
    "ROLES",
    "STAGES",
    "STAGE_PROBABILITY",
    "TASK_STATUSES",
    "VOICE_JOB_STATUSES",
    "AccessRequest",
    "AuditLog",
    "Base",
    "ChatIdentity",
    "Contact",
    "ConversationState",
    "Customer",
    "CustomerShare",
    "DailyReport",
    "Deal",
    "DealStageChange",
    "InboundMessage",
    "Interaction",
    "InteractionContact",
    "Invite",
    "MeetingMinutes",
    "Notification",
    "NotificationPref",
    "OutboxMessage",
    "SchedulerLease",
    "Suggestion",
    "Task",
    "Team",
    "User",
    "VoiceAudio",
    "VoiceJob",
]
