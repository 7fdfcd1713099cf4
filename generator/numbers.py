"""Numbers, units and qualifiers as Chinese reports print them.

A quantity is a number, an optional 余/多 ("more than"), an optional multiplier (万, 亿 …)
and a unit. Units with their own class (万元 -> wan_yuan, 万人 -> wan_people) keep the value
as printed; counts scale by the multiplier (1万个 -> 10000 个), as the reference labels do.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Base units that are measures (not classifiers), with the class for each multiplier.
_MEASURE_UNITS: dict[str, dict[str, str]] = {
    "元": {"": "yuan", "万": "wan_yuan", "亿": "yi_yuan", "万亿": "wan_yi_yuan"},
    "美元": {"万": "wan_usd", "亿": "yi_usd"},
    "人次": {"": "people", "万": "wan_people"},
    "人": {"": "people", "万": "wan_people"},
    "名": {"": "people", "万": "wan_people"},
    "亩": {"": "mu", "万": "wan_mu"},
    "平方米": {"": "sqm", "万": "wan_sqm"},
    "公里": {"": "km"},
    "千米": {"": "km"},
    "吨": {"": "ton", "万": "wan_ton"},
    "平方公里": {},
    "平方千米": {},
    "个百分点": {},
    "百分点": {},
    "千瓦": {},
    "千瓦时": {},
    "立方米": {},
    "标准箱": {},
    "标箱": {},
    "公顷": {},
    "床": {},
    "斤": {},
    "倍": {},
    "微克/立方米": {},
    "毫克/立方米": {},
}
# Classifiers of counted things: 个 家 所 项 …; a 万/亿 in front scales the count.
CLASSIFIERS = (
    "场次", "人次", "家次", "户次", "辆次", "架次", "艘次", "批次", "车次",
    "个", "家", "所", "项", "条", "座", "栋", "套", "户", "张", "起", "处", "片", "宗",
    "辆", "场", "篇", "例", "台", "件", "间", "批", "支", "艘", "架", "株", "棵", "头", "部", "期",
    "只", "次", "盏", "眼", "口", "根", "份", "种", "类", "位", "所", "趟", "班", "届",
)
_COUNT_CLASSIFIERS = tuple(c for c in CLASSIFIERS if c not in ("人次", "届"))
MULTIPLIERS = {"": 1, "千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}

_units_sorted = sorted(set(_MEASURE_UNITS) | set(_COUNT_CLASSIFIERS), key=len, reverse=True)
UNIT_PATTERN = "|".join(re.escape(u) for u in ["%", "％", *_units_sorted])

QUANTITY = re.compile(
    # A minus sign only after words (增长-4.03%), never inside a range (6%-7%, 1-2万人) or a code.
    # The lookahead first: a quantity starts with a sign or a digit, and the engine rejects every other
    # position at once (half the time of a scan of a report's text).
    r"(?=[-−\d])(?<![\dA-Za-z.])(?:(?<![\d%％A-Za-z.])(?P<sign>[-−]))?(?P<num>\d+(?:\.\d+)?)"
    r"(?P<approx>余|多)?(?P<mult>万亿|亿|万|千)?(?P<approx2>余|多)?"
    rf"(?P<unit>%|％|‰|{'|'.join(re.escape(u) for u in _units_sorted)})"
    r"(?P<alt>（次）|\(次\))?"
    r"(?P<suffix>左右|以上|以下|以内)?"
)

PREFIX_QUALIFIERS = (
    ("不低于", "at_least"), ("不少于", "at_least"), ("至少", "at_least"), ("超过", "at_least"),
    ("突破", "at_least"), ("逾", "at_least"), ("超", "at_least"),
    ("不超过", "at_most"), ("不高于", "at_most"), ("低于", "at_most"),
    ("约", "about"), ("近", "about"), ("接近", "about"), ("大约", "about"),
)
SUFFIX_QUALIFIERS = {"左右": "about", "以上": "at_least", "以下": "at_most", "以内": "at_most"}


@dataclass
class Quantity:
    value: float
    unit: str  # as printed: 亿元, 万美元, 个, %
    unit_class: str  # a UNIT_CLASSES entry, or "percent" until the measure is known
    is_percent: bool
    is_count: bool
    qualifier: str | None
    start: int
    end: int
    num_start: int


def unit_class_of(mult: str, base: str) -> tuple[str, float, bool]:
    """(unit_class, scale applied to the value, is_count) for a multiplier and a base unit."""
    if base in _MEASURE_UNITS:
        classes = _MEASURE_UNITS[base]
        if mult in classes:
            return classes[mult], 1.0, False
        return "other", 1.0, False
    return "count", MULTIPLIERS.get(mult, 1), True


def parse_quantity(match: re.Match) -> Quantity:
    sign = -1 if match.group("sign") else 1
    raw = match.group("num")
    value = float(raw) * sign
    unit = match.group("unit")
    mult = match.group("mult") or ""
    qualifier = SUFFIX_QUALIFIERS.get(match.group("suffix") or "")
    if match.group("approx") or match.group("approx2"):
        qualifier = qualifier or "at_least"
    if unit in ("%", "％"):
        return Quantity(value, "%", "percent", True, False, qualifier, match.start(), match.end(),
                        match.start("num") if not match.group("sign") else match.start("sign"))
    if unit == "‰":
        return Quantity(value, "‰", "other", False, False, qualifier, match.start(), match.end(),
                        match.start("num"))
    unit_class, scale, is_count = unit_class_of(mult, unit)
    printed = unit if is_count else mult + unit
    if scale != 1:
        value = round(value * scale, 6)
    if value == int(value) and "." not in raw:
        value = float(int(value))
    return Quantity(value, printed, unit_class, False, is_count, qualifier, match.start(), match.end(),
                    match.start("num") if not match.group("sign") else match.start("sign"))


# 6%-7%, 5至6个: the first number of a range is its floor, the second its ceiling.
RANGE_JOIN = re.compile(r"^\s*[-~～—–至到]\s*\d")
# 3个月, 5个工作日: durations, not counts.
DURATION_AFTER_CLASSIFIER = re.compile(r"^(?:月|工作日|小时|季度|星期|年头)")


_PREFIX_WIDTH = max(len(word) for word, _ in PREFIX_QUALIFIERS)


def prefix_qualifier(before: str) -> str | None:
    """A qualifier written just before the number (约, 近, 超过, 突破, 不低于 …)."""
    # The words end the text, so its last few characters decide; those recur, the clauses do not.
    return _tail_qualifier(before.rstrip()[-_PREFIX_WIDTH:])


@functools.lru_cache(maxsize=4096)
def _tail_qualifier(tail: str) -> str | None:
    for word, qualifier in PREFIX_QUALIFIERS:
        if tail.endswith(word):
            # 超序时进度 3.5 个百分点: only a qualifier when it touches the number.
            return qualifier
    return None
