"""Plain data crossing the boundary between the interfaces (bot/) and the dialogue."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class Turn:
    """One user input, whatever channel it came from.

    Exactly one of ``text``, ``location`` or ``payload`` is normally set;
    ``payload`` is the data of a button the user pressed.
    """

    channel: str
    user_id: str
    text: str | None = None
    location: Location | None = None
    payload: str | None = None
    role: str = "citizen"
    chat_id: str | None = None
    # The channel's id for this input (a Telegram update), if it has one: the replies'
    # identity in the outbox, so a redelivered input is not answered twice.
    turn_id: str | None = field(default=None, compare=False)
    # A message the bot cannot read ("photo", "sticker", "voice"...; its caption, if
    # any, in ``text``): flows.people says what becomes of it.
    media: str | None = None


@dataclass(frozen=True)
class Button:
    """A choice offered to the user; ``payload`` comes back as ``Turn.payload``."""

    label: str
    payload: str


@dataclass(frozen=True)
class Venue:
    lat: float
    lon: float
    title: str
    address: str


@dataclass(frozen=True)
class ImageRef:
    """A picture the channel renders when it sends the reply: ``kind`` "card" is a
    volunteer's checklist card of procedure ``key`` (a national code), with the centre of
    ``unit`` ("province_key/unit_key") when known, for ``case`` of its documents (an
    index of the record's labels) when one was chosen."""

    kind: str
    key: str
    unit: str | None = None
    case: int | None = None


# ``Reply.meta`` key: a guess the bot is not sure of (it asks which procedure, none a sure
# match); the question is filed in the staff's inbox like a fallback.
UNSURE = "unsure"
# ``Reply.meta`` keys of an honest "not in the catalogue": the uncovered topic's label
# (None: a procedure not named), and whether it repeats the last turn's for a follow-up
# ("lệ phí bao nhiêu"), whose question was filed in the inbox then.
UNHELD_TOPIC = "unheld_topic"
UNHELD_AGAIN = "unheld_again"


@dataclass(frozen=True)
class Reply:
    """One message for the user.

    ``text`` is plain text (never markup); each channel escapes and renders it.
    ``request_location`` asks the channel to offer a "send my location" control.
    """

    text: str
    buttons: tuple[Button, ...] = ()
    venue: Venue | None = None
    request_location: bool = False
    kind: str = "answer"
    image: ImageRef | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        data: dict = {"text": self.text, "kind": self.kind}
        if self.buttons:
            data["buttons"] = [{"label": b.label, "payload": b.payload} for b in self.buttons]
        if self.venue:
            v = self.venue
            data["venue"] = {"lat": v.lat, "lon": v.lon, "title": v.title, "address": v.address}
        if self.request_location:
            data["request_location"] = True
        if self.image:
            data["image"] = {"kind": self.image.kind, "key": self.image.key}
            if self.image.unit:
                data["image"]["unit"] = self.image.unit
            if self.image.case is not None:
                data["image"]["case"] = self.image.case
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Reply:
        """The reply written by ``to_dict`` (as stored in the outbox)."""
        venue = data.get("venue")
        image = data.get("image")
        return cls(
            text=str(data.get("text", "")),
            buttons=tuple(
                Button(str(b["label"]), str(b["payload"])) for b in data.get("buttons") or ()
            ),
            venue=Venue(**venue) if isinstance(venue, dict) else None,
            request_location=bool(data.get("request_location")),
            kind=str(data.get("kind", "answer")),
            image=ImageRef(**image) if isinstance(image, dict) else None,
        )
