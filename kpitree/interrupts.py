"""Ctrl-C while the command line is still starting: held until `run()` can answer it.

The `kpitree` command spends its first ~0.1 s importing (typer, click, the catalogue). A
KeyboardInterrupt raised in the middle of an import escapes every handler kpitree has: Python
prints a traceback and the process dies by SIGINT. So, from the first line of the package on,
when the process is the `kpitree` command (the console script or `python -m kpitree`), a Ctrl-C
is only noted; `run()` raises it as soon as it can handle it (after choosing the language), and
the run ends as every interrupted run does: one line, exit 130 (docs/cli.md). Once the command has
its result, a Ctrl-C no longer changes it.

A program that imports kpitree as a library (or a test runner) keeps its own Ctrl-C: nothing is
installed unless the process is the command itself.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

_COMMANDS = frozenset({"kpitree", "kpitree.exe", "kpitree-script.py"})


class _State:
    installed = False  # our handler is SIGINT's
    holding = False  # a Ctrl-C now is noted, not raised
    pending = False  # one was noted


def _handler(signum: int, frame: FrameType | None) -> None:
    if _State.holding:
        _State.pending = True
        return
    raise KeyboardInterrupt


def is_command() -> bool:
    """Whether this process is the `kpitree` command: its console script, or `python -m kpitree`
    (while Python looks the package up for `-m`, `sys.argv[0]` is `-m`)."""
    argv0 = sys.argv[0] if getattr(sys, "argv", None) else ""
    if argv0 == "-m":
        return True
    name = os.path.basename(argv0).lower()
    if name in _COMMANDS:
        return True
    return name == "__main__.py" and os.path.basename(os.path.dirname(argv0)) == "kpitree"


def hold() -> None:
    """From now on a Ctrl-C is noted until `release()`; only in the `kpitree` command itself."""
    if not _State.installed:
        if not is_command() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            return
        try:
            signal.signal(signal.SIGINT, _handler)
        except (ValueError, OSError):  # not the main thread
            return
        _State.installed = True
    _State.holding = True


def release() -> bool:
    """Ctrl-C raises KeyboardInterrupt again; whether one came while held (the caller raises it
    where it is ready to, as KeyboardInterrupt)."""
    _State.holding = False
    pending, _State.pending = _State.pending, False
    return pending
