"""The command line: one typer app, a table of commands, and the promises every run keeps.

pip's pattern: the app knows each command's name and module; a command's module (and what it
imports) loads only when that command runs or its help is shown. Every run, whatever the
command: a closed pipe ends quietly, Ctrl-C exits 130 with one line, a bug is one line and
exit 3 (`--debug` shows the traceback), usage errors exit 2. docs/cli.md has the contract.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

try:  # typer bundles its own click since 0.2x; older releases use click itself
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException  # type: ignore[import-not-found,no-redef,unused-ignore]

from kpitree import interrupts
from kpitree.cli import framing
from kpitree.i18n import active, t
from kpitree.visible import visible

# name -> module with a one-command `app`; the order is the order of `kpitree --help`.
COMMANDS: dict[str, str] = {
    "init": "kpitree.cli.init",
    "plan": "kpitree.cli.plan",
    "check": "kpitree.cli.check",
    "track": "kpitree.cli.track",
    "simulate": "kpitree.cli.simulate",
    "whatif": "kpitree.cli.whatif",
    "diff": "kpitree.cli.diff",
    "rule": "kpitree.cli.rule",
    "schema": "kpitree.cli.schema",
}

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class DEBUG:
    """Whether this run shows tracebacks (`--debug` or KPITREE_DEBUG): set by `run()` and the root option."""

    on = False


_IMPORTED_IN: dict[str, str] = {}  # module with help texts -> the language they were written in
SHARED_HELP = "kpitree.cli.options"  # the options several commands share, their help written at import


def _in_active_language(name: str) -> Any:
    """A command's module, imported anew when its help (written at import, with the shared options')
    is in another language than the active one: a second run in one process (a library user's, a
    test's) may change the language."""
    if _stale(SHARED_HELP):
        importlib.reload(importlib.import_module(SHARED_HELP))
        _IMPORTED_IN.pop(name, None)  # its options are stale too
        _IMPORTED_IN[SHARED_HELP] = active()
    stale = _stale(name)
    module = importlib.import_module(name)
    if stale:
        module = importlib.reload(module)
    _IMPORTED_IN[name] = active()
    return module


def _stale(name: str) -> bool:
    """Whether module `name` was imported in another language than the active one (or in one not
    recorded: imported by an import of its own)."""
    known = _IMPORTED_IN.get(name)
    if known is None:
        module = sys.modules.get(name)
        known = active() if module is None else getattr(module, "HELP_LANGUAGE", None)  # None: unknown
        _IMPORTED_IN[name] = active()  # as it will be after the caller's import or reload
    return known != active()


class CommandTable(TyperGroup):
    """A group whose commands are imported on first use, framed in the active language."""

    context_class = framing.LocalizedContext

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = typer.main.get_command(_in_active_language(module).app)
        command.name = cmd_name
        framing.localize(command, ctx)
        return command

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t("help.help")
        return option

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        for param in params:  # typer's own --install-completion and --show-completion
            if param.name in framing.COMPLETION_OPTIONS:
                param.help = t(f"click.{param.name}")
        return params


def _version(value: bool) -> None:
    if value:
        from kpitree import __version__

        sys.stdout.write(t("cli.version", version=__version__) + "\n")
        raise typer.Exit(0)


def _lang(value: str | None) -> str | None:
    from kpitree.i18n import LANGUAGES

    if value is not None and value.lower() not in LANGUAGES:
        raise typer.BadParameter(t("cli.bad_lang", value=visible(value), known=", ".join(LANGUAGES)))
    return value


def build_app() -> typer.Typer:
    """The root app, its help in the language chosen by then (commands load theirs when they run)."""
    framing.install()
    root = typer.Typer(
        name="kpitree",
        cls=CommandTable,
        help=t("help.app"),
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @root.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", "-V", callback=_version, is_eager=True, help=t("help.version")
        ),
        lang: str = typer.Option(None, "--lang", metavar="LANG", callback=_lang, help=t("help.lang")),
        debug: bool = typer.Option(False, "--debug", help=t("help.debug")),
    ) -> None:
        """The options before the command; `run()` acted on --lang and --debug already."""
        if debug:
            DEBUG.on = True

    return root


def __getattr__(name: str) -> Any:
    """`kpitree.cli.app`, for `typer.testing.CliRunner` and library users (`run()` builds its own).

    Built on first use, in the language active then: building it at import would look up its help
    in English before `run()` chose the language, importing a catalogue the run does not use.
    """
    if name == "app":
        return build_app()
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> None:
    """The console script `kpitree`."""
    sys.exit(run(sys.argv[1:] if argv is None else argv))


def _closed_streams_to_devnull() -> None:
    """`kpitree plan spec >&-` starts with no stdout at all (None): the output has no reader, as
    after `| head`, so it goes nowhere quietly; a closed stderr likewise loses only the messages."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the rest of the run
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


class _QuietStderr:
    """stderr that cannot fail the run: when it cannot be written (`2>/dev/full`) the messages are
    lost, not the exit code (the interpreter's last flush would otherwise exit 120)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError:
            self._give_up()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError:
            self._give_up()

    def _give_up(self) -> None:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        self._stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the rest of the run

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def run(args: list[str]) -> int:
    """Run one command line and return its exit code; nothing escapes but SystemExit."""
    _closed_streams_to_devnull()
    stderr = sys.stderr
    sys.stderr = _QuietStderr(stderr)
    try:
        return _run(args)
    finally:
        sys.stderr = stderr


def _run(args: list[str]) -> int:
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # no entry-point scan at start-up
    # A short run that builds many small acyclic objects (YAML nodes, positions): collecting every
    # 700 allocations spent half of loading a 10,000-stage spec in the collector (docs/benchmarks.md).
    gc.set_threshold(100_000, 50, 100)
    _closed_streams_to_devnull()
    debug = "--debug" in args or bool(os.environ.get("KPITREE_DEBUG"))
    DEBUG.on = debug
    try:
        held = interrupts.release()  # a Ctrl-C while starting (kpitree.interrupts): raised once the language is known
        args = _hoist_lang(args)
        _choose_language(args)
        if held:
            raise KeyboardInterrupt
        command = typer.main.get_command(build_app())
        result = command.main(args, prog_name="kpitree", standalone_mode=False)
        code = result if isinstance(result, int) else EXIT_OK
        sys.stdout.flush()
    except ClickException as exc:
        framing.show(exc)
        code = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        code = EXIT_INTERRUPTED
    except BrokenPipeError:  # `| head` closed the pipe outside a command's output (help, usage)
        from kpitree.cli.options import silence_stdout

        silence_stdout()
        code = EXIT_OK
    except OSError as exc:
        code = _stdout_failed(exc, debug)
    except Exception as exc:  # a bug: one line (the traceback with --debug)
        code = _internal_error(exc, debug)
    interrupts.hold()  # the result is in: a Ctrl-C from here on does not change it (kpitree.interrupts)
    if code == EXIT_INTERRUPTED:
        _write_quietly(t("cli.interrupted") + "\n")
    return code


def _stdout_failed(exc: OSError, debug: bool) -> int:
    """`> /dev/full` outside a command's output (help, --version, the last flush): one line, exit 2.
    Files are read and written with their own errors, so a full disk or an I/O error that reaches
    here is stdout's; any other OSError that stdout did not cause (it still takes a flush) is a bug."""
    import errno

    from kpitree.cli.options import stdout_failed

    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
        return stdout_failed(exc).exit_code
    try:
        sys.stdout.flush()
    except OSError as again:
        return stdout_failed(again).exit_code
    return _internal_error(exc, debug)


def _internal_error(exc: BaseException, debug: bool) -> int:
    """A bug: one line (the traceback with --debug), exit 3."""
    if debug:
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__)
    _write_quietly(t("cli.internal_error", error=visible(f"{type(exc).__name__}: {exc}")) + "\n")
    return EXIT_INTERNAL


def _hoist_lang(args: list[str]) -> list[str]:
    """`--lang X` anywhere before `--` moved to the front, where the root app reads it.

    `kpitree rule A004 --lang ja` then means `kpitree --lang ja rule A004`: the language is one
    choice for the whole run, whichever side of the command it is written on (docs/cli.md).
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == "--lang" and i + 1 < len(args):
            front += args[i : i + 2]
            i += 2
            continue
        (front if arg.startswith("--lang=") else rest).append(arg)
        i += 1
    return front + rest


def _choose_language(args: list[str]) -> None:
    """Set the message language before any help text is built (docs/cli.md: resolution order)."""
    from kpitree.i18n import LANGUAGES, resolve, use

    option = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            option = args[i + 1]
        elif arg.startswith("--lang="):
            option = arg.split("=", 1)[1]
    configured = None
    if option is None and not os.environ.get("KPITREE_LANG"):
        from kpitree.cli.options import project_config

        configured = project_config(args).lang
    lang = resolve(option, os.environ, configured)
    if lang in LANGUAGES:
        use(lang)
    elif option is None:  # KPITREE_LANG or the config names no language (an unknown --lang: _lang)
        raise typer.BadParameter(
            t("cli.bad_lang", value=visible(lang), known=", ".join(LANGUAGES)), param_hint="KPITREE_LANG"
        )


def _write_quietly(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
