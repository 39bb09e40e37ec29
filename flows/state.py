"""What the dialogue remembers about one conversation between turns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass
class ConversationState:
    """Saved after every turn (as JSON in the database), so it survives restarts.

    ``procedure`` is the procedure being discussed (for follow-ups such as
    "còn lệ phí thì sao?"); ``pending`` is a question the bot asked and is
    waiting for (e.g. which procedure), with what to do once answered.
    """

    procedure: str | None = None
    last_intent: str | None = None
    pending: dict | None = None
    turns: int = 0
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict | None) -> ConversationState:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict:
        return asdict(self)
