"""A source's reading: what its values mean (value map, drop, won and lost), which rows it keeps
(where filters) and who its people are (the members map).

The third step of reading actuals (after kpitree/track/columns.py). Values are matched after NFKC
and trimming: a source's `values:` first, then its `won:`/`lost:` (deals), then `drop:`, then the
stage ids and names of the spec. Names of people are matched after NFKC and whitespace folding
(`山田　太郎`, `山田 太郎` and `山田  太郎` alike) and case folding. Every lookup is cached by the
cell as written, so a million rows with a few hundred different values normalize a few hundred
strings, not a million.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kpitree.track.columns import REQUIRED, Columns, Kind, Wanted, normalize

MAX_CACHED = 10_000  # different cells remembered per lookup; past that, each is worked out again
_NONE: frozenset[str] = frozenset()

# What a stage value means: a stage id, or one of these
DROP = "\0drop"
WON = "\0won"
LOST = "\0lost"


class StageIndex:
    """Stage values -> stage ids: each stage's id and its name (a value two stages share is ambiguous)."""

    def __init__(self, stages: Iterable[tuple[str, str | None]]):
        self.ids: list[str] = []
        self.names: dict[str, str] = {}  # stage id -> its name, for messages
        self._index: dict[str, set[str]] = {}
        for stage_id, name in stages:
            self.ids.append(stage_id)
            self.names[stage_id] = name or stage_id
            for key in {normalize(stage_id), normalize(name or stage_id)}:
                self._index.setdefault(key, set()).add(stage_id)

    def match(self, value: str) -> set[str]:
        return self._index.get(normalize(value), set())

    def match_normalized(self, value: str) -> set[str] | frozenset[str]:
        return self._index.get(value) or _NONE


@dataclass(frozen=True)
class Filter:
    """One column's condition: one of `equal` (when any), and none of `not_equal`."""

    column: str
    equal: frozenset[str] = frozenset()
    not_equal: frozenset[str] = frozenset()

    @classmethod
    def of(cls, column: str, equal: Iterable[str] = (), not_equal: Iterable[str] = ()) -> Filter:
        return cls(column, frozenset(normalize(v) for v in equal), frozenset(normalize(v) for v in not_equal))

    def keeps(self, value: str) -> bool:
        """`value` normalized."""
        return (not self.equal or value in self.equal) and value not in self.not_equal


def fold_name(name: str) -> str:
    """A person's name as written, NFKC and with every run of spaces one space."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


@dataclass(frozen=True)
class Reading:
    """How one source's files are read. `name` None: the unnamed reading (`actuals.columns`)."""

    name: str | None = None
    kind: Kind = "rows"
    columns: Columns = field(default_factory=Columns)
    values: Mapping[str, str] = field(default_factory=dict)  # value as written -> stage id
    drop: tuple[str, ...] = ()
    where: tuple[Filter, ...] = ()
    encoding: str | None = None
    spec_encoding: bool = False  # the encoding is the spec's (a message then says so)
    entered: Mapping[str, str] = field(default_factory=dict)  # stage id -> date-entered column
    won: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    driver: str | None = None
    members: Mapping[str, str] = field(default_factory=dict)  # name in exports -> member
    people: Mapping[str, str] = field(default_factory=dict)  # a named person's id, name, aliases -> their name

    def shown(self) -> str:
        """How messages name the source: its name, or the unnamed reading's words."""
        from kpitree.i18n import t

        return self.name if self.name is not None else t("actuals.unnamed_source")

    @property
    def history(self) -> bool:
        """A deal source read as a stage history (one row per stage change): it maps a `deal` column."""
        return self.kind == "deals" and "deal" in self.columns.explicit

    def wanted(self) -> Wanted:
        names: dict[str, str | None] = dict(self.columns.names)
        names.update({f"where:{f.column}": f.column for f in self.where})
        names.update({f"entered:{stage}": column for stage, column in self.entered.items()})
        required = {*REQUIRED[self.kind], *self.columns.explicit}
        if self.history:  # one row per stage change: the deal, the date and the stage; no created date
            required = {"deal", "date", "stage", *self.columns.explicit}
        required.update(fld for fld in names if fld.startswith(("where:", "entered:")))
        return Wanted(names, frozenset(required))


class Mapper:
    """A reading made ready for one pass over rows: normalized lookups, cached per cell."""

    def __init__(self, reading: Reading, stages: StageIndex):
        self.reading = reading
        self.stages = stages
        self._values = {normalize(k): v for k, v in reading.values.items()}
        self._won = frozenset(normalize(v) for v in reading.won)
        self._lost = frozenset(normalize(v) for v in reading.lost)
        self._drop = frozenset(normalize(v) for v in reading.drop)
        self.filters: tuple[tuple[str, Filter, dict[str, bool]], ...] = tuple(
            (f"where:{f.column}", f, {}) for f in reading.where
        )
        self._members = {fold_name(k).casefold(): v for k, v in (*reading.people.items(), *reading.members.items())}
        self.members_used: set[str] = set()  # keys of the members map that matched a row
        self.names_unmapped: dict[str, None] = {}  # names not in a members map (in the order met)
        self.without_member = 0  # counted rows whose member cell is empty
        self._stage_cache: dict[str, tuple[str, frozenset[str] | set[str]]] = {}
        self._member_cache: dict[str, str] = {}

    def places(self, index: Mapping[str, int]) -> tuple[tuple[int, Filter, dict[str, bool]], ...]:
        """Each filter with the place of its cell in rows read with `index` (-1: not there) and its cache."""
        return tuple((index.get(fld, -1), condition, cache) for fld, condition, cache in self.filters)

    def keeps_at(self, places: tuple[tuple[int, Filter, dict[str, bool]], ...], values: list[str]) -> bool:
        """Whether every filter keeps the row whose cells are `values` (`places`: from `places`)."""
        for i, condition, cache in places:
            raw = (values[i] if i >= 0 else None) or ""
            kept = cache.get(raw)
            if kept is None:
                kept = self.decide(condition, cache, raw)
            if not kept:
                return False
        return True

    @staticmethod
    def decide(condition: Filter, cache: dict[str, bool], raw: str) -> bool:
        """A filter's answer for a cell not in its cache, kept there (cells repeat)."""
        kept = condition.keeps(normalize(raw))
        if len(cache) < MAX_CACHED:
            cache[raw] = kept
        return kept

    def stage(self, raw: str) -> tuple[str, frozenset[str] | set[str]]:
        """(value normalized, what it means): {stage id}, {DROP}, {WON}, {LOST}, several stage ids
        (ambiguous) or none (unknown)."""
        found = self._stage_cache.get(raw)
        if found is None:
            value = normalize(raw)
            if value in self._values:
                meaning: frozenset[str] | set[str] = frozenset((self._values[value],))
            elif value in self._won:
                meaning = frozenset((WON,))
            elif value in self._lost:
                meaning = frozenset((LOST,))
            elif value in self._drop:
                meaning = frozenset((DROP,))
            else:
                meaning = self.stages.match_normalized(value)
            found = (value, meaning)
            if len(self._stage_cache) < MAX_CACHED:
                self._stage_cache[raw] = found
        return found

    def member(self, raw: str | None) -> str | None:
        """The member a name stands for: the members map's, else the name itself (folded)."""
        if not raw or raw.isspace():
            if raw is not None:  # the column is there, the cell empty: counted in totals, no member's row
                self.without_member += 1
            return None
        member = self._member_cache.get(raw)
        if member is None:
            name = fold_name(raw)
            key = name.casefold()
            if key in self._members:
                self.members_used.add(key)
                member = self._members[key]
            else:
                member = name
                if self._members and len(self.names_unmapped) < MAX_CACHED:
                    self.names_unmapped[name] = None
            if len(self._member_cache) < MAX_CACHED:
                self._member_cache[raw] = member
        return member or None

    def members_unused(self) -> list[str]:
        """The members map's names that matched no row, as the spec writes them."""
        return [k for k in self.reading.members if fold_name(k).casefold() not in self.members_used]
