"""Find the report's figures: every number with a unit, named and classified by its phrasing.

Running text is read clause by clause: the words before a number give the indicator's name,
the verb (增长 -> growth, 完成年度计划的 -> completion, 占 -> share) and a qualifier (约, 超);
the words after it give the unit and more qualifiers (左右, 以上). Whether a figure is a goal,
an achievement or an estimate comes from local cues (力争, 预计) and from the document context
(context.py). Tables are read by tables.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .clean import clean as clean_text
from .context import LineContext, line_contexts
from .meta import frame_meta
from .model import CleanText, Figure
from .numbers import (
    DURATION_AFTER_CLASSIFIER,
    QUANTITY,
    RANGE_JOIN,
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
    completion_name,
    percent_measure,
    strip_name,
)
from .read import read_report
from .stream import Stream, build_stream, headings_of, paragraphs
from .tables import table_figures

_WINDOW = 240  # how far back a clause or sentence start is looked for; keeps long lines linear
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_FOLLOW_NOUN = re.compile(r"^(的)?([\u3400-\u9fff“”A-Za-z（）]{1,14})")
_STOP_FOLLOW = re.compile(r"^(?:以上|以下|以内|左右|的|和|、|，|增长|下降|同比|比|，)")
# (?=\d) first: the engine skips the positions that cannot start a ratio without trying the look-behind.
_RATIO = re.compile(r"(?=\d)(?<![\d.])(\d+(?:\.\d+)?)[:：∶](\d+(?:\.\d+)?)[:：∶](\d+(?:\.\d+)?)(?![\d.:：∶])")
_CHANGE_VERB = re.compile(r"(增加|减少|增长|下降|降低|提高|提升|减收|增收|多|少)(?:了)?(?:约|近|超过|超)?\s*$")
_CHANGE_WORDS = re.compile(r"[\s，,]*(?:比|较|高于|低于|高出|拉低|拉高|提高|降低)")
# 支出预算调整为829.8亿元 after 一般公共预算收入…: a bare 收入/支出 and the budget category named before it.
_BARE_FLOW = re.compile(r"(?:调整后的?)?(收入|支出)(?:预算|预计|完成|总额|合计)?(?:调整)?")
_CATEGORY_FLOW = re.compile(r"((?:全市|全县|全区|市级|县级|区级|市本级|县本级|区本级)?[\u4e00-\u9fff]{2,10}?预算)"
                            r"(?:收入|支出)")
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


_PLAN_WORDS = re.compile(r"(?:(?:完成)?(?:年度|全年|年)?计划(?:完成)?(?:总量|总额)?|(?:年初|调整后的?|年度)?预算"
                         r"(?:数|合计|总额|安排)?|预算调整)(?:为|是|合计)?\s*$")
# 投资 (alone, or 总投资 / 共投资) before the amount, and the works it paid for after it.
_INVESTED = re.compile(r"(?:总|共|累计)?投资")
_FUNDED = re.compile(r"(?:的|完成了?|实施了?|建成了?|新建了?|改扩建|用于|对)\s*([^，。；：\n]{2,30})")
_OBJECT_END = re.compile(r"实现|开工|竣工|全部|投入|顺利|正式|完工|建成|已|等")
_TOWN_AND_COUNTRY = re.compile(r"(城乡)([\u4e00-\u9fff]{2,16})")
# 实际完成1202017万元 / 执行: a verb alone names nothing; the figure is its sentence's subject's.
_BARE_VERB = re.compile(r"(?:实际|实际完成|执行数?|决算数?|快报数?)")
# Names that only make sense with the subject of the figure before them.
_GENERIC_HEAD = re.compile(r"(?:总|累计|完成|实际)?(?:投资|投资额|金额|资金|面积|产值|规模|总额|总数|数量)")
# the 1 of 1-2万人 ((?=\d) as in _RATIO)
_RANGE_FLOOR = re.compile(r"(?=\d)(?<![\d.%％])(\d+(?:\.\d+)?)(?:万亿|亿|万|千)?\s*[-~～—–至到]\s*$")
_RANGE_CEILING = re.compile(r"\d\s*(?:%|％|[\u4e00-\u9fff]{1,3})\s*[-~～—–至到]\s*$")  # the 7% of 6%-7%
_POINTS_LIST = re.compile(r"^[、和与及]\s*-?\d+(?:\.\d+)?\s*个百分点")  # 分别超 3.5 个、2 个百分点
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_DECLINE_END = re.compile(r"(?:下降|降低|回落|减少|下滑)\s*$")
_LIST_JOINT = re.compile(r"\s*[、和及与]\s*")
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


def _follow_noun(text: str, q: Quantity) -> tuple[str, bool]:
    after = text[q.end:q.end + 20]
    if _STOP_FOLLOW.match(after) and not after.startswith("的"):
        return "", False
    match = _FOLLOW_NOUN.match(after)
    noun = match.group(2).replace("“", "").replace("”", "") if match else ""
    if not noun or not _CJK_CHAR.match(noun[0]):
        return "", False
    return noun, bool(match.group(1))


def _period_before(period: str) -> str:
    year = int(period[:4])
    return str(year - 1)


class _TextReader(FrameCues):
    def __init__(self, stream: Stream, contexts: list[LineContext], *, year: int, period: str, kind: str,
                 matcher=None, date: str | None = None):
        self.date = date
        self._category: str | None = None  # 一般公共预算 of 一般公共预算收入, for a later bare 支出
        self._category_section: str | None = None
        self.matcher = matcher
        self._sentence_start = 0
        self.stream = stream
        self.text = stream.text
        self.delims = _Delimiters(stream.text)
        self._mentions: list[_Mention] = []  # figures of the current sentence, for 分别
        self._dist: dict | None = None
        self.contexts = contexts
        self.year = year
        self.period = period
        self.kind = kind

    def _ctx(self, offset: int) -> LineContext:
        return self.contexts[self.stream.unit_at(offset)]

    def figures(self) -> list[Figure]:
        out: list[Figure] = []
        prev: _Mention | None = None
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
            figure, prev = self._figure(q, prev)
            if figure:
                out.append(figure)
        out.extend(self._ratios())
        return out

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

    def _figure(self, q: Quantity, prev: _Mention | None) -> tuple[Figure | None, _Mention | None]:
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
        same_sentence = prev is not None and prev.sentence == sentence_start
        local_start = max(clause_start, prev.end) if same_sentence and prev.end > clause_start else clause_start
        prefix = text[local_start:q.num_start]
        sentence = text[sentence_start:q.num_start]
        line = self.stream.line_at(q.num_start)
        ctx = self._ctx(q.num_start)
        inherit = same_sentence and CONJUNCTION.match(prefix) is not None
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

    def _with_category(self, name: str, section: str | None) -> str:
        """收入完成421.8亿元 / 支出预算调整为829.8亿元 after 一般公共预算收入…: a bare 收入 or 支出 is
        of the budget category named last in its section."""
        if section != self._category_section:
            self._category, self._category_section = None, section
        bare = _BARE_FLOW.fullmatch(name)
        if bare and self._category:
            return self._category + bare.group(1)
        whole = _CATEGORY_FLOW.fullmatch(name)
        if whole:
            self._category = whole.group(1)
        return name

    def _distributed_name(self, q: Quantity, clause_start: int, inherit: bool) -> str | None:
        """分别: the values of a list go, in order, to the subjects of a list.

        城镇、农村居民人均可支配收入分别达到52345元、28765元 (subjects written before 分别), or
        省级项目20个、市级项目76个，分别完成投资35.2亿元、48.6亿元 (subjects = the figures before).
        """
        text = self.text
        if inherit and self._dist is not None:
            self._dist["index"] += 1
            subjects, index = self._dist["subjects"], self._dist["index"]
            return subjects[index] + self._dist["head"] if index < len(subjects) else None
        clause = text[clause_start:q.num_start]
        if "分别" not in clause:
            return None
        count, pos = 1, q.end
        while True:
            joint = _LIST_JOINT.match(text[pos:pos + 4])
            following = QUANTITY.match(text, pos + joint.end()) if joint else None
            if not following:
                break
            count, pos = count + 1, following.end()
        if count < 2:
            return None
        before, after = clause.split("分别", 1)
        head = strip_name(after)
        items = [item for item in re.split(r"[、和及与]", strip_name(before)) if item]
        subjects = None
        both = _TOWN_AND_COUNTRY.match(items[0]) if len(items) == 1 and count == 2 else None
        if both:  # 城乡居民人均可支配收入分别增长8%和7.5%: town first, then country
            items = ["城镇" + both.group(2), "农村" + both.group(2)]
        if len(items) == count:
            size = len(items[0])
            if all(len(item) == size for item in items[:-1]) and size <= 4 and len(items[-1]) > size:
                subjects = [item + items[-1][size:] for item in items[:-1]] + [items[-1]]
            elif all(len(item) >= 4 for item in items):
                subjects = items  # 汽车销售企业及传统商贸企业分别下降: each item is a name of its own
        elif not before.strip() and len(self._mentions) >= count:
            subjects = [m.name for m in self._mentions[-count:]]
        if not subjects:
            return None
        self._dist = {"subjects": subjects, "index": 0, "head": head}
        return subjects[0] + head

    def _name(self, q: Quantity, prefix: str, measure: str, role: str, prev: _Mention | None,
              inherit: bool) -> str:
        follow, via_de = ("", False) if q.is_percent else _follow_noun(self.text, q)
        if follow and self.stream.line_at(q.end) != self.stream.line_at(q.end - 1) \
                and len(strip_name(prefix)) > 4:
            follow = ""  # the next line is the next item of a list: 城镇新增就业1.2万人 / 粮食产量…
        # 实施 41个工业园区基础配套项目: what a count counts is the noun after its classifier.
        if (q.is_count or q.unit_class == "people") and follow and not via_de:
            core = strip_name(prefix)
            return core + follow if len(core) <= 4 and not inherit else follow
        if inherit and prev is not None:
            return prev.name
        if "百分点" in q.unit and prev is not None and _CHANGE_WORDS.match(prefix):
            # 亏损面达 21.5%，比年初高出 2.1 个百分点: a change of the figure before it.
            return prev.name + re.sub(r"^[\s，,、]+|\s+$", "", prefix)
        if role == "completion" and not q.is_percent:
            # 超序时进度 3.5 个百分点: the phrase says what the points measure.
            phrase = re.sub(r"^[\s，,、]*(?:分别|均|并)?|\s+$", "", prefix)
            return (prev.name if prev else "") + phrase or self._subject(prefix)
        if role == "plan_total":
            # 固定资产投资完成年计划710亿元: the plan's subject, not the word 计划.
            own = strip_name(_PLAN_WORDS.sub("", prefix))
            if own:
                return own
            return prev.name if prev else self._subject(prefix)
        if role == "completion":
            own = completion_name(prefix)
            return own or (prev.name if prev else "") or self._subject(prefix)
        core = strip_name(prefix)
        if measure == "share_pct" and prefix.strip().startswith("占") and prev is not None:
            share = re.sub(r"的\s*$", "", prefix.strip())
            return prev.name + share + ("" if re.search(r"比重|比例|占比", share) else "比重")
        if not core and not q.is_percent and prev is not None and re.search(r"[比较](?:上年|去年|年初)", prefix):
            # 比上年增加5000亿元: an increment of the previous figure, never its level.
            return prev.name + re.sub(r"^[\s，,、]+|[\s]+$", "", prefix)
        change = _CHANGE_VERB.search(prefix)
        if change and not q.is_percent and "百分点" not in q.unit:
            # 税收增加5亿元: an amount of change, never to be read as the level itself.
            base = core or (prev.name if prev else "")
            return base if base.endswith(change.group(1)) else base + change.group(1)
        funded = self._funded_object(q) if _INVESTED.fullmatch(core) else None
        if funded:  # 投资1.29亿元完成了17条道路的改扩建: what the money built (a 总投资 stays one)
            return funded + ("总投资" if core.startswith("总") else "投资")
        if follow and via_de:
            return follow + core  # 产值超 100 亿元的龙头企业: the noun after 的 owns the figure
        if follow and len(core) <= 2:
            return core + follow  # 发放15万元消费券: a verb and its object
        if core and prev is not None and _BARE_VERB.fullmatch(core):
            return prev.name
        if core and prev is not None and _GENERIC_HEAD.fullmatch(core):
            return prev.name + core  # 实施重点项目136个，完成投资98.5亿元: the projects' investment
        if core:
            return core
        if follow:
            return follow
        return prev.name if prev else self._subject(self.text[self._sentence_start:q.num_start])

    def _funded_object(self, q: Quantity) -> str | None:
        """投资N亿元(的|完成了|实施|建成…)X(实现|开工|全部完工…): X, without its counts and particles."""
        match = _FUNDED.match(self.text, q.end)
        if not match:
            return None
        phrase = QUANTITY.sub("", match.group(1))  # 17条道路的改扩建: the count is a figure of its own
        phrase = re.split(_OBJECT_END, phrase)[0].replace("的", "")
        return phrase if 2 <= len(phrase) <= 16 else None

    def _subject(self, before: str) -> str:
        """The last catalog indicator named earlier in the sentence (商品房销售面积基数较大…完成 86.4 万平方米)."""
        if self.matcher is None:
            return ""
        return self.matcher.last_alias_in(before) or ""

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
