"""What the scorecard pages show, worked out from the Site: rows, groups, counts, charts with tables.

Templates reach these through the `views` global; everything here is language-neutral except
the chart blocks, which take the page's language for their labels and summaries.
"""

from __future__ import annotations

import functools
import itertools

from . import charts
from .consistency import printed
from .downloads import listing as download_listing
from .schema import CATEGORIES
from .scorecard import STATUSES, Pair, Row, Tracked, combine, counts, period_order, series_name, span

CATEGORY_ORDER = (*CATEGORIES, "other")


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


def home_status_chart(site, by_region: list[dict], total: dict[str, int], lang: str, ui) -> str | None:
    """Targets by status (charts.status_chart): all regions together (`total`, status_counts), then the
    regions with the most targets (`by_region`, region_counts: the home page's table has them already)."""
    by_region = sorted(by_region, key=lambda item: -sum(item["counts"].values()))
    rows = [{"label": ui("all_regions"), "counts": dict(total)}]
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
    return [indicator_label(site, i, lang) for i in seen if site.catalogs.indicator(i)]


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


def indicator_label(site, key: str, lang: str) -> str:
    """The name of a catalog indicator, or of a series outside the catalog (scorecard.series_of's key:
    its normalised Chinese name, in English as far as the glossary can say it), as plain text."""
    series = series_name(key)
    if series:
        return series if lang == "zh" else (site.catalogs.en(series) or series)
    entry = site.catalogs.indicator(key) or {"name_zh": key, "name_en": key}
    return entry["name_zh"] if lang == "zh" else entry["name_en"]


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
