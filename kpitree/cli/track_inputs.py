"""`track`'s actuals files and the options that apply to each, into one reading per file.

`--columns`, `--where` and `--encoding` apply to the `--actuals` just before them; given before the
first `--actuals`, to every file. Their order is the command line's, which click keeps only in its
parser: `OrderedCommand` records it in `ctx.meta` (checked with typer 0.27 and 0.28, whose bundled
click returns the order from `parser.parse_args`). `--actuals NAME=FILE` reads the file as the
spec's source NAME; a plain `--actuals FILE` as the only source when the spec names exactly one,
else as the unnamed reading (`actuals.columns`, as before sources existed). The command line comes
before the spec: a `--columns` replaces the source's columns, an `--encoding` its encoding, and
`--where` filters are added to the source's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand

from kpitree.i18n import plural, t
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.spec.model import ActualsSettings, ActualsSource, Person
    from kpitree.spec.yaml_source import YamlDoc
    from kpitree.track.mapping import Filter, Reading

ORDER = "kpitree.track.order"  # ctx.meta key: the parameters' names, one per occurrence, in order
PER_FILE = ("columns", "where", "encoding")


class OrderedCommand(TyperCommand):
    """A command that keeps the order of its options as given (in `ctx.meta[ORDER]`)."""

    def make_parser(self, ctx: Any) -> Any:
        parser = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_args(args: list[str]) -> Any:
            opts, largs, order = parse(args=args)
            ctx.meta[ORDER] = [getattr(param, "name", None) for param in order]
            return opts, largs, order

        parser.parse_args = parse_args  # type: ignore[method-assign]
        return parser


@dataclass
class FileOptions:
    """One `--actuals` and the options given for it (or, with `text` None, for every file)."""

    text: str | None = None  # FILE or NAME=FILE as given
    columns: str | None = None
    where: list[str] = field(default_factory=list)
    encoding: str | None = None


def in_order(
    order: Sequence[str | None], actuals: list[str], columns: list[str], where: list[str], encoding: list[str]
) -> tuple[FileOptions, list[FileOptions]]:
    """(the options for every file, each file with its own) from the command line's order."""
    given = {"actuals": iter(actuals), "columns": iter(columns), "where": iter(where), "encoding": iter(encoding)}
    every = FileOptions()
    files: list[FileOptions] = []
    for name in order:
        if name not in given:
            continue
        value = next(given[name])
        if name == "actuals":
            files.append(FileOptions(value))
            continue
        target = files[-1] if files else every
        if name == "where":
            target.where.append(value)
        elif getattr(target, name) is not None:
            option = f"--{name}"
            if target.text is None:
                raise typer.BadParameter(t("track.option_twice_all", option=option), param_hint=option)
            message = t("track.option_twice", option=option, file=visible(target.text))
            raise typer.BadParameter(message, param_hint=option)
        else:
            setattr(target, name, value)
    return every, files


def split_name(text: str, sources: Mapping[str, object]) -> tuple[str | None, str]:
    """(source name or None, path) of one `--actuals` value."""
    if "=" not in text:
        return None, text
    name, path = text.split("=", 1)
    if name in sources:
        return name, path
    if os.path.exists(text) or not name or any(c in name for c in "/\\."):
        return None, text  # a path with = in it
    if sources:
        message = t("track.source_unknown", name=visible(name), names=t("list.separator").join(sources))
    else:
        message = t("track.no_sources", name=visible(name))
    raise typer.BadParameter(message, param_hint="--actuals")


def parse_where(items: Sequence[str]) -> list[Filter]:
    """`COL=VALUE` and `COL!=VALUE` filters; the same column given twice with = means one of."""
    from kpitree.track.mapping import Filter

    equal: dict[str, list[str]] = {}
    not_equal: dict[str, list[str]] = {}
    for item in items:
        if "=" not in item:
            raise typer.BadParameter(t("track.where_syntax", value=visible(item)), param_hint="--where")
        column, value = item.split("=", 1)
        negated = column.endswith("!")
        column = column[:-1] if negated else column
        if not column.strip():
            raise typer.BadParameter(t("track.where_syntax", value=visible(item)), param_hint="--where")
        (not_equal if negated else equal).setdefault(column.strip(), []).append(value)
    columns = dict.fromkeys([*equal, *not_equal])
    return [Filter.of(c, equal.get(c, ()), not_equal.get(c, ())) for c in columns]


def spec_where(source: ActualsSource) -> list[Filter]:
    """A source's `where:`: equal, one of, or `{not: ...}`."""
    from kpitree.track.mapping import Filter

    filters = []
    for column, condition in source.where.items():
        if isinstance(condition, str):
            filters.append(Filter.of(column, [condition]))
        elif isinstance(condition, list):
            filters.append(Filter.of(column, condition))
        else:
            values = condition.not_
            filters.append(Filter.of(column, (), [values] if isinstance(values, str) else values))
    return filters


def readings(
    every: FileOptions,
    files: list[FileOptions],
    settings: ActualsSettings | None,
    spec_file: str,
    doc: YamlDoc,
    people: Sequence[Person] = (),
) -> list[tuple[str, Reading]]:
    """(path, reading) of each file; a usage or spec problem exits 2. Named people's ids, names and
    aliases stand for them in exports (docs/spec.md, "People")."""
    from kpitree.cli import options
    from kpitree.track.actuals_file import encoding_problem, problem_line
    from kpitree.track.columns import Columns, ColumnsError
    from kpitree.track.mapping import Reading

    sources = dict(settings.sources or {}) if settings is not None else {}
    members = dict(settings.members) if settings is not None else {}
    names = {
        name: person.name or person.id
        for person in people
        for name in (person.id, person.name, *person.aliases)
        if name
    }
    out: list[tuple[str, Reading]] = []
    for options_ in files:
        name, path = split_name(options_.text or "", sources)
        if name is None and len(sources) == 1:
            name = next(iter(sources))
        source = sources.get(name) if name is not None else None
        kind = source.kind if source is not None else "rows"
        at = ("actuals", "sources", name) if source is not None else ("actuals",)
        given = options_.columns or every.columns
        try:
            columns = Columns.parse(given, kind) if given is not None else None
        except ColumnsError as exc:
            raise typer.BadParameter(str(exc), param_hint="--columns") from None
        if columns is None:
            spec_columns = source.columns if source is not None else (settings.columns if settings else None)
            try:
                columns = Columns.parse({str(k): v for k, v in spec_columns.items()} if spec_columns else None, kind)
            except ColumnsError as exc:  # a spec value: reported at it
                line, column = doc.position((*at, "columns", exc.field))
                raise options.fail([problem_line(spec_file, line, column, str(exc))]) from None
        encoding = options_.encoding or every.encoding
        spec_encoding = encoding is None
        if encoding is None:
            encoding = source.encoding if source is not None else (settings.encoding if settings else None)
        if spec_encoding and encoding and (problem := encoding_problem(encoding)):  # a spec value: at it
            line, column = doc.position((*at, "encoding"))
            raise options.fail([problem_line(spec_file, line, column, problem)])
        where = [*(spec_where(source) if source is not None else ()), *parse_where([*every.where, *options_.where])]
        reading = Reading(
            name=name,
            kind=kind,
            columns=columns,
            values=dict(source.values) if source is not None else {},
            drop=tuple(source.drop) if source is not None else (),
            where=tuple(where),
            encoding=encoding,
            spec_encoding=spec_encoding and encoding is not None,
            entered=dict(source.entered) if source is not None else {},
            won=tuple(source.won) if source is not None else (),
            lost=tuple(source.lost) if source is not None else (),
            driver=source.driver if source is not None else None,
            members=members,
            people=names,
        )
        out.append((path, reading))
    _each_file_once(out)
    _every_source_given(out, sources)
    return out


def _each_file_once(out: list[tuple[str, Reading]]) -> None:
    """A file given twice would count its rows twice: a usage error (stdin is refused elsewhere)."""
    seen: set[str] = set()
    for path, _reading in out:
        if path == "-":
            continue
        key = os.path.realpath(path)
        if key in seen:
            raise typer.BadParameter(t("track.file_twice", path=visible(path)), param_hint="--actuals")
        seen.add(key)


def _every_source_given(out: list[tuple[str, Reading]], sources: Mapping[str, ActualsSource]) -> None:
    """Once one file is read as a named source, every source the spec names must be given: the stages
    a missing one counts would read as zero, and the review would blame them."""
    given = {reading.name for _path, reading in out if reading.name is not None}
    missing = [name for name in sources if name not in given]
    if given and missing and len(sources) > 1:
        names = t("list.separator").join(visible(name) for name in missing)
        raise typer.BadParameter(plural("track.source_missing", len(missing), names=names), param_hint="--actuals")
