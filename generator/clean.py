"""Undo PDF-extraction artifacts, line by line, keeping one cleaned line per raw line.

Every change is recorded as a Correction so a figure's quote can be traced back to the raw
file. The rules are general (they look at the shape of the text, never at known lines):
fullwidth characters, doubled runs, spaces between CJK characters, one-character misreadings
of catalog place names, and numbers split from their unit across a line end.
"""

from __future__ import annotations

import functools
import re

from .doubling import undouble
from .model import CleanText, Correction, SourceText
from .numbers import QUANTITY

# Fullwidth ASCII variants that PDFs use inside numbers and names. Chinese punctuation
# (，。：；（）！？) is left alone: it is the normal punctuation of the text.
_KEEP_FULLWIDTH = set("，：；（）！？")
_FULLWIDTH = {
    chr(code): chr(code - 0xFEE0)
    for code in range(0xFF01, 0xFF5F)
    if chr(code) not in _KEEP_FULLWIDTH and chr(code) not in "．－＋／"
}
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)
_HAS_FULLWIDTH = re.compile(f"[{re.escape(''.join(_FULLWIDTH))}]")
_FULLWIDTH_IN_NUMBER = re.compile(r"(?<=[0-9０-９])[．－／](?=[0-9０-９])")
_NUMBER_PUNCT = {"．": ".", "－": "-", "／": "/"}

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2010-\u2027\u25a0-\u25ff\u2605\u2606"
_WIDE = f"[{_CJK}{_CJK_PUNCT}]"
# A run of spaces next to a CJK character or CJK punctuation carries no meaning.
_CJK_SPACE = re.compile(rf"(?<={_WIDE})[ \u3000\u00a0]+|[ \u3000\u00a0]+(?={_WIDE})")

_REGION_SUFFIX = "区县市"


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"  # the ranges of _CJK


def words_in(text: str, words) -> set[str]:
    """The words that occur in text (and maybe a few that do not): one scan with an alternation, not one
    str.count over the whole text per catalog name (dozens of names; a report names a few)."""
    scan, within, extends = _word_scanner(frozenset(words))
    found = set(scan.findall(text)) if scan is not None else set()
    return found.union(extends, *(within[word] for word in found))


@functools.lru_cache(maxsize=64)  # per catalog, once per process
def _word_scanner(words: frozenset[str]):
    """The scan, longest words first, finds words without overlaps. An occurrence it does not report
    lies inside a word it reports (`within` that word: 鼓楼 in 鼓楼区), or starts inside one and runs
    past its end (华安 then 安溪): such words are always returned (`extends`), and callers count them."""
    within = {word: {other for other in words if other != word and other in word} for word in words}
    extends = frozenset(word for word in words if not word or any(
        other != word and any(other.endswith(word[:i]) for i in range(1, min(len(other), len(word))))
        for other in words))
    ordered = sorted((word for word in words if word), key=lambda word: (-len(word), word))
    return (re.compile("|".join(map(re.escape, ordered))) if ordered else None), within, extends


def _fullwidth(line: str) -> str:
    if "．" in line or "－" in line or "／" in line:  # the substitution runs on every line otherwise
        line = _FULLWIDTH_IN_NUMBER.sub(lambda m: _NUMBER_PUNCT[m.group()], line)
    return line.translate(_FULLWIDTH_TABLE) if _HAS_FULLWIDTH.search(line) else line


# 1,234.5亿元: a thousands separator, which would otherwise cut the number in two.
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")


def _thousands(line: str) -> str:
    return _THOUSANDS.sub(lambda m: m.group().replace(",", ""), line) if "," in line else line


# Columns of a table laid out with runs of spaces: two or more such runs make a table row.
_COLUMN_GAP = re.compile(r"[ \u3000\u00a0]{2,}")


_GAP_OR_TAB = re.compile(r"[ \u3000\u00a0\t]+")
_SENTENCE_PUNCT = re.compile(r"[。；！？]")


def _letter_spaced(line: str) -> str:
    """关  于  洛  阳  市  2025年: a PDF that spaced out every character (with spaces or tabs) is
    not a table; its pieces are mostly single characters."""
    if "  " not in line and "\t" not in line and "\u3000" not in line:
        return line
    pieces = _GAP_OR_TAB.split(line.strip(" \u3000\u00a0\t"))
    if len(pieces) < 3:
        return line
    single = sum(1 for piece in pieces if len(piece) == 1)
    if single < (0.6 if len(pieces) >= 4 else 0.66) * len(pieces):
        return line
    out = pieces[0]
    for piece in pieces[1:]:  # a space stays only between two Latin words or numbers
        out += " " + piece if out[-1].isascii() and out[-1].isalnum() and piece[0].isascii() and piece[0].isalnum() \
            else piece
    return out


def _columns(line: str) -> str:
    body = line.strip(" \u3000\u00a0")
    if body.count(" ") + body.count("\u3000") + body.count("\u00a0") < 4:
        return line  # two gaps need four spaces: most lines have none
    if "\t" in body or len(_COLUMN_GAP.findall(body)) < 2:
        return line
    if len(_SENTENCE_PUNCT.findall(body)) >= 2:
        return line  # paragraphs of a web page run together on one line: prose, not a table row
    return _COLUMN_GAP.sub("\t", body)


# 国民经济和社会 社会发展: a word, a space, the same word again is a wrapped line written twice.
_SPACED_REPEAT = re.compile(r"([\u3400-\u9fff]{2,8})[ \u3000]+\1(?![\u3400-\u9fff]*[ \u3000]+\1)")


def _spaced_repeat(line: str) -> str:
    return _SPACED_REPEAT.sub(r"\1", line) if " " in line or "\u3000" in line else line


# A saved web page's article on one line: paragraphs set apart by ideographic spaces, kept as two
# of them so that stream.paragraphs can read the line paragraph by paragraph.
_INLINE_PARAGRAPH = re.compile(r"(?<=[。；！？：”])[ \u00a0\t]*\u3000{2,}[ \u00a0\t]*")
PARAGRAPH_MARK = "\u3000\u3000"


def _spacing(line: str) -> str:
    if " " in line or "\u3000" in line or "\u00a0" in line:  # no space, nothing to remove
        if len(line) > 300 and "\u3000\u3000" in line:
            pieces = _INLINE_PARAGRAPH.split(line)
            return PARAGRAPH_MARK.join(_CJK_SPACE.sub("", piece).strip(" \u3000\u00a0") for piece in pieces)
        line = _CJK_SPACE.sub("", line)
    return line.strip(" \u3000\u00a0")


class PlaceNameFixer:
    """Corrects one-character misreadings of catalog place names (鼔楼区 -> 鼓楼区).

    A candidate is a full catalog name (…区/县/市) written with one character of its stem
    changed. It is corrected only when all of these hold, so a real place (or 海绵城市, or
    所城乡) that happens to differ by one character from a catalog name is left alone:
    the document uses the catalog spelling more often; it uses the odd character mostly in
    this misspelling; and the odd character is a look-alike, which the Unicode CJK block's radical-then-
    strokes order shows as a nearby code point (鼔 U+9F14 next to 鼓 U+9F13).
    """

    LOOKALIKE_DISTANCE = 0x180

    def __init__(self, regions: list[dict]):
        self.names: set[str] = set()
        self.all_names: set[str] = set()
        for region in regions or []:
            for name in [region.get("name_zh"), *(region.get("aliases") or [])]:
                if name:
                    self.all_names.add(name)
            name = region.get("name_zh") or ""
            if len(name) >= 3 and name[-1] in _REGION_SUFFIX:
                self.names.add(name)

    @staticmethod
    @functools.lru_cache(maxsize=4096)
    def _pattern(name: str) -> re.Pattern:
        stem, suffix = name[:-1], name[-1]
        alternatives = [stem[:i] + f"[{_CJK}]" + stem[i + 1:] for i in range(len(stem))]
        return re.compile(f"(?:{'|'.join(alternatives)})(?={suffix})")

    @classmethod
    def _candidates(cls, name: str, text: str) -> list[str]:
        """The stem written with one character (any CJK character) in its place, before the suffix,
        found left to right without overlaps: what _pattern(name).findall(text) gives. Read at each
        suffix character instead: compiling that pattern takes ~10 ms per name (its CJK classes), and
        a scan with it tries every position of the text."""
        if re.escape(name) != name:
            return cls._pattern(name).findall(text)  # regular-expression syntax in the name
        stem, suffix = name[:-1], name[-1]
        size = len(stem)
        found: list[str] = []
        free = 0  # where the last match ended: matches do not overlap
        end = text.find(suffix, size)
        while end != -1:
            start = end - size
            if start >= free:
                piece = text[start:end]
                changed = [i for i in range(size) if piece[i] != stem[i]]
                if len(changed) <= 1 and any(_is_cjk(piece[i]) for i in (changed or range(size))):
                    found.append(piece)
                    free = end
            end = text.find(suffix, end + 1)
        return found

    def plan(self, lines: list[str]) -> dict[str, str]:
        """Misspelt stem -> correct stem, decided once for the whole document."""
        text = "\n".join(lines)
        fixes: dict[str, str] = {}
        present = words_in(text, (name[:-1] for name in self.names))
        for name in sorted(self.names):
            stem = name[:-1]
            right_count = text.count(stem) if stem in present else 0
            if right_count < 2:
                continue
            for found in sorted(set(self._candidates(name, text))):
                if found == stem or any(other.startswith(found) for other in self.all_names):
                    continue
                wrong, right = next((a, b) for a, b in zip(found, stem, strict=True) if a != b)
                if (text.count(found) < right_count and 2 * text.count(found) >= text.count(wrong)
                        and abs(ord(wrong) - ord(right)) <= self.LOOKALIKE_DISTANCE):
                    fixes[found] = stem
        return fixes

    @staticmethod
    def apply(line: str, fixes: dict[str, str]) -> str:
        for wrong, right in fixes.items():
            if wrong in line:
                line = re.sub(re.escape(wrong) + f"(?=[{_REGION_SUFFIX}])", right, line)
        return line


def _split_quantity(tail: str, head: str) -> int:
    """How many leading characters of head complete a quantity begun at the end of tail (0: none).

    `增长7.` + `5%`, `2630` + `个`, `512平方公` + `里`, `180家以` + `上`: the quantity read across the
    line break starts before it and ends after it. Digits never continue digits across a break
    (`7` + `5%` may be two numbers); only a decimal point does.
    """
    joined = tail + head
    for match in QUANTITY.finditer(joined):
        if match.start() < len(tail) < match.end():
            if tail[-1].isdigit() and head[0].isdigit():
                return 0
            return match.end() - len(tail)
    return 0


_DIGIT = re.compile(r"\d")


def _join_broken_numbers(lines: list[str], corrections: list[Correction]) -> None:
    """Move the part of a quantity that starts a line onto the line where the quantity begins."""
    for i, line in enumerate(lines):
        if not line or "\t" in line or not _DIGIT.search(line, len(line) - 12):
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or "\t" in lines[j]:
            continue
        nxt = lines[j]
        count = _split_quantity(line[-12:], nxt[:12])
        if not count:
            continue
        moved = nxt[:count]
        corrections.append(Correction(i + 1, line, line + moved, "joined_line"))
        corrections.append(Correction(j + 1, nxt, nxt[count:], "joined_line"))
        lines[i] = line + moved
        lines[j] = nxt[count:]


# A page number a PDF left between two lines of running text: — 3 —, -3-, 第3页, 第 3 页 共 18 页.
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
                          r"|\d{1,3}\s*/\s*\d{1,3})\s*$")


def _page_number(line: str) -> str:
    return "" if len(line) <= 24 and _PAGE_NUMBER.match(line) else line


# The rules for each line, in the order they apply.
# Doubled runs are undone before letter spacing and columns are read: 关关  于于  洛洛 is one spaced word.
_LINE_RULES = (("fullwidth", _fullwidth), ("page_number", _page_number), ("doubled_run", undouble),
               ("cjk_spacing", _letter_spaced), ("table_columns", _columns),
               ("doubled_run", _spaced_repeat),
               ("cjk_spacing", _spacing),
               ("thousands_separator", _thousands))


def clean(source: SourceText, regions: list[dict] | None = None) -> CleanText:
    corrections: list[Correction] = []
    lines: list[str] = []
    for number, raw in enumerate(source.lines, start=1):
        line = raw
        for rule, fix in _LINE_RULES:
            fixed = fix(line)
            if fixed != line:
                corrections.append(Correction(number, line, fixed, rule))
                line = fixed
        lines.append(line)
    fixer = PlaceNameFixer(regions or [])
    fixes = fixer.plan(lines)
    if fixes:
        for idx, line in enumerate(lines):
            fixed = fixer.apply(line, fixes)
            if fixed != line:
                corrections.append(Correction(idx + 1, line, fixed, "place_name"))
                lines[idx] = fixed
    _join_broken_numbers(lines, corrections)
    corrections.sort(key=lambda c: c.line)
    return CleanText(path=source.path, lines=lines, corrections=corrections)
