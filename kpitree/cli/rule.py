"""`kpitree rule CODE` / `kpitree rule --all`: a rule's documentation, or the list of rules."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from kpitree.cli import options
from kpitree.i18n import t

app = typer.Typer(add_completion=False, rich_markup_mode=None)


def _complete_code(incomplete: str) -> list[str]:
    from kpitree.rules import REGISTRY

    return [code for code in REGISTRY if code.startswith(incomplete.upper())]


@app.command(help=t("help.rule"), short_help=t("help.rule.short"))
def rule(
    code: Annotated[
        Optional[str], typer.Argument(metavar="CODE", help=t("help.rule.code"), autocompletion=_complete_code)
    ] = None,
    all_rules: Annotated[bool, typer.Option("--all", help=t("help.rule.all"))] = False,
) -> None:
    from kpitree.rules import REGISTRY, get, summary

    if all_rules or code is None:
        with options.output():
            for c, r in REGISTRY.items():
                severity = t(f"severity.{r.SEVERITY}")
                sys.stdout.write(t("rule.list_line", code=c, severity=severity, name=r.NAME, summary=summary(r)) + "\n")
        return
    try:
        r = get(code)
    except KeyError:
        raise options.fail([t("cli.unknown_rule", code=code, known=", ".join(REGISTRY))]) from None
    head = t("rule.head", code=r.CODE, name=r.NAME, severity=t(f"severity.{r.SEVERITY}"))
    with options.output():
        sys.stdout.write(f"{head}\n\n{(r.__doc__ or '').strip()}\n")
