"""clean: PDF artifacts undone by shape, one cleaned line per raw line, every change recorded."""

from __future__ import annotations

import pytest

from generator.clean import clean
from generator.doubling import undouble
from generator.model import SourceText

REGIONS = [
    {"id": "gulou", "name_zh": "鼓楼区", "aliases": ["鼓楼"]},
    {"id": "jinjiang", "name_zh": "晋江市", "aliases": ["晋江"]},
    {"id": "fujian", "name_zh": "福建省", "aliases": ["福建", "全省"]},
]


def _clean(lines: list[str], regions=None):
    return clean(SourceText(path="t.txt", encoding="utf-8", lines=lines), regions or [])


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("增长增长77..22%%左右左右", "增长7.2%左右"),
        ("867867亿元亿元", "867亿元"),
        ("◆◆", "◆"),
        # chunks of different sizes, split unevenly
        ("农村居民人均农村居民人均可支配收入增长可支配收入增长88%%左右左右", "农村居民人均可支配收入增长8%左右"),
        ("固定资产投资固定资产投资310310亿亿元元，，增长增长1515..22%%", "固定资产投资310亿元，增长15.2%"),
        ("全市全市GDPGDP 突破突破 12001200 亿 元亿 元", "全市GDP突破1200亿元"),
        ("发 展 质 量发 展 质 量 ，，再 上 台 阶再 上 台 阶", "发展质量，再上台阶"),
        ("2025发展目标发展目标", "2025发展目标"),  # an undoubled prefix stays
        ("完成了各项目标任务标任务。。", "完成了各项目标任务。"),
        ("22..55万亿元万亿元", "2.5万亿元"),
    ],
)
def test_doubled_runs_written_once(raw, expected):
    assert undouble(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "要认真研究研究这个问题",  # a legitimate ABAB repeat, too short to be doubling
        "扎扎实实、干干净净、方方面面",  # AABB reduplications
        "2011年以来新建学校100所，新增绿地1000亩",  # 11, 00 are digits, not doubling
        "增长22.5%，完成1122万元",
        "——地区生产总值增长6%；……",  # the dash and ellipsis are one mark each
        "序号\t指标\t指标\t备注",  # equal table cells are data
        "人人人人",
    ],
)
def test_legitimate_repeats_unchanged(text):
    assert undouble(text) == text


def test_spaced_cjk_joined():
    result = _clean(["深 入 开 展 “ 产 业 发 展 ”活 动", "地区生产总值 481.35 亿元", "PPP 项目 and R 1 line"])
    assert result.lines[0] == "深入开展“产业发展”活动"
    assert result.lines[1] == "地区生产总值481.35亿元"
    assert result.lines[2] == "PPP项目and R 1 line"  # spaces between Latin letters and digits stay
    assert {c.rule for c in result.corrections} == {"cjk_spacing"}


def test_fullwidth_digits_and_percent():
    result = _clean(["增长１２．５％，完成ＧＤＰ３．２万亿元（含Ｒ＆Ｄ）"])
    assert result.lines == ["增长12.5%，完成GDP3.2万亿元（含R&D）"]  # Chinese brackets kept
    assert result.corrections[0].rule == "fullwidth"


def test_number_split_from_unit_joined_onto_earlier_line():
    raw = ["城镇居民人均可支配收入增长7.", "5%，农村居民增长8", "", "%左右。新增企业 24", "家，完成投资 258", "亿元。"]
    result = _clean(raw)
    assert len(result.lines) == len(raw)
    assert result.lines[0] == "城镇居民人均可支配收入增长7.5%"
    assert result.lines[1] == "，农村居民增长8%左右"  # across the blank line
    assert result.lines[2] == ""
    assert result.lines[3] == "。新增企业24家"
    assert result.lines[4] == "，完成投资258亿元"
    assert result.lines[5] == "。"
    joined = [c for c in result.corrections if c.rule == "joined_line"]
    assert [(c.line, c.after) for c in joined][:2] == [(1, "城镇居民人均可支配收入增长7.5%"), (2, "，农村居民增长8")]


def test_number_not_joined_to_a_non_unit():
    raw = ["会议于2024", "年召开", "列入名单的有3", "所学校"]
    result = _clean(raw)
    assert result.lines[0] == "会议于2024" and result.lines[1] == "年召开"
    assert result.lines[2] == "列入名单的有3所"  # 所 is a classifier: the count is joined


def test_place_name_misreading_corrected_from_catalog():
    raw = ["鼓楼区人民政府工作报告", "鼓楼区全年地区生产总值增长6%", "出台《鼔楼区促进产业发展若干措施》", "鼓楼新区"]
    result = _clean(raw, REGIONS)
    assert result.lines[2] == "出台《鼓楼区促进产业发展若干措施》"
    fixes = [c for c in result.corrections if c.rule == "place_name"]
    assert [(c.line, c.before, c.after) for c in fixes] == [(3, raw[2], result.lines[2])]


def test_place_name_not_corrected_when_the_other_name_is_real():
    # 石狮市 differs from nothing; 晋城市 differs from 晋江市 by one character but 城 is common
    # in this text (城市, 城区): a real place, left alone. 海绵城市 is not a misread 晋江市 either.
    raw = ["晋江市、晋江市经济", "与晋城市合作，推进海绵城市、城区改造", "城乡一体"]
    result = _clean(raw, REGIONS)
    assert result.lines == raw
    assert not [c for c in result.corrections if c.rule == "place_name"]


def test_one_cleaned_line_per_raw_line_and_traceable_corrections():
    raw = ["", "◆◆地区生产总值地区生产总值增长增长66%%左右左右", "全 区 新 增", "就业１万人"]
    result = _clean(raw)
    assert len(result.lines) == len(raw)
    assert result.lines[1] == "◆地区生产总值增长6%左右"
    # Replaying the corrections of a line from its raw text gives the cleaned line.
    for number, raw_line in enumerate(raw, start=1):
        text = raw_line
        for correction in [c for c in result.corrections if c.line == number]:
            assert correction.before == text
            text = correction.after
        assert text == result.lines[number - 1]


def test_one_megabyte_line_cleans_whole():
    # Its speed (linear in the line's length) is measured by `make bench` ("as one line"), not here.
    line = "地区生产总值增长7.5%左右，研究研究新建学校100所；" * 40000
    result = _clean([line])
    assert result.lines == [line]


def test_thousands_separators_removed_but_lists_kept():
    result = _clean(["社会消费品零售总额1,234.5亿元，进口12,500,000美元", "编号1,2,3和2023,2024年"])
    assert result.lines == ["社会消费品零售总额1234.5亿元，进口12500000美元", "编号1,2,3和2023,2024年"]
    assert [c.rule for c in result.corrections] == ["thousands_separator"]


def test_units_and_qualifiers_split_mid_word_are_joined():
    raw = ["市辖区面积扩大到512平方公", "里，新增企业180家以", "上，完成销售面积450万平方米", "以上。增长7", "5%的企业"]
    result = _clean(raw)
    assert result.lines == [
        "市辖区面积扩大到512平方公里", "，新增企业180家以上", "，完成销售面积450万平方米以上", "。增长7", "5%的企业"]


def test_word_repeated_across_a_space_written_once():
    result = _clean(["关于2025年上半年国民经济和社会 社会发展计划执行情况的报告", "地区 生产总值 增长"])
    assert result.lines == ["关于2025年上半年国民经济和社会发展计划执行情况的报告", "地区生产总值增长"]
    assert result.corrections[0].rule == "doubled_run"
