"""The text of a PDF's text layer, in reading order: one line per paragraph, each with its page.

pdfplumber (MIT, over pdfminer.six) gives every glyph with its position; the layout is read from those:
- glyphs drawn twice a fraction of a point apart (fake bold) are kept once (dedupe_chars);
- glyphs are grouped into rows by their height on the page, rows into columns by the gaps that run down
  the page (a newspaper reprint in two or three columns is read column by column; a row that crosses a
  gap, a title over both columns, ends the columns above it);
- a row that fills its column's width goes on in the next row: the two are joined into one line, so a
  paragraph reads as in a plain-text report (stream.py still joins what the layout leaves unclear);
- the same line at the top or bottom of most pages (a running header or footer) and page numbers are
  left out; ruled tables come out as rows of tab-separated cells, as html_text.py writes them;
- Kangxi radicals and compatibility ideographs, which PDF makers map their glyphs to, become the usual
  characters (⼯ -> 工); the rest of the text is left as printed for clean.py to correct and record.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

# Glyphs' code points that stand for ordinary ideographs: NFKC maps Kangxi radicals and compatibility
# ideographs; of the CJK radicals supplement it maps two, so the simplified radicals a font shares with a
# full character are mapped as Unicode's EquivalentUnifiedIdeograph data maps them.
_RADICAL_SUPPLEMENT = dict(zip(map(chr, (
    0x2EA0, 0x2EA7, 0x2EA9, 0x2EAB, 0x2EAC, 0x2EAE, 0x2EB7, 0x2EC4, 0x2EC5, 0x2EC6, 0x2EC9, 0x2ECA, 0x2ECB,
    0x2ED1, 0x2ED3, 0x2ED4, 0x2ED7, 0x2ED8, 0x2ED9, 0x2EDA, 0x2EDB, 0x2EDC, 0x2EDD, 0x2EE2, 0x2EE3, 0x2EE4,
    0x2EE5, 0x2EE6, 0x2EE7, 0x2EE8, 0x2EE9, 0x2EEA, 0x2EEC, 0x2EEE, 0x2EF0)),
    "民牛王目示竹羊西见角贝足车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙", strict=True))
# A CJK font draws some ideographs and their variants with one glyph, and a PDF maker that maps the
# glyph back to text may pick the variant (the lower code point): in a simplified-Chinese report these
# are the standard characters. The two-em dash is the genre's —— drawn as one glyph.
_SHARED_GLYPH = {"戶": "户", "吿": "告", "靑": "青", "淸": "清", "⸺": "——"}
_RADICAL_LIKE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff" + "".join(_SHARED_GLYPH) + "]")

_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[，,]?\s*共\s*\d{1,4}\s*页)?"
                          r"[-—–－\s]*$|^(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?$", re.IGNORECASE)
_PARAGRAPH_END = tuple("。！？；：!?;:")
_EDGE_ROWS = 2  # rows at the top and the bottom of a page where running headers and page numbers stand


class PdfUnreadable(Exception):
    """Why a PDF gives no text: read.py turns it into a one-line ReportsiteError."""


def normal_glyph(text: str) -> str:
    """A glyph's text with radicals and compatibility ideographs as the ideographs they stand for."""
    if not _RADICAL_LIKE.search(text):
        return text
    out = []
    for char in text:
        if _RADICAL_LIKE.match(char):
            char = _RADICAL_SUPPLEMENT.get(char) or unicodedata.normalize("NFKC", char)
            char = _SHARED_GLYPH.get(char, char)  # (a compatibility ideograph may stand for a variant)
        out.append(char)
    return "".join(out)


@dataclass
class _Row:
    """Glyphs at one height of a page (in one column once columns are found)."""

    chars: list[dict] = field(default_factory=list)
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 10.0
    table: bool = False  # a row of a ruled table: its text is already tab-separated cells
    column: tuple[int, int] = (0, -1)  # (band of columns, column in it; -1: across the page)

    def finish(self) -> _Row:
        chars = sorted(self.chars, key=lambda c: c["x0"])
        self.x0, self.x1 = chars[0]["x0"], max(c["x1"] for c in chars)
        self.top, self.bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
        self.size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0] or 10.0
        self.text = _row_text(chars, self.size)
        return self


def _row_text(chars: list[dict], size: float) -> str:
    """The glyphs left to right; a gap as wide as a space between Latin letters or digits is a space,
    a gap of two characters or more (a table's columns without rules) is a tab."""
    out = []
    prev = None
    for char in chars:
        if prev is not None:
            gap = char["x0"] - prev["x1"]
            if gap > 2 * size:
                out.append("\t")
            elif gap > 0.2 * size and out and out[-1][-1:].isascii() and char["text"][:1].isascii():
                out.append(" ")
        out.append(normal_glyph(char["text"]))
        prev = char
    return "".join(out).strip()


def _rows(chars: list[dict]) -> list[list[dict]]:
    """Glyphs grouped by the middle of their height: one group per printed row of the page."""
    rows: list[list[dict]] = []
    middles: list[float] = []
    for char in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        if rows and abs(middle - middles[-1]) <= 0.45 * max(char["size"], 1.0):
            rows[-1].append(char)
        else:
            rows.append([char])
            middles.append(middle)
    return rows


def _segments(row: list[dict]) -> list[list[dict]]:
    """A row cut where its glyphs stand far apart (more than two characters' width)."""
    row = sorted(row, key=lambda c: c["x0"])
    out = [[row[0]]]
    for char in row[1:]:
        if char["x0"] - out[-1][-1]["x1"] > 2 * max(char["size"], 1.0):
            out.append([char])
        else:
            out[-1].append(char)
    return out


def _gutters(rows: list[list[list[dict]]]) -> list[float]:
    """The x of each gap between columns, read from the rows cut in pieces: a band at least a character
    wide that almost none of their pieces covers, with text on both sides in many of them. The pieces
    must be lines of prose (a table without rules has short cells, and is kept as rows)."""
    cut = [row for row in rows if len(row) >= 2]
    if len(cut) < 3:
        return []
    spans = [(seg[0]["x0"], max(c["x1"] for c in seg)) for row in cut for seg in row]
    size = Counter(round(seg[0]["size"]) for row in cut for seg in row).most_common(1)[0][0] or 10
    widths = sorted(x1 - x0 for x0, x1 in spans)
    if widths[len(widths) // 2] < 6 * size:
        return []
    left, right = min(s[0] for s in spans), max(s[1] for s in spans)
    width = int(right - left) + 1
    cover = [0] * width
    for x0, x1 in spans:
        for x in range(int(x0 - left), min(width, int(x1 - left) + 1)):
            cover[x] += 1
    limit = len(cut) // 10
    gutters, start = [], None
    for x in range(width):
        if cover[x] <= limit:
            start = x if start is None else start
            continue
        if start is not None and start > 0 and x - start >= size \
                and max(cover[:start]) >= len(cut) / 2 and max(cover[x:]) >= len(cut) / 2:
            gutters.append(left + (start + x) / 2)
        start = None
    return gutters


def _reading_order(rows: list[list[list[dict]]], gutters: list[float]) -> list[_Row]:
    """Rows of a page in reading order: between rows that cross a gutter, column after column."""
    out: list[_Row] = []
    band: list[list[_Row]] = [[] for _ in range(len(gutters) + 1)]
    bands = 0

    def flush():
        nonlocal bands
        bands += any(band)
        for column in band:
            out.extend(column)
            column.clear()

    for row in rows:
        crossing = any(seg[0]["x0"] < gutter < max(c["x1"] for c in seg) for seg in row for gutter in gutters)
        if not gutters or crossing:
            flush()
            out.append(_Row([c for seg in row for c in seg], column=(bands, -1)).finish())
            continue
        for seg in row:
            column = sum(1 for gutter in gutters if seg[0]["x0"] > gutter)
            if band[column] and band[column][-1].bottom > seg[0]["top"]:  # two pieces of one row in a column
                band[column][-1] = _Row(band[column][-1].chars + seg, column=(bands, column)).finish()
            else:
                band[column].append(_Row(list(seg), column=(bands, column)).finish())
    flush()
    return out


def _table_rows(page) -> tuple[list[_Row], list[tuple]]:
    """Ruled tables: one row of tab-separated cells per table row, and the boxes they take."""
    if not (page.rects or page.lines):
        return [], []
    rows, boxes = [], []
    for table in page.find_tables():
        boxes.append(table.bbox)
        for cells, row in zip(table.extract(), table.rows, strict=False):
            texts = [normal_glyph("".join((cell or "").split())) for cell in cells]
            if any(texts):
                rows.append(_Row(text="\t".join(texts), x0=row.bbox[0], x1=row.bbox[2], top=row.bbox[1],
                                 bottom=row.bbox[3], table=True))
    return rows, boxes


def _inside(char: dict, boxes: list[tuple]) -> bool:
    middle_x, middle_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in boxes)


def _page_rows(page) -> list[_Row]:
    page = page.dedupe_chars(tolerance=1)  # fake bold: the same glyph drawn again a fraction of a point away
    tables, boxes = _table_rows(page)
    chars = [c for c in page.chars if c["text"].strip() and not (boxes and _inside(c, boxes))]
    if not chars:
        return tables
    rows = [_segments(row) for row in _rows(chars)]
    ordered = _reading_order(rows, _gutters(rows))
    for table_row in tables:  # each table row before the first text row below it
        at = next((i for i, row in enumerate(ordered) if row.top >= table_row.top and not row.table), len(ordered))
        ordered.insert(at, table_row)
    return ordered


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_edges(pages: list[list[_Row]]) -> None:
    """Leave out page numbers and the lines that stand at the top or bottom of most pages."""
    seen: Counter[str] = Counter()
    for rows in pages:
        seen.update({_edge_key(row.text) for row in rows[:_EDGE_ROWS] + rows[-_EDGE_ROWS:] if not row.table})
    running = {key for key, count in seen.items() if count >= 2 and count >= len(pages) / 2}
    for rows in pages:
        edges = set(range(min(_EDGE_ROWS, len(rows)))) | set(range(max(0, len(rows) - _EDGE_ROWS), len(rows)))
        drop = {i for i in edges if not rows[i].table and (
            _PAGE_NUMBER.match(rows[i].text) or _edge_key(rows[i].text) in running)}
        rows[:] = [row for i, row in enumerate(rows) if i not in drop]


def _fills(row: _Row, right: float) -> bool:
    """Whether the row reaches its column's right edge (a Latin word too long for the rest of a row wraps
    earlier than a character does)."""
    return row.x1 >= right - (5 if row.text[-1:].isascii() else 1.5) * row.size


def _paragraphs(pages: list[list[_Row]]) -> tuple[list[str], list[int]]:
    """The rows of all pages as lines, and the page each line starts on. A row that fills its column
    goes on in the next row of the column (or the first of the next column or page) when that one is
    not indented; where the layout indents no paragraph, a row ending a sentence ends its paragraph too.
    A blank line ends each paragraph."""
    lines: list[str] = []
    numbers: list[int] = []
    open_row = None  # the row that the next one may continue
    for page, rows in enumerate(pages, start=1):
        columns: dict[tuple[int, int], list[_Row]] = {}
        for row in rows:
            if not row.table:
                columns.setdefault(row.column, []).append(row)
        edges = {}
        for key, members in columns.items():
            left = min(row.x0 for row in members)
            indented = any(row.x0 > left + 1.5 * row.size for row in members)
            edges[key] = (left, max(row.x1 for row in members), indented)
        for row in rows:
            if row.table:
                if lines and lines[-1]:
                    lines.append("")
                    numbers.append(page)
                lines.append(row.text)
                numbers.append(page)
                open_row = None
                continue
            left, right, indented = edges[row.column]
            first = columns[row.column][0] is row  # a row at the top of a column goes on from the last one
            if open_row is not None and row.x0 < left + 0.5 * row.size and (
                    first or 0 <= row.top - open_row.bottom < row.size):
                glue = " " if lines[-1][-1:].isascii() and lines[-1][-1:].isalnum() and row.text[:1].isascii() \
                    else ""
                lines[-1] += glue + row.text
            else:
                if lines and lines[-1]:
                    lines.append("")
                    numbers.append(page)
                lines.append(row.text)
                numbers.append(page)
            open_row = row if _fills(row, right) and (indented or not row.text.endswith(_PARAGRAPH_END)) else None
    return lines, numbers


def pdf_lines(path) -> tuple[list[str], list[int]]:
    """The PDF's text as lines and the (1-based) page of each line; PdfUnreadable when it has none."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor notices are not the reader's news
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_page_rows(page) for page in pdf.pages]
    except PDFPasswordIncorrect:
        raise PdfUnreadable("encrypted PDF (it needs a password to open): save a copy without a password, "
                            "or supply the text") from None
    except PdfUnreadable:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files; each is one line to the user
        kind = type(exc).__name__
        if any("Encrypt" in text or "Password" in text for text in (kind, str(exc))):  # (pdfplumber wraps them)
            raise PdfUnreadable(f"encrypted PDF that cannot be opened ({kind}): save a copy without "
                                "protection, or supply the text") from None
        raise PdfUnreadable(f"corrupt or unreadable PDF ({kind}: {str(exc)[:80] or 'no detail'})") from None
    if not any(pages):
        raise PdfUnreadable("no text layer: a scanned PDF; run OCR first or supply the text")
    if sum(row.text.count("(cid:") for rows in pages for row in rows) > 20:
        raise PdfUnreadable("text layer without character codes (glyph numbers only): run OCR first or "
                            "supply the text")
    _drop_edges(pages)
    return _paragraphs(pages)
