"""`kpitree init [PATH]`: a commented starter spec from a template, never over a file without --force."""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum
from typing import Annotated

import typer

from kpitree.cli import options
from kpitree.i18n import t
from kpitree.visible import visible

app = typer.Typer(add_completion=False, rich_markup_mode=None)


# A spec's dates are 1900-01-01..9998-12-31 (docs/errors.md); the fiscal year (April to March)
# holding --today must lie inside: from FY1900 (1900-04-01..1901-03-31) to FY9997.
FIRST_TODAY = date(1900, 4, 1)
LAST_TODAY = date(9998, 3, 31)


class Template(str, Enum):
    new_business = "new-business"
    inside_sales = "inside-sales"
    saas = "saas"


@app.command(help=t("help.init"), short_help=t("help.init.short"))
def init(
    path: Annotated[str, typer.Argument(metavar="PATH", help=t("help.init.path"))] = "goal.kpi.yaml",
    template: Annotated[
        Template, typer.Option("--template", "-t", help=t("help.init.template"))
    ] = Template.new_business,
    force: Annotated[bool, typer.Option("--force", help=t("help.init.force"))] = False,
    today: options.Today = None,
) -> None:
    from kpitree.cli.outputs import Outputs, target_problem
    from kpitree.i18n import active

    pinned = options.parse_today(today)
    if not FIRST_TODAY <= pinned <= LAST_TODAY:  # the fiscal year must be dates a spec may hold
        raise options.fail([t("init.today_out_of_range", value=pinned, first=FIRST_TODAY, last=LAST_TODAY)])
    text = render(template.value, active(), pinned)
    if path == "-":  # `-` means stdin elsewhere; here it would be a file named '-'
        raise options.fail([t("init.dash")])
    if not path:
        raise options.fail([t("output.empty_name")])
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise options.fail([t("init.is_directory", path=path)])
    if not os.path.isdir(folder):
        raise options.fail([target_problem(path) or t("init.no_folder", path=path, folder=folder)])
    if not force and os.path.lexists(path):
        raise options.fail([t("init.exists", path=path)])
    outputs = Outputs(None, path, force=force, overwrite=force)  # never over the config in force
    outputs.add(path, text)
    outputs.finish()
    sys.stderr.write(t("init.written", path=visible(path), template=template.value) + "\n")


def render(template: str, lang: str, today: date) -> str:
    """A template's text in `lang` (English when it has none) for the fiscal year holding `today`."""
    from importlib.resources import files
    from string import Template as Text

    from kpitree.spec.days import NATIONAL, national_years

    folder = files("kpitree.templates")
    source = folder / f"{template}.{lang}.kpi.yaml"
    if not source.is_file():
        source = folder / f"{template}.en.kpi.yaml"
    year = today.year if today.month >= 4 else today.year - 1  # fiscal years start in April
    values = {"start": f"{year}-04-01", "deadline": f"{year + 1}-03-31", "year": str(year), "holidays": "JP"}
    known = national_years(NATIONAL)  # JP where its calendar covers the year (else T003 would warn at once)
    if known is None or not (known[0] <= year and year + 1 <= known[1]):
        values["holidays"] = "[]"
    return Text(source.read_text(encoding="utf-8")).substitute(values)
