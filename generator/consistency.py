"""Arithmetic the reports allow and nobody does by hand, checked within each report.

- plan total = last year's actual × (1 + planned growth): 535 = 500 × 1.07;
- completion = period value ÷ plan total: 278.2 ÷ 535 = 52.00%;
- one figure printed more than once (headline line, body, table) reads the same each time;
- a stated gap to the planned growth (高于计划增速X个百分点) = growth − planned growth.

The tolerance is the rounding of the printed digits: half a unit of the last digit printed,
carried through the arithmetic. Figures come from one report only: levels are revised between
reports, so a difference across reports is not an error. A disagreement is never corrected:
it becomes a data note on the report's page and a warning from `check` and `build`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .schema import Problem
from .scorecard import convert, span

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# "X points above / below the planned growth", as these reports word it.
_GAP = re.compile(r"(高于|快于|超过|超出|低于|慢于|落后)(?:年度)?计划增速")
_BELOW = ("低于", "慢于", "落后")
_SCALES = (1, 10**4, 10**8)  # 万 and 亿 written out in a value (1万个 -> 10000)


def half_unit(figure: dict) -> float:
    """Half a unit of the last digit printed for this figure (0.005 for 123.45, 0.05 for 52.1).

    Read from the quote, so 52.10 in a table counts two decimals though the value is 52.1.
    """
    value = abs(float(figure["value"]))
    for token in _NUMBER.findall(str(figure.get("quote") or "").replace(",", "")):
        number = float(token)
        for scale in _SCALES:
            if abs(number * scale - value) <= 1e-9 * max(1.0, value):
                decimals = len(token.split(".")[1]) if "." in token else 0
                return 0.5 * 10 ** -decimals * scale
    text = repr(value)
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 0.5 * 10 ** -decimals


def printed(value: float, digits: int = 2) -> str:
    """A number for a note: up to `digits` decimals, no trailing zeros, the same in both languages."""
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Note:
    """One disagreement, to show on the report's page and to print as a warning."""

    check: str  # plan_total | completion | repeat | gap
    report: str  # report id
    source: str  # the report's source file, for the warning's file:line
    indicator: str | None
    name_zh: str
    period: str
    lines: list[int]
    params: dict = field(default_factory=dict)  # numbers as printed, for the page's sentence
    remark: str | None = None  # what the report itself says about the figure (备注), if anything

    @property
    def line(self) -> int:
        return self.lines[0]

    def message(self) -> str:
        p = self.params
        if self.check == "plan_total":
            text = (f"plan total {p['stated']} for {self.period} does not equal last year's actual {p['actual']} "
                    f"× (1 + planned growth {p['growth']}%) = {p['expected']}")
        elif self.check == "completion":
            text = (f"share of plan {p['stated']}% for {self.period} does not equal {p['level']} ÷ plan total "
                    f"{p['plan']} = {p['expected']}%")
        elif self.check == "gap":
            text = (f"the stated gap to the planned growth, {p['stated']} points for {self.period}, does not "
                    f"equal growth {p['growth']}% − planned growth {p['planned']}% = {p['expected']}")
        else:
            text = (f"the same figure for {self.period} reads {p['a']} on line {p['line_a']} and {p['b']} "
                    f"on line {p['line_b']}")
        return (f"{self.name_zh} ({self.indicator}): {text} (expected a difference within {p['tolerance']} "
                f"from the rounding of the printed digits, got {p['diff']})")

    def problem(self) -> Problem:
        return Problem(self.source, self.line, f"data note: {self.message()}", "warning")


def _pick(candidates: list[dict], line: int) -> dict | None:
    """The figure on the given line (a table row), else the first one printed."""
    if not candidates:
        return None
    same = [f for f in candidates if f["line"] == line]
    return min(same or candidates, key=lambda f: f["line"])


def _year(period: str) -> int | None:
    found = span(period)
    return found[0] // 12 if found and found[1] - found[0] == 11 else None


def _remark(*figures: dict | None) -> str | None:
    for figure in figures:
        if figure and figure.get("note"):
            return figure["note"]
    return None


def check_plan_totals(record: dict) -> list[Note]:
    meta, figures, notes = record["report"], record["figures"], []
    for plan in figures:
        if plan["role"] != "plan_total" or plan["measure"] != "level" or not plan.get("indicator"):
            continue
        year = _year(plan["period"])
        if year is None:
            continue
        same = [f for f in figures if f.get("indicator") == plan["indicator"]]
        growth = _pick([f for f in same if f["kind"] == "target" and f["role"] == "target"
                        and f["measure"] == "growth_pct" and f["period"] == plan["period"]], plan["line"])
        actual = _pick([f for f in same if f["kind"] == "actual" and f["role"] == "result" and f["measure"] == "level"
                        and f["period"] == str(year - 1)], plan["line"])
        if growth is None or actual is None:
            continue
        base = convert(actual["value"], actual["unit_class"], plan["unit_class"], actual["unit"], plan["unit"])
        if base is None:
            continue
        scale = base / actual["value"] if actual["value"] else 1
        factor = 1 + growth["value"] / 100
        expected = base * factor
        tolerance = half_unit(plan) + half_unit(actual) * scale * factor + base * half_unit(growth) / 100
        diff = abs(plan["value"] - expected)
        if diff > tolerance + 1e-9:
            notes.append(Note("plan_total", meta["id"], meta["source"], plan["indicator"], plan["name_zh"],
                              plan["period"], sorted({plan["line"], actual["line"], growth["line"]}),
                              {"stated": printed(plan["value"]), "actual": printed(actual["value"]),
                               "growth": printed(growth["value"]), "expected": printed(expected),
                               "diff": printed(diff), "tolerance": printed(tolerance, 3)},
                              _remark(plan, actual, growth)))
    return notes


def check_completions(record: dict) -> list[Note]:
    meta, figures, notes = record["report"], record["figures"], []
    for share in figures:
        if share["measure"] != "completion_pct" or not share.get("indicator"):
            continue
        found = span(share["period"])
        if not found:
            continue
        same = [f for f in figures if f.get("indicator") == share["indicator"]]
        level = _pick([f for f in same if f["measure"] == "level" and f["kind"] != "target"
                       and f["period"] == share["period"]], share["line"])
        plan = _pick([f for f in same if f["role"] == "plan_total" and f["measure"] == "level"
                      and _year(f["period"]) == found[0] // 12], share["line"])
        if level is None or plan is None or not plan["value"]:
            continue
        amount = convert(level["value"], level["unit_class"], plan["unit_class"], level["unit"], plan["unit"])
        if amount is None or not amount:
            continue
        expected = amount / plan["value"] * 100
        tolerance = half_unit(share) + expected * (half_unit(level) / level["value"] + half_unit(plan) / plan["value"])
        diff = abs(share["value"] - expected)
        if diff > tolerance + 1e-9:
            notes.append(Note("completion", meta["id"], meta["source"], share["indicator"], share["name_zh"],
                              share["period"], sorted({share["line"], level["line"], plan["line"]}),
                              {"stated": printed(share["value"]), "level": printed(level["value"]),
                               "plan": printed(plan["value"]), "expected": printed(expected),
                               "diff": printed(diff), "tolerance": printed(tolerance, 3)},
                              _remark(share, level, plan)))
    return notes


def _repeat_key(figure: dict) -> tuple | None:
    """Figures that state the same fact: one indicator, period (a year or less), measure, unit and
    qualifier, and the same kind of claim. Level task targets are left out: two different tasks
    often map to one indicator."""
    if not figure.get("indicator"):
        return None
    found = span(figure["period"])
    if not found or found[1] - found[0] >= 12:
        return None  # over a plan period a figure moves (突破3000亿元、4000亿元 ...): not one fact
    if figure["kind"] == "target":
        if figure["role"] == "target" and figure["measure"] == "level":
            return None
        family = figure["role"]
    else:
        family = "outcome"
    if figure["role"] == "completion" and figure["measure"] != "completion_pct":
        return None
    return (figure["indicator"], figure["period"], figure["measure"], figure["unit_class"], figure["unit"], family,
            figure.get("qualifier"))


def check_repeats(record: dict) -> list[Note]:
    meta, notes = record["report"], []
    groups: dict[tuple, list[dict]] = {}
    for figure in record["figures"]:
        key = _repeat_key(figure)
        if key is not None:
            groups.setdefault(key, []).append(figure)
    for items in groups.values():
        items = sorted(items, key=lambda f: f["line"])
        first = items[0]
        for other in items[1:]:
            tolerance = max(half_unit(first), half_unit(other))
            diff = abs(first["value"] - other["value"])
            if diff > tolerance + 1e-9:
                notes.append(Note("repeat", meta["id"], meta["source"], first["indicator"], first["name_zh"],
                                  first["period"], sorted({first["line"], other["line"]}),
                                  {"a": printed(first["value"], 4), "b": printed(other["value"], 4),
                                   "line_a": first["line"], "line_b": other["line"], "diff": printed(diff, 4),
                                   "tolerance": printed(tolerance, 3)},
                                  _remark(first, other)))
    return notes


def check_gaps(record: dict) -> list[Note]:
    meta, figures, notes = record["report"], record["figures"], []
    for gap in figures:
        match = _GAP.search(str(gap.get("quote") or ""))
        if not match or not gap.get("indicator") or "百分点" not in gap["unit"]:
            continue
        stated = -abs(gap["value"]) if match.group(1) in _BELOW else abs(gap["value"])
        found = span(gap["period"])
        if not found:
            continue
        same = [f for f in figures if f.get("indicator") == gap["indicator"] and f["measure"] == "growth_pct"]
        growth = _pick([f for f in same if f["kind"] != "target" and f["period"] == gap["period"]], gap["line"])
        planned = _pick([f for f in same if f["kind"] == "target" and _year(f["period"]) == found[0] // 12],
                        gap["line"])
        if growth is None or planned is None:
            continue
        expected = growth["value"] - planned["value"]
        tolerance = half_unit(gap) + half_unit(growth) + half_unit(planned)
        diff = abs(stated - expected)
        if diff > tolerance + 1e-9:
            notes.append(Note("gap", meta["id"], meta["source"], gap["indicator"], gap["name_zh"], gap["period"],
                              sorted({gap["line"], growth["line"], planned["line"]}),
                              {"stated": printed(stated), "growth": printed(growth["value"]),
                               "planned": printed(planned["value"]), "expected": printed(expected),
                               "diff": printed(diff), "tolerance": printed(tolerance, 3)},
                              _remark(gap, growth, planned)))
    return notes


def check_record(record: dict) -> list[Note]:
    """One report's data notes, in line order (they depend on that report alone)."""
    found = check_plan_totals(record) + check_completions(record) + check_repeats(record) + check_gaps(record)
    return sorted(found, key=lambda n: (n.line, n.check))


def check(records: list[dict], of_record=check_record) -> list[Note]:
    """Every data note of every report, in report and line order. `of_record` may answer from a cache
    (build.generate keeps each report's notes under its record's digest)."""
    notes = []
    for record in records:
        notes += of_record(record)
    return notes


def problems(notes: list[Note]) -> list[Problem]:
    return [note.problem() for note in notes]
