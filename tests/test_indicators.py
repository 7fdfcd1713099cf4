"""The indicator catalog and the name matcher."""

from __future__ import annotations

import pytest

from generator.indicators import CATEGORIES, IndicatorMatcher, load_indicators
from generator.model import ReportsiteError

CATALOG = load_indicators()
MATCHER = IndicatorMatcher(CATALOG)


def test_catalog_is_broad_and_well_formed():
    assert 250 <= len(CATALOG) <= 600
    ids = [entry["id"] for entry in CATALOG]
    assert len(set(ids)) == len(ids)
    for entry in CATALOG:
        assert entry["category"] in CATEGORIES
        assert isinstance(entry["higher_is_better"], bool)
        assert entry["name_en"] and "unit" in entry and isinstance(entry["aliases"], list)  # (an index has none)
    lower_better = {e["id"] for e in CATALOG if not e["higher_is_better"]}
    assert {"cpi", "surveyed-unemployment-rate", "energy-intensity"} <= lower_better


@pytest.mark.parametrize(
    "name, expected",
    [
        ("地区生产总值", "gdp"),
        ("全区地区生产总值", "gdp"),
        ("全市生产总值", "gdp"),
        ("GDP", "gdp"),
        ("国内生产总值", "gdp"),
        ("人均地区生产总值", "gdp-per-capita"),
        ("规模以上工业增加值（不含电力）", "industrial-value-added"),
        ("规模工业增加值", "industrial-value-added"),
        ("规上工业增加值", "industrial-value-added"),
        ("实际使用外商直接投资", "foreign-capital-utilized"),
        ("实际利用外资", "foreign-capital-utilized"),
        ("城镇居民人均可支配收入", "urban-disposable-income"),
        ("农村居民人均可支配收入", "rural-disposable-income"),
        ("居民消费价格指数（市辖区）", "cpi"),
        ("外贸进出口总额", "imports-exports"),
        ("全县社会消费品零售总额", "retail-sales"),
        ("实现地区生产总值", "gdp"),
        ("新建口袋公园", None),
        ("", None),
    ],
)
def test_matcher(name, expected):
    assert MATCHER.match(name) == expected


def test_bad_catalog_refused(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text("- id: GDP\n  name_zh: 地区生产总值\n  aliases: []\n  name_en: x\n  unit: 亿元\n"
                    "  category: economy\n  higher_is_better: true\n", encoding="utf-8")
    with pytest.raises(ReportsiteError, match="not lowercase ASCII"):
        load_indicators(path)


@pytest.mark.parametrize(("name", "headline"), [
    ("工业固定资产投资", "fixed-asset-investment"), ("民间投资", "fixed-asset-investment"),
    ("人均地区生产总值增长", "gdp-per-capita"), ("工业技改项目投资", "industrial-investment"),
    ("农村居民人均", "rural-disposable-income")])
def test_sub_indicators_are_not_filed_under_headline_ones(name, headline):
    assert MATCHER.match(name) != headline


def test_a_qualified_name_is_not_its_head_nouns_indicator():
    """技改投资 is not 工业投资, 城区人口 not 常住人口, and the additions of a year not the stock."""
    from generator.indicators import IndicatorMatcher, load_indicators

    matcher = IndicatorMatcher(load_indicators())
    assert matcher.match("工业技改投资") == "technical-renovation-investment"
    assert matcher.match("城区人口规模") == "urban-area-population"
    assert matcher.match("常住人口") == "resident-population"
    assert matcher.match("新增国家高新技术企业") == "new-high-tech-enterprises"
    assert matcher.match("高新技术企业") == "high-tech-enterprises"
    assert matcher.match("新增固定资产投资") is None  # not fixed-asset-investment with 新增 stripped


def test_milestones_passed_are_not_levels():
    from generator.extract import MILESTONE_NOTE, extract_figures
    from generator.indicators import IndicatorMatcher, load_indicators
    from generator.model import CleanText

    lines = ["过去五年，地区生产总值接连突破3000亿元、4000亿元，达到4545.6亿元。"]
    figures = extract_figures(CleanText("x", lines), year=2022, period="2022", kind="work_report",
                              matcher=IndicatorMatcher(load_indicators()))
    by_value = {f.value: f for f in figures}
    assert by_value[3000].indicator is None and by_value[3000].note == MILESTONE_NOTE
    assert by_value[4000].indicator is None
    assert by_value[4545.6].indicator == "gdp"
