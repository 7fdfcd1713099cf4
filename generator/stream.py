"""The cleaned lines joined into one running text, with a map back to raw line numbers.

PDF text wraps mid-word (新签\\n约项目 118个), so names and phrases are read from the joined
text; a line break is kept as "\\n" only where it ends something (sentence end, bullet,
heading, table row). Table rows (tab-separated) are left out: tables.py reads them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .clean import PARAGRAPH_MARK
from .numbers import QUANTITY

_TERMINAL = tuple("。；！？：;!?:")
MARKER = re.compile(
    r"^(?:[◆●■▲★☆◇○•·\-—–*]+|[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)"
    r"|\d+[.、．](?!\d)|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、])"
)
_NUMBERED_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[部章节篇])"
)


_ARABIC_HEADING = re.compile(r"^(?:\d{1,2}[.．、]|（\d{1,2}）|\(\d{1,2}\))\s*[\u4e00-\u9fff]")
# （预计数，下同） standing alone ends nothing into the next line
_NOTE_LINE = re.compile(r"^[（(][^（()）]{1,20}[）)]$")
_SENTENCE_END = re.compile(r"[。；！？]")
_CLAUSE_PUNCT = re.compile(r"[，。；！？、]")
_HEADING_NUMBER = re.compile(r"(?<=[\u3400-\u9fff])\d{1,2}$")


def is_table_row(line: str) -> bool:
    return line.count("\t") >= 2


def _next_nonblank(lines: list[str], idx: int) -> str:
    for j in range(idx + 1, min(len(lines), idx + 4)):
        if lines[j].strip():
            return lines[j].strip()
    return ""


def is_heading(lines: list[str], idx: int) -> bool:
    """Numbered headings (一、 （一）), or short standalone lines without sentence punctuation
    that are clearly shorter than the text they head (a wrapped body line is as long as the next)."""
    line = lines[idx].strip()
    if not line or is_table_row(line):
        return False
    if _NUMBERED_HEADING.match(line):
        return len(line) <= 60 or "。" not in line[:40]
    if _ARABIC_HEADING.match(line) and len(line) <= 30 and not _CLAUSE_PUNCT.search(line):
        return True  # 4.社会保险基金预算
    if len(line) < 3 or len(line) > 26 or _SENTENCE_END.search(line) or line[-1] in "，、：:,":
        return False
    if QUANTITY.search(line):
        return False
    # A wrapped fragment, not a title: an open quote or bracket, or a particle in front (的服务型政府).
    if line.count("“") != line.count("”") or line.count("（") != line.count("）") or line[0] in "的了和与及等并而":
        return False
    prev = lines[idx - 1].strip() if idx else ""
    # A heading opens a block: after a blank line, or after a short label line (一年来).
    if prev and not (len(prev) <= 10 and not _CLAUSE_PUNCT.search(prev)):
        return False
    following = _next_nonblank(lines, idx)
    return not following or len(following) > len(line) + 3 or is_table_row(following)


def heading_text(line: str) -> str:
    text = line.strip().strip("*")
    head = text.split("。", 1)[0]
    # 带动滨海城市建设起好步3: a layout's block number glued to the title is not part of it.
    return _HEADING_NUMBER.sub("", head.strip())


# A saved web page often holds a whole article on one line, its paragraphs set apart by runs of
# (ideographic) spaces: such a line is read as its paragraphs, each keeping the line's number.
_INLINE_PARAGRAPH = re.compile(rf"(?<=[。；！？：”]){PARAGRAPH_MARK}")  # as clean.py leaves them
_LONG_LINE = 300


def paragraphs(lines: list[str]) -> tuple[list[str], list[int]]:
    """The text as units to read (lines, or the paragraphs of a long web-page line) and each unit's
    1-based raw line number."""
    units: list[str] = []
    numbers: list[int] = []
    for idx, line in enumerate(lines):
        if len(line) > _LONG_LINE and not is_table_row(line):
            parts = [part for part in _INLINE_PARAGRAPH.split(line) if part.strip()]
            if len(parts) > 1:
                units.extend(parts)
                numbers.extend([idx + 1] * len(parts))
                continue
        units.append(line)
        numbers.append(idx + 1)
    return units, numbers


@dataclass
class Stream:
    text: str
    starts: list[int]  # stream offset where each included line's text starts
    line_numbers: list[int]  # 1-based raw line number of each included line
    line_offset: dict[int, int] = field(default_factory=dict)  # line number -> stream offset
    unit_indexes: list[int] = field(default_factory=list)  # 0-based unit of each included line

    def line_at(self, offset: int) -> int:
        idx = bisect_right(self.starts, offset) - 1
        return self.line_numbers[max(idx, 0)]

    def unit_at(self, offset: int) -> int:
        """The 0-based unit (line, or paragraph of a long line) the offset is in."""
        idx = bisect_right(self.starts, offset) - 1
        return self.unit_indexes[max(idx, 0)]


def _soft_join(prev: str, nxt: str, blank_between: bool, prev_heading: bool, next_heading: bool) -> bool:
    if prev.endswith(_TERMINAL) or prev_heading or next_heading or MARKER.match(nxt) or _NOTE_LINE.match(prev):
        return False
    if blank_between:
        # A blank line inside a wrapped sentence (PDF page or column gap): only join long lines.
        return len(prev) >= 12
    return True


def headings_of(lines: list[str]) -> list[bool]:
    """is_heading for every line: context.py and build_stream both need it."""
    return [is_heading(lines, idx) for idx in range(len(lines))]


def build_stream(lines: list[str], headings: list[bool] | None = None,
                 line_numbers: list[int] | None = None) -> Stream:
    """`lines`: the units to read; `line_numbers`: each unit's raw line (default: its own index + 1)."""
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    units: list[int] = []
    offset = 0
    prev: str | None = None
    prev_heading = False
    blank_between = False
    for idx, raw in enumerate(lines):
        line = raw.strip()
        if not line or is_table_row(line):
            blank_between = True
            if is_table_row(line):
                prev = None
            continue
        heading = headings[idx] if headings is not None else is_heading(lines, idx)
        if prev is not None:
            sep = "" if _soft_join(prev, line, blank_between, prev_heading, heading) else "\n"
        else:
            sep = "\n" if parts else ""
        parts.append(sep)
        offset += len(sep)
        starts.append(offset)
        numbers.append(line_numbers[idx] if line_numbers is not None else idx + 1)
        units.append(idx)
        parts.append(line)
        offset += len(line)
        prev, prev_heading, blank_between = line, heading, False
    stream = Stream("".join(parts), starts, numbers, unit_indexes=units)
    stream.line_offset = {}
    for start, number in zip(starts, numbers, strict=True):
        stream.line_offset.setdefault(number, start)
    return stream
