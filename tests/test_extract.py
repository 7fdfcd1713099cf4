"""extract_figures on short texts written for these tests, in the genre's phrasings."""

from __future__ import annotations

import pytest

from generator.clean import clean
from generator.extract import extract_figures
from generator.indicators import IndicatorMatcher, load_indicators
from generator.model import SourceText

MATCHER = IndicatorMatcher(load_indicators())


def figures(text: str, *, year: int = 2025, period: str | None = None, kind: str = "work_report"):
    lines = text.strip("\n").split("\n")
    cleaned = clean(SourceText(path="t.txt", encoding="utf-8", lines=lines), [])
    return extract_figures(cleaned, year=year, period=period or str(year), kind=kind, matcher=MATCHER)


def brief(fig) -> tuple:
    return (fig.name_zh, fig.role, fig.measure, fig.value, fig.unit, fig.qualifier, fig.period)


def find(figs, value, measure=None):
    hits = [f for f in figs if f.value == value and (measure is None or f.measure == measure)]
    assert len(hits) == 1, f"expected one figure {value} {measure or ''}, got {[brief(f) for f in figs]}"
    return hits[0]


def test_headline_target_list():
    figs = figures(
        "2025年全省经济社会发展的主要预期目标是：\n"
        "地区生产总值增长5.5%左右；\n"
        "一般公共预算收入增长3%；\n"
        "城镇调查失业率控制在5.5%以内；\n"
        "居民消费价格涨幅3%左右；\n"
        "单位地区生产总值能耗下降2.5%左右；\n"
        "粮食总产量稳定在1250万吨以上。\n"
    )
    assert [brief(f) for f in figs] == [
        ("地区生产总值", "target", "growth_pct", 5.5, "%", "about", "2025"),
        ("一般公共预算收入", "target", "growth_pct", 3.0, "%", None, "2025"),
        ("城镇调查失业率", "target", "level", 5.5, "%", "at_most", "2025"),
        ("居民消费价格涨幅", "target", "growth_pct", 3.0, "%", "about", "2025"),
        ("单位地区生产总值能耗", "target", "growth_pct", -2.5, "%", "about", "2025"),
        ("粮食总产量", "target", "level", 1250.0, "万吨", "at_least", "2025"),
    ]
    assert [f.indicator for f in figs] == [
        "gdp", "local-general-budget-revenue", "surveyed-unemployment-rate", "cpi", "energy-intensity",
        "grain-output"]
    assert [f.line for f in figs] == [2, 3, 4, 5, 6, 7]
    assert figs[0].quote == "地区生产总值增长5.5%左右"


def test_result_line_gives_level_completion_and_growth():
    figs = figures(
        "一、上半年全县国民经济和社会发展计划执行情况\n"
        "——全县地区生产总值 126.35 亿元，完成年度计划的 48.6%，增长 5.9%；\n"
        "——外贸进出口预计完成 9.1 亿元，占年计划的 41.2%，增长-3.07%；\n",
        year=2025, period="2025H1", kind="plan_execution",
    )
    assert [brief(f) for f in figs] == [
        ("地区生产总值", "result", "level", 126.35, "亿元", None, "2025H1"),
        ("地区生产总值", "completion", "completion_pct", 48.6, "%", None, "2025H1"),
        ("地区生产总值", "result", "growth_pct", 5.9, "%", None, "2025H1"),
        ("外贸进出口", "estimate", "level", 9.1, "亿元", None, "2025H1"),
        ("外贸进出口", "completion", "completion_pct", 41.2, "%", None, "2025H1"),
        ("外贸进出口", "estimate", "growth_pct", -3.07, "%", None, "2025H1"),
    ]
    assert [f.kind for f in figs] == ["actual", "actual", "actual", "estimate", "actual", "estimate"]
    assert figs[0].unit_class == "yi_yuan" and figs[1].unit_class == "pct_completion"
    assert figs[0].section == "一、上半年全县国民经济和社会发展计划执行情况"


def test_national_scale_units_and_review_period():
    figs = figures(
        "过去一年，国内生产总值超过134万亿元，增长5%。全国城镇新增就业1256万人，"
        "粮食产量突破1.4万亿斤。外汇储备稳定在3.2万亿美元左右。\n"
    )
    gdp = find(figs, 134)
    assert brief(gdp) == ("国内生产总值", "result", "level", 134.0, "万亿元", "at_least", "2024")
    assert gdp.unit_class == "wan_yi_yuan" and gdp.kind == "actual" and gdp.indicator == "gdp"
    assert brief(find(figs, 5)) == ("国内生产总值", "result", "growth_pct", 5.0, "%", None, "2024")
    jobs = find(figs, 1256)
    assert (jobs.unit, jobs.unit_class, jobs.indicator) == ("万人", "wan_people", "new-urban-jobs")


def test_estimate_list_under_one_yuji():
    figs = figures(
        "预计全年主要指标完成情况如下：\n"
        "◆地区生产总值 2310 亿元，增长 6.1%\n"
        "◆固定资产投资增长 4%\n"
        "◆社会消费品零售总额 960 亿元\n"
        "\n"
        "2025年，我们将力争新增城镇就业1.2万人。\n"
    )
    assert [(f.value, f.kind, f.period) for f in figs] == [
        (2310, "estimate", "2024"), (6.1, "estimate", "2024"), (4, "estimate", "2024"),
        (960, "estimate", "2024"), (1.2, "target", "2025"),
    ]


def test_declines_are_negative():
    figs = figures("2024年，全市进出口总额下降9.6%，商品房销售面积减少12.3%，外贸出口增长-4.03%。\n")
    assert [(f.name_zh, f.value, f.measure) for f in figs] == [
        ("进出口总额", -9.6, "growth_pct"), ("商品房销售面积", -12.3, "growth_pct"),
        ("外贸出口", -4.03, "growth_pct")]
    assert {f.role for f in figs} == {"result"} and {f.period for f in figs} == {"2024"}


def test_completion_of_stated_plan_total():
    figs = figures("1-6月，全区固定资产投资完成年计划710亿元的89.4%。\n", period="2025H1",
                   kind="plan_execution")
    plan, done = figs
    assert (plan.role, plan.kind, plan.value, plan.unit_class, plan.period) == (
        "plan_total", "target", 710, "yi_yuan", "2025")
    assert (done.role, done.kind, done.measure, done.value) == ("completion", "actual", "completion_pct", 89.4)
    assert done.name_zh == plan.name_zh == "固定资产投资"


def test_rates_and_shares():
    figs = figures(
        "2024年，全区空气优良率98.2%，森林覆盖率达到66.8%。民生支出58.3亿元，占一般公共预算支出的80.1%；"
        "研发投入占地区生产总值比重达2.8%。\n"
    )
    assert brief(find(figs, 98.2)) == ("空气优良率", "result", "level", 98.2, "%", None, "2024")
    assert find(figs, 98.2).unit_class == "pct_level"
    assert find(figs, 66.8).measure == "level"
    share = find(figs, 80.1)
    assert (share.measure, share.unit_class) == ("share_pct", "pct_share")
    assert share.name_zh == "民生支出占一般公共预算支出比重"
    assert find(figs, 2.8).measure == "share_pct"


@pytest.mark.parametrize(
    "phrase, value, unit, qualifier",
    [
        ("新增减税降费约12.5亿元", 12.5, "亿元", "about"),
        ("处置闲置土地近1300亩", 1300, "亩", "about"),
        ("高新技术企业突破500家", 500, "家", "at_least"),
        ("总投资超200亿元", 200, "亿元", "at_least"),
        ("出让土地6000余亩", 6000, "亩", "at_least"),
        ("吸引100多家企业参与", 100, "家", "at_least"),
        ("科技进步贡献率不低于60%", 60, "%", "at_least"),
        ("城镇登记失业率控制在4.5%以内", 4.5, "%", "at_most"),
        ("能耗增幅在3%以下", 3, "%", "at_most"),
        ("完成造林绿化9万亩左右", 9, "万亩", "about"),
        ("新增学位1万个以上", 10000, "个", "at_least"),
        ("新建高标准农田1000亩", 1000, "亩", None),
    ],
)
def test_qualifiers_and_units(phrase, value, unit, qualifier):
    figs = figures(f"2025年，力争{phrase}。\n")
    assert len(figs) == 1, [brief(f) for f in figs]
    fig = figs[0]
    assert (fig.value, fig.unit, fig.qualifier, fig.kind, fig.period) == (value, unit, qualifier, "target", "2025")


def test_counts_scaled_by_wan_and_named_by_their_noun():
    figs = figures("2024年，全市查处违法停车2.8万起，实施41个城市更新项目，新建3所长者食堂。\n")
    assert [(f.value, f.unit, f.unit_class) for f in figs] == [
        (28000, "起", "count"), (41, "个", "count"), (3, "所", "count")]
    assert figs[1].name_zh.endswith("城市更新项目")
    assert figs[2].name_zh == "新建长者食堂"


def test_five_year_periods():
    figs = figures(
        "过去五年，地区生产总值年均增长6.8%，城镇新增就业26万人。\n"
        "\n"
        "未来五年，主要目标是：地区生产总值年均增长6%左右，常住人口城镇化率达到65%。\n"
        "\n"
        "2026年主要预期目标：地区生产总值增长6%。\n",
        year=2026,
    )
    assert [(f.value, f.kind, f.period) for f in figs] == [
        (6.8, "actual", "2021-2025"), (26, "actual", "2021-2025"),
        (6, "target", "2026-2030"), (65, "target", "2026-2030"), (6, "target", "2026")]
    assert figs[3].measure == "level" and figs[3].indicator == "urbanization-rate"


def test_work_report_review_and_targets_by_context():
    figs = figures(
        "一、2024年工作回顾\n"
        "\n"
        "一年来，全市新增规模以上工业企业86家，完成造林2.3万亩。\n"
        "\n"
        "二、2025年工作安排\n"
        "\n"
        "（一）推动产业升级。新增规模以上工业企业100家，完成造林3万亩。\n"
    )
    assert [(f.value, f.role, f.period, f.section) for f in figs] == [
        (86, "result", "2024", "一、2024年工作回顾"),
        (2.3, "result", "2024", "一、2024年工作回顾"),
        (100, "target", "2025", "（一）推动产业升级"),
        (3, "target", "2025", "（一）推动产业升级"),
    ]


def test_second_half_plans_of_an_execution_report():
    figs = figures(
        "一、上半年计划执行情况\n"
        "上半年，全区完成土地报批353亩。\n"
        "二、下半年工作安排\n"
        "推进4个项目221亩土地报批，计划全年增储8400吨。\n",
        year=2025, period="2025H1", kind="plan_execution",
    )
    assert [(f.value, f.kind, f.period) for f in figs] == [
        (353, "actual", "2025H1"), (4, "target", "2025H2"), (221, "target", "2025H2"),
        (8400, "target", "2025")]  # 全年: a goal for the whole year


def test_numbers_that_are_not_figures():
    figs = figures(
        "2024年9月5日，万达1500项目、100MW光伏电站开工，综合排名全市第二、全省第28名、全国前10名，"
        "列入省10亿元以上重大项目6个，“十四五”规划顺利实施，5G网络覆盖全域。\n"
    )
    assert [(f.value, f.unit) for f in figs] == [(6, "个")]
    assert "10亿元以上" in figs[0].name_zh


def test_structure_ratio_gives_three_shares():
    figs = figures("三次产业结构由上年的 5.1:38.2:56.7 调整为 4.8:36.9:58.3。\n", year=2025,
                   period="2025H1", kind="plan_execution")
    assert [(f.value, f.period, f.measure) for f in figs] == [
        (5.1, "2024", "share_pct"), (38.2, "2024", "share_pct"), (56.7, "2024", "share_pct"),
        (4.8, "2025H1", "share_pct"), (36.9, "2025H1", "share_pct"), (58.3, "2025H1", "share_pct")]


def test_table_with_periods_ranks_and_estimate_note():
    text = "\n".join([
        "附件：2025年上半年主要经济指标完成情况表",
        "序号\t指标名称\t单位\t2024年实际完成\t2025年计划完成总量\t2025年计划增速(%)\t"
        "2025年上半年完成总量\t完成率(%)\t2025年上半年增速(%)\t增速全市排名\t备注",
        "1\t地区生产总值\t亿元\t512.3\t548.2\t7\t260.1\t47.45\t6.2\t3\t",
        "2\t规模以上工业增加值\t亿元\t增长 5%\t/\t8\t/\t高于计划增速 1.2 个百分点\t9.2\t1\t",
        "3\t实际使用外资\t万美元\t2100\t2300\t/\t1250\t54.35\t/\t完成率全市第二\t",
        "4\t外贸进出口总额\t亿元\t80.5\t84\t4.3\t40.2\t47.86\t-2.1\t暂无\t为预计数",
    ])
    figs = figures(text, year=2025, period="2025H1", kind="plan_execution")
    gdp = [brief(f) for f in figs if f.name_zh == "地区生产总值"]
    assert gdp == [
        ("地区生产总值", "result", "level", 512.3, "亿元", None, "2024"),
        ("地区生产总值", "plan_total", "level", 548.2, "亿元", None, "2025"),
        ("地区生产总值", "target", "growth_pct", 7.0, "%", None, "2025"),
        ("地区生产总值", "result", "level", 260.1, "亿元", None, "2025H1"),
        ("地区生产总值", "completion", "completion_pct", 47.45, "%", None, "2025H1"),
        ("地区生产总值", "result", "growth_pct", 6.2, "%", None, "2025H1"),
    ]
    assert [f.rank for f in figs if f.name_zh == "地区生产总值"] == [None, None, None, None, None, 3]
    industry = [(f.role, f.measure, f.value, f.unit_class, f.period) for f in figs if f.name_zh.startswith("规模")]
    assert industry == [
        ("result", "growth_pct", 5.0, "pct_growth", "2024"),
        ("target", "growth_pct", 8.0, "pct_growth", "2025"),
        ("completion", "level", 1.2, "other", "2025H1"),
        ("result", "growth_pct", 9.2, "pct_growth", "2025H1"),
    ]
    fdi = [f for f in figs if f.name_zh == "实际使用外资"]
    assert [f.value for f in fdi] == [2100, 2300, 1250, 54.35]
    assert fdi[0].unit_class == "wan_usd" and fdi[3].rank == 2 and fdi[3].role == "completion"
    trade = [(f.kind, f.value) for f in figs if f.name_zh == "外贸进出口总额"]
    assert trade == [("actual", 80.5), ("target", 84), ("target", 4.3), ("estimate", 40.2), ("actual", 47.86),
                     ("estimate", -2.1)]
    assert all(f.line == 3 for f in figs if f.name_zh == "地区生产总值")


def test_unknown_indicator_kept_with_its_name():
    figs = figures("2024年，全市新建口袋公园35个。\n")
    assert [(f.name_zh, f.indicator, f.value) for f in figs] == [("新建口袋公园", None, 35)]


def test_one_megabyte_line_extracts_every_figure():
    # Its speed (linear in the line's length) is measured by `make bench` ("as one line"), not here.
    chunk = "今年以来，全区深入推进各项重点工作，统筹发展和安全，持续优化营商环境，地区生产总值增长5.2%；"
    text = chunk * (1024 * 1024 // len(chunk))
    figs = figures(text, year=2025, period="2025H1", kind="plan_execution")
    assert len(figs) == 1024 * 1024 // len(chunk)
    assert {(f.indicator, f.value, f.unit) for f in figs} == {("gdp", 5.2, "%")}


def test_never_crashes_and_keeps_vocabularies_closed():
    import random
    from pathlib import Path

    from generator.model import KINDS, MEASURES, QUALIFIERS, ROLES, UNIT_CLASSES

    corpus = [p.read_text(encoding="utf-8") for p in (Path(__file__).parent / "corpus").glob("*.txt")]
    alphabet = list("增长下降完成年度计划的%％.．。，、；：（）()—◆\t 0123456789")
    alphabet += list("万亿元个家亩左右以上以内约近超第全市预计力争\n")
    rng = random.Random(11)
    for trial in range(60):
        if trial % 2:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        else:
            source = rng.choice(corpus)
            start = rng.randint(0, len(source))
            lines = source[start:start + rng.randint(0, 1500)].split("\n")
            rng.shuffle(lines)
            text = "\n".join(lines)
        for kind, period in (("work_report", "2023"), ("plan_execution", "2024H1"), ("other", "2022-2026")):
            lines = text.split("\n")
            cleaned = clean(SourceText("f.txt", "utf-8", lines), [])
            assert len(cleaned.lines) == len(lines)
            for fig in extract_figures(cleaned, year=int(period[:4]), period=period, kind=kind, matcher=MATCHER):
                assert 1 <= fig.line <= len(lines)
                assert fig.kind in KINDS and fig.role in ROLES and fig.measure in MEASURES
                assert fig.qualifier in (None, *QUALIFIERS) and fig.unit_class in UNIT_CLASSES


def test_ranges_give_floor_and_ceiling():
    figs = figures("2025年主要预期目标：地区生产总值增长6%-7%，城镇新增就业1-2万人，提前3个月完成，压缩至5个工作日。\n")
    assert [(f.name_zh, f.measure, f.value, f.unit, f.qualifier) for f in figs] == [
        ("地区生产总值", "growth_pct", 6, "%", "at_least"), ("地区生产总值", "growth_pct", 7, "%", "at_most"),
        ("城镇新增就业", "level", 1, "万人", "at_least"), ("城镇新增就业", "level", 2, "万人", "at_most"),
    ]


def test_points_changes_and_ratio_targets():
    figs = figures("2025年，城镇登记失业率比上年下降0.5个百分点，三次产业结构调整为3.2∶35.6∶61.2。\n")
    points = figs[0]
    assert (points.value, points.unit, points.unit_class, points.measure) == (-0.5, "个百分点", "other", "level")
    assert [(f.value, f.role, f.measure) for f in figs[1:]] == [
        (3.2, "target", "share_pct"), (35.6, "target", "share_pct"), (61.2, "target", "share_pct")]


def test_annual_execution_report_reviews_its_year_and_plans_the_next():
    figs = figures(
        "一、2024年国民经济和社会发展计划执行情况\n"
        "\n"
        "全市地区生产总值增长5.8%，固定资产投资增长3.1%。\n"
        "\n"
        "二、2025年经济社会发展的主要目标\n"
        "\n"
        "地区生产总值增长6%，固定资产投资增长5%。\n"
        "\n"
        "回顾过去五年，全市地区生产总值年均增长6.5%。\n",
        year=2024, period="2024", kind="plan_execution",
    )
    assert [(f.value, f.kind, f.period) for f in figs] == [
        (5.8, "actual", "2024"), (3.1, "actual", "2024"), (6, "target", "2025"), (5, "target", "2025"),
        (6.5, "actual", "2020-2024")]


def test_whole_year_estimate_in_a_half_year_report():
    figs = figures("上半年全区地区生产总值增长5%。预计全年地区生产总值增长5.5%左右。\n", period="2025H1",
                   kind="plan_execution")
    assert [(f.value, f.kind, f.period) for f in figs] == [(5, "actual", "2025H1"), (5.5, "estimate", "2025")]


def test_table_without_unit_column_or_name_header():
    text = "\n".join([
        "表1 2025年上半年主要指标（单位：亿元）",
        "\t2024年完成\t2025年全年目标\t上半年完成\t同比增长(%)",
        "地区生产总值\t980.2\t1040\t495.6\t5.4",
        "固定资产投资\t/\t/\t210.3\t-2.6",
    ])
    figs = figures(text, year=2025, period="2025H1", kind="plan_execution")
    assert [(f.name_zh, f.role, f.period, f.value, f.unit, f.unit_class) for f in figs] == [
        ("地区生产总值", "result", "2024", 980.2, "亿元", "yi_yuan"),
        ("地区生产总值", "plan_total", "2025", 1040, "亿元", "yi_yuan"),
        ("地区生产总值", "result", "2025H1", 495.6, "亿元", "yi_yuan"),
        ("地区生产总值", "result", "2025H1", 5.4, "%", "pct_growth"),
        ("固定资产投资", "result", "2025H1", 210.3, "亿元", "yi_yuan"),
        ("固定资产投资", "result", "2025H1", -2.6, "%", "pct_growth"),
    ]


def test_table_laid_out_with_spaces():
    text = "\n".join([
        "序号   主要指标        单位     2024年完成   2025年计划增速(%)",
        "1      地区生产总值    亿元     980.2        6.5",
        "2      社会消费品零售总额  亿元  412.7    5",
    ])
    figs = figures(text, year=2025, period="2025", kind="plan_execution")
    assert [(f.name_zh, f.role, f.period, f.value, f.unit_class) for f in figs] == [
        ("地区生产总值", "result", "2024", 980.2, "yi_yuan"), ("地区生产总值", "target", "2025", 6.5, "pct_growth"),
        ("社会消费品零售总额", "result", "2024", 412.7, "yi_yuan"),
        ("社会消费品零售总额", "target", "2025", 5, "pct_growth")]


def test_five_year_plans_named_in_a_sentence():
    figs = figures("到“十四五”末，全市地区生产总值突破1万亿元。“十三五”时期，地区生产总值年均增长7.2%。"
                   "2025年地区生产总值增长6%左右。\n")
    assert [(f.name_zh, f.kind, f.period, f.value) for f in figs] == [
        ("地区生产总值", "target", "2021-2025", 1), ("地区生产总值", "actual", "2016-2020", 7.2),
        ("地区生产总值", "target", "2025", 6)]


def test_amounts_of_change_keep_their_verb():
    figs = figures("2024年，全区税收收入增加5.2亿元，一般公共预算收入比上年增加3.1亿元，带动村财增收215万元。\n")
    assert [(f.name_zh, f.value, f.indicator) for f in figs] == [
        ("税收收入增加", 5.2, None), ("一般公共预算收入增加", 3.1, None), ("带动村财增收", 215, None)]


def test_fenbie_distributes_values_over_subjects():
    figs = figures(
        "2024年，城镇、农村居民人均可支配收入分别达到52345元、28765元，分别增长5.1%、7.2%。"
        "列入省级重点在建项目20个、市级重点在建项目76个，分别完成投资71.4亿元、94.3亿元。"
        "汽车销售龙头企业及传统商贸企业分别下降4.2%和1.3%。\n")
    assert [(f.name_zh, f.value) for f in figs] == [
        ("城镇居民人均可支配收入", 52345), ("农村居民人均可支配收入", 28765),
        ("城镇居民人均可支配收入", 5.1), ("农村居民人均可支配收入", 7.2),
        ("列入省级重点在建项目", 20), ("市级重点在建项目", 76),
        ("列入省级重点在建项目投资", 71.4), ("市级重点在建项目投资", 94.3),
        ("汽车销售龙头企业", -4.2), ("传统商贸企业", -1.3)]
    assert [f.indicator for f in figs[:4]] == ["urban-disposable-income", "rural-disposable-income"] * 2


def test_review_words_shared_with_goals_do_not_make_goals():
    figs = figures(
        "一、2024年工作回顾\n\n（一）项目建设成效明显\n\n积极争取专项债资金12亿元，确保项目顺利推进，新开工项目35个。\n\n"
        "二、2025年工作安排\n\n（一）扩大有效投资\n\n力争新开工项目40个，确保粮食产量41万吨以上。\n")
    assert [(f.value, f.kind, f.period) for f in figs] == [
        (12, "actual", "2024"), (35, "actual", "2024"), (40, "target", "2025"), (41, "target", "2025")]


def test_target_list_without_punctuation():
    figs = figures("2025年主要预期目标\n地区生产总值增长6%左右\n新增就业岗位1200个\n粮食产量稳定在120万吨\n"
                   "单位地区生产总值能耗完成省下达任务\n")
    assert [(f.name_zh, f.value, f.unit, f.line) for f in figs] == [
        ("地区生产总值", 6, "%", 2), ("新增就业岗位", 1200, "个", 3), ("粮食产量", 120, "万吨", 4)]


def test_an_amount_invested_is_named_by_what_it_built():
    """投资N亿元完成了X / 投资N万元的X工程 / 投资N万元建成X: the money's name is the works it paid for."""
    from generator.extract import extract_figures
    from generator.model import CleanText

    lines = ["一年来，投资1.29亿元完成了17条道路的改扩建；投资4500万元的伊敏河沿河道路工程实现全线贯通。"
             "投资650万元建成6座水冲式公厕。"]
    names = {f.value: f.name_zh for f in extract_figures(CleanText("x", lines), year=2016, period="2016",
                                                         kind="work_report")}
    assert names[1.29] == "道路改扩建投资"
    assert names[4500] == "伊敏河沿河道路工程投资"
    assert names[650] == "水冲式公厕投资"
