"""The site's data as files to download: every figure, the scorecard, one CSV per report.

CSV files are UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly; JSON is
plain UTF-8 (a BOM is not allowed in JSON). Regions and indicators appear as id, Chinese and
English name; statuses as the ids the methodology page explains. They land in docs/data/,
which MkDocs copies to site/data/ as they are.
"""

from __future__ import annotations

import csv
import functools
import io
import json

from . import scorecard
from .files import Spliced, stage_spliced
from .files import stage as write_staged

FIGURE_COLUMNS = (
    "report_id", "report_title_zh", "report_title_en", "report_kind", "report_period",
    "region_id", "region_zh", "region_en", "indicator_id", "indicator_zh", "indicator_en", "category",
    "name_zh", "period", "kind", "role", "measure", "value", "unit", "unit_class", "qualifier", "rank",
    "note", "section", "source_file", "line", "quote", "source_page", "review",
)
SCORECARD_COLUMNS = (
    "region_id", "region_zh", "region_en", "indicator_id", "indicator_zh", "indicator_en", "category",
    "period", "target_role", "target_measure", "target", "target_unit", "target_qualifier", "target_report",
    "target_line", "outcome_period", "outcome_kind", "outcome_measure", "outcome", "outcome_unit",
    "completion_pct", "completion_computed", "outcome_report", "outcome_line", "status", "reason", "latest",
)
DATA_DIR = "data"


def number(value) -> str:
    """A value as the report printed it: 123.45, 10000, -2.5 (ASCII minus, no separators)."""
    if value is None or value == "":
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _csv(columns: tuple, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _names(catalog_entry: dict | None, fallback: str = "") -> tuple[str, str]:
    if not catalog_entry:
        return fallback, ""
    return catalog_entry["name_zh"], catalog_entry["name_en"]


def figure_rows(site) -> list[dict]:
    """Every figure of every report, one flat row each, in report and line order."""
    return [row for record in site.reports for row in report_figure_rows(site, record)]


def report_figure_rows(site, record: dict) -> list[dict]:
    """The rows of one report's figures, in line order."""
    return [dict(zip(FIGURE_COLUMNS, values, strict=True)) for values in report_figure_values(site, record)]


def report_figure_values(site, record: dict) -> list[list]:
    """The rows of one report's figures as lists of FIGURE_COLUMNS' values (what the CSV writer takes)."""
    catalogs, rows = site.catalogs, []
    meta = record["report"]
    region_zh, region_en = _names(catalogs.region(meta["region"]), meta["region"])
    report = [meta["id"], meta["title_zh"], meta["title_en"], meta["kind"], meta["period"], meta["region"],
              region_zh, region_en]
    source, page = meta["source"], f"sources/{meta['id']}/#L"
    for figure in record["figures"]:
        indicator = catalogs.indicator(figure.get("indicator"))
        indicator_zh, indicator_en = _names(indicator)
        rank = figure.get("rank")
        rows.append(report + [
            figure.get("indicator") or "", indicator_zh, indicator_en, (indicator or {}).get("category", ""),
            figure["name_zh"], figure["period"], figure["kind"], figure["role"], figure["measure"],
            number(figure["value"]), figure["unit"], figure["unit_class"], figure.get("qualifier") or "",
            rank if rank is not None else "", figure.get("note") or "", figure.get("section") or "",
            source, figure["line"], figure["quote"], f"{page}{figure['line']}", figure.get("review") or "",
        ])
    return rows


def scorecard_rows(site, tracked_list=None) -> list[dict]:
    """One row per target and outcome report (a target with no outcome yet is one `pending` row), for
    every target of the site or those of `tracked_list`."""
    catalogs, rows = site.catalogs, []
    for tracked in site.scorecard.tracked if tracked_list is None else tracked_list:
        region_zh, region_en = _names(catalogs.region(tracked.region), tracked.region)
        indicator = catalogs.indicator(tracked.indicator)
        series = scorecard.series_name(tracked.indicator)
        indicator_zh, indicator_en = _names(indicator, series or tracked.indicator)
        target = tracked.target.figure
        base = {
            "region_id": tracked.region, "region_zh": region_zh, "region_en": region_en,
            "indicator_id": "" if series else tracked.indicator, "indicator_zh": indicator_zh,
            "indicator_en": indicator_en,
            "category": (indicator or {}).get("category", ""), "period": tracked.period,
            "target_role": target["role"], "target_measure": target["measure"], "target": number(target["value"]),
            "target_unit": target["unit"], "target_qualifier": target.get("qualifier") or "",
            "target_report": tracked.target.report, "target_line": tracked.target.line,
        }
        if not tracked.pairs:
            rows.append({**base, "status": "pending", "reason": "no_outcome", "latest": "yes"})
            continue
        latest = tracked.latest
        for pair in tracked.pairs:
            outcome = pair.outcome.figure if pair.outcome else {}
            rows.append({
                **base, "outcome_period": pair.outcome_period or "", "outcome_kind": outcome.get("kind", ""),
                "outcome_measure": outcome.get("measure", ""), "outcome": number(outcome.get("value")),
                "outcome_unit": outcome.get("unit", ""),
                "completion_pct": number(pair.completion_value),
                "completion_computed": ("yes" if pair.computed else "no") if pair.completion_value is not None else "",
                "outcome_report": pair.outcome.report if pair.outcome else "",
                "outcome_line": pair.outcome.line if pair.outcome else "",
                "status": pair.status, "reason": pair.reason, "latest": "yes" if pair is latest else "no",
            })
    return rows


README = """\
报告目标与成效 · 数据下载 / Report Goals and Results · Data downloads
=====================================================================

Files / 文件
- all.csv, all.json      every figure of every report / 全部报告的全部数字
- scorecard.csv          every target paired with its outcomes / 目标与实际的对照
- reports/<report>.csv   the figures of one report / 单份报告的数字
CSV files are UTF-8 with a byte-order mark (Excel opens them directly); all.json is UTF-8.
CSV 文件为带 BOM 的 UTF-8 编码，可直接用 Excel 打开。

all.csv / all.json / reports/*.csv columns
- report_id, report_title_zh, report_title_en, report_kind, report_period: the report (its id is
  also its page: reports/<report_id>/)
- region_id, region_zh, region_en: the region the report is about
- indicator_id, indicator_zh, indicator_en, category: the catalog indicator (empty when the
  figure is not a catalog indicator, e.g. a task)
- name_zh: the indicator as the report writes it
- period: 2023 (a year), 2024H1 (first half), 2022-2026 (a plan period)
- kind: target | actual | estimate;  role: target | plan_total | result | estimate | completion
- measure: level (an amount) | growth_pct (growth, %) | completion_pct (share of the annual plan
  reached, %) | share_pct (a share, %)
- value: the number as printed (declines negative; 万 written out: 1万个 -> 10000)
- unit: the unit as printed; unit_class: a normalised unit (yi_yuan = 亿元, wan_usd = 万美元 ...)
- qualifier: about (左右/约/近) | at_least (以上/超/不低于) | at_most (以内/以下) | empty
- rank: rank among peers where the report gives one; note: the report's own remark (备注)
- section: the heading above the figure
- source_file, line: the report text and the line the figure is on; quote: the text itself;
  source_page: the same line on this site (sources/<report_id>/#L<line>, from the site root)
- review: set when a person corrected or added the figure (data/review/)

scorecard.csv columns
- region_*, indicator_*, category, period: what the target is about
- target_role (target | plan_total), target_measure, target, target_unit, target_qualifier,
  target_report, target_line: the target and where it was set
- outcome_period (2023 for the whole year, 2024H1 for the first half), outcome_kind,
  outcome_measure, outcome, outcome_unit, outcome_report, outcome_line: the outcome compared
- completion_pct: share of the annual plan reached, for amounts in a period in progress;
  completion_computed: yes when the report did not print it and it is outcome / target
- status: met | missed (whole period) | on_track | behind (period in progress: growth against
  the planned growth, share of plan against the share of time elapsed, 50% after a half-year) |
  pending (no outcome reported yet) | not_comparable (outcome in another measure; growth is
  never computed from two levels)
- reason: compared | completion | growth_not_reported | level_not_reported | unit_differs |
  measure_differs | no_outcome
- latest: yes on the row that sets the target's current status
The rules (direction, 左右 tolerance, 50% mark) are on the methodology page / 规则见“方法说明”页面。

How to cite / 引用方式
Cite the report and line the figure comes from (report_title_zh, line), and this site as the
place you found it, with the date you downloaded the file, e.g.:
  芗城区2024年上半年计划执行情况报告，第165行；转引自“报告目标与成效”网站数据（下载于2024-09-01）。
  Xiangcheng District, 2024 first-half plan implementation report, line 165; via the Report
  Goals and Results site data (downloaded 2024-09-01).
Every number can be checked against the report text on its source page.
"""


def _csv_body(columns: tuple, rows: list[dict]) -> bytes:
    return _csv_lines([[row.get(column, "") for column in columns] for row in rows])


def _csv_lines(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


_VALUE, _RANK = FIGURE_COLUMNS.index("value"), FIGURE_COLUMNS.index("rank")
_ROW_BREAK = "},\n   {"  # between two rows as one dumps call writes them (strings hold no raw newline)


def _json_rows(rows: list[list]) -> str:
    """A report's figures in all.json exactly as json.dumps(indent=1) writes them at depth 2, through the
    C encoder, all in one call (indent= forces the pure-Python encoder, which took seconds for a
    thousand reports): the separator puts each key on a line of its own, then the rows are set apart."""
    if not rows:
        return ""
    objects = []
    for values in rows:
        row = dict(zip(FIGURE_COLUMNS, values, strict=True))
        value = values[_VALUE]
        row["value"] = float(value) if "." in value else int(value)
        row["rank"] = values[_RANK] if values[_RANK] != "" else None
        objects.append(row)
    text = json.dumps(objects, ensure_ascii=False, separators=(",\n   ", ": "))
    return "  {\n   " + text[2:-2].replace(_ROW_BREAK, "\n  },\n  {\n   ") + "\n  }"


def files(site, memo=None, stage=None) -> dict:
    """Every download, keyed by its path under docs/ (and so under site/).

    With `stage` (a folder), each file is written there as soon as it is made and stands in the result
    as a `files.Staged` marker, so the big files are not all held in memory at once.

    With `memo` (incremental.RecordMemo: keys by content, and what the last build wrote), a report's
    share of the downloads (its CSV rows, its all.json entries) is made only when it changed: its own
    CSV is then left as it is in docs/, and all.csv, all.json and scorecard.csv are written with the
    unchanged parts copied from the previous files (incremental.Manifest.spliced)."""
    made: dict[str, dict[str, bytes]] = {}

    def share(record: dict) -> dict[str, bytes]:
        rid = record["report"]["id"]
        if rid not in made:
            rows = report_figure_values(site, record)
            made[rid] = {"csv": _csv_lines(rows), "json": _json_rows(rows).encode("utf-8")}
        return made[rid]

    keys = {record["report"]["id"]: memo.record_key(record) if memo else "" for record in site.reports}
    header = _csv(FIGURE_COLUMNS, [])  # byte-order mark and column names
    all_csv = [header] + [(f"{keys[r['report']['id']]}:csv", functools.partial(lambda r: share(r)["csv"], r))
                          for r in site.reports]
    catalogs = site.catalogs
    placeholder = "\x00figures"
    payload = {
        "columns": list(FIGURE_COLUMNS),
        "figures": [placeholder],
        "regions": [{"id": r["id"], "name_zh": r["name_zh"], "name_en": r["name_en"]} for r in site.used_regions],
        "indicators": [{"id": i["id"], "name_zh": i["name_zh"], "name_en": i["name_en"], "category": i["category"],
                        "higher_is_better": i["higher_is_better"]}
                       for i in catalogs.indicators if site.figures_by_indicator.get(i["id"])],
    }
    head, tail = (part.encode("utf-8") for part in json.dumps(payload, ensure_ascii=False, indent=1).split(
        json.dumps([placeholder], indent=1).replace("\n", "\n ")))
    with_figures = [r for r in site.reports if r["figures"]]  # one all.json entry per figure
    if with_figures:
        all_json = [head + b"[\n"] + [
            (f"{keys[r['report']['id']]}:json:{i == 0}",
             functools.partial(lambda r, sep: sep + share(r)["json"], r, b"" if i == 0 else b",\n"))
            for i, r in enumerate(with_figures)] + [b"\n ]" + tail + b"\n"]
    else:
        all_json = [head + b"[]" + tail + b"\n"]
    parts = {f"{DATA_DIR}/all.csv": all_csv, f"{DATA_DIR}/all.json": all_json,
             f"{DATA_DIR}/scorecard.csv": [_csv(SCORECARD_COLUMNS, [])] + _scorecard_parts(site, memo)}
    out = {}

    def emit(path: str, value) -> None:
        if stage is not None and isinstance(value, bytes):
            value = write_staged(stage, path, value)
        elif stage is not None and isinstance(value, Spliced):
            value = stage_spliced(stage, path, value)
        out[path] = value

    for path, found in parts.items():
        emit(path, memo.spliced(path, found) if memo else b"".join(
            part if isinstance(part, bytes) else part[1]() for part in found))
    emit(f"{DATA_DIR}/README.txt", README.encode("utf-8"))
    for record in site.reports:
        path = report_csv(record["report"]["id"])
        make = functools.partial(lambda r: header + share(r)["csv"], record)
        emit(path, memo.file(path, record, make) if memo else make())
    return out


def _scorecard_parts(site, memo=None) -> list:
    """scorecard.csv without its header, in parts per region (key, make) when `memo` is given: a
    region's targets and outcomes come from its own reports only, and a part is made (with its region's
    scorecard) only when its region changed."""
    if memo is None:
        return [_csv_body(SCORECARD_COLUMNS, scorecard_rows(site))]
    card, digests, parts = site.scorecard, memo.pages.record_digests(), []
    for region in card.regions:
        if not card.summary(region)["tracked"]:
            continue  # no targets, no rows
        key = memo.key("scorecard", region,
                       [digests[r["report"]["id"]] for r in site.reports_by_region.get(region, [])])
        parts.append((key, functools.partial(
            lambda r: _csv_body(SCORECARD_COLUMNS, scorecard_rows(site, card.tracked_of_region(r))), region)))
    return parts


def scorecard_row_count(site) -> int:
    """len(scorecard_rows(site)), from the regions' scorecard summaries."""
    return sum(site.scorecard.summary(region)["lines"] for region in site.scorecard.regions)


def listing(site) -> list[dict]:
    """What the data page lists: each download's path under docs/ and its number of rows."""
    figures = sum(len(r["figures"]) for r in site.reports)
    items = [{"path": f"{DATA_DIR}/all.csv", "key": "download_all_csv", "rows": figures},
             {"path": f"{DATA_DIR}/all.json", "key": "download_all_json", "rows": figures},
             {"path": f"{DATA_DIR}/scorecard.csv", "key": "download_scorecard", "rows": scorecard_row_count(site)},
             {"path": f"{DATA_DIR}/README.txt", "key": "download_readme", "rows": None}]
    for record in site.reports:
        items.append({"path": report_csv(record["report"]["id"]), "key": None, "record": record,
                      "rows": len(record["figures"])})
    return items


def report_csv(report_id: str) -> str:
    return f"{DATA_DIR}/reports/{report_id}.csv"
