"""Find the report's figures: every number with a unit, named and classified by its phrasing.

Running text is read clause by clause: the words before a number give the indicator's name,
the verb (增长 -> growth, 完成年度计划的 -> completion, 占 -> share) and a qualifier (约, 超);
the words after it give the unit and more qualifiers (左右, 以上). Whether a figure is a goal,
an achievement or an estimate comes from local cues (力争, 预计) and from the document context
(context.py, periods.py). Names are given by naming.py, tables read by tables.py.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .clean import clean as clean_text
from .context import LineContext, line_contexts
from .meta import frame_meta
from .model import CleanText, Figure
from .naming import NameCues, follow_noun
from .numbers import (
    DURATION_AFTER_CLASSIFIER,
    QUANTITY,
    RANGE_JOIN,
    SUFFIX_QUALIFIERS,
    Quantity,
    parse_quantity,
    prefix_qualifier,
)
from .periods import FrameCues
from .phrases import (
    CLASSIFIER_WORDS,
    CLAUSE_DELIMS,
    COMPLETION_POINTS,
    CONJUNCTION,
    PLAN_TOTAL,
    SENTENCE_DELIMS,
    percent_measure,
    strip_name,
)
from .read import read_report
from .stream import Stream, build_stream, headings_of, paragraphs
from .tables import table_figures

_WINDOW = 240  # how far back a clause or sentence start is looked for; keeps long lines linear
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# (?=\d) first: the engine skips the positions that cannot start a ratio without trying the look-behind.
_RATIO = re.compile(r"(?=\d)(?<![\d.])(\d+(?:\.\d+)?)[:：∶](\d+(?:\.\d+)?)[:：∶](\d+(?:\.\d+)?)(?![\d.:：∶])")
# 接连突破 / 迈上…台阶, or 突破 before a list of thresholds: milestones passed over the years.
_MILESTONES = re.compile(r"接连|相继|先后|连续|跨越|迈上|跃上|越过|站上")
_LIST_NEXT = re.compile(r"\s*[、和及]\s*\d")
MILESTONE_NOTE = "a milestone passed (突破…), not the level itself"


def _round(value: float) -> bool:
    """3000, 4000, 1万 (10000): a threshold's round number, not a measured level (3127.6)."""
    value = abs(value)
    if value < 10 or value != int(value):
        return False
    digits = str(int(value)).rstrip("0")
    return len(digits) <= 1


# the 1 of 1-2万人 ((?=\d) as in _RATIO)
_RANGE_FLOOR = re.compile(r"(?=\d)(?<![\d.%％])(\d+(?:\.\d+)?)(?:万亿|亿|万|千)?\s*[-~～—–至到]\s*$")
_RANGE_CEILING = re.compile(r"\d\s*(?:%|％|[\u4e00-\u9fff]{1,3})\s*[-~～—–至到]\s*$")  # the 7% of 6%-7%
_POINTS_LIST = re.compile(r"^[、和与及]\s*-?\d+(?:\.\d+)?\s*个百分点")  # 分别超 3.5 个、2 个百分点
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_LIST_JOINT = re.compile(r"[ \t]*[、和及与][ \t]*")
_CLOSE = re.compile(r"[）)]")
_DECLINE_END = re.compile(r"(?:下降|降低|回落|减少|下滑)\s*$")
_PERCENT_CLASS = {"growth_pct": "pct_growth", "completion_pct": "pct_completion",
                  "share_pct": "pct_share", "level": "pct_level"}


def _last_delim(text: str, end: int, delims: str) -> int:
    """Index of the last delimiter before end, looking back at most _WINDOW characters."""
    lo = max(0, end - _WINDOW)
    return max(max(text.rfind(d, lo, end) for d in delims), lo - 1)


_CLAUSE_DELIM = re.compile(f"[{re.escape(CLAUSE_DELIMS)}]")
_SENTENCE_DELIM = re.compile(f"[{re.escape(SENTENCE_DELIMS)}]")


class _Delimiters:
    """Where the clause or sentence before a position starts: its last delimiter, at most _WINDOW
    characters back. Searched forward in the reversed text, which the engine scans fast for a class of
    characters (listing every delimiter of the text instead took longer than the few look-ups)."""

    def __init__(self, text: str):
        self.reversed = text[::-1]
        self.size = len(text)

    def _before(self, pattern: re.Pattern, end: int) -> int:
        lo = max(0, end - _WINDOW - 1)
        found = pattern.search(self.reversed, self.size - end, self.size - lo)  # the last one in [lo, end)
        return max(self.size - 1 - found.start() if found else -1, end - _WINDOW - 1)

    def clause_start(self, end: int) -> int:
        return self._before(_CLAUSE_DELIM, end) + 1

    def sentence_start(self, end: int) -> int:
        return self._before(_SENTENCE_DELIM, end) + 1


@dataclass
class _Mention:
    name: str
    measure: str
    sign: int
    role: str
    end: int
    sentence: int
    qualifier: str | None = None
    milestone: bool = False


def _skip(text: str, q: Quantity, unit_is_count: bool) -> bool:
    """Numbers that are not figures: ordinals (第28名) and thresholds inside names (10亿元以上项目)."""
    before = text[max(0, q.num_start - 2):q.num_start].strip()
    if before.endswith("第") or (before.endswith("前") and q.unit in ("名", "位", "强")):
        return True  # 第28名, 全省前3名: ranks
    if unit_is_count and text[q.end - 1:q.end + 1] in CLASSIFIER_WORDS:
        return True
    if q.unit == "个" and DURATION_AFTER_CLASSIFIER.match(text[q.end:q.end + 3]):
        return True
    after = text[q.end:q.end + 1]
    suffix = text[max(q.num_start, q.end - 2):q.end]
    if not unit_is_count and suffix in ("以上", "以下") and after and _CJK_CHAR.match(after) and after != "的":
        return True
    return False


def _period_before(period: str) -> str:
    year = int(period[:4])
    return str(year - 1)


class _TextReader(FrameCues, NameCues):
    def __init__(self, stream: Stream, contexts: list[LineContext], *, year: int, period: str, kind: str,
                 matcher=None, date: str | None = None):
        self.date = date
        # (全市一般公共预算, 一般公共预算) of 全市一般公共预算收入, for a later bare 支出 or 市级支出
        self._category: tuple[str, str] | None = None
        self._category_section: str | None = None
        self.matcher = matcher
        self._sentence_start = 0
        self.stream = stream
        self.text = stream.text
        self.delims = _Delimiters(stream.text)
        self._mentions: list[_Mention] = []  # figures of the current sentence, for 分别
        self._dist: dict | None = None
        self._shared: list[str] = []  # the other subjects of a value given to a list (分别增长7.8%)
        self.contexts = contexts
        self.year = year
        self.period = period
        self.kind = kind

    def _ctx(self, offset: int) -> LineContext:
        return self.contexts[self.stream.unit_at(offset)]

    def figures(self) -> list[Figure]:
        out: list[Figure] = []
        prev: _Mention | None = None
        opened: _Mention | None = None  # the figure a bracket right after it breaks down
        text = self.text
        for match in QUANTITY.finditer(text):
            q = parse_quantity(match)
            if q.unit == "个" and _POINTS_LIST.match(text[q.end:q.end + 16]):
                q.unit, q.unit_class, q.is_count = "个百分点", "other", False  # 分别超 3.5 个、2 个百分点
            if _skip(text, q, q.is_count):
                continue
            low = self._range_floor(q)
            if low is not None:
                low_figure, prev = self._figure(low, prev)
                out.append(low_figure)
                q.qualifier = q.qualifier or "at_most"
            elif RANGE_JOIN.match(text[q.end:q.end + 4]):
                q.qualifier = q.qualifier or "at_least"  # 6%-7%: the floor carries its own unit
            elif _RANGE_CEILING.search(text[max(0, q.num_start - 8):q.num_start]):
                q.qualifier = q.qualifier or "at_most"
            if q.qualifier is None:
                q.qualifier = self._list_qualifier(q)
            # 余额180亿元（一般债务…，占比70%），同比增加40亿元: after the bracket that breaks a
            # figure down, the text goes on about that figure.
            closed = opened is not None and prev is not None and _CLOSE.search(text, prev.end, q.num_start) is not None
            figure, prev = self._figure(q, opened if closed else prev, resumed=closed)
            opened = None if closed else opened
            if figure:
                out.append(figure)
                out.extend(dataclasses.replace(figure, name_zh=name) for name in self._shared)
                if text.startswith(("（", "("), q.end):
                    opened = prev
        out.extend(self._ratios())
        return out

    def _list_qualifier(self, q: Quantity) -> str | None:
        """分别增长7%和8%左右: a 左右 or 以上 written once after a list of values is each one's."""
        pos, last = q.end, None
        while True:
            joint = _LIST_JOINT.match(self.text, pos, pos + 4)
            following = QUANTITY.match(self.text, joint.end()) if joint else None
            if not following:
                return last.group("suffix") and SUFFIX_QUALIFIERS[last.group("suffix")] if last else None
            pos, last = following.end(), following

    def _range_floor(self, q: Quantity) -> Quantity | None:
        """For the ceiling of 6-7% (a floor without its own unit), the floor as a quantity of its own."""
        before = self.text[max(0, q.num_start - 12):q.num_start]
        match = _RANGE_FLOOR.search(before)
        if not match:
            return None
        start = q.num_start - len(before) + match.start(1)
        raw = float(_NUMBER.match(self.text, q.num_start).group())
        scale = abs(q.value / raw) if raw else 1.0  # 1-2万个: the floor is scaled like the ceiling
        floor_end = q.num_start - len(before) + match.end(0)  # through 万 and the dash: the ceiling's prefix is empty
        return Quantity(round(float(match.group(1)) * scale, 6), q.unit, q.unit_class, q.is_percent, q.is_count,
                        "at_least", start, floor_end, start)

    def _figure(self, q: Quantity, prev: _Mention | None,
                resumed: bool = False) -> tuple[Figure | None, _Mention | None]:
        text = self.text
        clause_start = max(self.delims.clause_start(q.num_start), 0)
        # 新改扩建中小学、幼儿园9所: a list of names without numbers is one name.
        while clause_start > 0 and text[clause_start - 1] == "、":
            earlier = max(self.delims.clause_start(clause_start - 1), 0)
            if _DIGIT.search(text, earlier, clause_start - 1) or clause_start - earlier > 30:
                break
            clause_start = earlier
        sentence_start = max(self.delims.sentence_start(q.num_start), 0)
        self._sentence_start = sentence_start
        same_sentence = prev is not None and (prev.sentence == sentence_start or resumed)
        local_start = max(clause_start, prev.end) if same_sentence and prev.end > clause_start else clause_start
        prefix = text[local_start:q.num_start]
        sentence = text[sentence_start:q.num_start]
        line = self.stream.line_at(q.num_start)
        ctx = self._ctx(q.num_start)
        inherit = same_sentence and CONJUNCTION.match(prefix) is not None
        if inherit and not prefix and text[local_start - 1] in "，,；;" and follow_noun(text, q)[0]:
            inherit = False  # …正式运营，2万平方米仓储库建成: a new item that names itself after its number
        qualifier = q.qualifier or prefix_qualifier(prefix)
        if qualifier is None and inherit and prev is not None:
            qualifier = prev.qualifier  # 突破3000亿元、4000亿元: one 突破 for the whole list

        # What the number measures.
        role = "result"
        sign = 1
        if q.is_percent:
            measure, sign = percent_measure(prefix, text[clause_start:q.num_start])
            if inherit and prev is not None and prev.measure != "level":
                measure, sign = prev.measure, prev.sign
        else:
            measure = "level"
            if q.unit_class == "other" and "百分点" in q.unit and COMPLETION_POINTS.search(prefix):
                role = "completion"
            elif inherit and prev is not None and prev.role == "completion" and "百分点" in q.unit:
                role = "completion"
        if measure == "completion_pct":
            role = "completion"
        elif measure == "level" and PLAN_TOTAL.search(strip_name(prefix) or prefix.strip()):
            role = "plan_total"
        elif measure == "level" and PLAN_TOTAL.search(prefix.strip()):
            role = "plan_total"

        # The indicator's name.
        if not same_sentence:
            self._mentions, self._dist = [], None
        name = (self._distributed_name(q, clause_start, inherit)
                or self._name(q, prefix, measure, role, prev if same_sentence else None, inherit))
        name = self._with_category(name, ctx.section)

        kind, role, period, basis = self._kind_and_period(q, role, ctx, prefix, sentence, clause_start,
                                                          sentence_start)
        if "百分点" in q.unit and _DECLINE_END.search(prefix):
            sign = -1  # 比上年下降0.5个百分点
        value = q.value * sign if q.value > 0 else q.value
        if q.is_percent:
            unit, unit_class = "%", _PERCENT_CLASS[measure]
        else:
            unit, unit_class = q.unit, q.unit_class
        quote_start = self._quote_start(q, prefix, local_start, name)
        figure = Figure(
            name_zh=name, kind=kind, role=role, measure=measure, value=value, unit=unit,
            unit_class=unit_class, qualifier=qualifier, period=period, line=line,
            quote=text[quote_start:q.end].replace("\n", ""), section=ctx.section, basis=basis,
        )
        # 地区生产总值接连突破3000亿元、4000亿元: thresholds passed, not the level itself.
        milestone = measure == "level" and kind == "actual" and qualifier == "at_least" and _round(value) and (
            bool(_MILESTONES.search(prefix)) or (inherit and prev is not None and prev.milestone)
            or ("突破" in prefix and _LIST_NEXT.match(text, q.end) is not None))
        if milestone:
            figure.note = MILESTONE_NOTE
        mention = _Mention(name, measure, sign, role, q.end, sentence_start, qualifier, milestone)
        self._mentions.append(mention)
        return figure, mention


    def _quote_start(self, q: Quantity, prefix: str, local_start: int, name: str) -> int:
        core = strip_name(prefix)
        start = q.num_start
        if core:
            found = self.text.rfind(core[:4], local_start, q.num_start)
            if found >= 0:
                start = found
        line_start = self.text.rfind("\n", max(0, q.num_start - _WINDOW), q.num_start) + 1
        this_line = self.stream.line_at(q.num_start)
        line_offset = self.stream.line_offset.get(this_line, 0)
        return max(start, line_start, line_offset, q.num_start - 40)

    def _ratios(self) -> list[Figure]:
        """三次产业结构由 5.1:38.2:56.7 调整为 4.8:36.9:58.3: each part is a share."""
        out = []
        for match in _RATIO.finditer(self.text):
            clause_start = _last_delim(self.text, match.start(), "，,；;。！？\n") + 1
            prefix = self.text[clause_start:match.start()]
            if not re.search(r"结构|比例|之比|比重", prefix):
                continue
            line = self.stream.line_at(match.start())
            ctx = self._ctx(match.start())
            name = strip_name(re.split(r"由|从|调整|优化为|变为|提升为", prefix)[0]) or strip_name(prefix)
            before = self.text[max(clause_start, match.start() - 8):match.start()]
            period = _period_before(ctx.period) if re.search(r"年初|上年|去年|由|从", before) else ctx.period
            ordinals = "一二三四五六七八九"
            for i in range(3):
                value = float(match.group(i + 1))
                part = f"第{ordinals[i]}产业占比" if "产业" in name else f"第{ordinals[i]}部分占比"
                out.append(Figure(
                    name_zh=f"{part}（{name}）",
                    kind=ctx.kind, role="result" if ctx.kind == "actual" else "target",
                    measure="share_pct", value=value, unit="%",
                    unit_class="pct_share", qualifier=None, period=period, line=line,
                    quote=match.group(), section=ctx.section,
                ))
        return out


def extract_figures(clean: CleanText, *, year: int, period: str, kind: str, matcher=None,
                    date: str | None = None) -> list[Figure]:
    units, numbers = paragraphs(clean.lines)
    headings = headings_of(units)  # once for both
    contexts = line_contexts(units, year=year, period=period, kind=kind, headings=headings, line_numbers=numbers)
    stream = build_stream(units, headings, numbers)
    figures = _TextReader(stream, contexts, year=year, period=period, kind=kind, matcher=matcher, date=date).figures()
    figures.extend(table_figures(units, contexts, year=year, period=period, kind=kind, line_numbers=numbers))
    for figure in figures:
        if matcher is not None and figure.name_zh and figure.note != MILESTONE_NOTE:
            figure.indicator = matcher.match(figure.name_zh)
    figures.sort(key=lambda f: f.line)
    return figures


def page_starts(pages: list[int]) -> list[int]:
    """The 1-based line where each page starts, from the page of each line (a page without text keeps
    the start of the next)."""
    starts: list[int] = []
    for line, page in enumerate(pages, start=1):
        while len(starts) < page:
            starts.append(line)
    return starts


def _default_regions() -> list[dict]:
    path = Path(__file__).resolve().parents[1] / "data" / "regions.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []


def extract_file(path, overrides: dict | None = None, regions=None, matcher=None
                 ) -> tuple[dict, CleanText, list[Figure]]:
    """Read, clean and extract one report; meta = what the text states, updated with overrides. A field the
    text does not settle is guessed, and meta["warnings"] says so (one line each)."""
    from .indicators import IndicatorMatcher, default_indicators_path, load_indicators
    from .model import ReportsiteError

    regions = _default_regions() if regions is None else regions
    if matcher is None:
        matcher = IndicatorMatcher(load_indicators(default_indicators_path()))
    source = read_report(path)
    cleaned = clean_text(source, regions)
    meta, warnings = frame_meta(cleaned, regions, overrides)
    if source.pages:  # a PDF's: where each page starts, so that a figure's line names its page
        meta["page_starts"] = page_starts(source.pages)
    if not meta.get("year"):
        raise ReportsiteError(cleaned.path, "names no year at all, so no figure can be given a period",
                              "give --year, or year: in seeds/reports.yaml")
    meta["warnings"] = warnings
    year = int(meta["year"])
    figures = extract_figures(cleaned, year=year, period=str(meta.get("period") or year), kind=str(meta["kind"]),
                              matcher=matcher, date=meta.get("date"))
    return meta, cleaned, figures
