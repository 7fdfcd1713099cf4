"""What the scorecard pages show, worked out from the Site: rows, groups, counts, charts with tables.

Templates reach these through the `views` global; everything here is language-neutral except
the chart blocks, which take the page's language for their labels and summaries.
"""

from __future__ import annotations

import functools
import itertools

from . import charts, fmt
from .consistency import printed
from .downloads import listing as download_listing
from .schema import CATEGORIES
from .scorecard import STATUSES, Pair, Row, Tracked, combine, counts, period_order, span

CATEGORY_ORDER = (*CATEGORIES, "other")
REGION_CHART_PERIODS = 4  # outcome periods charted on a region page: two years of annual and half-year results


# ---- scorecard groups ----------------------------------------------------------------------------

def scorecard_groups(site, region: str | None = None) -> list[dict]:
    """Every tracked target (one row per region, indicator and period) with its latest status,
    grouped by area of work, each group with its counts; the latest period first."""
    rows = site.scorecard.rows_of_region(region) if region is not None else list(site.scorecard.rows)
    rows.sort(key=lambda r: (r.region, r.indicator))
    rows.sort(key=lambda r: period_order(r.period), reverse=True)
    groups = []
    for category in CATEGORY_ORDER:
        selected = [r for r in rows if r.category == category]
        if selected:
            groups.append({"category": category, "rows": selected, "counts": counts(selected)})
    return groups


def latest_reports(site, n: int) -> list[dict]:
    """The n reports of the latest periods (then by region), for the home page."""
    ordered = sorted(site.reports, key=lambda r: (r["report"]["region"], r["report"]["id"]))
    ordered.sort(key=lambda r: period_order(r["report"]["period"]), reverse=True)
    return ordered[:n]


def report_runs(site) -> list[tuple[str, str, list[dict]]]:
    """Every report in the site's order, as runs of one region's reports: (region, part name, reports).
    A page listing every report keeps each run as a part (Renderer.section), so after one report changed
    it makes one run's rows again. The name holds the run's report ids: the part is exactly these rows."""
    runs = []
    for region, group in itertools.groupby(site.reports, key=lambda r: r["report"]["region"]):
        group = list(group)
        runs.append((region, " ".join(r["report"]["id"] for r in group), group))
    return runs


def status_counts(site) -> dict[str, int]:
    return site.scorecard.counts()


def region_counts(site) -> list[dict]:
    """One line per region with reports: how many reports, how many tracked targets per status (from
    each region's scorecard summary: this page does not make every region's scorecard)."""
    found = []
    for region in site.used_regions:
        if site.reports_by_region.get(region["id"]):
            summary = site.scorecard.summary(region["id"])
            found.append({"region": region["id"], "reports": len(site.reports_by_region[region["id"]]),
                          "rows": summary["rows"], "counts": dict(summary["counts"])})
    return found


HOME_CHART_REGIONS = 12  # the home page stays one size: the regions with the most targets only


def home_status_chart(site, lang: str, ui) -> str | None:
    """Targets by status: all regions together, then the regions with the most targets (charts.status_chart)."""
    by_region = sorted(region_counts(site), key=lambda item: -sum(item["counts"].values()))
    rows = [{"label": ui("all_regions"), "counts": dict(status_counts(site))}]
    rows += [{"label": _region_name(site, item["region"], lang), "counts": item["counts"]}
             for item in by_region[:HOME_CHART_REGIONS]]
    if len(rows) == 2:
        rows = rows[1:]  # one region: its bar is the total
    statuses = {status: ui("status_" + status) for status in STATUSES}
    drawn = charts.status_chart(rows, statuses, ui("chart_status_axis"))
    if not drawn:
        return None
    total = rows[0]["counts"]
    summary = ui("summary_status", n=sum(total.values()),
                 counts=" · ".join(f"{statuses[s]} {n}" for s, n in total.items() if n))
    return charts.embed(drawn, "chart-scorecard", summary)


def total_counts(groups: list[dict]) -> dict[str, int]:
    total = {status: 0 for status in STATUSES}
    for group in groups:
        for status, number in group["counts"].items():
            total[status] += number
    return total


def row_pairs(row: Row) -> list[tuple[Tracked, Pair | None]]:
    return [(t, t.latest) for t in row.tracked]


def report_targets(site, record: dict) -> list[Tracked]:
    """The catalog targets a report sets, each once, with its latest status."""
    found = site.scorecard.targets_of_report(record["report"]["id"])
    return sorted(found, key=lambda t: (t.target.line, t.target.figure["role"] != "target"))


def report_target_rows(site, record: dict) -> list[Row]:
    """A report's targets as scorecard lines, one per indicator and period (growth and plan total
    together), in the order the report states them."""
    grouped: dict[tuple, list[Tracked]] = {}
    for tracked in report_targets(site, record):
        grouped.setdefault((tracked.indicator, tracked.period), []).append(tracked)
    rows = []
    for (indicator, period), items in grouped.items():
        entry = site.catalogs.indicator(indicator) or {}
        rows.append(Row(record["report"]["region"], indicator, period, entry.get("category", "other"), items))
    return rows


def _index(site, name: str, build):
    """A lookup table built once per site on first use: scanning every row for each report's
    every row grows with the square of the number of reports."""
    tables = site.__dict__.setdefault("_views_index", {})
    if name not in tables:
        tables[name] = build()
    return tables[name]


def _rows_by_indicator(site, region: str) -> dict:
    """A region's scorecard rows by indicator (only that region's scorecard is made)."""
    def build():
        table: dict[str, list] = {}
        for scorecard_row in site.scorecard.rows_of_region(region):
            table.setdefault(scorecard_row.indicator, []).append(scorecard_row)
        return table
    return _index(site, ("rows_by_indicator", region), build)


def result_context(site, record: dict, row: dict) -> dict:
    """For one row of a report's results: the plan and planned growth for its year (from any
    report, this one first) and the status of the comparison this report's figures allow."""
    first = row["first"]
    region, indicator = record["report"]["region"], first.get("indicator")
    found = span(row["period"])
    year = str(found[0] // 12) if found else row["period"]
    plan = planned = None
    statuses = []
    for scorecard_row in _rows_by_indicator(site, region).get(indicator, []):
        if scorecard_row.period not in (row["period"], year):
            continue
        for tracked in sorted(scorecard_row.tracked, key=lambda t: t.target.report != record["report"]["id"]):
            figure = tracked.target.figure
            if figure["measure"] == "growth_pct" and planned is None:
                planned = tracked.target
            elif figure["measure"] == "level" and plan is None:
                plan = tracked.target
            for pair in tracked.pairs:
                outcome = pair.outcome
                if outcome and outcome.report == record["report"]["id"] and pair.outcome_period == row["period"]:
                    statuses.append(pair.status)
    return {"plan": plan, "planned": planned, "status": combine(statuses) if statuses else None}


def indicator_names(site, record: dict, lang: str) -> list[str]:
    """The catalog indicators a report has figures for, once each, in the order it names them:
    a line of plain text the search index keeps (the tables themselves stay out of it)."""
    seen = dict.fromkeys(f["indicator"] for f in sorted(record["figures"], key=lambda f: f["line"])
                         if f.get("indicator"))
    return [_name(site, i, lang) for i in seen if site.catalogs.indicator(i)]


def _notes_by(site, field: str) -> dict[str, list]:
    """The site's notes by report or by indicator (`field`), indexed once."""
    def build():
        table: dict[str, list] = {}
        for note in site.notes:
            table.setdefault(getattr(note, field), []).append(note)
        return table
    return _index(site, ("notes_by", field), build)


def notes_of_report(site, record: dict) -> list:
    return _notes_by(site, "report").get(record["report"]["id"], [])


def notes_of_indicator(site, indicator_id: str) -> list:
    return list(_notes_by(site, "indicator").get(indicator_id, []))


def note_runs(site, notes: list) -> list[tuple[str, str, list]]:
    """`notes` as runs of one region's notes: (region, part name, notes), for a page of every region to
    keep each run as a part (Renderer.section). A region's notes come from its own reports, so a run is
    named by where it starts in its region's notes and how long it is: the part is exactly these notes."""
    runs, seen = [], {}
    for region, group in itertools.groupby(notes, key=lambda n: site.report_by_id[n.report]["report"]["region"]):
        group = list(group)
        start = seen.get(region, 0)
        seen[region] = start + len(group)
        runs.append((region, f"{start}+{len(group)}", group))
    return runs


# ---- indicator history ---------------------------------------------------------------------------

_ROLE_ORDER = {"target": 0, "plan_total": 1, "estimate": 2, "result": 3, "completion": 4}


class RegionHistory:
    """An indicator in one region: its figures in period order (`entries`) and its scorecard rows, sorted
    only when a page asks (a page part kept in the cache does not)."""

    def __init__(self, site, indicator_id: str, region: str, found: list[tuple[dict, dict]]):
        self.site, self.indicator, self.region, self._found = site, indicator_id, region, found

    @functools.cached_property
    def entries(self) -> list[tuple[dict, dict]]:
        return sorted(self._found, key=lambda e: (period_order(e[1]["period"]), _ROLE_ORDER[e[1]["role"]],
                                                  e[1]["measure"], e[0]["report"]["period"], e[1]["line"]))

    @functools.cached_property
    def rows(self) -> list:
        return _rows_by_indicator(self.site, self.region).get(self.indicator, [])


def history(site, indicator_id: str) -> list[RegionHistory]:
    """An indicator's figures per region, in period order: every target, plan total, estimate,
    actual and half-year figure from every report, with the report it came from."""
    by_region = site.figures_by_indicator_region.get(indicator_id, {})
    return [RegionHistory(site, indicator_id, region, by_region[region]) for region in sorted(by_region)]


# ---- charts with their tables --------------------------------------------------------------------

def _name(site, indicator_id: str, lang: str) -> str:
    entry = site.catalogs.indicator(indicator_id) or {"name_zh": indicator_id, "name_en": indicator_id}
    return entry["name_zh"] if lang == "zh" else entry["name_en"]


@functools.lru_cache(maxsize=1 << 14, typed=True)  # a chart table's numbers repeat across periods and pages
def rounded(value: float) -> str:
    """The numbers a chart's table shows: as the chart's tooltips do, at most two decimals."""
    return printed(value, 2).replace("-", fmt.MINUS)


def tone(status: str) -> str:
    """How a status colours its bar: reached, not reached, or not judged (charts.TONES)."""
    return {"met": "good", "on_track": "good", "missed": "bad", "behind": "bad"}.get(status, "none")


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
        if target["measure"] != "growth_pct" or pair.status in ("not_comparable", "pending") or not pair.outcome:
            continue
        indicator = target["indicator"]
        if indicator in seen:
            continue
        seen.add(indicator)
        chosen.append({"indicator": _name(site, indicator, lang), "target": target["value"],
                       "outcome": pair.outcome.value, "status": ui("status_" + pair.status),
                       "reached": pair.status in ("met", "on_track"), "tone": tone(pair.status)})
    if not chosen:
        return None
    spec = charts.target_outcome_chart(chosen, lang)
    reached = sum(1 for c in chosen if c["reached"])
    summary = ui("summary_target_outcome", n=len(chosen), period=period_label, reached=reached)
    header = [ui("indicator"), ui("target"), ui("outcome"), ui("status")]
    rows = [[c["indicator"], rounded(c["target"]), rounded(c["outcome"]), c["status"]] for c in chosen]
    return _block(spec, chart_id, ui("chart_target_outcome", period=period_label), summary, header, rows)


def completion_block(site, pairs: list[Pair], chart_id: str, lang: str, ui, period_label: str) -> dict | None:
    """Share of the annual plan reached, against the share of time elapsed."""
    chosen, seen, elapsed = [], set(), None
    for pair in pairs:
        if pair.completion_value is None or pair.finished:
            continue
        indicator = pair.target.figure["indicator"]
        if indicator in seen:
            continue
        seen.add(indicator)
        elapsed = pair.elapsed
        chosen.append({"indicator": _name(site, indicator, lang), "value": pair.completion_value,
                       "status": ui("status_" + pair.status), "good": pair.status in ("on_track", "met")})
    if not chosen:
        return None
    mark = round((elapsed or 0.5) * 100, 2)
    spec = charts.completion_chart(chosen, lang, elapsed_pct=mark)
    ahead = sum(1 for c in chosen if c["value"] >= mark)
    summary = ui("summary_completion", n=len(chosen), period=period_label, mark=rounded(mark), ahead=ahead)
    header = [ui("indicator"), ui("completion"), ui("status")]
    rows = [[c["indicator"], rounded(c["value"]) + "%", c["status"]] for c in chosen]
    return _block(spec, chart_id, ui("chart_completion", period=period_label, mark=rounded(mark)), summary,
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
    name = _name(site, indicator_id, lang)
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
        return "<br>".join(h.line_link(r["report"], r["line"], h.e(rounded(r["value"]))) for r in found)
    table = [[h.e(period)] + [cell(cells.get(role, [])) for role in roles]
             for (_order, period), cells in by_period.items()]
    suffix = "" if shape == "year" else f"-{shape}"
    chart_id = f"chart-{indicator_id}-{region}-{measure.replace('_', '-')}{suffix}"
    title = ui("chart_history_" + measure, unit=unit_label)
    if shape != "year":
        title += f" ({ui('period_shape_' + shape)})"
    spec = charts.history_chart(rows, lang, unit_label) if len(periods) > 1 else None
    html = charts.embed(spec, chart_id, summary) if spec else f'<p class="rs-one-point">{h.e(summary)}</p>'
    return {"id": chart_id, "title": title, "html": html, "html_cells": True,
            "header": [ui("period")] + [f"{labels[role]} ({unit_label})" for role in roles], "rows": table}


def _region_name(site, region: str, lang: str) -> str:
    entry = site.catalogs.region(region) or {"name_zh": region, "name_en": region}
    return entry["name_zh"] if lang == "zh" else entry["name_en"]


_CLAUSE_END = "，。；：！？,;"


def clause(lines: list[str], figure: dict, limit: int = 80) -> str:
    """The clause of its source line a figure stands in (between the punctuation around its quote): a
    whole phrase to label it by, where its extracted name may be cut short."""
    if not 0 < figure["line"] <= len(lines):
        return figure["name_zh"]
    text = lines[figure["line"] - 1]
    at = text.find(figure.get("quote") or "\x00")
    if at < 0:
        return figure["name_zh"]
    start = max(text.rfind(mark, 0, at) for mark in _CLAUSE_END) + 1
    ends = [i for i in (text.find(mark, at + len(figure["quote"])) for mark in _CLAUSE_END) if i >= 0]
    end = min(ends) if ends else len(text)
    found = text[start:end].strip(" \t*“”")
    return found if 0 < len(found) <= limit else figure["name_zh"]


def sections(figures: list[dict]) -> list[tuple[str, list[dict]]]:
    """Figures grouped under the report's own headings, in the order the report has them."""
    groups: dict[str, list[dict]] = {}
    for figure in sorted(figures, key=lambda f: f["line"]):
        groups.setdefault(figure.get("section") or "", []).append(figure)
    return list(groups.items())


def downloads(site) -> list[dict]:
    return download_listing(site)


def rules() -> dict[str, str]:
    """The numbers in the status rules, for the methodology page: the text cannot drift from the code."""
    from .scorecard import ABOUT_POINTS, ABOUT_SHARE

    return {"about_points": printed(ABOUT_POINTS), "about_share": printed(ABOUT_SHARE * 100, 3)}


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
            name = _name(site, figure["indicator"], lang)
            rows.append({"indicator": name, "role": role, "value": figure["value"]})
            label = f"{charts.ROLE_LABEL[lang][role]} ({fmt.period(main, lang)})"
            table.append([name, label, rounded(figure["value"])])
    if not rows:
        return None
    rid = record["report"]["id"]
    spec = charts.growth_chart(rows, lang)
    summary = ui("summary_own_growth", n=len({r["indicator"] for r in rows}))
    return _block(spec, f"chart-{rid}-own-growth", ui("chart_own_growth"), summary,
                  [ui("indicator"), ui("figure_kind"), ui("growth") + " (%)"], table)
