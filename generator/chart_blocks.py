"""The charts of the pages, each with its table (the chart's accessible twin, every value linked to its
source line where it has one) and its data as a CSV download: a report's targets against outcomes, a
region's latest outcomes, an indicator's history in each region (charts.py draws them)."""

from __future__ import annotations

import csv
import html
import io
import re
from urllib.parse import quote

from . import charts, fmt
from .scorecard import JUDGED, Pair, period_order, series_of, span
from .views import _region_name, indicator_label, report_targets, scorecard_groups

REGION_CHART_PERIODS = 4  # outcome periods charted on a region page: two years of annual and half-year results

def tone(status: str) -> str:
    """How a status colours its bar: reached, not reached, or not judged (charts.TONES)."""
    return {"met": "good", "on_track": "good", "missed": "bad", "behind": "bad"}.get(status, "none")


_TAG = re.compile(r"<[^>]+>")


def csv_link(block: dict) -> str:
    """A chart's table as a CSV file in a data: address, for a download link beside the chart: UTF-8 with a
    BOM (Excel reads the Chinese), the cells' text without the links they carry on the page."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(block["header"])
    for row in block["rows"]:
        cells = ["" if c is None else str(c) for c in row]
        if block.get("html_cells"):
            cells = [html.unescape(_TAG.sub(" ", c)).strip() for c in cells]
        writer.writerow(cells)
    return "data:text/csv;charset=utf-8," + quote("\ufeff" + out.getvalue())


def _block(spec, chart_id: str, title: str, summary: str, header: list[str], rows: list[list[str]]) -> dict | None:
    if not spec:
        return None
    return {"id": chart_id, "title": title, "html": charts.embed(spec, chart_id, summary), "header": header,
            "rows": rows}


def growth_block(site, pairs: list[Pair], chart_id: str, lang: str, ui, period_label: str) -> dict | None:
    """Target against outcome growth, one bar per indicator, for pairs that compare growth."""
    chosen, seen = [], set()
    for pair in pairs:
        target = pair.target.figure
        if target["measure"] != "growth_pct" or pair.status not in JUDGED or not pair.outcome:
            continue
        indicator = series_of(target)  # a catalog indicator, or a series linked by its name
        if indicator in seen:
            continue
        seen.add(indicator)
        chosen.append({"indicator": indicator_label(site, indicator, lang), "target": target["value"],
                       "outcome": pair.outcome.value, "status": ui("status_" + pair.status),
                       "reached": pair.status in ("met", "on_track"), "tone": tone(pair.status)})
    if not chosen:
        return None
    spec = charts.target_outcome_chart(chosen, lang)
    reached = sum(1 for c in chosen if c["reached"])
    summary = ui("summary_target_outcome", n=len(chosen), period=period_label, reached=reached)
    header = [ui("indicator"), ui("target"), ui("outcome"), ui("status")]
    rows = [[c["indicator"], charts.rounded(c["target"]), charts.rounded(c["outcome"]), c["status"]] for c in chosen]
    return _block(spec, chart_id, ui("chart_target_outcome", period=period_label), summary, header, rows)


def completion_block(site, pairs: list[Pair], chart_id: str, lang: str, ui, period_label: str) -> dict | None:
    """Share of the annual plan reached, against the share of time elapsed."""
    chosen, seen, elapsed = [], set(), None
    for pair in pairs:
        if pair.completion_value is None or pair.finished:
            continue
        indicator = series_of(pair.target.figure)
        if indicator in seen:
            continue
        seen.add(indicator)
        elapsed = pair.elapsed
        chosen.append({"indicator": indicator_label(site, indicator, lang), "value": pair.completion_value,
                       "status": ui("status_" + pair.status), "good": pair.status in ("on_track", "met")})
    if not chosen:
        return None
    mark = round((elapsed or 0.5) * 100, 2)
    spec = charts.completion_chart(chosen, lang, elapsed_pct=mark)
    ahead = sum(1 for c in chosen if c["value"] >= mark)
    summary = ui("summary_completion", n=len(chosen), period=period_label, mark=charts.rounded(mark), ahead=ahead)
    header = [ui("indicator"), ui("completion"), ui("status")]
    rows = [[c["indicator"], charts.rounded(c["value"]) + "%", c["status"]] for c in chosen]
    return _block(spec, chart_id, ui("chart_completion", period=period_label, mark=charts.rounded(mark)), summary,
                  header, rows)


def pair_blocks(site, pairs: list[Pair], chart_prefix: str, lang: str, ui, latest: int | None = None) -> list[dict]:
    """Growth and completion charts for a set of pairs, one of each per outcome period (the `latest`
    periods only, when given)."""
    blocks = []
    periods = sorted({p.outcome_period for p in pairs if p.outcome_period}, key=period_order, reverse=True)
    periods = periods[:latest] if latest else periods
    for period in periods:
        selected = [p for p in pairs if p.outcome_period == period]
        label = fmt.period(period, lang)
        slug = period.lower()
        for block in (growth_block(site, selected, f"{chart_prefix}-growth-{slug}", lang, ui, label),
                      completion_block(site, selected, f"{chart_prefix}-completion-{slug}", lang, ui, label)):
            if block:
                blocks.append(block)
    return blocks


def report_blocks(site, record: dict, lang: str, ui) -> list[dict]:
    """Charts of a report page: its targets against later outcomes, its outcomes against targets."""
    rid = record["report"]["id"]
    pairs = [t.latest for t in report_targets(site, record) if t.latest]
    known = {id(p) for p in pairs}
    pairs += [p for p in site.scorecard.pairs_with_outcome_in(rid) if id(p) not in known]
    blocks = pair_blocks(site, pairs, f"chart-{rid}", lang, ui)
    if not blocks:
        own = own_growth_block(site, record, lang, ui)
        blocks = [own] if own else []
    return blocks


def region_blocks(site, region: str, lang: str, ui) -> list[dict]:
    """Charts of a region page: the latest outcome of each of its latest targets."""
    pairs = []
    for group in scorecard_groups(site, region):
        for row in group["rows"]:
            pairs += [t.latest for t in row.tracked if t.latest]
    # The latest periods only: a region with twenty years of reports would otherwise carry eighty charts.
    return pair_blocks(site, pairs, f"chart-{region}", lang, ui, latest=REGION_CHART_PERIODS)


def history_blocks(site, indicator_id: str, region: str, entries: list[tuple[dict, dict]], lang: str, ui,
                   h) -> list[dict]:
    """An indicator's series in one region: amounts in the indicator's most used unit, and growth.

    Each chart's table has one row per period and one column per series; through `h` (the page's HTML
    helpers) every value links to the line it came from, so the table is the figures' provenance too,
    at a size that grows with the periods, not with how many reports repeat a figure."""
    blocks = []
    amounts = [(r, f) for r, f in entries if f["measure"] == "level" and f["role"] != "completion"]
    units = {}
    for _record, figure in amounts:
        units[figure["unit"]] = units.get(figure["unit"], 0) + 1
    name = indicator_label(site, indicator_id, lang)
    main_unit = max(units, key=units.get) if units else None
    for measure, chosen in (("level", [(r, f) for r, f in amounts if f["unit"] == main_unit] if units else []),
                            ("growth_pct", [(r, f) for r, f in entries if f["measure"] == "growth_pct"])):
        rows, seen = [], set()
        for record, figure in chosen:
            key = (figure["period"], figure["role"], figure["value"])
            if key in seen or figure["role"] not in charts.HISTORY_SERIES:
                continue
            seen.add(key)  # the first report to state a figure is the one its value links to
            rows.append({"period": fmt.period(figure["period"], lang), "order": period_order(figure["period"]),
                         "role": figure["role"], "value": figure["value"], "report": record["report"]["id"],
                         "line": figure["line"], "source_period": figure["period"]})
        if not rows:
            continue
        if measure == "level":
            unit = chosen[0][1]["unit"]
            unit_label = unit if lang == "zh" else fmt.unit_en(unit)
        else:
            unit_label = ui("growth") + " (%)" if lang == "en" else ui("growth") + "（%）"
        # Like with like: whole years on one chart, parts of a year (H1, Q3) and spans of years on their own.
        groups: dict[str, list[dict]] = {}
        for row in rows:
            groups.setdefault(_period_shape(row["source_period"]), []).append(row)
        for shape, group in sorted(groups.items(), key=lambda item: _SHAPES.index(item[0])):
            block = _history_block(site, indicator_id, region, measure, shape, group, unit_label, name, lang, ui, h)
            blocks.append(block)
    return blocks


_SHAPES = ("year", "part", "span", "other")


def _period_shape(period: str) -> str:
    """A whole year, part of one, or several years: what can share an axis with what."""
    found = span(period)
    if not found:
        return "other"
    months = found[1] - found[0] + 1
    return "year" if months == 12 else "part" if months < 12 else "span"


def _history_block(site, indicator_id, region, measure, shape, rows, unit_label, name, lang, ui, h) -> dict:
    """One chart of an indicator's history (rows of one period shape) with its table. A single period
    gets no chart, only its table and a sentence: one point is not a trend."""
    labels = charts.ROLE_LABEL[lang]
    periods = {row["order"] for row in rows}
    summary = ui("summary_history", name=name, region=_region_name(site, region, lang), n=len(rows),
                 first=rows[0]["period"], last=rows[-1]["period"])
    roles = [role for role in charts.HISTORY_SERIES if any(r["role"] == role for r in rows)]
    by_period: dict[tuple, dict] = {}
    for row in sorted(rows, key=lambda r: r["order"]):
        by_period.setdefault((row["order"], row["period"]), {}).setdefault(row["role"], []).append(row)

    def cell(found: list[dict]) -> str:
        return "<br>".join(h.line_link(r["report"], r["line"], h.e(charts.rounded(r["value"]))) for r in found)
    table = [[h.e(period)] + [cell(cells.get(role, [])) for role in roles]
             for (_order, period), cells in by_period.items()]
    suffix = "" if shape == "year" else f"-{shape}"
    chart_id = f"chart-{indicator_id}-{region}-{measure.replace('_', '-')}{suffix}"
    title = ui("chart_history_" + measure, unit=unit_label)
    if shape != "year":
        title += f" ({ui('period_shape_' + shape)})"
    spec = charts.history_chart(rows, lang, unit_label) if len(periods) > 1 else None
    if spec:
        html = charts.embed(spec, chart_id, summary)
    else:  # one period: its figures in words
        said = ("；" if lang == "zh" else "; ").join(f"{labels[r['role']]} {charts.rounded(r['value'])}" for r in rows)
        sentence = ui("one_period", period=rows[0]["period"], unit=unit_label, said=said)
        html = f'<p class="rs-one-point">{h.e(sentence)}</p>'
    return {"id": chart_id, "title": title, "html": html, "html_cells": True,
            "header": [ui("period")] + [f"{labels[role]} ({unit_label})" for role in roles], "rows": table}



def own_growth_block(site, record: dict, lang: str, ui) -> dict | None:
    """A report's own growth figures by indicator (targets, estimates, actuals), for a report whose
    targets no later report has answered yet. Per role only its most frequent period is drawn, so a
    chart never mixes years within one series."""
    by_role: dict[str, list[dict]] = {}
    for figure in record["figures"]:
        if figure["measure"] == "growth_pct" and figure.get("indicator") and figure["role"] in (
                "target", "estimate", "result"):
            by_role.setdefault(figure["role"], []).append(figure)
    rows, table = [], []
    for role in ("target", "estimate", "result"):
        figures = by_role.get(role, [])
        if not figures:
            continue
        periods = [f["period"] for f in figures]
        main = max(dict.fromkeys(periods), key=periods.count)
        seen = set()
        for figure in sorted(figures, key=lambda f: f["line"]):
            if figure["period"] != main or figure["indicator"] in seen:
                continue
            seen.add(figure["indicator"])
            name = indicator_label(site, figure["indicator"], lang)
            rows.append({"indicator": name, "role": role, "value": figure["value"]})
            label = f"{charts.ROLE_LABEL[lang][role]} ({fmt.period(main, lang)})"
            table.append([name, label, charts.rounded(figure["value"])])
    if not rows:
        return None
    rid = record["report"]["id"]
    spec = charts.growth_chart(rows, lang)
    summary = ui("summary_own_growth", n=len({r["indicator"] for r in rows}))
    return _block(spec, f"chart-{rid}-own-growth", ui("chart_own_growth"), summary,
                  [ui("indicator"), ui("figure_kind"), ui("growth") + " (%)"], table)
