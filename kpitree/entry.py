"""The console entry point: route `check` to its fast path, everything else to typer.

Also where the process-wide promises are kept: a closed pipe ends quietly, a crash is one
line (KPITREE_DEBUG=1 shows the traceback), Ctrl-C exits 130.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # no entry-point scan at start-up
    try:
        if sys.argv[1:2] == ["check"]:  # no typer import on this path (docs/benchmarks.md)
            from kpitree.check_cli import run

            code = run(sys.argv[2:])
        else:
            from kpitree.cli import app

            app()
            code = 0
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_pipe()
        code = 1
    except KeyboardInterrupt:
        sys.stderr.write("kpitree: interrupted\n")
        code = 130
    except Exception as exc:  # a bug: one line, exit 2
        if os.environ.get("KPITREE_DEBUG"):
            raise
        sys.stderr.write(
            f"kpitree: internal error: {type(exc).__name__}: {exc} (set KPITREE_DEBUG=1 for a traceback)\n"
        )
        code = 2
    sys.exit(code)


def _quiet_pipe() -> None:
    """Point stdout at devnull so the interpreter's final flush cannot complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
