"""`plan --format text` on a company spec: the company KGI, each part's KGI and share, the roll-up.

The head is the plan tree's (title, KGI, period, baseline); under it one line per part (a
nested company with its own parts below it), then a table of the volumes per stage id added
up over the parts, then the findings of the company and its parts, each with its file.
"""

from __future__ import annotations

from typing import TextIO

from rich.text import Text
from rich.tree import Tree

from kpitree.i18n import plural, t
from kpitree.i18n.numbers import format_count, format_percent, format_quantity
from kpitree.pipeline import Planned
from kpitree.render import PlanView
from kpitree.render.console import console as make_console
from kpitree.render.plan_text import _finding_line, plan_tree, severity_counts
from kpitree.render.text_layout import Grid, print_grid, print_tree
from kpitree.rollup import rollup, shares
from kpitree.visible import visible


def write(planned: Planned, view: PlanView, out: TextIO) -> None:
    console = make_console(out, view.color)
    tree = plan_tree(planned.plan)
    _add_parts(tree, planned)
    print_tree(console, tree)
    print_grid(console, rollup_table(planned))
    for f in planned.findings:
        console.print(_finding_line(f), soft_wrap=True)
    if planned.findings:
        console.print(severity_counts(planned.findings), soft_wrap=True)
    else:
        console.print(Text(t("plan.no_findings"), style="green"))


def _add_parts(tree: Tree, company: Planned) -> None:
    for share, part in zip(shares(company), company.parts, strict=True):
        label = Text()
        label.append(t("parts.part") + " ", style="bold blue")
        label.append(visible(share.name), style="bold")
        label.append(t("plan.kgi_target", target=format_quantity(share.target, visible(share.unit))))
        label.append(" · " + t("parts.share", share=format_percent(share.share, 1)))
        label.append("\n" + visible(share.file), style="dim")
        _add_parts(tree.add(label), part)


def rollup_table(company: Planned) -> Grid:
    """One row per stage id: its name and id, the volume the parts require together, how many have it."""
    grid = Grid(
        title=Text(t("parts.rollup_title")),
        headers=[t("parts.column.stage"), t("parts.column.required"), t("parts.column.parts")],
        justify=["left", "right", "right"],
    )
    total = len(company.parts)
    for stage in rollup(company):
        name = t("parts.stage", name=visible(stage.name), id=visible(stage.id))
        grid.add_row([name, format_count(stage.required), plural("parts.of_parts", stage.parts, total=total)])
    return grid
