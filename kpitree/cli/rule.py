"""`kpitree rule CODE` / `kpitree rule --all`: a rule's documentation, or the list of rules."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Optional

import typer

from kpitree.cli import options
from kpitree.i18n import rule_doc, t
from kpitree.visible import visible

SEVERITY_WIDTH = 8  # columns of the severity in `rule --all`

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
    output_file: options.OutputFile = None,
    force: options.Force = False,
) -> None:
    from kpitree.cli.outputs import Outputs
    from kpitree.rules import REGISTRY, get, summary_of

    outputs = Outputs(output_file, force=force)
    if all_rules or code is None:
        with outputs.writing() as out:
            for c, r in REGISTRY.items():
                severity = _pad(t(f"severity.{r.SEVERITY}"), SEVERITY_WIDTH)
                summary = summary_of(rule_doc(c, r.__doc__ or ""))
                out.write(t("rule.list_line", code=c, severity=severity, name=r.NAME, summary=summary) + "\n")
        return
    try:
        r = get(code)
    except KeyError:
        raise options.fail([t("cli.unknown_rule", code=visible(code), known=", ".join(REGISTRY))]) from None
    head = t("rule.head", code=r.CODE, name=r.NAME, severity=t(f"severity.{r.SEVERITY}"))
    with outputs.writing() as out:
        out.write(f"{head}\n\n{rule_doc(r.CODE, r.__doc__ or '').strip()}\n")


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Japanese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)
