"""Writing a file the user owns: all of it or none of it, never half.

A device or FIFO (`-o /dev/stdout`) is written into, not replaced; a symbolic link is followed,
so the file it points to is replaced and the link stays. Otherwise the new content goes to a temporary file beside the target (same folder, so the same file
system), is flushed to disk, takes the existing file's mode, and is renamed into place: a run
that fails or is interrupted leaves the old file whole and no temporary file behind. Without
`overwrite`, an existing file is never replaced, not even by a race between the check and the
rename (the new file is linked into place, which fails if the name exists).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


def write_atomic(path: str, data: bytes, *, overwrite: bool) -> None:
    """Write `data` to `path` atomically; FileExistsError when it exists and not `overwrite`.

    Other OSErrors (a missing folder, no permission) propagate for the caller to word.
    """
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(path)
    if os.path.islink(path):  # replace the file the link points to, not the link
        path = os.path.realpath(path)
    if _is_special(path):  # `-o /dev/stdout`, `-o /dev/null`, a FIFO: write into it, never rename over it
        with open(path, "wb") as out:
            out.write(data)
        return
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _mode(path))
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_into_place(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _is_special(path: str) -> bool:
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
