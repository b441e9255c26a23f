"""Opening and decoding an actuals file: which file, which encoding, which lines.

Actuals come from CRM exports, hand-made files and stdin, in UTF-8 (with or without a BOM),
Shift_JIS from Japanese Excel or UTF-16 "Unicode text". A file is streamed a chunk at a time in the
first encoding that reads all of it; where none does, the first byte no encoding reads is reported
at its line and column. A file is UTF-8 when any of its lines reads whole as UTF-8 and holds
non-ASCII text, wherever that line is and however large the file: its bytes that UTF-8 cannot read
are then an error, never a reason to re-read the whole file as Shift_JIS (`read_lines`). Every
problem becomes one `file:line:column: message` line (`problem_line`); a read that fails part-way
(a failing disk, a network file system) is one `file:1:1:` line naming the reason.
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
_BYTE_BREAK = re.compile(rb"\r\n|\r|\n")  # in UTF-8, CR and LF bytes are never inside a character
# UTF-8 text: a character from U+00A0 on (C1 controls, U+0080-U+009F, are what stray Shift_JIS
# bytes make by chance: half-width katakana then a lead byte, such as C2 81)
_TEXT = re.compile("[^\x00-\x9f]")
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


def unreadable(file: str, exc: OSError) -> ActualsError:
    """A read that failed (EIO, EINVAL...): one line naming the file and the reason."""
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc)) or t("actuals.file_unreadable_reason")
    return ActualsError([problem_line(file, 1, 1, t("actuals.file_unreadable", reason=reason))])


def read_bytes(handle: IO[bytes], size: int, file: str) -> bytes:
    """`handle.read(size)`; a read that fails part-way is ActualsError, never a crash."""
    try:
        return handle.read(size)
    except OSError as exc:
        raise unreadable(file, exc) from None


def rewind(handle: IO[bytes], file: str) -> None:
    """Back to the start of `handle`, to read it again (in another encoding)."""
    try:
        handle.seek(0)
    except OSError as exc:
        raise unreadable(file, exc) from None


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
        if codecs.lookup(encoding).name == "shift_jis":  # what Excel and Salesforce call Shift_JIS is
            return ("cp932",)  # Windows' cp932: Shift_JIS with ①, ㈱, 髙 that company names use
        return (encoding,)
    start = read_bytes(handle, 4, file)
    rewind(handle, file)
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
    """The file's lines (with their ends: LF, CRLF or CR) decoded a chunk at a time.

    In UTF-8, a byte it cannot read is conclusive (the file is UTF-8 with a bad byte, no other
    encoding is tried) when a line anywhere in the file, before or after it, reads whole as UTF-8
    and holds non-ASCII text: the whole file decides, the same at every size."""
    name = codecs.lookup(encoding).name
    utf8 = name in ("utf-8", "utf-8-sig")
    sjis = name == "cp932"
    wide = name.startswith(("utf-16", "utf-32"))
    pending = ""
    line = 1
    evidence = not utf8  # a whole line of UTF-8 text seen (only looked for in UTF-8)
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except _CODEC_ERRORS:
        raise Undecodable(1, 1) from None
    while True:
        chunk = read_bytes(handle, _CHUNK, file)
        carried = _carried(decoder)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            data = carried + chunk  # exc.start counts the bytes the decoder held from the last chunk too
            before = pending + _decoded_before(data, exc.start, encoding)
            conclusive = utf8 and (
                evidence
                or _TEXT.search(before[: _last_break(before)]) is not None
                or _utf8_text_after(data[exc.start :], handle, file)
            )
            raise _undecodable(before, line, conclusive, wide) from None
        except _CODEC_ERRORS:  # a codec's own complaint ("UTF-16 stream does not start with BOM")
            raise _undecodable(pending, line, wide=wide) from None
        if not isinstance(text, str):  # a codec that makes bytes after all
            raise Undecodable(1, 1)
        if sjis and (odd := _NOT_SJIS.search(text)):
            raise _undecodable(pending + text[: odd.start()], line)
        pending += text
        look = not evidence and not pending.isascii()
        whole, pending = _split_lines(pending, more=bool(chunk))
        if look:
            evidence = any(_TEXT.search(piece) for piece in whole)
        yield from whole
        line += len(whole)
        if len(pending) > MAX_LINE:
            raise ActualsError([problem_line(file, line, 1, t("actuals.line_too_long", limit=MAX_LINE))])
        if not chunk:
            if pending:
                yield pending
            return


def _split_lines(text: str, more: bool) -> tuple[list[str], str]:
    """The whole lines of `text` (with their ends: LF, CRLF or CR) and what follows the last;
    `more`: more text follows, so a CR at the end may be the first half of a CRLF (it is kept).

    Why str.splitlines: one regex match per line was a quarter of reading a million-row export.
    It also breaks at \\v, \\f, \\x1c-\\x1e, \\x85, U+2028 and U+2029, which are no line ends
    here: when it makes more lines than there are LF, CR and CRLF, the regex finds them instead."""
    lines = text.splitlines(keepends=True)
    last = lines[-1] if lines else "\n"
    rest = lines.pop() if last[-1] not in "\r\n" or (more and last[-1] == "\r") else ""
    breaks = len(lines) + (rest[-1:] == "\r")  # a CR kept for more text is a line end too
    if breaks == text.count("\n") + text.count("\r") - text.count("\r\n"):
        return lines, rest
    lines, start = [], 0
    for match in _BREAK.finditer(text):
        if more and match.end() == len(text) and match.group() == "\r":
            break  # maybe the first half of CRLF
        lines.append(text[start : match.end()])
        start = match.end()
    return lines, text[start:]


def _carried(decoder: codecs.IncrementalDecoder) -> bytes:
    """The bytes an incremental decoder holds (a character cut by the end of the last chunk)."""
    try:
        state = decoder.getstate()
    except _CODEC_ERRORS:
        return b""
    held = state[0] if isinstance(state, tuple) and state else b""
    return held if isinstance(held, bytes) else b""


def _last_break(text: str) -> int:
    """Where the last whole line of `text` ends (0: no whole line)."""
    end = 0
    for match in _BREAK.finditer(text):
        end = match.end()
    return end


def _utf8_text_after(rest: bytes, handle: IO[bytes], file: str) -> bool:
    """Whether a line after the one that `rest` (the bytes from a bad byte on) is in reads whole
    as UTF-8 and holds non-ASCII text; reads the rest of the file, a chunk at a time."""
    tail = rest
    skip = True  # the rest of the bad byte's own line
    while True:
        chunk = read_bytes(handle, _CHUNK, file)
        lines = _BYTE_BREAK.split(tail + chunk)
        tail = lines.pop() if chunk else b""
        if skip and lines:
            lines, skip = lines[1:], False
        for raw in lines:
            if raw.isascii():
                continue
            try:
                if _TEXT.search(raw.decode("utf-8")):
                    return True
            except UnicodeDecodeError:
                continue
        if not chunk:
            return False
        if len(tail) > 4 * MAX_LINE:  # not a line of text: passed over to its end
            tail, skip = b"", True


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
