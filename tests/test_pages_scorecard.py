"""Scorecard pages of the built seeds: statuses, history with source links, charts with tables."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator import charts
from tests.pages import page, source_line, table_rows, text_of

H1_REPORT = "xiangcheng-2024h1-plan-execution"
WORK_2023 = "xiangcheng-2023-work-report"
STATUS = {"zh": {"met": "已完成", "missed": "未完成", "on_track": "进度正常", "behind": "进度滞后",
                 "pending": "尚无结果", "not_comparable": "无法比较"},
          "en": {"met": "Met", "missed": "Missed", "on_track": "On track", "behind": "Behind", "pending": "Pending",
                 "not_comparable": "Not comparable"}}
PREFIX = {"zh": "", "en": "en/"}


def rows_with(document: str, *needles: str) -> list[str]:
    """Table rows (as HTML) whose text holds every needle."""
    return [row for row in table_rows(document) if all(n in text_of(row) for n in needles)]


def source_text(site_dir: Path, report_id: str, line: int) -> str:
    return source_line(site_dir, report_id, line)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_page_gives_the_2023_target_its_status(site_dir, lang):
    document = page(site_dir, f"{PREFIX[lang]}reports/{WORK_2023}")
    name = "规模以上工业增加值" if lang == "zh" else "Value added of industrial enterprises above designated size"
    targets = document.split('id="targets"', 1)[1]
    rows = rows_with(targets, name, "9.7", STATUS[lang]["missed"])
    assert rows, "the 2023 industrial value-added target is not shown as missed"
    assert "+1%" in text_of(rows[0])
    assert f"sources/{H1_REPORT}/#L" in rows[0]  # the outcome links to the later report's line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_half_year_report_page_has_plan_completion_and_planned_growth(site_dir, lang):
    document = page(site_dir, f"{PREFIX[lang]}reports/{H1_REPORT}")
    results = document.split('id="results"', 1)[1].split("<h2", 1)[0]
    row = rows_with(results, "51.4%", "+9.1%", "+7.3%", STATUS[lang]["on_track"])
    assert row, "GDP first half: share of plan, growth and planned growth side by side"
    trade = rows_with(results, "47.29%", "−4.03%", "+4.3%", STATUS[lang]["behind"])
    assert trade
    assert "rank" in text_of(document).lower() or "位次" in text_of(document)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_region_page_scorecard(site_dir, lang):
    document = page(site_dir, f"{PREFIX[lang]}regions/xiangcheng")
    scorecard = document.split('id="scorecard"', 1)[1]
    s = STATUS[lang]
    assert rows_with(scorecard, "9.7", "+1%", s["missed"])
    assert rows_with(scorecard, "+4.3%", "−4.03%", "47.29%", s["behind"])
    assert rows_with(scorecard, "+7.3%", "+9.1%", "51.4%", s["on_track"])
    assert ("经济总量" if lang == "zh" else "Economy") in text_of(scorecard)
    counts = re.search(r"(?:各状态数量|Count by status)[:：](.*?)</p>", scorecard, flags=re.S)
    assert counts and s["missed"] in text_of(counts.group(1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_region_scorecards_show_zhangzhou_2022_pending_and_xiangcheng_missed(site_dir, lang):
    zhangzhou = page(site_dir, f"{PREFIX[lang]}regions/zhangzhou")
    year = "2022年" if lang == "zh" else "2022"
    pending = [row for row in rows_with(zhangzhou, STATUS[lang]["pending"]) if re.search(rf">\s*{year}\s*<", row)]
    assert len(pending) >= 5, "Zhangzhou's 2022 targets should all be pending"
    assert rows_with(page(site_dir, f"{PREFIX[lang]}regions/xiangcheng"), "9.7", STATUS[lang]["missed"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_page_counts_each_region_and_links_to_its_scorecard(site_dir, lang):
    # The home page stays one screen at any size: per region, counts by status and a link, no rows of targets.
    document = page(site_dir, PREFIX[lang].rstrip("/") if PREFIX[lang] else "")
    region = "漳州市" if lang == "zh" else "Zhangzhou City"
    row = rows_with(document, region, STATUS[lang]["pending"])
    assert len(row) == 1 and 'regions/zhangzhou/#scorecard"' in row[0]
    pending = re.search(rf"{STATUS[lang]['pending']} (\d+)", text_of(row[0]))
    assert pending and int(pending.group(1)) >= 5
    assert not rows_with(document, "9.7")


# The figures of 地区生产总值 in Xiangcheng that the indicator page must carry, each with its report.
GDP_FIGURES = [("867", WORK_2023), ("872.78", H1_REPORT), ("936.49", H1_REPORT), ("481.35", H1_REPORT)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_page_series_link_every_figure_to_its_line(site_dir, lang):
    # The region's series on the indicator page: one row per period, each value a link to its line.
    document = page(site_dir, f"{PREFIX[lang]}indicators/gdp")
    section = document.split('id="xiangcheng"', 1)[1].split("<h2", 1)[0]
    # Whole years and the half-year are charted apart (one axis, like with like), each with its table.
    years = section.split('id="chart-gdp-xiangcheng-level"', 1)[1].split("</table>", 1)[0]
    half = section.split('id="chart-gdp-xiangcheng-level-part"', 1)[1].split("</table>", 1)[0]
    assert "481.35" in half and "481.35" not in years and "872.78" in years
    series = years + half
    for value, report_id in GDP_FIGURES:
        links = re.findall(rf'<a href="[^"]*sources/{report_id}/#L(\d+)">{re.escape(value)}</a>', series)
        assert links, f"{value} is not in the series table with a link to {report_id}"
        for line in links:
            assert value in source_text(site_dir, report_id, int(line)).replace(" ", "")
    # A period's row holds its figures, not the report's title once per figure.
    assert len(table_rows(years)) <= 4 and len(table_rows(half)) <= 2


def _charts(document: str) -> list[tuple[str, str, str]]:
    """(chart id, chart HTML, what follows it) of every chart on a page."""
    found = []
    for match in re.finditer(r'<figure class="rs-chart"[^>]*data-chart="([^"]+)">(.*?)</figure>', document, re.S):
        found.append((match.group(1), match.group(2), document[match.end():]))
    return found


def _chart_pages(site_dir: Path) -> list[Path]:
    return [p for p in site_dir.rglob("index.html") if "rs-chart-canvas" in p.read_text(encoding="utf-8")]


def test_every_chart_has_a_summary_and_a_table_with_its_numbers(site_dir):
    pages = _chart_pages(site_dir)
    assert any("indicators/gdp" in str(p) for p in pages) and any(H1_REPORT in str(p) for p in pages)
    for path in pages:
        document = path.read_text(encoding="utf-8")
        for chart_id, chart, after in _charts(document):
            caption = re.search(r"<figcaption>(.*?)</figcaption>", chart, flags=re.S).group(1)
            label = re.search(r'role="img" aria-label="([^"]+)"', chart).group(1)
            assert caption.strip() and html.unescape(label) == html.unescape(caption.strip())
            table = text_of(after.split("<table", 1)[1].split("</table>", 1)[0])
            values = [text_of(v) for v in re.findall(r'<div class="rs-bar-value">(.*?)</div>', chart, re.S)]
            assert values, f"{chart_id}: no data"
            for shown in values:
                for number in re.findall(r"−?\d[\d.,]*", shown.replace("50%", "")):  # (the time elapsed mark)
                    assert number in table, f"{path}: {chart_id}: {number} not in the table below the chart"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_methodology_states_the_status_rules(site_dir, lang):
    document = text_of(page(site_dir, f"{PREFIX[lang]}methodology"))
    for status in STATUS[lang].values():
        assert status in document
    assert "0.5" in document and "50%" in document
    assert ("535 = 500 × 1.07" in document) and ("278.2 ÷ 535" in document)


def test_chart_functions_draw_in_both_languages():
    for lang in ("zh", "en"):
        growth = charts.target_outcome_chart([
            {"indicator": "GDP", "target": 7.3, "outcome": 9.1, "status": "ok", "tone": "good"},
            {"indicator": "外贸", "target": 4.3, "outcome": -4.03, "status": "late", "tone": "bad"}], lang)
        assert growth.count('class="rs-bar-row"') == 2 and "−4.03" in growth and "rs-bad" in growth
        history = charts.history_chart([{"period": "2022", "order": (1,), "role": "estimate", "value": 867},
                                        {"period": "2024", "order": (3,), "role": "plan_total", "value": 936.49},
                                        {"period": "2023", "order": (2,), "role": "result", "value": 872.78}],
                                       lang, "亿元")
        assert ("预计" in history) == (lang == "zh") and ("Estimate" in history) == (lang == "en")
        # Periods in order, one row each.
        assert history.index("2022") < history.index("2023") < history.index("2024")


def test_completion_colours_follow_the_status_not_the_order():
    chart = charts.completion_chart([{"indicator": "外贸", "value": 47.29, "status": "进度滞后", "good": False},
                                     {"indicator": "GDP", "value": 51.4, "status": "进度正常", "good": True}], "zh")
    first, second = chart.split('class="rs-bar-row"')[1:]
    assert "rs-bad" in first and "rs-good" in second
    assert "时间进度 50%" in chart


def test_a_negative_growth_bar_runs_left_of_zero():
    chart = charts.target_outcome_chart([{"indicator": "x", "target": 5, "outcome": -5, "tone": "bad"}], "en")
    zero = float(re.search(r'rs-zero" style="left:([\d.]+)%', chart).group(1))
    left, width = map(float, re.search(r'rs-bar rs-bad" style="left:([\d.]+)%;width:([\d.]+)%', chart).groups())
    assert abs(left + width - zero) < 0.01 and left < zero


def test_indicator_histories_chart_two_periods_or_more_and_say_one_point_in_words(site_dir):
    one_point = 0
    for path in (site_dir / "indicators").glob("*/index.html"):
        document = path.read_text(encoding="utf-8")
        for _chart_id, chart, _after in _charts(document):
            assert chart.count('class="rs-bar-row"') >= 2, f"{path}: a chart of one period"
        one_point += document.count('class="rs-one-point"')
    assert one_point > 10  # the single periods are said in a sentence, with their table


def test_each_chart_links_itself_and_downloads_its_table_as_csv(site_dir):
    from urllib.parse import unquote

    document = page(site_dir, "indicators/gdp")
    links = re.search(r'<p class="rs-chart-links"><a href="#(chart-gdp-xiangcheng-level)">[^<]+</a> · '
                      r'<a download="\1\.csv" href="data:text/csv;charset=utf-8,([^"]+)">', document)
    assert links, "no link and CSV download beside the chart"
    rows = unquote(links.group(2)).lstrip("\ufeff").splitlines()
    assert rows[0].startswith("期间,") and any(row.startswith("2023年,") and "872.78" in row for row in rows)
    assert f'id="{links.group(1)}"' in document  # the link's anchor is the chart's heading


def test_growth_chart_names_targets_outside_the_catalog_by_their_series(built):
    from generator import chart_blocks, render
    from generator.scorecard import Claim, Pair
    from tests.test_raw_blocks import render_ui

    _project, generated = built
    site = render.Site(catalogs=generated.catalogs, reports=generated.records, ui=render_ui())

    def pair(name, target, outcome):
        figure = {"name_zh": name, "indicator": None, "measure": "growth_pct", "value": target, "line": 1}
        result = dict(figure, value=outcome, line=2, kind="actual")
        return Pair(Claim("a", figure), Claim("b", result), "2024", 1.0, "met", "compared")

    block = chart_blocks.growth_block(site, [pair("新增市场主体", 8, 9), pair("口袋公园面积", 5, 6)], "c", "zh",
                                      lambda key, **kw: key, "2024")
    # Two series, each named by its report's words: not one row named None.
    assert [row[0] for row in block["rows"]] == ["新增市场主体", "口袋公园面积"]
