"""generator/fmt.py: every figure reads right in both languages, and the English amount equals the Chinese one."""

from decimal import Decimal

import pytest

from generator import fmt

MINUS = "\u2212"


def fig(value, unit="%", unit_class="pct_growth", measure="growth_pct", qualifier=None):
    return {"value": value, "unit": unit, "unit_class": unit_class, "measure": measure, "qualifier": qualifier}


def level(value, unit, unit_class="count", qualifier=None):
    return fig(value, unit, unit_class, "level", qualifier)


@pytest.mark.parametrize(("figure", "zh", "en"), [
    # money: 亿元 -> billions, rounded half up from the exact amount
    (level(481.35, "亿元", "yi_yuan"), "481.35亿元", "CNY 48.14 billion"),
    (level(867, "亿元", "yi_yuan"), "867亿元", "CNY 86.7 billion"),
    (level(1.5, "亿元", "yi_yuan"), "1.5亿元", "CNY 150 million"),
    (level(0.85, "亿元", "yi_yuan"), "0.85亿元", "CNY 85 million"),
    (level(12000, "亿元", "yi_yuan"), "12000亿元", "CNY 1.2 trillion"),
    (level(1.2, "万亿元", "wan_yi_yuan"), "1.2万亿元", "CNY 1.2 trillion"),
    (level(3500, "万元", "wan_yuan"), "3500万元", "CNY 35 million"),
    (level(86.5, "万元", "wan_yuan"), "86.5万元", "CNY 865,000"),
    (level(45210, "元", "yuan"), "45210元", "CNY 45,210"),
    # 万美元 -> USD millions
    (level(1400, "万美元", "wan_usd", "about"), "1400万美元左右", "about USD 14 million"),
    (level(1189, "万美元", "wan_usd"), "1189万美元", "USD 11.89 million"),
    (level(2.3, "亿美元", "yi_usd"), "2.3亿美元", "USD 230 million"),
    # growth: sign always shown, real minus for declines
    (fig(9.1), "+9.1%", "+9.1%"),
    (fig(-4.03), f"{MINUS}4.03%", f"{MINUS}4.03%"),
    (fig(0), "0%", "0%"),
    (fig(7.5, qualifier="about"), "+7.5%左右", "about +7.5%"),
    (fig(8, qualifier="at_least"), "+8%以上", "at least +8%"),
    # shares and completion: plain percent, no sign
    (fig(51.4, unit_class="pct_completion", measure="completion_pct"), "51.4%", "51.4%"),
    (fig(60, unit_class="pct_share", measure="share_pct", qualifier="at_least"), "60%以上", "at least 60%"),
    (level(98.5, "%", "pct_level"), "98.5%", "98.5%"),
    # people and other measures, with magnitude words
    (level(3.8, "万人", "wan_people"), "3.8万人", "38,000 people"),
    (level(1, "人", "people"), "1人", "1 person"),
    (level(12.5, "万人次", "wan_people"), "12.5万人次", "125,000 person-times"),
    (level(320, "万人次", "wan_people"), "320万人次", "3.2 million person-times"),
    (level(2.6, "万平方米", "wan_sqm"), "2.6万平方米", "26,000 m²"),
    (level(1.2, "万亩", "wan_mu"), "1.2万亩", "12,000 mu (800 ha)"),
    (level(230, "亩", "mu"), "230亩", "230 mu (15.33 ha)"),
    (level(5.6, "公里", "km"), "5.6公里", "5.6 km"),
    (level(3, "平方公里", "other"), "3平方公里", "3 km²"),
    (level(2, "万吨", "wan_ton"), "2万吨", "20,000 tonnes"),
    (level(5, "万千瓦", "other"), "5万千瓦", "50,000 kW"),
    (level(0.5, "个百分点", "other"), "0.5个百分点", "0.5 percentage points"),
    (level(1, "个百分点", "other"), "1个百分点", "1 percentage point"),
    (level(120, "户", "count"), "120户", "120 households"),
    # counting words: the indicator names what is counted, English prints the number
    (level(29, "家", "count"), "29家", "29"),
    (level(1, "万个", "count", "at_least"), "1万个以上", "at least 10,000"),
    (level(1068, "个", "count"), "1068个", "1,068"),
])
def test_value_in_both_languages(figure, zh, en):
    assert fmt.value_zh(figure) == zh
    assert fmt.value_en(figure) == en
    assert fmt.value(figure, "zh") == zh
    assert fmt.value(figure, "en") == en


def test_english_money_is_the_exact_amount_before_rounding():
    # 481.35亿元 is 48,135,000,000 yuan exactly; floats would give 48.134999... and round down.
    assert fmt._decimal(481.35) * 10**8 == Decimal("48135000000")
    assert fmt.value_en(level(0.125, "亿元", "yi_yuan")) == "CNY 12.5 million"
    assert fmt.value_en(level(1.005, "亿元", "yi_yuan")) == "CNY 100.5 million"
    assert fmt.value_en(level(100.5, "亿元", "yi_yuan")) == "CNY 10.05 billion"
    assert fmt.value_en(level(100.55, "亿元", "yi_yuan")) == "CNY 10.06 billion"  # half up, not to even


def test_unit_class_decides_money_when_the_unit_text_is_unusual():
    assert fmt.value_en(level(3, "亿", "yi_yuan")) == "CNY 300 million"


def test_no_negative_zero_and_no_hyphen_minus():
    for figure in (fig(-0.0), level(-0.001, "亿元", "yi_yuan"), fig(-2.5), level(-3, "万元", "wan_yuan")):
        for text in (fmt.value_zh(figure), fmt.value_en(figure)):
            assert "-" not in text
            assert f"{MINUS}0%" not in text
    assert fmt.value_en(level(-3, "万元", "wan_yuan")) == f"CNY {MINUS}30,000"


def test_plain_number_keeps_what_the_report_printed():
    assert fmt.plain_number(7.50) == "7.5"
    assert fmt.plain_number(12000) == "12000"
    assert fmt.plain_number(0.05) == "0.05"
    assert fmt.plain_number(-1.2) == f"{MINUS}1.2"
    assert fmt.plain_number(1e-05) == "0.00001"


@pytest.mark.parametrize(("unit", "en"), [
    ("亿元", "CNY 100 million"), ("万元", "CNY 10,000"), ("元", "CNY"), ("万亿元", "CNY trillion"),
    ("万美元", "USD 10,000"), ("亿美元", "USD 100 million"), ("万人", "10,000 people"), ("%", "%"),
    ("平方公里", "km²"), ("万平方米", "10,000 m²"), ("万吨", "10,000 tonnes"), ("个", "count"),
    ("家", "count"), ("万户", "10,000 households"), ("", ""),
])
def test_unit_names(unit, en):
    assert fmt.unit_en(unit) == en


@pytest.mark.parametrize(("period", "zh", "en"), [
    ("2023", "2023年", "2023"),
    ("2024H1", "2024年上半年", "H1 2024"),
    ("2024H2", "2024年下半年", "H2 2024"),
    ("2024Q3", "2024年第三季度", "Q3 2024"),
    ("2022-2026", "2022—2026年", "2022–2026"),
    ("", "", ""),
    (None, "", ""),
])
def test_periods(period, zh, en):
    assert fmt.period(period, "zh") == zh
    assert fmt.period(period, "en") == en


@pytest.mark.parametrize(("date", "zh", "en"), [
    ("2022-01-05", "2022年1月5日", "5 January 2022"),
    ("2024-08", "2024年8月", "August 2024"),
    ("2023", "2023年", "2023"),
    (None, "", ""),
])
def test_dates(date, zh, en):
    assert fmt.date(date, "zh") == zh
    assert fmt.date(date, "en") == en


def test_english_never_leaks_chinese_units():
    units = [("亿元", "yi_yuan"), ("万元", "wan_yuan"), ("元", "yuan"), ("万美元", "wan_usd"), ("万人", "wan_people"),
             ("万人次", "wan_people"), ("人次", "people"), ("名", "people"), ("个", "count"), ("家", "count"),
             ("项", "count"), ("亩", "mu"), ("万亩", "wan_mu"), ("公里", "km"), ("吨", "ton"), ("座", "count"),
             ("个百分点", "other"), ("平方公里", "other"), ("平方米", "sqm"), ("起", "count"), ("例", "count")]
    for unit, unit_class in units:
        for qualifier in (None, "about", "at_least", "at_most"):
            text = fmt.value_en(level(12.5, unit, unit_class, qualifier))
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), (unit, text)
