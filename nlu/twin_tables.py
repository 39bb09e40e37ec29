"""The twin tables of a catalogue: which procedure is the twin of which, and the twins a
message's words choose (used by nlu/retrieval.py on every message).

Twins are procedures whose official names differ only by who or where they are for:

- a foreign element ("Thủ tục đăng ký khai sinh" and "Thủ tục đăng ký khai sinh có yếu
  tố nước ngoài"; "Gia hạn tạm trú" and "… cho người nước ngoài tại Việt Nam"), chosen
  by a foreign spouse, parent or visa the message tells (nlu/foreign_twins.py);
- a place abroad ("… ở trong nước" and "… ở nước ngoài"), chosen by someone living
  abroad (nlu/foreign_places.py);
- a civil-status registration's twins (nlu/civil_twins.py): "… cho người đã có hồ sơ,
  giấy tờ cá nhân", for someone holding papers who was never registered at birth, and
  "đăng ký lại …", for an event whose register is gone.

The words that pair names and those that choose a twin are data (``nlu/synonyms.yml``,
``nlu/foreign_places.yml``, ``nlu/civil_twins.yml``). The tables are made once, with the
procedure index, from its official names (folded), and kept in its cache with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nlu.civil_twins import CivilTwins
from nlu.foreign_places import ForeignPlaces
from nlu.foreign_twins import by_folded_name, marker_twins, replaced_twins
from nlu.terms import Synonyms, fold_tokens


@dataclass(frozen=True)
class TwinTables:
    """Plain procedure -> its twin, for each kind of twin (``build``), and what chooses
    them (``told``)."""

    synonyms: Synonyms
    foreign_places: ForeignPlaces
    civil_twins: CivilTwins
    # Plain procedure -> its twin with a foreign element (nlu/foreign_twins.py).
    foreign: dict[str, str]
    # ... only those whose names differ by the marker ("có yếu tố nước ngoài").
    civil_foreign: dict[str, str]
    # Procedure named "… ở trong nước" -> its twin "… ở nước ngoài".
    abroad: dict[str, str]
    # Birth registration -> its twin "… cho người đã có hồ sơ, giấy tờ cá nhân".
    papers_held: dict[str, str]
    # Civil-status registration -> its twin "đăng ký lại …"; a copy of an extract of the
    # register -> "" (none: it only weighs less).
    registered_again: dict[str, str]
    # The procedures that are the twin a foreign element, or a civil story, chooses.
    chosen: frozenset[str]

    @classmethod
    def build(
        cls,
        official_names: Mapping[str, str],
        synonyms: Synonyms,
        foreign_places: ForeignPlaces,
        civil_twins: CivilTwins,
    ) -> TwinTables:
        """The twin tables of the procedures ``official_names`` names (folded)."""
        # the procedures by their folded name, for every table below
        by_name = by_folded_name(official_names)
        foreign = marker_twins(
            official_names,
            synonyms.foreign_marker,
            synonyms.foreign_for,
            synonyms.foreign_pairs,
            by_name=by_name,
        )
        civil_foreign = marker_twins(official_names, synonyms.foreign_marker, by_name=by_name)
        abroad = replaced_twins(
            official_names, foreign_places.home, foreign_places.away, by_name=by_name
        )
        papers_held = marker_twins(official_names, civil_twins.held_marker, by_name=by_name)
        registered_again = replaced_twins(
            official_names, civil_twins.plain, civil_twins.again, by_name=by_name
        )
        for value, name in official_names.items() if civil_twins.extracts else ():
            if any(f" {e} " in f" {' '.join(fold_tokens(name))} " for e in civil_twins.extracts):
                registered_again.setdefault(value, "")
        chosen = frozenset(
            (
                *foreign.values(),
                *abroad.values(),
                *papers_held.values(),
                *filter(None, registered_again.values()),
            )
        )
        return cls(
            synonyms=synonyms,
            foreign_places=foreign_places,
            civil_twins=civil_twins,
            foreign=foreign,
            civil_foreign=civil_foreign,
            abroad=abroad,
            papers_held=papers_held,
            registered_again=registered_again,
            chosen=chosen,
        )

    def told(
        self, tokens: Sequence[str], expanded: Sequence[str], said: Sequence[str]
    ) -> Mapping[str, str]:
        """Plain procedure -> its twin the message's words choose (nlu/foreign_twins.py):
        - every twin with a foreign element, for a phrase of synonyms.yml that tells one
          (``Synonyms.says_foreign``) or a foreigner named ("người Nhật", nlu/foreign_places.py);
        - only the civil-status twins "có yếu tố nước ngoài", for someone born or living
          abroad: a landlord living abroad makes no tenant a foreigner;
        - and the twin "… ở nước ngoài" of "… ở trong nước", for someone living abroad;
        - the birth registration "… cho người đã có hồ sơ, giấy tờ cá nhân", for someone
          holding papers who was never registered at birth, and "đăng ký lại …" of a
          civil-status event whose register is gone (nlu/civil_twins.py)."""
        reading = self.foreign_places.read(tokens, said)
        if reading.foreigner or self.synonyms.says_foreign(tokens, expanded):
            twins = self.foreign
        elif reading.abroad:
            twins = self.civil_foreign
        else:
            twins = {}
        if reading.living_abroad:
            twins = {**twins, **self.abroad}
        for told, civil in (
            (self.civil_twins.papers_held, self.papers_held),
            (self.civil_twins.register_lost, self.registered_again),
        ):
            if told(tokens):
                # plain -> with a foreign element -> that one's civil twin
                twins = {**civil, **{plain: civil.get(twin, twin) for plain, twin in twins.items()}}
        return twins
