"""Charts drawn at build time as HTML bars and marks on a shared scale, styled by assets/reportsite.css.

Every chart the pages need is a row per indicator (or per period) with a bar or marks along one axis:
plain HTML draws that with labels that wrap in either language, at any width, in print, and with no
runtime at all (the Vega runtime they replaced weighed 900 KB a page; vl-convert, which could render the
same to SVG, took 0.16 s a chart, ten minutes for a thousand-report site). Colours (reportsite.css) come from the
Okabe-Ito palette, which stays distinguishable for colour-blind readers, and no chart says anything by
colour alone: every bar carries its value and status as text, every mark its own shape, and the table
under each chart holds its numbers.
"""

from __future__ import annotations

import functools
import html

from .consistency import printed
from .fmt import MINUS

ROLE_LABEL = {
    "zh": {"target": "目标", "result": "实际", "estimate": "预计", "plan_total": "计划总量", "completion": "完成率"},
    "en": {"target": "Target", "result": "Actual", "estimate": "Estimate", "plan_total": "Plan total",
           "completion": "Completion"},
}
SCORE_TEXT = {
    "zh": {"target": "目标", "outcome": "实际", "growth": "增速（%）", "completion": "完成年度计划（%）",
           "elapsed": "时间进度"},
    "en": {"target": "Target", "outcome": "Outcome", "growth": "Growth (%)", "completion": "Share of annual plan (%)",
           "elapsed": "Time elapsed"},
}
# Series of an indicator's history, each with its own mark (a shape, not only a colour).
HISTORY_SERIES = ("target", "plan_total", "estimate", "result")
HISTORY_MARKS = {"target": "▲", "plan_total": "■", "estimate": "◆", "result": "●"}
TONES = ("good", "bad", "none")  # bar colours: reached / not reached / not judged

CHART_MARK = 'class="rs-chart"'  # on the <figure> of every chart


def _e(text) -> str:
    return html.escape(str(text), quote=True)


@functools.lru_cache(maxsize=1 << 14, typed=True)  # a chart table's numbers repeat across periods and pages
def rounded(value: float) -> str:
    """A number as the charts, their tables and the verdict's sentences show it: at most two decimals."""
    return printed(value, 2).replace("-", MINUS)


class _Scale:
    """Positions (percent of the track) of values on one axis that always includes zero."""

    def __init__(self, values: list[float], zero: bool = True):
        # Bars start at zero, so their lengths compare; marks alone may use the span of their values.
        low, high = (min([0.0, *values]), max([0.0, *values])) if zero else (min(values), max(values))
        if high == low:
            low, high = (low, low + 1) if zero else (low - abs(low) * 0.1 - 1, high + abs(high) * 0.1 + 1)
        pad = (high - low) * (0.04 if zero else 0.08)  # room for a mark at either end
        self.low = low - pad if (low < 0 or not zero) else low
        self.high = high + pad
        self.span = self.high - self.low

    def at(self, value: float) -> float:
        return round((value - self.low) / self.span * 100, 2)

    def bar(self, value: float) -> str:
        """The style of a bar from zero to value."""
        start, end = sorted((self.at(0.0), self.at(value)))
        return f"left:{start}%;width:{round(end - start, 2)}%"


def _legend(items: list[tuple[str, str, str]]) -> str:
    """items: (class of the swatch or mark, its label, the mark's character if any)."""
    parts = "".join(f'<span class="rs-key"><span class="{cls}" aria-hidden="true">{mark}</span>{_e(label)}</span>'
                    for cls, label, mark in items)
    return f'<div class="rs-legend">{parts}</div>'


def _row(label: str, track: str, value: str, scale: _Scale) -> str:
    zero = scale.at(0.0)
    axis = f'<span class="rs-zero" style="left:{zero}%"></span>' if zero > 0 else ""  # where bars turn negative
    return (f'<div class="rs-bar-row"><div class="rs-bar-label">{_e(label)}</div>'
            f'<div class="rs-track">{axis}{track}</div><div class="rs-bar-value">{value}</div></div>')


def _chart(axis_title: str, rows: list[str], legend: str = "") -> str:
    return f'<div class="rs-axis-title">{_e(axis_title)}</div>{legend}<div class="rs-bars">{"".join(rows)}</div>'



def target_outcome_chart(rows: list[dict], lang: str) -> str | None:
    """Growth by indicator: the outcome as a bar coloured by its status, the target as a black tick.

    rows: {"indicator": name in the page's language, "target": number, "outcome": number,
    "status": status in words, "tone": one of TONES}.
    """
    if not rows:
        return None
    text = SCORE_TEXT[lang]
    scale = _Scale([v for r in rows for v in (r["target"], r["outcome"])])
    drawn = []
    for r in rows:
        track = (f'<span class="rs-bar rs-{r.get("tone", "none")}" style="{scale.bar(r["outcome"])}"></span>'
                 f'<span class="rs-tick" style="left:{scale.at(r["target"])}%"></span>')
        value = (f'{rounded(r["outcome"])} <span class="rs-muted">({_e(text["target"])} {rounded(r["target"])})'
                 f'</span> {_e(r.get("status", ""))}')
        drawn.append(_row(r["indicator"], track, value, scale))
    statuses = dict.fromkeys((r.get("tone", "none"), r.get("status", "")) for r in rows)
    legend = _legend([(f"rs-swatch rs-{tone}", f'{text["outcome"]}: {status}', "") for tone, status in statuses]
                     + [("rs-tick-key", text["target"], "")])
    return _chart(text["growth"], drawn, legend)


def completion_chart(rows: list[dict], lang: str, elapsed_pct: float = 50.0) -> str | None:
    """Share of the annual plan reached by indicator, against a dashed line at the time elapsed.

    rows: {"indicator": name, "value": completion %, "status": status in words, "good": on track or not}.
    """
    if not rows:
        return None
    text = SCORE_TEXT[lang]
    scale = _Scale([r["value"] for r in rows] + [elapsed_pct])
    mark = f'<span class="rs-rule" style="left:{scale.at(elapsed_pct)}%"></span>'
    drawn = []
    for r in rows:
        tone = "good" if r.get("good", True) else "bad"
        track = f'<span class="rs-bar rs-{tone}" style="{scale.bar(r["value"])}"></span>{mark}'
        drawn.append(_row(r["indicator"], track, f'{rounded(r["value"])}% {_e(r.get("status", ""))}', scale))
    legend = _legend([("rs-rule-key", f'{text["elapsed"]} {rounded(elapsed_pct)}%', "")])
    return _chart(text["completion"], drawn, legend)


def growth_chart(rows: list[dict], lang: str) -> str | None:
    """Growth by indicator, one bar per role (target, estimate, actual), each role its own colour.

    rows: {"indicator": name in the page's language, "role": role id, "value": number}
    """
    if not rows:
        return None
    labels = ROLE_LABEL[lang]
    scale = _Scale([r["value"] for r in rows])
    by_indicator: dict[str, list[dict]] = {}
    for r in rows:
        by_indicator.setdefault(r["indicator"], []).append(r)
    drawn = []
    for name, found in by_indicator.items():
        found = sorted(found, key=lambda r: HISTORY_SERIES.index(r["role"]))
        track = "".join(f'<span class="rs-bar rs-thin rs-role-{r["role"]}" style="{scale.bar(r["value"])};'
                        f'top:{i * 100 // len(found)}%;height:{100 // len(found)}%"></span>'
                        for i, r in enumerate(found))
        value = " ".join(f'{_e(labels[r["role"]])} {rounded(r["value"])}' for r in found)
        drawn.append(_row(name, track, value, scale))
    present = [role for role in HISTORY_SERIES if any(r["role"] == role for r in rows)]
    legend = _legend([(f"rs-swatch rs-role-{role}", labels[role], "") for role in present])
    return _chart(SCORE_TEXT[lang]["growth"], drawn, legend)


def history_chart(rows: list[dict], lang: str, unit_label: str) -> str | None:
    """One indicator in one region over periods: a row per period, its targets, plan totals, estimates
    and actuals as marks of their own shape on one scale. No line joins periods: a half-year figure
    beside a whole year's would read as a fall (chart_blocks.history_blocks charts them apart anyway).

    rows: {"period": label, "order": sortable, "role": one of HISTORY_SERIES, "value": number}
    """
    if not rows:
        return None
    labels = ROLE_LABEL[lang]
    scale = _Scale([r["value"] for r in rows], zero=False)
    by_period: dict[tuple, list[dict]] = {}
    for r in sorted(rows, key=lambda r: r["order"]):
        by_period.setdefault((r["order"], r["period"]), []).append(r)
    drawn = []
    for (_order, period), found in by_period.items():
        track = "".join(f'<span class="rs-mark rs-role-{r["role"]}" style="left:{scale.at(r["value"])}%">'
                        f'{HISTORY_MARKS[r["role"]]}</span>' for r in found)
        value = " ".join(f'{_e(labels[r["role"]])} {rounded(r["value"])}' for r in found)
        drawn.append(_row(period, track, value, scale))
    present = [role for role in HISTORY_SERIES if any(r["role"] == role for r in rows)]
    legend = _legend([(f"rs-mark rs-role-{role}", labels[role], HISTORY_MARKS[role]) for role in present])
    return _chart(unit_label, drawn, legend)


def status_chart(rows: list[dict], statuses: dict[str, str], axis_title: str) -> str | None:
    """Targets by status, one stacked bar per row (a region): a segment per status, in the order of
    `statuses` (status id -> its words), with the counts in words beside the bar.

    rows: {"label": text, "counts": {status id: number}}
    """
    rows = [r for r in rows if sum(r["counts"].values())]
    if not rows:
        return None
    widest = max(sum(r["counts"].values()) for r in rows)
    drawn = []
    for r in rows:
        track, left = [], 0.0
        for status in statuses:
            n = r["counts"].get(status, 0)
            if n:
                width = round(n / widest * 100, 2)
                track.append(f'<span class="rs-bar rs-seg-{status}" style="left:{left}%;width:{width}%"></span>')
                left = round(left + width, 2)
        value = " · ".join(f"{_e(words)} {r['counts'][status]}" for status, words in statuses.items()
                           if r["counts"].get(status))
        drawn.append(_row(r["label"], "".join(track), value, _Scale([0.0])))
    legend = _legend([(f"rs-swatch rs-seg-{status}", words, "") for status, words in statuses.items()
                      if any(r["counts"].get(status) for r in rows)])
    return _chart(axis_title, drawn, legend)


def embed(chart: str, chart_id: str, summary: str) -> str:
    """One chart as a figure: the drawing is one image named by its text summary (its parts are
    presentation; the table under it is the accessible twin), the summary as its caption."""
    summary = _e(summary)
    return (f'<figure {CHART_MARK} data-search-exclude data-chart="{_e(chart_id)}">\n'
            f'<div class="rs-chart-canvas" role="img" aria-label="{summary}">{chart}</div>\n'
            f'<figcaption>{summary}</figcaption>\n'
            f'</figure>')
