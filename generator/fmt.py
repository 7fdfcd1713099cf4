"""Numbers, units, qualifiers and periods as each language writes them.

One module so that a figure reads the same on every page: 481.35亿元 in Chinese,
"CNY 48.14 billion" in English; growth as "+9.1%", declines with a real minus sign.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"

QUALIFIER_ZH = {"about": "左右", "at_least": "以上", "at_most": "以内"}
QUALIFIER_EN = {"about": "about ", "at_least": "at least ", "at_most": "at most "}

# unit_class -> (English unit word, factor to multiply the printed value by, currency prefix)
_MONEY = {
    "wan_yi_yuan": ("CNY", 10**12),
    "yi_yuan": ("CNY", 10**8),
    "wan_yuan": ("CNY", 10**4),
    "yuan": ("CNY", 1),
    "yi_usd": ("USD", 10**8),
    "wan_usd": ("USD", 10**4),
}
_PLAIN_EN = {
    "wan_people": ("people", 10**4),
    "people": ("people", 1),
    "mu": ("mu", 1),
    "wan_mu": ("mu", 10**4),
    "sqm": ("m²", 1),
    "wan_sqm": ("m²", 10**4),
    "km": ("km", 1),
    "ton": ("tonnes", 1),
    "wan_ton": ("tonnes", 10**4),
}
# Counting words print as a plain number in English; these name what is counted.
COUNT_EN = {
    "个": "", "家": "firms", "所": "schools", "项": "items", "套": "units", "座": "", "户": "households",
    "张": "", "人": "people", "人次": "person-times", "条": "", "辆": "vehicles", "栋": "buildings",
    "公里": "km", "千米": "km", "亩": "mu", "吨": "tonnes", "台": "sets", "件": "cases", "场": "events",
    "次": "times", "处": "sites", "名": "people", "间": "rooms", "班": "classes", "所学校": "schools",
    "宗": "cases", "批": "batches", "座次": "", "千瓦": "kW", "万千瓦": "10k kW", "兆瓦": "MW",
}


def _decimal(number) -> Decimal:
    # Through repr, so 481.35 stays 481.35 and rounds half up as a reader would (48.135 -> 48.14).
    return number if isinstance(number, Decimal) else Decimal(repr(number))


def _trim(number, digits: int = 2) -> str:
    """Up to `digits` decimals (rounded half up), no trailing zeros, thousands separators."""
    rounded = _decimal(number).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


def plain_number(value: float) -> str:
    """A number as printed in the source: no separators, no trailing zeros beyond what it had."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace("-", MINUS)


def signed_pct(value: float) -> str:
    """Growth as +9.1% / −4.03% / 0%."""
    sign = "+" if value > 0 else ""
    return f"{sign}{plain_number(value)}%"


def _scale_en(amount: Decimal) -> str:
    for factor, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if abs(amount) >= factor:
            return f"{_trim(amount / factor)} {word}"
    return _trim(amount)


def value_zh(figure: dict) -> str:
    """481.35亿元 / 增长9.1% / 51.4% / 1万个以上 as the report would write it."""
    value, measure, unit = figure["value"], figure["measure"], figure["unit"]
    qualifier = QUALIFIER_ZH.get(figure.get("qualifier") or "", "")
    if measure == "growth_pct":
        text = signed_pct(value)
    elif unit == "%":
        text = f"{plain_number(value)}%"
    else:
        text = f"{plain_number(value)}{unit}"
    return text + qualifier


def value_en(figure: dict) -> str:
    """The same figure in English: CNY 48.14 billion, +9.1%, USD 11.89 million, 38,000 people."""
    value, measure, unit, unit_class = figure["value"], figure["measure"], figure["unit"], figure["unit_class"]
    qualifier = QUALIFIER_EN.get(figure.get("qualifier") or "", "")
    if measure == "growth_pct":
        text = signed_pct(value)
    elif unit == "%" or unit_class.startswith("pct_"):
        text = f"{plain_number(value)}%"
    elif unit_class in _MONEY:
        currency, factor = _MONEY[unit_class]
        text = f"{currency} {_scale_en(_decimal(value) * factor)}"
    elif unit_class in _PLAIN_EN:
        word, factor = _PLAIN_EN[unit_class]
        text = f"{_trim(_decimal(value) * factor)} {word}"
    else:
        word = COUNT_EN.get(unit, None)
        if word is None:
            word = unit_en(unit)
        text = f"{_trim(value)} {word}".strip()
    return qualifier + text


UNIT_EN = {"亿元": "CNY 100 million", "万元": "CNY 10,000", "元": "CNY", "万美元": "USD 10,000",
           "亿美元": "USD 100 million", "万人": "10,000 people", "%": "%", "个百分点": "percentage points",
           "平方公里": "km²", "平方米": "m²", "万平方米": "10,000 m²", "万亩": "10,000 mu",
           "万吨": "10,000 tonnes", "万千瓦": "10,000 kW", "万亿元": "CNY trillion"}


def unit_en(unit: str) -> str:
    """An English name for a unit as printed; unknown units keep their own text."""
    if unit in UNIT_EN:
        return UNIT_EN[unit]
    return COUNT_EN.get(unit) or unit


def value(figure: dict, lang: str) -> str:
    return value_en(figure) if lang == "en" else value_zh(figure)


def period(text: str, lang: str) -> str:
    """2024H1 -> 2024年上半年 / H1 2024; 2022-2026 -> 2022—2026年 / 2022–2026."""
    if not text:
        return ""
    if text.endswith(("H1", "H2")):
        year, half = text[:4], text[-2:]
        if lang == "en":
            return f"{'first' if half == 'H1' else 'second'} half of {year}"
        return f"{year}年{'上' if half == 'H1' else '下'}半年"
    if "-" in text:
        start, end = text.split("-", 1)
        return f"{start}–{end}" if lang == "en" else f"{start}—{end}年"
    return text if lang == "en" else f"{text}年"


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def date(text: str | None, lang: str) -> str:
    """ISO dates (2024-08, 2022-01-05) as each language writes them."""
    if not text:
        return ""
    parts = [int(p) for p in str(text).split("-")]
    if lang == "en":
        if len(parts) == 3:
            return f"{parts[2]} {MONTHS_EN[parts[1] - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS_EN[parts[1] - 1]} {parts[0]}"
        return str(parts[0])
    suffix = "年", "月", "日"
    return "".join(f"{p}{s}" for p, s in zip(parts, suffix, strict=False))
