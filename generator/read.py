"""Read a report file into a SourceText: detect the encoding, refuse what is not report text.

Encodings are detected by trial decoding (no dependency): UTF-8 (with or without BOM) first,
because GB18030 accepts almost any byte string; then GB18030, a superset of GBK and GB2312.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from .html_text import html_lines, looks_like_html
from .model import ReportsiteError, SourceText

MAX_BYTES = 10 * 1024 * 1024  # reports are well under 1 MB; larger input is not a report
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f]")  # control characters other than whitespace


def _display_path(path: Path) -> str:
    """The path as the user gave it, relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(_resolved(os.getcwd())))
    except ValueError:
        return str(path)


@functools.lru_cache(maxsize=16)  # the working directory, resolved once rather than once per report
def _resolved(directory: str) -> Path:
    return Path(directory).resolve()


def _looks_binary(text: str) -> bool:
    """NUL characters, or mostly control characters, mean this is not a text file."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    return controls > max(8, len(sample) // 20)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name); raise ValueError when no supported encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 or GB18030 text (undecodable byte at offset {exc.start})") from None


def split_lines(text: str) -> list[str]:
    """Split on \\n, \\r\\n and \\r, in one linear pass; a final line ending adds no line."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_report(path: str | Path) -> SourceText:
    path = Path(path)
    where = _display_path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportsiteError(where, f"cannot read file ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise ReportsiteError(where, f"file too large ({size} bytes; limit {MAX_BYTES} bytes for a report)")
    # NUL bytes mean binary before any decoding: UTF-16 text also lands here, on purpose.
    data = path.read_bytes()
    if not data.strip():
        raise ReportsiteError(where, "empty file (expected report text)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM, as Windows tools save text
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReportsiteError(where, "not UTF-16 text despite its byte-order mark") from None
        if not text.strip():
            raise ReportsiteError(where, "empty file (expected report text)")
        if _looks_binary(text):
            raise ReportsiteError(where, "binary file (mostly control characters; expected report text)")
        return SourceText(path=where, encoding="utf-16", lines=split_lines(text))
    if b"\x00" in data:
        raise ReportsiteError(where, "binary file (NUL bytes; expected report text)")
    try:
        text, encoding = decode_bytes(data)
    except ValueError as exc:
        raise ReportsiteError(where, str(exc)) from None
    if _looks_binary(text):
        raise ReportsiteError(where, "binary file (mostly control characters; expected report text)")
    if not text.strip():
        raise ReportsiteError(where, "empty file (expected report text)")
    if looks_like_html(text):  # a saved web page: its text, paragraph by paragraph
        lines = html_lines(text)
        if not any(line.strip() for line in lines):
            raise ReportsiteError(where, "web page without text (expected a report)")
        return SourceText(path=where, encoding=f"{encoding}, html", lines=lines)
    return SourceText(path=where, encoding=encoding, lines=split_lines(text))
