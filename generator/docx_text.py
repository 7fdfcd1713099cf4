"""The text of a Word document (.docx): paragraphs and tables in the order the body holds them.

python-docx (MIT) reads the document; a paragraph is a line (a manual line break inside it starts a
new one), a blank line sets paragraphs apart as in a plain-text report, and a table is one line per
row with its cells tab-separated, as html_text.py writes them. The older binary formats (.doc, .wps)
are not read: Word or WPS saves them as .docx or PDF.
"""

from __future__ import annotations

OLD_WORD_FORMATS = (".doc", ".wps")
CONVERT_HINT = "save it as .docx or PDF from Word or WPS (File > Save As) and put that in seeds/"


class DocxUnreadable(Exception):
    """Why a Word file gives no text: read.py turns it into a one-line ReportsiteError."""


def _cell_text(cell) -> str:
    return "".join("".join(paragraph.text.split()) for paragraph in cell.paragraphs)


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:  # a merged cell is listed once per grid column it spans: kept once
            if previous is not None and cell._tc is previous._tc:
                continue
            cells.append(_cell_text(cell))
            previous = cell
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def docx_lines(path) -> list[str]:
    """The document's lines; DocxUnreadable when the file is not a readable .docx."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                rows = _table_lines(block)
                if rows and lines and lines[-1]:
                    lines.append("")
                lines.extend(rows)
                continue
            for piece in block.text.replace("\r", "\n").split("\n"):
                if piece.strip():
                    if lines and lines[-1]:
                        lines.append("")
                    lines.append(piece.strip())
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged files: one line to the user
        raise DocxUnreadable(f"corrupt or unreadable Word document ({type(exc).__name__}: "
                             f"{str(exc)[:80] or 'no detail'})") from None
    return lines
