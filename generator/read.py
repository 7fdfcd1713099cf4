"""Read a report file into a SourceText: detect the encoding, refuse what is not report text.

A report comes as text (.txt), a PDF with a text layer (pdf_text.py), a Word document (.docx,
docx_text.py) or a saved web page (.html, .htm, .mhtml; html_text.py); each gives lines of text, a PDF
also the page of each line. What cannot be read is one ReportsiteError line naming the file.

Encodings are detected by trial decoding (no dependency): UTF-8 (with or without BOM) first,
because GB18030 accepts almost any byte string; then GB18030, a superset of GBK and GB2312.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from . import docx_text, pdf_text
from .html_text import html_lines, looks_like_html
from .model import ReportsiteError, SourceText

MAX_BYTES = 10 * 1024 * 1024  # reports are well under 1 MB; larger input is not a report
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # a PDF or Word file carries fonts and images besides its text
# The file types seeds/ takes: text, PDF, Word, saved web pages.
REPORT_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm", ".mhtml", ".mht")
_HTML_SUFFIXES = (".html", ".htm")
_MHTML_SUFFIXES = (".mhtml", ".mht")
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
    suffix = path.suffix.lower()
    if suffix in docx_text.OLD_WORD_FORMATS:
        raise ReportsiteError(where, f"{suffix} (Word 97-2003 or WPS) files are not read", docx_text.CONVERT_HINT)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportsiteError(where, f"cannot read file ({exc.strerror or exc})") from None
    if suffix in (".pdf", ".docx"):
        return _read_document(path, where, suffix, size)
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
    if suffix in _MHTML_SUFFIXES:
        text = _mhtml_page(data, where)
    if looks_like_html(text) or suffix in _HTML_SUFFIXES + _MHTML_SUFFIXES:  # a saved web page, paragraph by paragraph
        lines = html_lines(text)
        if not any(line.strip() for line in lines):
            raise ReportsiteError(where, "web page without text (expected a report)")
        return SourceText(path=where, encoding=f"{encoding}, html", lines=lines)
    return SourceText(path=where, encoding=encoding, lines=split_lines(text))


def _read_document(path: Path, where: str, suffix: str, size: int) -> SourceText:
    """A PDF or a Word document: its lines (and a PDF's pages), or one line saying why there are none."""
    if size > MAX_DOCUMENT_BYTES:
        raise ReportsiteError(where, f"file too large ({size} bytes; limit {MAX_DOCUMENT_BYTES} bytes for a "
                                     f"{suffix[1:].upper()} report)")
    with open(path, "rb") as file:
        head = file.read(1024)
    if not head.strip():
        raise ReportsiteError(where, "empty file (expected a report)")
    if suffix == ".pdf":
        if b"%PDF-" not in head:
            raise ReportsiteError(where, "not a PDF (no %PDF- header; a file of another kind renamed?)")
        try:
            lines, pages = pdf_text.pdf_lines(path)
        except pdf_text.PdfUnreadable as exc:
            raise ReportsiteError(where, str(exc)) from None
        return SourceText(path=where, encoding="pdf", lines=lines, pages=pages)
    if not head.startswith(b"PK"):
        raise ReportsiteError(where, "not a .docx (a .docx is a zip archive; an old .doc renamed?)",
                              docx_text.CONVERT_HINT)
    try:
        lines = docx_text.docx_lines(path)
    except docx_text.DocxUnreadable as exc:
        raise ReportsiteError(where, str(exc)) from None
    if not any(line.strip() for line in lines):
        raise ReportsiteError(where, "Word document without text (expected a report)")
    return SourceText(path=where, encoding="docx", lines=lines)


def _mhtml_page(data: bytes, where: str) -> str:
    """The HTML part of a web page saved as one file (MHTML: a MIME message)."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            try:
                return payload.decode(part.get_content_charset() or "utf-8")
            except (LookupError, UnicodeDecodeError):
                try:
                    return decode_bytes(payload)[0]
                except ValueError as exc:
                    raise ReportsiteError(where, f"web page archive: {exc}") from None
    raise ReportsiteError(where, "web page archive without an HTML page (expected a saved report page)")
