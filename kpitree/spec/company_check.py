"""Cross-field checks of a company spec (E006): a spec with `parts:` has its KGI and its parts only.

The parts themselves are read later (`kpitree.parts`): here only what the company spec's own text
shows. Each team's funnel, KPIs and actuals live in the team's spec.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kpitree.findings import Problem
from kpitree.i18n import t

if TYPE_CHECKING:
    from kpitree.spec.model import Spec
    from kpitree.spec.yaml_source import YamlDoc

# What a company spec may not have: the funnel and what belongs to it, which its teams have.
NOT_IN_COMPANY = ("drivers", "funnel", "deal_value", "cycle_days", "owner", "kpis", "actuals")


def company_problems(spec: Spec, doc: YamlDoc) -> Iterator[Problem]:
    """A funnel key beside `parts:`, and a part listed twice (it would be counted twice)."""
    for key in NOT_IN_COMPANY:
        value = getattr(spec, key)
        if value is not None and value != []:
            yield Problem((key,), t("cross.parts_with_funnel", key=key), at_key=True)
    seen: dict[str, int] = {}
    for i, entry in enumerate(spec.parts or ()):
        key = entry.strip().replace("\\", "/")
        if key in seen:
            yield Problem(("parts", i), t("cross.part_twice", file=entry, first=doc.position(("parts", seen[key]))[0]))
        else:
            seen[key] = i
