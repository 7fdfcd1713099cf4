"""The verdict a report page opens with (generator/verdict.py, report.md.j2): counts of the results by
status for each period, the report's own claim beside them, a sentence per headline indicator, and
pending targets with the report that would settle them; one results row per indicator and period."""

from __future__ import annotations

import re

import pytest

from generator import cards, verdict
from tests.pages import page, text_of

H1_REPORT = "xiangcheng-2024h1-plan-execution"
WORK_2023 = "xiangcheng-2023-work-report"


def _verdict(document: str) -> str:
    match = re.search(r'<section class="rs-verdict".*?</section>', document, re.S)
    assert match, "no verdict strip"
    return match.group(0)


def _chips(strip: str, period: str) -> dict[str, int]:
    line = re.search(rf'<p class="rs-chips-line"><span class="rs-chips-period">{re.escape(period)}</span>(.*?)</p>',
                     strip, re.S)
    assert line, f"no chips for {period}"
    return {text_of(label): int(n) for label, n in
            re.findall(r'aria-hidden="true">[^<]*</span>([^<]+)<strong>(\d+)</strong>', line.group(1))}


@pytest.mark.parametrize("prefix, period, on_track, behind", [("", "2024年上半年", "进度正常", "进度滞后"),
                                                              ("en/", "H1 2024", "On track", "Behind")])
def test_the_half_year_page_opens_with_its_counts(site_dir, prefix, period, on_track, behind):
    document = page(site_dir, f"{prefix}reports/{H1_REPORT}")
    strip = _verdict(document)
    # Before any table or second-level heading: the first thing under the title.
    assert document.index(strip) < document.index("<table") and document.index(strip) < document.index("<h2")
    # Checked by hand against the report's table: of 13 indicators with a target, growth behind the
    # planned growth for 5 (agriculture output 4.1 < 5, budget revenue 3 < 7, trade −4.03 < 4.3,
    # tertiary industry 6.2 < 7.3, retail sales 5.6 < 7.2), 8 on track (foreign capital by share of plan).
    assert _chips(strip, period) == {on_track: 8, behind: 5}


def test_the_report_own_claim_stands_beside_ours(site_dir):
    strip = _verdict(page(site_dir, f"reports/{H1_REPORT}"))
    claim = re.search(r'<p class="rs-own-claim">(.*?)</p>', strip, re.S).group(1)
    assert "13项主要经济指标中，10项顺利完成年度计划，3项基本完成年度计划" in text_of(claim)
    assert f'sources/{H1_REPORT}/#L48"' in claim


@pytest.mark.parametrize("prefix, sentence", [
    ("", "地区生产总值2024年上半年增长9.1%，目标7.3%；完成年度计划的51.4%（时间进度50%）：进度正常。"),
    ("en/", "Gross regional product (GDP), H1 2024: grew 9.1% against a 7.3% target; reached 51.4% of the annual "
            "plan with 50% of the year gone: on track."),
])
def test_a_sentence_for_the_headline_indicator(site_dir, prefix, sentence):
    strip = _verdict(page(site_dir, f"{prefix}reports/{H1_REPORT}"))
    sentences = [text_of(s) for s in re.findall(r"<li>(.*?)</li>", strip, re.S)]
    assert sentences and sentences[0].endswith(sentence), sentences


def test_two_tests_that_disagree_are_both_shown(site_dir):
    strip = _verdict(page(site_dir, f"reports/{H1_REPORT}"))
    revenue = next(text_of(s) for s in re.findall(r"<li>(.*?)</li>", strip, re.S) if "一般公共预算总收入" in s)
    # Growth 3% against 7%: behind; 55.79% of the plan at half-time: on track; the lag decides.
    assert "增长3%，目标7%" in revenue and "55.79%" in revenue
    assert revenue.endswith("进度滞后（两项检验结论不同，以较差者为准）。")


def test_every_report_page_has_a_verdict_in_both_languages(site_dir, built):
    _project, generated = built
    for record in generated.records:
        for prefix in ("", "en/"):
            document = page(site_dir, f"{prefix}reports/{record['report']['id']}")
            if "rs-chip" in document:
                _verdict(document)


def test_results_have_one_row_per_indicator_and_period_with_every_source(site_dir):
    document = page(site_dir, f"reports/{H1_REPORT}")
    results = document.split('id="results"', 1)[1].split("</table>", 1)[0]
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", results, re.S) if "<td" in r]
    keys = [tuple(text_of(c) for c in re.findall(r"<td>(.*?)</td>", r, re.S)[:2]) for r in rows]
    assert len(keys) == len(set(keys))
    gdp = next(r for r in rows if "地区生产总值</a>" in r and "2024年上半年" in r)
    # The summary line, the narrative and the annexed table each state it: three links, one row.
    assert re.findall(r"#L(\d+)", gdp) == ["18", "48", "165"]
    assert "481.35亿元" in gdp and "完成计划 51.4%" in gdp and "+9.1%" in gdp
    # The table's ranks go with their own measures: the level's rank 1, the growth's rank 2.
    cells = re.findall(r"<td>(.*?)</td>", gdp, re.S)
    level, growth = cells[2], cells[3]
    assert "位次 1" in level and "位次 2" in growth


def test_settled_by_names_the_next_work_report():
    assert verdict.settled_by("2023", "en") == "results for 2023 are due in the 2024 work report (early 2024)"
    assert verdict.settled_by("2024H1", "zh") == "2024年结果见2025年政府工作报告（2025年初发布）"
    assert verdict.settled_by("2021-2025", "en").startswith("results for 2025")


def test_own_claim_is_found_in_the_genre_phrasing():
    lines = ["一、上半年执行情况", "全县经济运行稳中有进，12项主要指标中有9项达到序时进度。其余……"]
    assert verdict.own_claim(lines) == (2, "全县经济运行稳中有进，12项主要指标中有9项达到序时进度。")
    assert verdict.own_claim(["完成投资12亿元，新开工项目8项。"]) is None


def test_tables_are_labelled_for_a_phone():
    html = ('<table>\n<thead><tr><th>指标</th><th>Report&#x27;s</th><th></th></tr></thead>\n<tbody>\n'
            '<tr><td>GDP</td><td>7%</td><td></td></tr>\n</tbody>\n</table>')
    assert cards.labelled(html) == html.replace(
        "<table>", """<table class="rs-table" style="--c1:&#x27;指标：&#x27;;--c2:&#x27;Report\\&#x27;s: &#x27;">""")
    assert cards.labelled("<p>no table</p>") == "<p>no table</p>"


def test_site_tables_carry_their_labels(site_dir):
    document = page(site_dir, f"en/reports/{H1_REPORT}")
    assert "--c5:&#x27;Status: &#x27;" in document and 'class="rs-table"' in document


def test_every_page_footer_says_when_the_site_was_updated(site_dir):
    for path in ("", "en/", f"reports/{H1_REPORT}", f"en/reports/{H1_REPORT}", "methodology"):
        document = page(site_dir, path)
        updated = re.search(r'(最后更新|Last updated): <time datetime="(\d{4}-\d\d-\d\d)">\2</time>', document)
        assert updated and (updated.group(1) == "Last updated") == path.startswith("en/"), path
        assert "CC BY 4.0" in document


def test_site_info_takes_the_reproducible_build_date(tmp_path, monkeypatch):
    from generator.build import Project
    from generator.mkdocs_hooks import site_info

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "site.yaml").write_text("publisher: {zh: 某区统计局, en: District Statistics Bureau}\n",
                                                  encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733011200")  # 2024-12-01 00:00 UTC
    info = site_info(Project(tmp_path))
    assert info == {"publisher": {"zh": "某区统计局", "en": "District Statistics Bureau"}, "updated": "2024-12-01"}


def test_a_broken_site_file_is_one_line(tmp_path):
    from mkdocs.exceptions import ConfigurationError

    from generator.build import Project
    from generator.mkdocs_hooks import site_info

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "site.yaml").write_text("publisher: {zh: x\ncontact: y\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"^data/site.yaml:\d+: not valid YAML"):
        site_info(Project(tmp_path))


def test_pages_carry_a_share_card_of_the_site_own(site_dir):
    for path in ("", f"en/reports/{H1_REPORT}"):
        document = page(site_dir, path)
        assert '<meta property="og:image" content="https://example.github.io/reportsite/assets/share.png">' in document
    card = (site_dir / "assets" / "share.png").read_bytes()
    assert card.startswith(b"\x89PNG") and card[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")


def test_a_chinese_measure_of_land_gives_hectares_in_english():
    from generator import fmt

    assert fmt.value_en({"value": 1690, "measure": "level", "unit": "亩", "unit_class": "count"}) == \
        "1,690 mu (112.67 ha)"


def test_pending_targets_say_which_report_will_settle_them(site_dir):
    strip = _verdict(page(site_dir, "en/reports/zhangzhou-2022-work-report"))
    notes = [text_of(n) for n in re.findall(r'<p class="rs-pending-note">(.*?)</p>', strip, re.S)]
    # The year's targets wait for next year's work report; the five-year ones for the report after their end.
    assert any(n.endswith("results for 2022 are due in the 2023 work report (early 2023).") for n in notes), notes
    assert any("results for 2026 are due in the 2027 work report" in n for n in notes), notes
    counts = [int(re.match(r"(\d+) targets", n).group(1)) for n in notes]
    assert sum(counts) == int(re.search(r"Pending <strong>(\d+)</strong>", strip).group(1))
