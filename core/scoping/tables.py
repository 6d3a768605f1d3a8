"""Every table, by how the guards treat it: ruled (owned rows with their own rule), personal, system-only,
directory or open. A table in none of these is a mistake the layer test catches."""

from __future__ import annotations

from typing import Any

from core.models import (
    ApiToken,
    AuditLog,
    ChatIdentity,
    ConversationState,
    DashboardLink,
    DashboardSession,
    FinanceReceipt,
    ImportBatch,
    ImportRun,
    InboundMessage,
    Invite,
    MeetingMinutes,
    Notification,
    NotificationPref,
    NumberSequence,
    OutboxMessage,
    SchedulerLease,
    Suggestion,
    Team,
    User,
    VoiceJob,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

# Rows that belong to one user alone, by the column that names them.
PERSONAL: dict[type[Any], str] = {
    Notification: "user_id", Suggestion: "user_id", NotificationPref: "user_id", MeetingMinutes: "user_id",
    VoiceJob: "user_id", ConversationState: "user_id", ChatIdentity: "user_id", AuditLog: "actor_id",
    ApiToken: "user_id", DashboardLink: "user_id", DashboardSession: "user_id",
    # An import's bookkeeping is its importer's (the rows it writes are checked by their own rules).
    ImportRun: "user_id", ImportBatch: "user_id",
}
# Bookkeeping no actor reads or writes in their own unit of work (channels and jobs use the system unit).
SYSTEM_ONLY = (InboundMessage, OutboxMessage, Invite, SchedulerLease, WebhookSubscription, WebhookDelivery,
               FinanceReceipt)
# Written by an actor's unit as a side effect of their change (a deal won → its webhook event, in the same
# transaction so none is lost), never read or changed by an actor; the system unit sends them.
EMITTED = (WebhookEvent,)
# The directory: everyone reads people and teams; only the admin CLI (system unit) changes them.
DIRECTORY = (User, Team)


# Counters every writer draws from (invoice and contract numbers); they say nothing about anyone's data.
OPEN = (NumberSequence,)
