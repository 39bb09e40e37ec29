"""Staff edit the knowledge base with review and history (issue 10).

``Editing(session)`` keeps drafts, publishes them (live row, audit event, knowledge
generation) and restores earlier versions; ``generation`` holds the number workers watch.
"""

from knowledge.editing.errors import EditingError, InvalidData, field_errors
from knowledge.editing.generation import bump_generation, current_generation
from knowledge.editing.kinds import KINDS, kind_of
from knowledge.editing.records import (
    BASELINE_AUTHOR,
    AuditFilter,
    AuditRecord,
    FieldChange,
    RevisionRecord,
    StaleForm,
    changes,
)
from knowledge.editing.review import ACTIONS, Editing

__all__ = [
    "ACTIONS",
    "BASELINE_AUTHOR",
    "KINDS",
    "AuditFilter",
    "AuditRecord",
    "Editing",
    "EditingError",
    "FieldChange",
    "InvalidData",
    "RevisionRecord",
    "StaleForm",
    "bump_generation",
    "changes",
    "current_generation",
    "field_errors",
    "kind_of",
]
