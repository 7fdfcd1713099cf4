"""The verdict a report page opens with: how its results stand against their targets, and how the targets
it sets stand, as counts by status; a sentence for each headline indicator; the report's own claim.

One status per indicator and period on a page. A result can be judged by more than one test (the pace
of growth against the planned growth, the share of the annual plan against the share of the year
elapsed); each test is shown, and they combine as scorecard.combine does: a single lag decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .charts import rounded
from .fmt import period as period_label
from .scorecard import JUDGED, Pair, Row, combine, period_order, series_of, span
from .scorecard import counts as scorecard_counts

# Headline indicators first in the sentences, in this order; then the report's own order.
HEADLINE = ("gdp", "gdp-per-capita", "general-budget-revenue-total", "local-general-budget-revenue",
            "fixed-asset-investment", "retail-sales", "industrial-value-added",
            "urban-disposable-income", "rural-disposable-income")
SENTENCES = 4  # at most, so the verdict stays on the first screen
ICON = {"met": "✔", "on_track": "✓", "behind": "!", "missed": "✗", "pending": "…", "not_comparable": "–"}

# The report's own verdict on its indicators: "13项主要经济指标中，10项顺利完成年度计划，3项基本完成".
_OWN_CLAIM = re.compile(r"[^。；！]*?\d+\s*项[^。；，,]{0,12}指标中?[，,]?\s*(?:有\s*)?\d+\s*项[^。；]*[。；]?")


@dataclass
class Test:
    kind: str  # growth | completion | level
    status: str
    pair: Pair


@dataclass
class Judged:
    """One indicator in one period, judged by every test its pairs allow."""

    indicator: str
    period: str
    tests: list[Test] = field(default_factory=list)

    @property
    def status(self) -> str:
        return combine([t.status for t in self.tests])

    @property
    def disagree(self) -> bool:
        return len({t.status for t in self.tests if t.status != "not_comparable"}) > 1

    @property
    def line(self) -> int:
        return min(t.pair.outcome.line for t in self.tests if t.pair.outcome)


def _kind(pair: Pair) -> str:
    if pair.completion_value is not None:
        return "completion"
    return "growth" if pair.target.figure["measure"] == "growth_pct" else "level"


def results_here(site, record: dict) -> list[Judged]:
    """The results this report gives, each indicator and period once, against the targets they answer."""
    found: dict[tuple, Judged] = {}
    for pair in site.scorecard.pairs_with_outcome_in(record["report"]["id"]):
        if pair.outcome is None or pair.outcome_period is None:
            continue
        # A target outside the catalog is linked by its series (its normalised name), as the scorecard does.
        key = (series_of(pair.target.figure), pair.outcome_period)
        judged = found.setdefault(key, Judged(*key))
        kind = _kind(pair)
        if all(t.kind != kind for t in judged.tests):  # the same test twice (a repeated target) counts once
            judged.tests.append(Test(kind, pair.status, pair))
    return sorted(found.values(), key=lambda j: (-period_order(j.period)[0], j.line))


def counts(items: list) -> dict[str, int]:
    """How many of `items` (Judged, or scorecard rows) have each status, the statuses with none left out."""
    return {status: n for status, n in scorecard_counts(items).items() if n}


def by_period(judged: list[Judged]) -> list[tuple[str, dict[str, int]]]:
    """Counts by status for each period the results cover, latest first (a half-year report also gives
    last year's results: a year and a half-year are not added together)."""
    periods: dict[str, list[Judged]] = {}
    for j in judged:
        periods.setdefault(j.period, []).append(j)
    return [(period, counts(items)) for period, items in periods.items()]


def targets_open(rows: list[Row], report_id: str) -> list[Row]:
    """The targets a report sets that its own results do not already judge (a plan-execution report
    restates the year's targets beside its results: those are counted once, as results)."""
    return [row for row in rows
            if not any(t.latest and t.latest.outcome and t.latest.outcome.report == report_id for t in row.tracked)]


def headline(judged: list[Judged]) -> list[Judged]:
    """The indicators the sentences speak of: headline ones first, judged ones only, latest period."""
    latest = [j for j in judged if j.status in JUDGED]
    if not latest:
        return []
    period = latest[0].period
    chosen = [j for j in latest if j.period == period]
    rank = {indicator: i for i, indicator in enumerate(HEADLINE)}
    chosen.sort(key=lambda j: (rank.get(j.indicator, len(HEADLINE)), j.line))
    return chosen[:SENTENCES]


def _pct(value: float) -> str:
    return rounded(value) + "%"


def _growth(value: float, lang: str) -> str:
    if lang == "zh":
        return ("增长" if value >= 0 else "下降") + _pct(abs(value))
    return ("grew " if value >= 0 else "fell ") + _pct(abs(value))


def sentence(j: Judged, name: str, lang: str, ui, value_text) -> str:
    """"GDP grew 9.1% in H1 2024 against a 7.3% target: on track." Escaped text; `value_text(figure)`
    gives a figure's value with its unit, escaped."""
    parts = []
    for test in j.tests:
        pair, target = test.pair, test.pair.target.figure
        if test.status == "not_comparable":
            continue
        if test.kind == "growth":
            parts.append(f"{_growth(pair.outcome.value, lang)}，目标{_pct(target['value'])}" if lang == "zh"
                         else f"{_growth(pair.outcome.value, lang)} against a {_pct(target['value'])} target")
        elif test.kind == "completion":
            share, elapsed = _pct(pair.completion_value), _pct((pair.elapsed or 0) * 100)
            parts.append(f"完成年度计划的{share}（时间进度{elapsed}）" if lang == "zh"
                         else f"reached {share} of the annual plan with {elapsed} of the year gone")
        else:
            outcome, goal = value_text(pair.outcome.figure), value_text(target)
            parts.append(f"为{outcome}，目标{goal}" if lang == "zh" else f"was {outcome} against a target of {goal}")
    status = ui("status_" + j.status)
    when = period_label(j.period, lang)
    if lang == "zh":
        text = name + when + "；".join(parts) + "：" + status
        return text + ("（两项检验结论不同，以较差者为准）。" if j.disagree else "。")
    text = f"{name[:1].upper()}{name[1:]}, {when}: " + "; ".join(parts) + ": " + status.lower()
    return text + (" (the two tests differ; the weaker counts)." if j.disagree else ".")


def own_claim(lines: list[str]) -> tuple[int, str] | None:
    """The report's own count of indicators on schedule, with its line: the first such sentence."""
    for number, line in enumerate(lines, 1):
        if "项" not in line or "指标" not in line:
            continue
        match = _OWN_CLAIM.search(line)
        if match:
            return number, match.group(0).strip(" ，,")
    return None


def settled_by(period: str, lang: str) -> str:
    """Which report would settle a target of `period`: the work report of the year after its last year,
    due early that year."""
    found = span(period)
    year = found[1] // 12 if found else None
    if year is None:
        return ""
    if lang == "zh":
        return f"{year}年结果见{year + 1}年政府工作报告（{year + 1}年初发布）"
    return f"results for {year} are due in the {year + 1} work report (early {year + 1})"


def pending_by_period(rows: list[Row], lang: str) -> list[tuple[int, str]]:
    """The targets with no result yet, counted by the report that will settle them (by period)."""
    found: dict[str, int] = {}
    for row in rows:
        if row.status == "pending":
            due = settled_by(row.period, lang)
            found[due] = found.get(due, 0) + 1
    return [(n, due) for due, n in found.items() if due]

