"""Infer what a report's text states about itself: region, year, period, kind, title, date.

Only keys the text supports are returned; seeds/reports.yaml fills in or overrides the rest.
"""

from __future__ import annotations

import re
from collections import Counter

from .clean import words_in
from .model import CleanText

_HEAD_LINES = 15  # titles and dates live at the top of the text
_KIND_WORDS = (
    ("plan_execution", ("计划执行情况", "计划执行")),
    ("budget_report", ("预算执行情况", "预算草案")),
    ("work_report", ("政府工作报告",)),
)
# Cumulative periods as the schema writes them: 前三季度 (Jan-Sep) is reported as Q3.
_HALF = (("上半年", "H1"), ("1-6月", "H1"), ("1—6月", "H1"), ("前三季度", "Q3"), ("1-9月", "Q3"),
         ("一季度", "Q1"), ("1-3月", "Q1"), ("下半年", "H2"))


def _head(lines: list[str]) -> list[str]:
    """The first _HEAD_LINES non-blank lines, stripped (without stripping every line of the report)."""
    head = []
    for line in lines:
        line = line.strip()
        if line:
            head.append(line)
            if len(head) == _HEAD_LINES:
                break
    return head


def infer_kind(lines: list[str]) -> str | None:
    head = "".join(_head(lines))
    for kind, words in _KIND_WORDS:  # the title decides first
        if any(word in head for word in words):
            return kind
    text = "".join(lines)
    for kind, words in reversed(_KIND_WORDS):
        if any(word in text for word in words):
            return kind
    return None


def infer_title(lines: list[str]) -> str | None:
    for line in _head(lines):
        if len(line) <= 80 and re.search(r"报告(（[^）]*）)?$", line) and not re.search(r"[，。；]", line):
            return line.lstrip("—- ")
    return None


def infer_region(lines: list[str], regions: list[dict]) -> str | None:
    """The catalog region the text names most, weighting the title lines and finer levels."""
    text = "".join(lines)
    head = "".join(_head(lines))
    scores: Counter = Counter()
    named = []
    for region in regions or []:
        names = [region.get("name_zh"), *(region.get("aliases") or [])]
        named.append((region, {n for n in names if n and len(n) >= 2 and not n.startswith("全")}))
    present = words_in(text, (n for _, names in named for n in names))  # a name not in it counts 0
    for region, names in named:
        count = sum(text.count(n) for n in names if n in present)
        if count:
            scores[region["id"]] = count + 3 * sum(head.count(n) for n in names)
    if not scores:
        return None
    return scores.most_common(1)[0][0]


# (?=...) first in the patterns below: the engine skips positions that cannot start a match at once.
_YEAR = re.compile(r"(?=[12])(?<!\d)(20\d\d|19\d\d)\s*年")
_DELIVERED = re.compile(r"(?=\d)(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日[^。]{0,30}作[^。]{0,10}工作报告")


def _years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def infer_year_period(lines: list[str], kind: str | None) -> tuple[int | None, str | None]:
    head = "".join(_head(lines))
    text = "".join(lines)
    if kind in ("plan_execution", "budget_report"):
        match = re.search(r"(20\d\d|19\d\d)\s*年\s*(上半年|1-6月|1—6月|前三季度|1-9月|一季度|1-3月|下半年)?", head)
        if match:
            year = int(match.group(1))
            half = dict(_HALF).get(match.group(2) or "")
            return year, f"{year}{half}" if half else str(year)
    # A work report for year Y sets Y's targets: "2023年经济社会发展的主要预期目标".
    target_years = [int(y) for y in re.findall(r"(20\d\d)\s*年[^。；]{0,12}?(?:预期目标|主要目标|目标任务)", text)]
    target_years += [int(y) for y in re.findall(r"(20\d\d)\s*年[，,]?\s*(?:重点做好|要这样做|将|重点抓好)", text)]
    if target_years:
        year = Counter(target_years).most_common(1)[0][0]
        return year, str(year)
    years = _years(head) or _years(text)
    if years:
        year = Counter(years).most_common(1)[0][0]
        return year, str(year)
    return None, None


def infer_date(lines: list[str], year: int | None) -> str | None:
    head = _head(lines)
    for line in head:
        match = re.search(r"(20\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?", line)
        if match and ("会议" in line or re.match(r"\s*(?:在|于|上)", line[match.end():])):
            y, m, d = match.groups()
            return f"{y}-{int(m):02d}-{int(d):02d}" if d else f"{y}-{int(m):02d}"
    # "1 月 5 日，市长…作政府工作报告": a work report is delivered early in its own year.
    for line in lines:
        match = _DELIVERED.search(line) if "工作报告" in line else None
        if match and year:
            return f"{year}-{int(match.group(1)):02d}-{int(match.group(2)):02d}"
    return None


def infer_meta(clean: CleanText, regions: list[dict] | None = None) -> dict:
    lines = clean.lines
    meta: dict = {}
    kind = infer_kind(lines)
    if kind:
        meta["kind"] = kind
    region = infer_region(lines, regions or [])
    if region:
        meta["region"] = region
    year, period = infer_year_period(lines, kind)
    if year:
        meta["year"] = year
        meta["period"] = period
    title = infer_title(lines)
    if title:
        meta["title_zh"] = title
    date = infer_date(lines, year)
    if date:
        meta["date"] = date
    return meta
