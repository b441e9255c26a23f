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
        stream = getattr(sys.stdin, "buffer", None)  # `<&-`: Python starts with sys.stdin None
        if stream is None:
            raise SourceError(name, t("source.stdin_closed"))
        try:
            data = stream.read(MAX_BYTES + 1)
        except OSError as exc:  # stdin redirected from a folder, or its descriptor gone
            raise SourceError(name, t("source.unreadable", reason=exc.strerror or exc)) from None
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


_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode(data: bytes, file: str) -> str:
    """UTF-8 (a BOM is dropped); other encodings are named, a bad byte is reported where it is."""
    wide = next((name for bom, name in _BOMS if data.startswith(bom)), None) or _wide_encoding(data)
    if wide is not None:  # UTF-16/32 text is not UTF-8 from its first byte on
        raise SpecError([_not_utf8(file, 1, 1, wide)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:4096]:  # UTF-16 with little ASCII (mostly Japanese) has fewer NULs
            raise SpecError([_not_utf8(file, 1, 1, "UTF-16")]) from None
        line, column = _position(data, exc.start)
        guess = _guess(data)
        if guess is None:
            message = t("source.not_utf8", byte=data[exc.start])
            raise SpecError([Finding("E001", "error", message, (), line, column, file)]) from None
        raise SpecError([_not_utf8(file, line, column, guess)]) from None


def _not_utf8(file: str, line: int, column: int, encoding: str) -> Finding:
    return Finding("E001", "error", t("source.not_utf8_as", encoding=encoding), (), line, column, file)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM: text in them is mostly NUL bytes in a fixed pattern."""
    if b"\x00" not in data[:4096]:
        return None
    head = data[:4096]
    zeros = head.count(b"\x00")
    if zeros * 4 < len(head):  # a few NULs in UTF-8 text: the YAML reader reports each
        return None
    if len(head) >= 4 and zeros * 4 >= len(head) * 2 and (head[1:3] == b"\x00\x00" or head[:2] == b"\x00\x00"):
        return "UTF-32"
    return "UTF-16"


_LEGACY = (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"))


def _guess(data: bytes) -> str | None:
    """The encoding bytes that are not UTF-8 most likely are: Japanese first, then Latin-1."""
    for codec, name in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text):
            return name
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "Latin-1 (Windows-1252)"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `offset`; LF, CRLF and CR end a line."""
    before = data[:offset]
    if before.startswith(b"\xef\xbb\xbf"):
        before = before[3:]
    text = before.decode("utf-8", errors="replace")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return len(lines), len(lines[-1]) + 1
