"""Whether a figure is a goal, a result or an estimate, and for which period, with the reason why.

The section's frame (context.py) gives the default; the words around the figure decide first: 预计 in its
sentence or at the head of it, a year named at the head of its clause (由2010年的…增加到2015年的…), a
five-year plan, 力争 or 确保, a plan total, a share of a plan reached. `FrameCues` is the part of the
text reader (extract.py) that reads those cues; it uses the reader's text, year, period, kind and date.
"""

from __future__ import annotations

import re

from .context import LineContext, five_year_plans
from .numbers import Quantity
from .phrases import CLAUSE_TARGET_CUES, PLAN_VERB, SENTENCE_TARGET_CUES

_WINDOW = 240  # how far back a sentence start is looked for (as extract.py)
_PERCENT_UNITS = ("pct_growth", "pct_completion", "pct_share", "pct_level")
_SUB_YEAR = re.compile(r"\d{4}(?:H[12]|Q[1-4])")
# 由2010年的162.4亿元增加到2015年的287.9亿元 / 2026年全市一般公共预算收入: a year named in the figure's
# own clause is its period (not 比2010年增加, a base of comparison, nor 2011-2015年, a span).
# A year, not the start of a span (2011-2015年), with its first half or three quarters if it names them.
_YEAR_PART = r"((?:19|20)\d\d)\s*年(?![\d\-—~～至])(?:(上半年|1-6月)|(前三季度|1-9月))?"
_CLAUSE_YEAR = re.compile(r"(?:^|(?<=由|从|到|至|在|于)|(?<=截至|截止|达到)|(?<=增加到|提高到|增长到|下降到))\s*"
                          + _YEAR_PART + r"(?=[，,]|底|末|的|全年|[全我本][市县区省旗州]|市本级|是)")
# 比“十三五”时期 / 较“十三五”: a plan named as the base of a comparison; 541亿元 right after it is the base's.
_BASE_WORD = re.compile(r"(?:比|较|同)\s*[“\"]?$")
_BASE_VALUE_GAP = re.compile(r"[”\"]?(?:时期|期间|末)?(?:((?:19|20)\d\d)\s*年(?:末|底)?)?的?\s*")
_HEAD_YEAR = re.compile(_YEAR_PART)


class FrameCues:
    """Mixed into extract._TextReader: `text`, `year`, `period`, `kind` and `date` are the reader's."""

    text: str
    year: int
    period: str
    kind: str
    date: str | None

    def _kind_and_period(self, q: Quantity, role: str, ctx: LineContext, prefix: str, sentence: str,
                         clause_start: int, sentence_start: int) -> tuple[str, str, str, str]:
        """Goal, achievement or estimate, for which period, and why: local cues first, then the context."""
        kind, period, basis = ctx.kind, ctx.period, ctx.basis
        if role == "completion":
            kind = "actual"
            basis = f"a share of the plan reached; period from {ctx.basis}"
        elif role == "plan_total":
            kind = "target"
            period = ctx.period if ctx.kind == "target" else str(self.year)
            basis = f"a plan total ({prefix.strip()[-8:]}) for {period}"
        elif "预计" in sentence or (ctx.estimate and not SENTENCE_TARGET_CUES.search(sentence)) \
                or self._estimate_lead(sentence_start) or (kind == "actual" and self._before_year_end(period)):
            kind, role = "estimate", "estimate"
            if "预计" in sentence:
                basis = "预计 in its sentence"
            elif ctx.estimate:
                basis = ctx.estimate_basis or "an estimate list"
            elif self._estimate_lead(sentence_start):
                basis = "预计 opens its sentence"
            else:
                basis = f"delivered {self.date}, before {period} ended: its results are estimates"
            # A 预计 list standing apart among the targets sums up the year just ended (the report is
            # delivered before its statistics are final); 预计 inside a task paragraph speaks of the
            # year planned.
            opens_line = sentence_start == 0 or self.text[sentence_start - 1] == "\n"
            if self.kind == "work_report" and ctx.kind == "target" and ctx.period == str(self.year) \
                    and (ctx.estimate or opens_line or not re.search(r"全年|今年", sentence)):
                period = str(self.year - 1)
            elif "全年" in sentence and _SUB_YEAR.fullmatch(period):
                period = period[:4]  # 预计全年…: an estimate for the whole year
            basis += f"; period {period}"
            review_year, plan_year = self._frame_years()
            if self.kind != "work_report" and re.fullmatch(r"\d{4}", period) and int(period) >= plan_year > review_year:
                # 预计全市一般公共预算收入30.19亿元 in the draft budget of the coming year: its plan.
                kind, role = "target", "target" if q.unit_class in _PERCENT_UNITS else "plan_total"
                basis += "; an estimate for the year planned is its plan"
        elif kind == "actual" and self._target_cue(prefix, sentence, q):
            kind = "target"
            period = str(self.year)
            cue = SENTENCE_TARGET_CUES.search(sentence) or CLAUSE_TARGET_CUES.search(prefix) or PLAN_VERB.search(prefix)
            basis = f"{cue.group(0) if cue else '左右'} marks a goal for {period}"
        named = self._clause_year(clause_start, q.num_start, span="-" in ctx.period) or (
            self._clause_year(sentence_start, min(q.num_start, sentence_start + 8), head_only=True)
            if clause_start > sentence_start else None)
        if named and role != "completion":
            year, half = named
            period = f"{year}{half}"
            review_year, plan_year = self._frame_years()
            if year <= review_year and kind == "target" and role != "plan_total":
                kind, role = "actual", "result"
            elif year >= plan_year > review_year and kind != "target":
                kind, role = "target", "plan_total" if role == "plan_total" or (
                    kind == "estimate" and q.unit_class not in _PERCENT_UNITS) else "target"
            basis = f"{year}年 in its clause; {basis}"
        plan = self._plan_period(max(clause_start - 20, sentence_start), q.num_start, sentence_start)
        if plan and role != "completion":
            # 到“十四五”末，…突破1万亿元: a goal (or result) for the plan's five years.
            period = plan
            if kind != "estimate":
                kind = "target" if int(plan[-4:]) > self._frame_years()[0] else "actual"
                role = "result" if kind == "actual" and role == "target" else role
            basis = f"the five-year plan named in its sentence ({plan})"
        if kind == "target" and role == "result":
            role = "target"
        if kind == "target" and "全年" in sentence and _SUB_YEAR.fullmatch(period):
            period = period[:4]  # 力争全年…: a goal for the whole year, even in the half-year plan
            basis += "; 全年: the whole year"
        return kind, role, period, basis

    def _plan_period(self, start: int, end: int, sentence_start: int) -> str | None:
        """The five-year plan a figure is of: one named just before it, except the base of a comparison
        (比“十三五”时期增长16.4%: the plan at the head of the sentence; 比“十三五”541亿元 is the base's own
        value); else one heading its whole sentence (“十四五”时期，全市…，年均增长1.1%，…；投入…).
        """
        window = self.text[start:end]
        found = None
        for begin, finish, plan in five_year_plans(window):
            if _BASE_WORD.search(window[max(0, begin - 3):begin]):
                gap = _BASE_VALUE_GAP.fullmatch(window[finish:])
                if gap:  # 较“十三五”末2020年88.23亿元: the base's year, if named
                    found = gap.group(1) or plan
                continue
            found = plan
        if found:
            return found
        lo = max(0, sentence_start - _WINDOW)
        head_start = max(self.text.rfind(mark, lo, sentence_start) for mark in "。！？\n") + 1
        heads = five_year_plans(self.text[head_start:head_start + 16])
        return heads[0][2] if heads and heads[0][0] <= 4 else None

    def _estimate_lead(self, sentence_start: int) -> bool:
        """预计 at the head of the whole sentence (2025年，预计全市…收入174.1亿元，支出141.8亿元；…)
        covers every figure of it, across its commas and semicolons."""
        text = self.text
        lo = max(0, sentence_start - _WINDOW)
        start = max(text.rfind(mark, lo, sentence_start) for mark in "。！？\n") + 1
        head = text[start:start + 14]
        found = head.find("预计")
        return found >= 0 and not re.search(r"[；;]", head[:found])

    def _before_year_end(self, period: str) -> bool:
        """A review of a whole year delivered in that same year (a December session) can only
        give estimates."""
        return (self.kind != "work_report" and bool(self.date) and re.fullmatch(r"\d{4}", period) is not None
                and str(self.date)[:4] == period)

    def _clause_year(self, clause_start: int, end: int, span: bool = False,
                     head_only: bool = False) -> tuple[int, str] | None:
        """The year (and half) named last in the figure's clause, if any. In a review of several years
        (`span`), a year heading the clause is its period whatever follows (2015年城镇居民…收入30788元);
        `head_only`: only a year at the very start counts."""
        found = None
        clause = self.text[clause_start:end]
        lead = len(clause) - len(clause.lstrip("，,、 ◆●■—-"))
        if span or head_only:
            match = _HEAD_YEAR.match(clause, lead)
            if match and (span or _CLAUSE_YEAR.match(clause, lead)):
                found = match
        for match in () if head_only else _CLAUSE_YEAR.finditer(clause, lead):
            found = match
        if found is None:
            return None
        half = "H1" if found.group(2) else "Q3" if found.group(3) else ""
        year = int(found.group(1))
        if year == self.year and not half and _SUB_YEAR.fullmatch(self.period):
            return None  # the report's own year, in a report on part of it: the part
        return year, half

    def _frame_years(self) -> tuple[int, int]:
        """(the year the report reviews, the year it plans)."""
        if self.kind == "work_report":
            return self.year - 1, self.year
        if _SUB_YEAR.fullmatch(self.period):
            return self.year, self.year
        return self.year, self.year + 1

    def _target_cue(self, prefix: str, sentence: str, q: Quantity) -> bool:
        if SENTENCE_TARGET_CUES.search(sentence) or CLAUSE_TARGET_CUES.search(prefix):
            return True
        if PLAN_VERB.search(prefix) and "计划的" not in prefix:
            return True
        # "N 左右" is how a work report writes its goals; its review states results exactly.
        return self.kind == "work_report" and q.qualifier == "about"
