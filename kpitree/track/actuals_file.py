"""Opening and decoding an actuals file: which file, which encoding, which lines.

Actuals come from CRM exports, hand-made files and stdin, in UTF-8 (with or without a BOM),
Shift_JIS from Japanese Excel or UTF-16 "Unicode text". A file is streamed a chunk at a time in the
first encoding that reads all of it; where none does, the first byte no encoding reads is reported
at its line and column. Every problem becomes one `file:line:column: message` line (`problem_line`).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from typing import IO

from kpitree.findings import KpitreeError
from kpitree.i18n import t
from kpitree.visible import visible

ENCODINGS = ("utf-8-sig", "cp932")  # UTF-8 (with or without a BOM), then Japanese Excel's "CSV"
STDIN = "<stdin>"
MAX_BYTES = 1024**3  # an actuals file over 1 GiB is refused (streamed, but it would take minutes)
MAX_LINE = 1024**2  # characters in one line: more is not a CSV export
_CHUNK = 1 << 16
_SHOWN = 40  # characters of a cell quoted in a message
_BREAK = re.compile(r"\r\n|\r|\n")
# What Python's cp932 makes of bytes that are not Shift_JIS (0x80, 0xA0, 0xFD-0xFF): not text
_NOT_SJIS = re.compile("[\x80\xa0\uf8f0-\uf8f3]")
# What a codec may raise while decoding, besides UnicodeDecodeError (idna, punycode, utf-16 without a BOM)
_CODEC_ERRORS = (UnicodeError, LookupError, ValueError, TypeError)


class ActualsError(KpitreeError):
    """Actuals that cannot be used: one `file:line:column: message` line per problem."""

    def __init__(self, lines: list[str]):
        super().__init__(lines[0] if lines else "")
        self.lines = lines


class Undecodable(Exception):
    """Bytes the encoding cannot read, at line and column; `conclusive`: no other encoding is tried
    (a UTF-8 file that already had non-ASCII text and then one bad byte is UTF-8 with a bad byte)."""

    def __init__(self, line: int, column: int, conclusive: bool = False):
        super().__init__(line, column)
        self.line = line
        self.column = column
        self.conclusive = conclusive


def problem_line(file: str, line: int, column: int, message: str) -> str:
    """`file:line:column: message`: the one line each problem of actuals becomes."""
    return t("actuals.diagnostic", file=visible(file), line=line, column=column, message=visible(message))


def quoted_cell(value: str) -> str:
    """A cell as a message quotes it: escaped, and cut short when long."""
    return visible(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")


def open_source(path: str) -> tuple[str, IO[bytes]]:
    """An actuals file to stream (`-`: stdin, copied to a temporary file); ActualsError (one line)
    when the path is not a readable regular file or is over MAX_BYTES."""
    if path == "-":
        try:
            return STDIN, _spool(getattr(sys.stdin, "buffer", None) or io.BytesIO())  # stdin closed: empty
        except OSError as exc:  # stdin redirected from a folder, say
            reason = exc.strerror or t("actuals.file_unreadable_reason")
            raise ActualsError([problem_line(STDIN, 1, 1, t("actuals.file_unreadable", reason=reason))]) from None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ActualsError([problem_line(path, 1, 1, t("actuals.file_missing"))]) from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or t("actuals.file_unreadable_reason")
        raise ActualsError([problem_line(path, 1, 1, t("actuals.file_unreadable", reason=reason))]) from None
    if stat.S_ISDIR(info.st_mode):
        raise ActualsError([problem_line(path, 1, 1, t("actuals.file_directory"))])
    if not stat.S_ISREG(info.st_mode):
        raise ActualsError([problem_line(path, 1, 1, t("actuals.file_not_regular"))])
    if info.st_size > MAX_BYTES:
        raise ActualsError([problem_line(path, 1, 1, t("actuals.file_too_large", size=info.st_size, limit=MAX_BYTES))])
    try:
        return path, open(path, "rb")
    except OSError as exc:
        raise ActualsError(
            [problem_line(path, 1, 1, t("actuals.file_unreadable", reason=exc.strerror or exc))]
        ) from None


def _spool(stream: IO[bytes]) -> IO[bytes]:
    """Stdin copied to a temporary file, so it can be read again in another encoding."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - returned open
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > MAX_BYTES:
            spool.close()
            raise ActualsError([problem_line(STDIN, 1, 1, t("actuals.file_too_large", size=size, limit=MAX_BYTES))])
        spool.write(chunk)
    spool.seek(0)
    return spool


def candidate_encodings(handle: IO[bytes], file: str, encoding: str | None) -> tuple[str, ...]:
    """The encodings to try, in order: the one given, else by the BOM, else UTF-8 then Shift_JIS."""
    if encoding:
        problem = encoding_problem(encoding)
        if problem is not None:
            raise ActualsError([problem_line(file, 1, 1, problem)])
        return (encoding,)
    start = handle.read(4)
    handle.seek(0)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ("utf-16", *ENCODINGS)  # Excel's "Unicode text"
    return ENCODINGS


def encoding_problem(encoding: str) -> str | None:
    """Why `encoding` cannot read a text file (unknown, or data to data such as base64), or None."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError, TypeError):  # ValueError: a NUL in the name
        return t("actuals.unknown_encoding", encoding=quoted_cell(encoding))
    if not getattr(info, "_is_text_encoding", True):  # base64, zlib_codec, rot13...
        return t("actuals.not_text_encoding", encoding=quoted_cell(encoding))
    return None


def read_lines(handle: IO[bytes], encoding: str, file: str) -> Iterator[str]:
    """The file's lines (with their ends: LF, CRLF or CR) decoded a chunk at a time."""
    name = codecs.lookup(encoding).name
    utf8 = name in ("utf-8", "utf-8-sig")
    sjis = name == "cp932"
    wide = name.startswith(("utf-16", "utf-32"))
    pending = ""
    line = 1
    non_ascii = False
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except _CODEC_ERRORS:
        raise Undecodable(1, 1) from None
    while True:
        chunk = handle.read(_CHUNK)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            before = pending + _decoded_before(chunk, exc.start, encoding)
            raise _undecodable(before, line, utf8 and non_ascii, wide) from None
        except _CODEC_ERRORS:  # a codec's own complaint ("UTF-16 stream does not start with BOM")
            raise _undecodable(pending, line, wide=wide) from None
        if not isinstance(text, str):  # a codec that makes bytes after all
            raise Undecodable(1, 1)
        if sjis and (odd := _NOT_SJIS.search(text)):
            raise _undecodable(pending + text[: odd.start()], line)
        non_ascii = non_ascii or not text.isascii()
        pending += text
        start = 0
        for match in _BREAK.finditer(pending):
            if chunk and match.end() == len(pending) and match.group() == "\r":
                break  # maybe the first half of CRLF
            yield pending[start : match.end()]
            line += 1
            start = match.end()
        pending = pending[start:]
        if len(pending) > MAX_LINE:
            raise ActualsError([problem_line(file, line, 1, t("actuals.line_too_long", limit=MAX_LINE))])
        if not chunk:
            if pending:
                yield pending
            return


def _decoded_before(chunk: bytes, end: int, encoding: str) -> str:
    """The text of `chunk` before byte `end`, as far as the codec reads it; "" where it cannot."""
    try:
        text = chunk[: max(end, 0)].decode(encoding, errors="replace")
    except _CODEC_ERRORS:  # idna, punycode: "Unsupported error handling replace"
        return ""
    return text if isinstance(text, str) else ""


def _undecodable(before: str, line: int, conclusive: bool = False, wide: bool = False) -> Undecodable:
    """Where the first byte after `before` (the text since `line` began) is. In UTF-16 or UTF-32 with
    no line read yet, columns count characters of a misread file: the problem is the file, at 1:1."""
    breaks = list(_BREAK.finditer(before))
    if wide and line == 1 and not breaks:
        return Undecodable(1, 1, conclusive)
    column = len(before) - (breaks[-1].end() if breaks else 0) + 1
    return Undecodable(line + len(breaks), column, conclusive)
