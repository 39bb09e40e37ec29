"""A message that names only a broad area ("thủ tục đất đai", "tôi muốn hỏi về bảo hiểm
xã hội"): the procedures citizens most often need in it, as buttons to choose from —
not "em chưa có thủ tục này", when the catalogue has hundreds of that area's.

The areas, the words for them and the procedures shown are data: flows/topic_menu.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from flows.record_text import short_name
from flows.state import ChooseProcedure, ConversationState
from flows.templates import Templates
from flows.types import Button, Reply
from knowledge.procedures.records import Catalogue
from knowledge.yaml_data import load_yaml
from nlu.cues import without_cues
from nlu.terms import fold_tokens

TOPICS_FILE = Path(__file__).with_name("topic_menu.yml")
# A button's label: a procedure's name cut here (as the "which procedure?" buttons)
LABEL_CHARS = 120


class TopicModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    example: str = Field(min_length=1)
    words: list[str] = Field(min_length=1)
    codes: list[str] = Field(min_length=1)


class TopicsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fillers: list[str]
    topics: dict[str, TopicModel]


@dataclass(frozen=True)
class Topic:
    """One broad area: its name in a reply and the national codes shown for it."""

    key: str
    label: str
    example: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class _Topics:
    by_words: tuple[tuple[tuple[str, ...], Topic], ...]  # folded words, longest first
    fillers: frozenset[tuple[str, ...]]  # folded, one or more words each
    longest_filler: int


@cache
def _topics() -> _Topics:
    data = TopicsFile.model_validate(load_yaml(TOPICS_FILE))
    named = [
        (tuple(fold_tokens(words)), Topic(key, t.label, t.example, tuple(t.codes)))
        for key, t in data.topics.items()
        for words in t.words
    ]
    named.sort(key=lambda pair: len(pair[0]), reverse=True)
    fillers = frozenset(tuple(fold_tokens(f)) for f in data.fillers)
    return _Topics(tuple(named), fillers, max(len(f) for f in fillers))


def named_topic(text: str) -> Topic | None:
    """The one area ``text`` names and nothing else (besides ``fillers`` and the aspects
    it asks: "thủ tục đất đai cần giấy tờ gì"); None for a message that says more ("đất
    nhà tôi bị lấn chiếm") or names two areas."""
    data = _topics()
    words = fold_tokens(without_cues(text))
    found: set[str] = set()
    topic: Topic | None = None
    at = 0
    while at < len(words):
        hit = next(
            (
                (len(said), t)
                for said, t in data.by_words
                if tuple(words[at : at + len(said)]) == said
            ),
            None,
        )
        if hit is not None:
            at += hit[0]
            topic = hit[1]
            found.add(topic.key)
            continue
        filler = next(
            (
                n
                for n in range(min(data.longest_filler, len(words) - at), 0, -1)
                if tuple(words[at : at + n]) in data.fillers
            ),
            None,
        )
        if filler is None:
            return None
        at += filler
    return topic if len(found) == 1 else None


def topic_menu(
    state: ConversationState,
    topic: Topic,
    catalogue: Catalogue,
    aspects: tuple[str, ...],
    t: Templates,
) -> Reply | None:
    """The area's procedures as buttons (what is asked of the one chosen: ``aspects``);
    None when the catalogue holds none of them."""
    infos = [info for code in topic.codes if (info := catalogue.by_code(code)) is not None]
    if not infos:
        return None
    suffix = f":{aspects[0]}" if len(aspects) == 1 else ""
    buttons = [Button(short_name(i.name, LABEL_CHARS), f"proc:{i.slug}{suffix}") for i in infos]
    buttons.append(Button(t.section("buttons")["human"], "cmd:human"))
    state.pending = ChooseProcedure(tuple(aspects))
    return Reply(
        t("topic_menu", topic=topic.label, example=topic.example),
        buttons=tuple(buttons),
        kind="topic_menu",
        meta={"topic": topic.key},
    )
