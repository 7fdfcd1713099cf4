"""Undo text that a PDF extractor wrote twice (bold or shadowed glyphs drawn two times).

The doubling shows up as every character or every chunk written twice in a row:
`增长增长77..22%%左右左右` is `增长7.2%左右`. A line is parsed as a sequence of
"squares" (a chunk X written as XX) and single characters, covering as many characters
as possible with squares. Only runs of consecutive squares that are long or carry doubled
punctuation are undone: a single legitimate repeat (研究研究, 干干净净, the 11 in 2011 or
the 00 in 1000) is too short to qualify on its own.
"""

from __future__ import annotations

import re

MAX_CHUNK = 24  # longest chunk seen doubled as one piece; bounds the work per character
MAX_LINE = 20000  # layout lines are short; longer "lines" are not PDF column output
# Punctuation that is never doubled in real text, so a doubled one proves doubling.
_PROOF_PUNCT = set("，。、；：？！%％.．（）()《》“”‘’◆●■□★☆·")
# Cheap test for a run that could qualify: a doubled chunk of 2+ characters, a doubled proof
# mark, or three characters in a row each doubled.
_MAY_BE_DOUBLED = re.compile(r"([^\t]{2,24})\1|([，。、；：？！%％.．（）()《》“”‘’◆●■□★☆·])\2|(.)\3(.)\4(.)\5")


_SQUARE_AT = [re.compile(rf"(?=(.{{{k}}})\1)", re.DOTALL) for k in range(1, MAX_CHUNK + 1)]


def _squares(text: str) -> dict[int, list[int]]:
    """Start index -> chunk lengths k (ascending) with text[i:i+k] == text[i+k:i+2k]: one regex scan
    per k in C instead of a Python loop over every (position, k), which dominated extraction time."""
    found: dict[int, list[int]] = {}
    for k, pattern in enumerate(_SQUARE_AT, start=1):
        if 2 * k > len(text):
            break
        for match in pattern.finditer(text):
            # A tab separates table cells: two equal cells are data, never a doubling.
            if "\t" not in match.group(1):
                found.setdefault(match.start(), []).append(k)
    return found


def _parse_squares(text: str) -> list[tuple[str, str]]:
    """Best parse of text as ("sq", X) / ("ch", c) tokens: fewest uncovered chars, then fewest tokens."""
    n = len(text)
    inf = (n + 1, n + 1)
    best = [inf] * (n + 1)
    back: list[tuple[int, str] | None] = [None] * (n + 1)
    best[0] = (0, 0)
    squares = _squares(text)
    for i in range(n):
        cost = best[i]
        if cost == inf:
            continue
        single = (cost[0] + 1, cost[1] + 1)
        if single < best[i + 1]:
            best[i + 1] = single
            back[i + 1] = (i, "ch")
        for k in squares.get(i, ()):
            sq = (cost[0], cost[1] + 1)
            if sq < best[i + 2 * k]:
                best[i + 2 * k] = sq
                back[i + 2 * k] = (i, "sq")
    tokens: list[tuple[str, str]] = []
    j = n
    while j > 0:
        i, kind = back[j]
        piece = text[i:j]
        tokens.append((kind, piece[: len(piece) // 2] if kind == "sq" else piece))
        j = i
    tokens.reverse()
    return tokens


def _is_proof(chunk: str) -> bool:
    return all(ch in _PROOF_PUNCT for ch in chunk)


def _runs(tokens: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """(start, end) token index ranges of consecutive squares."""
    runs, start = [], None
    for idx, (kind, _) in enumerate(tokens):
        if kind == "sq" and start is None:
            start = idx
        elif kind != "sq" and start is not None:
            runs.append((start, idx))
            start = None
    if start is not None:
        runs.append((start, len(tokens)))
    return runs


def _run_is_doubling(chunks: list[str], *, line_is_doubled: bool) -> bool:
    length = 2 * sum(len(c) for c in chunks)
    if any(_is_proof(c) for c in chunks):
        return True
    if line_is_doubled:
        return length >= 2
    if all(c.isdigit() for c in chunks):
        return False  # 110000, 2233: digits repeat in numbers; only a doubled line doubles them
    if length >= 6 and (len(chunks) >= 2 or max(len(c) for c in chunks) >= 3):
        return True
    return False


_PARAGRAPH_GAP = re.compile(r"([ \u3000\u00a0\t]{2,})")
# 447987  251260  251260: numbers set apart by column gaps are a table row; two equal cells are data.
_NUMBER_CELLS = re.compile(r"[ \u3000\u00a0]*-?\d[\d.,%％]*(?:[ \u3000\u00a0]{2,}-?\d[\d.,%％]*)+[ \u3000\u00a0]*")


def _number_row(line: str) -> bool:
    """A row of numbers in columns whose cells are not themselves doubled (7722  1515 is doubling)."""
    if not _NUMBER_CELLS.fullmatch(line):
        return False
    cells = line.split()
    return not any(len(c) % 2 == 0 and c[:len(c) // 2] == c[len(c) // 2:] for c in cells)


def undouble(line: str) -> str:
    """The line with doubled runs written once; the line itself when nothing qualifies."""
    if len(line) > MAX_LINE:
        # A whole web page on one line: its paragraphs, set apart by runs of spaces, one by one.
        pieces = _PARAGRAPH_GAP.split(line)
        if len(pieces) == 1:
            return line
        return "".join(piece if i % 2 else undouble(piece) for i, piece in enumerate(pieces))
    if len(line) < 2 or _number_row(line):
        return line
    compact = line.replace(" ", "").replace("\u3000", "")
    if not _MAY_BE_DOUBLED.search(compact):
        return line  # no run that could qualify: skip the (slower) full parse
    tokens = _parse_squares(compact)
    runs = _runs(tokens)
    if not runs:
        return line
    chunk_lists = [[tokens[i][1] for i in range(a, b)] for a, b in runs]
    # A line with one long doubled run is a doubled layout line: its short runs are doubled too.
    line_is_doubled = any(
        2 * sum(len(c) for c in chunks) >= 8 and (len(chunks) >= 2 or any(_is_proof(c) for c in chunks))
        for chunks in chunk_lists
    )
    undo = {
        idx
        for (a, b), chunks in zip(runs, chunk_lists, strict=True)
        if _run_is_doubling(chunks, line_is_doubled=line_is_doubled)
        for idx in range(a, b)
    }
    # "——" and "……" are one punctuation mark written as two characters: never halve them alone.
    undo = {i for i in undo if not (tokens[i][1] in ("—", "…") and not line_is_doubled)}
    if not undo:
        return line
    return "".join(
        piece if idx in undo or kind == "ch" else piece * 2 for idx, (kind, piece) in enumerate(tokens)
    )
