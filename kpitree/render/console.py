"""The Rich console the text renderers print through: colour as decided, a closed pipe left to the CLI."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich exits 1 on a closed pipe; the command line decides (kpitree.cli.outputs.Outputs.writing)."""
        raise BrokenPipeError


def console(out: TextIO, color: bool | None) -> Console:
    """A console on `out`: `color` True or False decides, None lets Rich decide (NO_COLOR, a terminal)."""
    return _Console(
        file=out,
        force_terminal=color,
        no_color=True if color is False else None,
        highlight=False,
        markup=False,  # a name such as '[red]x' or '[/]' is text, never markup (or a MarkupError)
        emoji=False,  # ':smile:' in a name stays as written
    )
