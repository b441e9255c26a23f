"""Cross-field validation of named people (E006): what no single field of `team.people` can say.

A spec that fails here cannot split its volumes over its people (a stage nobody works, a person who
leaves before joining), so these are validation errors, reported at the field to change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.visible import shown_name, visible

if TYPE_CHECKING:
    from kpitree.spec.model import Spec
    from kpitree.spec.yaml_source import YamlDoc


def team_problems(spec: Spec, doc: YamlDoc) -> Iterator[Problem]:
    people = spec.team.people
    if people is None:
        return
    if ("team", "members") in doc.keys:
        yield Problem(("team", "members"), t("cross.members_and_people"), at_key=True)
    seen: dict[str, int] = {}
    names: dict[str, str] = {" ".join(p.id.split()).casefold(): p.id for p in people}  # an id is a name too
    kgi = spec.kgi
    for i, person in enumerate(people):
        path = ("team", "people", i)
        if person.id in seen:
            yield Problem((*path, "id"), t("cross.duplicate_person_id", id=person.id, first=seen[person.id] + 1))
        seen.setdefault(person.id, i)
        if person.start is not None and person.end is not None and person.end < person.start:
            yield Problem(
                (*path, "end"), t("cross.person_end_before_start", person=person.id, start=person.start, end=person.end)
            )
        if (person.start or kgi.start) > kgi.deadline or (person.end or kgi.deadline) < kgi.start:
            late = person.start is not None and person.start > kgi.deadline
            yield Problem(
                (*path, "start" if late else "end"),
                t("cross.person_outside_period", person=person.id, start=kgi.start, deadline=kgi.deadline),
            )
        for j, leave in enumerate(person.leave):
            if leave.to < leave.from_:
                yield Problem((*path, "leave", j, "to"), t("cross.leave_backwards", first=leave.from_, last=leave.to))
        for j, alias in enumerate([person.name, *person.aliases]):
            if alias is None:
                continue
            key = " ".join(alias.split()).casefold()
            other = names.setdefault(key, person.id)
            if other != person.id:
                at: tuple[str | int, ...] = (*path, "aliases", j - 1) if j else (*path, "name")
                yield Problem(at, t("cross.person_name_twice", name=visible(alias), person=person.id, other=other))
    owners = {p.owner for p in people}
    for dpath, driver in spec.effective_drivers():
        for j, stage in enumerate(driver.funnel):
            owner = stage.owner or driver.owner
            if owner is not None and owner not in owners:
                listed = ", ".join(f"'{visible(o)}'" for o in sorted(o for o in owners if o)) or "–"
                yield Problem(
                    (*dpath, "funnel", j), t("cross.people_owner", stage=shown_name(stage), owner=owner, owners=listed)
                )
