"""The words typer and click print around kpitree's own, from the catalogue: `Usage:`, `Error:`,
`Try '… -h' for help.`, the `Arguments`/`Options`/`Commands` headings, `[default: …]`, the help
option's help, and the usage errors themselves (`Missing argument`, `Invalid value for`, ...).

typer 0.2x bundles its own click with these English texts written into the code, not looked up
through gettext, except typer's own `typer/core.py`, which looks its few up through a
module-level `_` (gettext's). So, at the boundary:

- help pages: every command gets `LocalizedContext`, whose formatter writes the usage prefix
  from the catalogue, and a help option whose help is `help.help`; `typer.core._` is pointed at
  the catalogue for the headings, `[default: …]`, `[required]` and the command errors.
- usage errors: `show()` writes them from the exception's own fields (the parameter, the option,
  its possibilities), and the value details click words itself (`'x' is not one of 'text',
  'json'.`) from the few patterns below. Any other detail is shown as click words it, in English
  (docs/cli.md lists what).

In English every text is click's own, character for character (tests/test_i18n.py).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

import typer.core

try:  # typer bundles its own click since 0.2x; older releases use click itself
    from typer._click import exceptions as click_exceptions
    from typer._click.core import Context
    from typer._click.formatting import HelpFormatter, measure_table
except ImportError:  # pragma: no cover
    from click import exceptions as click_exceptions  # type: ignore[import-not-found,no-redef,unused-ignore]
    from click.core import Context  # type: ignore[import-not-found,no-redef,unused-ignore]
    from click.formatting import HelpFormatter, measure_table  # type: ignore[import-not-found,no-redef,unused-ignore]

from kpitree.i18n import t
from kpitree.visible import visible

# typer/core.py's gettext message ids -> catalogue keys `click.<name>` (returned unformatted:
# typer fills in `{default}`, `{var}` and `{name!r}` itself).
GETTEXT: dict[str, str] = {
    "Arguments": "arguments",
    "Options": "options",
    "Commands": "commands",
    "default: {default}": "default",
    "required": "required",
    "(dynamic)": "dynamic",
    "env var: {var}": "env_var",
    "Missing command.": "missing_command",
    "No such command {name!r}.": "no_such_command",
    "Aborted!": "aborted",
}

# The details click writes into a usage error's message, as click words them -> `click.<name>`.
DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), key)
    for pattern, key in (
        (r"(?P<value>.+) is not one of (?P<choices>.+)\.", "not_one_of"),
        (r"(?P<value>.+) is not a valid int\.", "not_valid_int"),
        (r"(?P<value>.+) is not a valid int range\.", "not_valid_int_range"),
        (r"(?P<value>.+) is not a valid float\.", "not_valid_float"),
        (r"(?P<value>.+) is not a valid float range\.", "not_valid_float_range"),
        (r"(?P<value>.+) is not in the range (?P<range>.+)\.", "not_in_range"),
        (r"Option (?P<option>.+) requires an argument\.", "requires_argument"),
        (r"Option (?P<option>.+) requires (?P<count>\d+) arguments\.", "requires_arguments"),
        (r"Option (?P<option>.+) does not take a value\.", "takes_no_value"),
        (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", "extra_arguments"),
    )
)
NO_SUCH_OPTION = re.compile(r"No such option: (?P<option>.+)", re.DOTALL)
# typer's options on the root command whose help is `click.<name>`
COMPLETION_OPTIONS = frozenset({"install_completion", "show_completion"})

# Japanese line breaking (kinsoku): never start a line with these, never end one with those.
NO_LINE_START = frozenset("、。，．・：；？！）」』】〕ー…ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
NO_LINE_END = frozenset("（「『【〔")
TOKENS = re.compile(r"\s+|[!-~]+|.")  # a run of spaces, a word of printable ASCII, or one character


class LocalizedFormatter(HelpFormatter):
    """click's help formatter with the usage prefix from the catalogue, and help texts in Japanese
    (or any text with full-width characters) wrapped by terminal columns, not by characters."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, t("click.usage") + " " if prefix is None else prefix)

    def write_text(self, text: str) -> None:
        if not is_wide(text):
            super().write_text(text)
            return
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 10)
        paragraphs = [" ".join(p.split("\n")) for p in text.split("\n\n")]
        self.write("\n\n".join("\n".join(indent + line for line in wrap(p, width)) for p in paragraphs) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        if any(len(row) > 1 and is_wide(row[1]) for row in rows):
            first_col = min(measure_table(rows)[0], col_max) + col_spacing
            width = max(self.width - first_col - 2, 10)
            # "\b" on a line of its own: click keeps the lines of that paragraph as they are
            rows = [(r[0], "\b\n" + "\n".join(wrap(r[1], width))) if len(r) > 1 and is_wide(r[1]) else r for r in rows]
        super().write_dl(rows, col_max, col_spacing)


def is_wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def columns(text: str) -> int:
    """The terminal columns `text` takes (a full-width character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, broken between any two Japanese characters or at spaces,
    never inside an ASCII word, never before closing punctuation (、。）: the character before it
    goes down with it) and never after an opening one (（「)."""
    lines: list[str] = []
    line = ""
    for token in TOKENS.findall(text):
        if token.isspace():
            line += token if line else ""
            continue
        if line.strip() and columns(line + token) > width:
            line, carry = _break(line, token)
            if line.strip():
                lines.append(line.rstrip())
                line = carry
            else:  # nothing can go down: let it stand out
                line = carry
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _break(line: str, token: str) -> tuple[str, str]:
    """`line` cut where `token` may start the next one: (what stays, what goes down before it)."""
    if token[0] in NO_LINE_START:  # the last word or character, and the marks after it, go down
        match = re.search(r"(?:[!-~]+|\S)[" + "".join(sorted(NO_LINE_START)) + r"]*$", line)
        cut = match.start() if match else len(line)
    else:
        cut = len(line)
        while cut and line[cut - 1] in NO_LINE_END:
            cut -= 1
    return line[:cut], line[cut:]


class LocalizedContext(Context):
    formatter_class = LocalizedFormatter


def install() -> None:
    """Point typer's gettext lookups at the catalogue (idempotent; the language is read per call)."""
    typer.core._ = _gettext


def localize(command: Any, ctx: Any) -> None:
    """A command built by typer, made to write its usage and help option from the catalogue."""
    command.context_class = LocalizedContext
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = t("help.help")


def _gettext(message: str) -> str:
    name = GETTEXT.get(message)
    return t(f"click.{name}") if name is not None else message


def show(exc: Any) -> None:
    """A click exception on stderr as click shows it, in the active language."""
    if isinstance(exc, click_exceptions.NoArgsIsHelpError):
        exc.show()  # the help page, already in the active language
        return
    lines = []
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click_exceptions.UsageError) and ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(t("click.try_help", command=ctx.command_path, option=ctx.help_option_names[0]))
        lines.append("")
    lines.append(t("click.error", message=visible(message(exc))))  # the value echoed, as one line
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def message(exc: Any) -> str:
    """What follows `Error:`, as click's `format_message()` writes it, in the active language."""
    if isinstance(exc, click_exceptions.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click_exceptions.BadParameter):
        hint = _hint(exc)
        if hint is None:
            return t("click.invalid_value", message=detail(exc.message))
        return t("click.invalid_value_for", param=hint, message=detail(exc.message))
    if isinstance(exc, click_exceptions.NoSuchOption):
        match = NO_SUCH_OPTION.fullmatch(exc.message)
        text = t("click.no_such_option", option=match["option"]) if match else exc.message
        if exc.possibilities:
            return t("click.possible_options", message=text, options=", ".join(sorted(exc.possibilities)))
        return text
    return detail(exc.format_message())


def detail(text: str) -> str:
    """One of click's own sentences in the active language; anything else as it is."""
    for pattern, name in DETAILS:
        match = pattern.fullmatch(text)
        if match:
            return t(f"click.{name}", **match.groupdict())
    return text


def _hint(exc: Any) -> str | None:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(x) for x in hint)
    return hint


def _missing(exc: Any) -> str:
    hint = _hint(exc)
    kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else None)
    if not hint or kind not in ("argument", "option", "parameter"):
        return str(exc.format_message())
    text = exc.message
    if exc.param is not None:  # click adds what the type says is missing (a choice's choices)
        extra = exc.param.type.get_missing_message(param=exc.param, ctx=exc.ctx)
        if extra:
            text = f"{text}. {extra}" if text else extra
    head = t(f"click.missing.{kind}", param=hint)
    return f"{head} {text}" if text else head
