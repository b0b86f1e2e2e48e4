"""The programme's tables. Every column declares `personal` (information governance).

One module per domain; every model is imported here, so `from store.models import X` works and
`Base.metadata` (Alembic, `create_all`) sees every table."""

from __future__ import annotations

from .base import NAMING, Base
from .decisions import Ask, AskDecision, DecisionNotice, Digest
from .plan import (
    Enabler,
    Milestone,
    Person,
    PriorityArea,
    Project,
    ProjectAlias,
    ProjectEnabler,
    ProjectRole,
    StaffRole,
)
from .runtime import (
    AdminAlert,
    AuditEntry,
    DataVersion,
    DirectoryPerson,
    GraphSignIn,
    JobLease,
    LeaverNotice,
    ProcessedActivity,
    SchemaCompatibility,
    Setting,
)
from .updates import (
    CardMessage,
    ConversationRef,
    ConversationState,
    Delegation,
    PromptDelivery,
    StatusUpdate,
    UpdateCycle,
)

__all__ = [
    "NAMING",
    "Base",
    "PriorityArea",
    "Enabler",
    "ProjectEnabler",
    "Project",
    "ProjectAlias",
    "Person",
    "ProjectRole",
    "StaffRole",
    "Milestone",
    "UpdateCycle",
    "StatusUpdate",
    "PromptDelivery",
    "ConversationRef",
    "CardMessage",
    "ConversationState",
    "Delegation",
    "Digest",
    "Ask",
    "AskDecision",
    "DecisionNotice",
    "GraphSignIn",
    "AdminAlert",
    "ProcessedActivity",
    "AuditEntry",
    "Setting",
    "JobLease",
    "DataVersion",
    "DirectoryPerson",
    "LeaverNotice",
    "SchemaCompatibility",
]
