"""The files one run writes (`-o`, `--html`, `--svg`, `init`'s spec): checked before anything is
computed, written together after everything is, all of them or none (docs/cli.md, "Output files").

Refused before the run does any work, one line each, exit 2: a path that cannot be a file (empty,
a folder, a missing folder), a file the run reads (the spec, an actuals file, a spec under a folder
`check` walks, the config in force, stdin's file), two outputs naming the same file, and a
read-only file (unless `--force`), as a shell's `>` refuses it. Then every output is staged
(kpitree/atomic.py) and the main output written (stdout, or staged too); only when all of that
succeeded are the files put in place. A failure or Ctrl-C before that replaces none of them.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Optional, TextIO

from kpitree.cli.options import STDOUT, fail, project_config, silence_stdout, stdout_failed
from kpitree.i18n import t
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.atomic import Staged


class Outputs:
    """The outputs of one run. `output` is `-o` (None or `-`: stdout); `files` are the other
    outputs (`--html`, `--svg`; None when not asked for). Created first thing in a command: it
    refuses bad targets (exit 2) before anything is read or computed."""

    def __init__(
        self,
        output: Optional[str],
        *files: Optional[str],
        reading: tuple[str, ...] = (),
        config: Optional[str] = None,
        isolated: bool = False,
        force: bool = False,
        overwrite: bool = True,
    ) -> None:
        self.output = None if output == STDOUT else output
        self.overwrite = overwrite
        self.staged: list[Staged] = []
        problems = []
        read = (*reading, *_config_files(config, isolated))
        for path in (self.output, *files):
            if path is None:
                continue
            if path == STDOUT:
                problems.append(t("output.dash_not_stdout"))
                continue
            problem = target_problem(path) or _reads(path, read)
            if problem is None and not force:
                problem = _read_only(path)
            if problem:
                problems.append(problem)
        problems.extend(_shared(self.output, *files))
        if problems:
            raise fail(problems)

    def add(self, path: Optional[str], text: str) -> None:
        """Stage one more output (`--html`, `--svg`); nothing is replaced before the run ends well."""
        if path is not None:
            self._stage(path, text)

    @contextmanager
    def writing(self) -> Iterator[TextIO]:
        """Where the main output goes (stdout, or a buffer for `-o FILE`). When the block ends well,
        every output is put in place together; when it fails or is interrupted, none is. On stdout a
        reader that went away (`| head`) ends the output quietly, not the run."""
        from kpitree.atomic import discard

        try:
            if self.output is None:
                try:
                    yield sys.stdout
                    sys.stdout.flush()
                except BrokenPipeError:
                    silence_stdout()
                except OSError as exc:  # `> /dev/full`, a disk that filled up: one line, exit 2
                    raise stdout_failed(exc) from None
            else:
                buffer = io.StringIO()
                yield buffer
                self._stage(self.output, buffer.getvalue())
            self.finish()
        finally:
            discard(self.staged)

    def finish(self) -> None:
        """Put every staged output in place, all of them or (a failure: one line, exit 2) none."""
        from kpitree.atomic import commit

        try:
            commit(self.staged)
        except FileExistsError as exc:
            raise fail([t("init.exists", path=visible(str(exc.filename or exc)))]) from None
        except OSError as exc:
            raise fail([_cannot_write(exc.filename or "", exc)]) from None

    def _stage(self, path: str, text: str) -> None:
        from kpitree.atomic import stage

        try:
            self.staged.append(stage(path, text.encode("utf-8"), overwrite=self.overwrite))
        except FileExistsError:
            raise fail([t("init.exists", path=visible(path))]) from None
        except OSError as exc:
            raise fail([_cannot_write(path, exc)]) from None


def _cannot_write(path: str, exc: OSError) -> str:
    return t("output.cannot_write", path=visible(str(path)), reason=exc.strerror or str(exc))


def target_problem(path: str) -> str | None:
    """Why `path` cannot be written as an output file (one line), or None when it can be tried."""
    if not path:
        return t("output.empty_name")
    if os.path.isdir(path):
        return t("output.is_directory", path=visible(path))
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        above = folder
        while above and not os.path.exists(above) and os.path.dirname(above) != above:
            above = os.path.dirname(above)
        if os.path.exists(above) and not os.path.isdir(above):
            return t("output.folder_is_file", path=visible(path), file=visible(above))
        return t("output.no_folder", path=visible(path), folder=visible(folder))
    return None


def _config_files(option: Optional[str], isolated: bool) -> tuple[str, ...]:
    """The config files this run reads: `--config FILE` and the project config in force."""
    from kpitree.config import ConfigError

    if isolated:
        return ()
    try:
        found = project_config(option=option, isolated=False).path
    except ConfigError:  # reported when the command reads it
        found = None
    return tuple(p for p in (option, found) if p)


def _reads(path: str, reading: tuple[str, ...]) -> str | None:
    """The line refusing `path` when it is one of the files read (a spec, actuals, the config,
    stdin's file, a spec under a folder `check` walks), else None. The same file by any spelling
    (`./x`, a symbolic link, a hard link) counts."""
    from kpitree.discovery import is_spec_name

    try:
        target = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(target.st_mode):  # a device or FIFO is written into, never replaced
        return None
    refused = t("output.is_input", path=visible(path))
    for source in reading:
        if source == STDOUT:
            if _same_as_stdin(target):
                return refused
            continue
        if os.path.isdir(source):
            if is_spec_name(os.path.basename(path)):
                folder = os.path.join(os.path.realpath(source), "")
                if os.path.realpath(path).startswith(folder):
                    return refused
            continue
        try:
            if os.path.samefile(source, path):
                return refused
        except OSError:
            continue
    return None


def _same_as_stdin(target: os.stat_result) -> bool:
    """Whether stdin is redirected from the file `target` (`plan - < spec -o spec`)."""
    try:
        own = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (own.st_dev, own.st_ino) == (target.st_dev, target.st_ino)


def _shared(*paths: Optional[str]) -> list[str]:
    """One line for each output that names the same file as an earlier one (by any spelling).
    A character device (`/dev/null`, `/dev/stdout`) may take several outputs."""
    seen: dict[object, str] = {}
    problems = []
    for path in paths:
        if not path or path == STDOUT:
            continue
        try:
            info = os.stat(path)
        except OSError:
            key: object = os.path.normcase(os.path.realpath(os.path.abspath(path)))
        else:
            if stat.S_ISCHR(info.st_mode):
                continue
            key = (info.st_dev, info.st_ino)
        if key in seen:
            problems.append(t("output.same_file", path=visible(path), other=visible(seen[key])))
        else:
            seen[key] = path
    return problems


def _read_only(path: str) -> str | None:
    """The line refusing an existing file that a shell's `>` could not write ("Permission
    denied"), or None. As root, whom the system lets write anything, a file with no write
    permission bit at all (0444) is refused too, as it would be for its owner."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if getattr(os, "geteuid", lambda: -1)() == 0:
        writable = bool(info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    else:
        writable = os.access(path, os.W_OK)
    return None if writable else t("output.read_only", path=visible(path))
