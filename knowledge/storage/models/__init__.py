"""SQLAlchemy ORM models of the knowledge store, one module per concept.

Conversation state and users live here too so several bot workers can share
them through one database. Importing this package maps every table on
``Base.metadata`` (Alembic's ``env.py`` relies on it).
"""

from knowledge.storage.models.base import Base
from knowledge.storage.models.citizens import Conversation, User
from knowledge.storage.models.dossiers import Dossier, DossierStatusEvent, DossierSubscription
from knowledge.storage.models.editing import AuditEvent, FaqEntry, KnowledgeGeneration, Revision
from knowledge.storage.models.insights import Feedback, InboxItem, TurnEvent
from knowledge.storage.models.outbox import OutboxMessage
from knowledge.storage.models.people import (
    HandoffMessage,
    HandoffRequest,
    Volunteer,
    VolunteerInvite,
)
from knowledge.storage.models.places import Hotline, ServiceCentre
from knowledge.storage.models.procedures import Procedure
from knowledge.storage.models.staff import StaffAccount, StaffLogin, StaffSession
from knowledge.storage.models.workers import JobLease, ProcessedTurn

__all__ = [
    "AuditEvent",
    "Base",
    "Conversation",
    "Dossier",
    "DossierStatusEvent",
    "DossierSubscription",
    "FaqEntry",
    "Feedback",
    "HandoffMessage",
    "HandoffRequest",
    "Hotline",
    "InboxItem",
    "JobLease",
    "KnowledgeGeneration",
    "OutboxMessage",
    "Procedure",
    "ProcessedTurn",
    "Revision",
    "ServiceCentre",
    "StaffAccount",
    "StaffLogin",
    "StaffSession",
    "TurnEvent",
    "User",
    "Volunteer",
    "VolunteerInvite",
]
