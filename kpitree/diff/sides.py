"""Where the two sides of a diff come from: a path, `-` for stdin, or `REV:PATH` read from git.

`REV:PATH` is read with `git show` in the repository of the current directory, as git reads it:
PATH from the repository's top (`HEAD~1:plans/fy2026.kpi.yaml`), or from the current directory
when it starts with `./`. An argument that names an existing file is that file, even with a
colon in its name. `changed_since` lists the specs that differ between a revision and the
working tree (`--base`), renames followed, untracked specs included. The only module of
`kpitree diff` that runs anything outside Python.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from kpitree.i18n import t
from kpitree.visible import visible

GIT_TIMEOUT = 60  # seconds for one git command


class SideError(Exception):
    """A side that cannot be read: args[0] is the one line to print."""


@dataclass(frozen=True)
class Side:
    """One side: its label in messages (`HEAD:plans/a.kpi.yaml`), the file it is on disk when it is
    one (annotations point there), and its text (None: the spec does not exist on that side)."""

    label: str
    path: str | None
    text: str | None


@dataclass(frozen=True)
class Changed:
    """A spec that differs between the base revision and the working tree (paths from the current directory)."""

    old: str | None  # None: added since the base
    new: str | None  # None: deleted since the base


def read_side(arg: str) -> Side:
    """The side an argument names (module docstring); SideError when it cannot be read."""
    from kpitree.findings import SourceError, SpecError
    from kpitree.spec.source import decode, display_name, read_source

    if arg == "-" or os.path.exists(arg) or ":" not in arg:
        try:
            return Side(display_name(arg), None if arg == "-" else arg, read_source(arg))
        except SourceError as exc:
            raise SideError(exc.line()) from None
        except SpecError as exc:
            raise SideError(_first(exc)) from None
    rev, _, path = arg.partition(":")
    data = show(rev, path, arg)
    try:
        return Side(arg, None, decode(data, arg))
    except SpecError as exc:
        raise SideError(_first(exc)) from None


def at_revision(rev: str, path: str) -> Side:
    """The spec at `path` (from the current directory) as revision `rev` has it."""
    from kpitree.findings import SpecError
    from kpitree.spec.source import decode

    inside = _relative(path)
    label = f"{rev}:{inside}"
    data = show(rev, inside, label)
    try:
        return Side(label, None, decode(data, label))
    except SpecError as exc:
        raise SideError(_first(exc)) from None


def show(rev: str, path: str, label: str) -> bytes:
    """The bytes of `path` at `rev` (`git show REV:PATH`)."""
    from kpitree.spec.source import MAX_BYTES

    toplevel()  # outside a repository: say so before anything else
    verify(rev)
    done = _git("cat-file", "-t", f"{rev}:{path}", check=False)
    if done.returncode != 0:
        raise SideError(t("diff.no_such_path", label=visible(label), rev=visible(rev), path=visible(path)))
    if done.stdout.strip() != b"blob":
        raise SideError(t("diff.folder", label=visible(label)))
    data = _git("show", f"{rev}:{path}").stdout
    if len(data) > MAX_BYTES:
        raise SideError(t("diff.too_large", label=visible(label), size=len(data), limit=MAX_BYTES))
    return data


def exists_at(rev: str, path: str) -> bool:
    """Whether `path` (from the current directory) is a file or folder in revision `rev`."""
    try:
        inside = _relative(path)
    except SideError:
        return False
    return _git("cat-file", "-e", f"{rev}:{inside}", check=False).returncode == 0


def verify(rev: str) -> None:
    """SideError unless `rev` names a commit here."""
    if rev.startswith("-") or _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False).returncode:
        raise SideError(t("diff.no_such_revision", rev=visible(rev)))


def toplevel() -> str:
    """The top of the repository the current directory is in; SideError outside one."""
    done = _git("rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise SideError(t("diff.not_a_repository", cwd=visible(os.getcwd())))
    return os.fsdecode(done.stdout).strip()


def changed_since(base: str, paths: list[str]) -> list[Changed]:
    """Specs that differ between `base` and the working tree under `paths` (the current
    directory when none): modified, added (untracked too), deleted and renamed."""
    from kpitree.discovery import is_spec_name

    toplevel()
    verify(base)
    spec = ["--", *paths] if paths else ["--", "."]
    out = _git("diff", "--relative", "--name-status", "-z", "-M", "--no-ext-diff", base, *spec).stdout
    fields = os.fsdecode(out).split("\0")
    found: list[Changed] = []
    i = 0
    while i < len(fields) - 1:
        status = fields[i]
        if status.startswith(("R", "C")):
            old, new = fields[i + 1], fields[i + 2]
            i += 3
        else:
            old = new = fields[i + 1]
            i += 2
        if status.startswith("A"):
            found.append(Changed(None, new))
        elif status.startswith("D"):
            found.append(Changed(old, None))
        elif status.startswith("C"):
            found.append(Changed(None, new))
        else:
            found.append(Changed(old, new))
    untracked = os.fsdecode(_git("ls-files", "--others", "--exclude-standard", "-z", *spec).stdout)
    found += [Changed(None, p) for p in untracked.split("\0") if p]
    return [c for c in found if any(is_spec_name(os.path.basename(p)) for p in (c.old, c.new) if p)]


def _relative(path: str) -> str:
    """`path` as `git show` reads it from the current directory (`./a.kpi.yaml`); SideError when it
    is outside the repository."""
    top = toplevel()
    absolute = os.path.realpath(path)
    inside = os.path.relpath(absolute, os.path.realpath(top))
    if inside == os.pardir or inside.startswith(os.pardir + os.sep) or os.path.isabs(inside):
        raise SideError(t("diff.outside_repository", path=visible(path), top=visible(top)))
    return inside.replace(os.sep, "/")


def _git(*args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise SideError(t("diff.no_git")) from None
    except subprocess.TimeoutExpired:
        raise SideError(t("diff.git_timeout", seconds=GIT_TIMEOUT)) from None
    if check and done.returncode != 0:
        message = os.fsdecode(done.stderr).strip().splitlines()
        raise SideError(
            t("diff.git_failed", command=" ".join(args[:1]), message=visible(message[-1] if message else ""))
        )
    return done


def _first(exc: Exception) -> str:
    from kpitree.findings import diagnostic

    findings = getattr(exc, "findings", [])
    return diagnostic(findings[0]) if findings else str(exc)
