"""Reading a spec file's bytes and decoding them: the only place that touches the file system.

A path that is not a readable regular file is a `SourceError` (exit 2); bytes that are not
UTF-8 are a content problem of a readable file, an E001 finding at the bad byte.
"""

from __future__ import annotations

import os
import stat
import sys

from kpitree.findings import Finding, SourceError, SpecError
from kpitree.i18n import t

MAX_BYTES = 8 * 1024 * 1024
STDIN = "<stdin>"


def display_name(path: str) -> str:
    """The name a path has in messages: `<stdin>` for `-`."""
    return STDIN if path == "-" else path


def read_source(path: str) -> str:
    """The text of `path` (`-` is stdin), decoded as UTF-8; SourceError or SpecError if not."""
    return decode(read_bytes(path), display_name(path))


def read_bytes(path: str) -> bytes:
    """The bytes of `path` (`-` is stdin), at most MAX_BYTES; SourceError when it is not a readable file."""
    name = display_name(path)
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise SourceError(name, t("source.missing")) from None
        except OSError as exc:
            raise SourceError(name, t("source.unreadable", reason=exc.strerror or exc)) from None
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(name, t("source.directory"))
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(name, t("source.not_regular"))
        if info.st_size > MAX_BYTES:
            raise SourceError(name, t("source.too_large", size=info.st_size, limit=MAX_BYTES))
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise SourceError(name, t("source.unreadable", reason=exc.strerror or exc)) from None
    if len(data) > MAX_BYTES:
        raise SourceError(name, t("source.too_large", size=len(data), limit=MAX_BYTES))
    return data


def decode(data: bytes, file: str) -> str:
    """UTF-8 (a BOM is dropped); a bad byte is reported at its line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = t("source.not_utf8", byte=data[exc.start])
        raise SpecError([Finding("E001", "error", message, (), line, column, file)]) from None
