"""Writing the files the user owns: all of them or none of them, never half of one.

A device or FIFO (`-o /dev/stdout`) is written into, not replaced; a symbolic link is followed,
so the file it points to is replaced and the link stays. Otherwise the new content goes to a
temporary file beside the target (same folder, so the same file system), is flushed to disk,
takes the existing file's mode, and is renamed into place: a run that fails or is interrupted
leaves the old file whole and no temporary file behind. Without `overwrite`, an existing file is
never replaced, not even by a race between the check and the rename (the new file is linked into
place, which fails if the name exists).

Several files are written together in two steps: `stage()` each (its temporary file written),
then `commit()` them all (devices and FIFOs written into first, since they are the ones that can
still fail or block, then every rename); `discard()` removes what was staged. So when one output
cannot be written, or the run is interrupted before the renames, no file is replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass
class Staged:
    """One file ready to be put in place: its temporary file, or (a device, a FIFO) its bytes."""

    path: str
    overwrite: bool
    tmp: str | None = None
    data: bytes | None = None


def write_atomic(path: str, data: bytes, *, overwrite: bool) -> None:
    """Write `data` to `path` atomically; FileExistsError when it exists and not `overwrite`.

    Other OSErrors (a missing folder, no permission) propagate for the caller to word.
    """
    commit([stage(path, data, overwrite=overwrite)])


def stage(path: str, data: bytes, *, overwrite: bool) -> Staged:
    """`data` written to a temporary file beside `path` (nothing replaced yet)."""
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(path)
    if os.path.islink(path):  # replace the file the link points to, not the link
        path = os.path.realpath(path)
    if is_special(path):  # `-o /dev/stdout`, `-o /dev/null`, a FIFO: written into at commit
        return Staged(path, overwrite, data=data)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _mode(path))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Staged(path, overwrite, tmp=tmp)


def commit(staged: Sequence[Staged]) -> None:
    """Put every staged file in place; on a failure (or Ctrl-C) before the renames, none is
    replaced and every temporary file is removed. The error propagates, its `filename` the path."""
    try:
        for item in staged:
            if item.data is not None:  # a device or FIFO
                try:
                    with open(item.path, "wb") as out:
                        out.write(item.data)
                except OSError as exc:
                    exc.filename = item.path
                    raise
        with _uninterrupted():  # Ctrl-C among the renames waits for the last one: all, not some
            _rename_all(staged)
    finally:
        discard(staged)


def _rename_all(staged: Sequence[Staged]) -> None:
    for item in staged:
        if item.tmp is None:
            continue
        try:
            if item.overwrite:
                os.replace(item.tmp, item.path)
            else:
                _link_into_place(item.tmp, item.path)
        except OSError as exc:
            exc.filename = item.path
            raise
        item.tmp = None


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """SIGINT held back while the block runs (in the main thread), then raised as Ctrl-C."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    if caught:
        raise KeyboardInterrupt


def discard(staged: Sequence[Staged]) -> None:
    """Remove the temporary files not yet renamed into place."""
    for item in staged:
        if item.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(item.tmp)
            item.tmp = None


def is_special(path: str) -> bool:
    """Whether `path` exists and is neither a regular file nor a folder (a device, a FIFO, a socket)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _mode(path: str) -> int:
    """The existing file's permissions, or what a new file gets under the current umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _link_into_place(tmp: str, path: str) -> None:
    """Create `path` from `tmp` only if `path` does not exist (a hard link), else FileExistsError."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check and rename, the best it allows
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)
