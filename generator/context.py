"""Document context for each line: which period a figure there speaks about, and whether it
is a goal or an achievement by default.

A work report for year Y reviews Y-1 (and, in a new government's first report, the past five
years) and sets targets for Y (and for the next five years). A half-year execution report for
Y reports Y H1 and plans Y H2. The switches are read from cue phrases (一年来, 过去五年,
未来五年, 下半年 …) and, where a section heading carries no cue, from the tense of the
section's own sentences (了/已/获评 … against 力争/确保/推动 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .stream import MARKER, heading_text, headings_of, is_table_row

_SECOND_HALF = re.compile(r"^(?:[一二三四五六七八九十\d]+[、.．]\s*)?下半年")
_FIRST_HALF = re.compile(r"上半年|1-6月|今年以来")
# (预计数，下同) / 以下为预计数 / 均为预计数: every figure after it in its section or table is an estimate.
_ESTIMATE_SCOPE = re.compile(r"预计数[，,、]?\s*下同|以下(?:数据|数字|指标)?(?:均|皆)?为预计|(?:数据|数字)?均为预计数|"
                             r"预计数据")
_NUMBERED_LEAD = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^。]{2,30}。")


@dataclass
class LineContext:
    kind: str  # "actual" or "target": the default for figures on this line
    period: str
    section: str | None
    estimate: bool  # inside a list introduced by 预计, or a section or table under (预计数，下同)
    basis: str = ""  # why this kind and period: the cue and its line, or the report's frame
    estimate_basis: str = ""  # where the 预计 that covers this line stands


# Words that only fit one tense. Verbs like 推进/完成/实施 serve both and are not counted.
_PAST_MARKERS = ("了", "已", "累计", "获评", "获批", "入选", "顺利", "蝉联", "成功", "荣获", "一年来",
                 "得到有效", "取得", "实际完成", "为预算的", "为调整预算的")
# 力争 ("strive to") only sets goals; 确保 and 争取 also fill reviews (确保政策落地, 争取专项债资金),
# so they count half; 计划/目标 also close a review (完成年度计划的).
_FUTURE_MARKERS = {"力争": 1.0, "确保": 0.5, "争取": 0.5}
_COMPLETE_ITEM = re.compile(r"(?:\d|%|元|人|个|亩|吨|以上|以下|左右|以内)$")  # an item ending in its figure
_TOPIC_SENTENCE = re.compile(r"^[^，。；\d]{2,12}。")  # 持续培育优势产业。夯实… opens a task paragraph


def _tense(text: str) -> str | None:
    past = sum(map(text.count, _PAST_MARKERS))
    future = sum(text.count(w) * weight for w, weight in _FUTURE_MARKERS.items())
    strong = text.count("力争")
    if future >= 1 and future > past and (strong or future >= 2):
        return "future"
    if past >= 2 and future == 0:
        return "past"
    return None


# 十四五时期 / “十四五”财政工作回顾: a plan named with its time words, or quoted as a name.
_FYP = re.compile(r"十([一二三四五六七八九]?)五(?:”|\")?(?:时期|期间|规划|目标|末|以来)|"
                  r"[“\"]十([一二三四五六七八九]?)五[”\"]")
_CN = {"": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def five_year_plans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, years) of each five-year plan named in text: 十四五时期 -> "2021-2025" (plans run from
    1971 on in a regular five-year rhythm: the 4th plan is 1971-1975)."""
    out = []
    for match in _FYP.finditer(text):
        number = 10 + _CN[match.group(1) if match.group(1) is not None else match.group(2)]
        start = 1971 + 5 * (number - 4)
        out.append((match.start(), match.end(), f"{start}-{start + 4}"))
    return out


def five_year_plan(text: str) -> str | None:
    """The years of the first five-year plan named in text."""
    plans = five_year_plans(text)
    return plans[0][2] if plans else None


class _WorkReportCues:
    def __init__(self, year: int):
        self.year = year
        y, prev = year, year - 1
        self.past_five = (f"{y - 5}-{y - 1}", re.compile(r"^.{0,4}(?:过去|近|前)五年|五年来|过去的五年"))
        self.next_five = (f"{y}-{y + 4}", re.compile(r"^.{0,4}(?:未来|今后)五年"))
        self.review = (str(prev), re.compile(
            rf"^(?:各位代表[，,：:！!]\s*)?(?:一年来|过去一年|过去的一年|刚刚过去的(?:一年|{prev}\s*年)|过去的{prev}\s*年|去年|回顾|"
            rf"{prev}\s*年(?:[，,是以]|工作|.{{0,8}}成绩))"))
        self.plan = (str(y), re.compile(
            rf"^(?:今年|{y}\s*年(?:[，,是]|.{{0,12}}(?:目标|工作|任务|要这样做)))|主要预期目标"))

    def heading_year(self, text: str) -> tuple[str, str] | None:
        """二、2025年经济社会发展总体要求: a heading naming one of the two years sets the mode."""
        this_year = re.search(rf"{self.year}\s*年", text)
        last_year = re.search(rf"{self.year - 1}\s*年", text)
        if this_year and not last_year:
            return "target", str(self.year)
        if last_year and not this_year:
            return "actual", str(self.year - 1)
        return None

    def match(self, text: str) -> tuple[str, str] | None:
        text = text[:40]  # a cue opens its paragraph; words deep inside it speak of something else
        # A plan named in a heading-length line ("十四五"时期主要目标) sets the mode; inside a
        # paragraph (到"十四五"末…) it only concerns its sentence, which extract.py reads.
        # (Not a wrapped line of running text: 2026年是“十五五”规划的开局之年，做好…)
        plan = five_year_plan(text[:16]) if len(text) <= 30 and not re.search(r"[，,。；]|是", text) else None
        if plan:
            return ("actual" if int(plan[-4:]) < self.year else "target"), plan
        for (period, pattern), kind in (
            (self.past_five, "actual"), (self.next_five, "target"), (self.review, "actual"), (self.plan, "target"),
        ):
            if pattern.search(text):
                return kind, period
        return None


def _section_text(lines: list[str], headings: list[bool], idx: int, limit: int = 40) -> str:
    """The text from a heading to the next heading (the section whose tense decides its mode)."""
    parts = []
    for j in range(idx + 1, min(len(lines), idx + 1 + limit)):
        if headings[j]:
            break
        parts.append(lines[j])
    return "".join(parts)


def _paragraph_text(lines: list[str], idx: int, limit: int = 20) -> str:
    """The paragraph starting at idx: up to the next blank line."""
    parts = []
    for j in range(idx, min(len(lines), idx + limit)):
        if not lines[j].strip():
            break
        parts.append(lines[j])
    return "".join(parts)


_RANKS = (re.compile(r"^第[一二三四五六七八九十]+[部章篇]"), re.compile(r"^[一二三四五六七八九十]+[、.．]"),
          re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), re.compile(r"^\d{1,2}[.．、]"),
          re.compile(r"^[（(]\d{1,2}[）)]"))


def _heading_rank(line: str) -> int:
    """一、 above （一） above 1. above （1）; an unnumbered heading ranks last."""
    for rank, pattern in enumerate(_RANKS):
        if pattern.match(line):
            return rank
    return len(_RANKS)


def _scope_basis(number: int, scope: re.Match) -> str:
    return f"line {number}: {scope.group(0)} (to the end of its section)"


def _cue_words(body: str) -> str:
    return body if len(body) <= 24 else body[:24] + "…"


def line_contexts(lines: list[str], *, year: int, period: str, kind: str,
                  headings: list[bool] | None = None, line_numbers: list[int] | None = None) -> list[LineContext]:
    """The context of each unit of `lines`; `line_numbers`: each unit's raw line, for the basis."""
    out: list[LineContext] = []
    numbers = line_numbers or list(range(1, len(lines) + 1))
    section: str | None = None
    if kind == "work_report":
        mode = ("target", str(year))
        cues = _WorkReportCues(year)
        basis = f"a work report sets {year}'s targets (no review cue before this line)"
    elif re.fullmatch(r"\d{4}", period):
        # An annual execution or budget report reviews its year and plans the next, like the
        # work report of the next year does.
        mode = ("actual", period)
        cues = _WorkReportCues(int(period) + 1)
        basis = f"an execution report reviews {period} (no plan cue before this line)"
    else:
        mode = ("actual", period)
        cues = None
        basis = f"a report on {period} (no 下半年 cue before this line)"
    estimate = False
    estimate_section = False  # (预计数，下同): the estimate lasts to the next heading
    estimate_basis = ""
    headings = headings_of(lines) if headings is None else headings
    prev_nonblank = prev_body = ""
    prev_was_heading = False
    cue_rank: int | None = None  # the rank of the heading whose words set the mode
    for idx, raw in enumerate(lines):
        line = raw.strip()
        blank_before = idx > 0 and not lines[idx - 1].strip()
        marker = MARKER.match(line)  # once per line: the body and starts_item below both need it
        body = (line[marker.end():] if marker else line).lstrip("*")  # without its list marker
        heading = headings[idx]
        if heading:
            section = heading_text(line)
            estimate = estimate_section = False
        elif _NUMBERED_LEAD.match(line):
            section = heading_text(line)  # （一）加快建设现代化产业体系。力争…: the heading runs to 。
        rank = _heading_rank(line) if heading else None
        scope = _ESTIMATE_SCOPE.search(line) if line else None
        if line and not is_table_row(line):
            cue = None
            cue_basis = ""
            by_tense = False  # a cue read from the section's tense, not from its words
            if cues is not None:
                paragraph_start = (not prev_nonblank or prev_was_heading
                                   or prev_nonblank.endswith(("。", "！", "？", "；", "：")))
                if heading or paragraph_start or marker:
                    cue = cues.match(body)
                    cue_basis = f"line {numbers[idx]}: {_cue_words(body)}"
                if cue is None and heading:
                    cue = cues.heading_year(body)
                    cue_basis = f"line {numbers[idx]}: heading {_cue_words(body)}"
                # A numbered subheading under a section whose year a cue named keeps that year: only a
                # heading of the same rank or higher is read for its tense.
                ranked_below = heading and cue_rank is not None and rank > cue_rank
                if cue is None and not ranked_below and (heading or (paragraph_start and _TOPIC_SENTENCE.match(body))):
                    previous_cue = cues.match(prev_body) if prev_nonblank else None
                    if previous_cue:
                        cue = previous_cue
                        cue_basis = f"line {numbers[idx - 1]}: {_cue_words(prev_body)}"
                    else:
                        tense = _tense(_section_text(lines, headings, idx) if heading else _paragraph_text(lines, idx))
                        if tense == "past":
                            cue = ("actual", str(cues.year - 1))
                        elif tense == "future":
                            cue = ("target", str(cues.year))
                        cue_basis = f"line {numbers[idx]}: the {'section' if heading else 'paragraph'} reads as {tense}"
                        by_tense = True
            else:
                if "下半年" in body and (_SECOND_HALF.match(body) or heading):
                    cue = ("target", period.replace("H1", "H2")) if period.endswith("H1") else ("target", period)
                elif heading and _FIRST_HALF.search(body):
                    cue = ("actual", period)
                cue_basis = f"line {numbers[idx]}: {_cue_words(body)}"
            if heading and cue_rank is not None and rank <= cue_rank and not cue:
                cue_rank = None  # a new section of the same rank: its own tense may decide
            if cue:
                mode = cue
                basis = cue_basis
                if heading and not by_tense:
                    cue_rank = rank
            # 预计 opening a bulleted list (or the line introducing it) makes the whole list
            # estimates; 预计 inside one item (外贸进出口预计完成…) only makes that item one.
            starts_item = marker is not None
            if scope:
                estimate = estimate_section = True
                estimate_basis = _scope_basis(numbers[idx], scope)
            elif "预计" in body[:4] and (starts_item or estimate) or ("预计" in line and line.endswith("：")):
                if not estimate:
                    estimate_basis = f"line {numbers[idx]}: 预计 opens the list"
                estimate = True
            elif estimate_section:
                pass
            elif starts_item and not estimate:
                estimate = False
            elif not starts_item and "预计" not in line and (
                    prev_nonblank.endswith(("。", "；")) or (blank_before and _COMPLETE_ITEM.search(prev_nonblank))):
                estimate = False  # a new paragraph after the list (a wrapped item continues it)
            prev_nonblank, prev_body = line, body
            prev_was_heading = heading
        elif scope:
            estimate = estimate_section = True  # a table row saying its numbers are estimates
            estimate_basis = _scope_basis(numbers[idx], scope)
        out.append(LineContext(mode[0], mode[1], section, estimate, basis, estimate_basis if estimate else ""))
    return out
