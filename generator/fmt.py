"""Numbers, units, qualifiers, periods and dates as each language writes them.

One module so that a figure reads the same on every page: 123.45亿元 in Chinese,
"CNY 12.35 billion" in English; 2500万美元 as "USD 25 million"; growth as "+6.5%",
declines with a real minus sign (U+2212). English amounts are computed with Decimal from
the printed value, so 123.45亿元 is exactly 12,345,000,000 before it is rounded for display.
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"

QUALIFIER_ZH = {"about": "左右", "at_least": "以上", "at_most": "以内"}
QUALIFIER_EN = {"about": "about ", "at_least": "at least ", "at_most": "at most "}

# Magnitude words a Chinese unit may start with, longest first.
_MAGNITUDES = (("万亿", 10**12), ("亿", 10**8), ("万", 10**4), ("千", 10**3), ("百", 10**2))
_CURRENCIES = {"元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD"}
# Units of measure: the English word (plural, singular). Counting words not listed here (个, 家, 项 ...)
# only count the thing the indicator names, so English prints the bare number, as statistical tables do.
_MEASURE_EN = {
    "人": ("people", "person"), "人次": ("person-times", "person-time"), "户": ("households", "household"),
    "公里": ("km", "km"), "千米": ("km", "km"), "米": ("m", "m"), "平方公里": ("km²", "km²"),
    "平方千米": ("km²", "km²"), "平方米": ("m²", "m²"), "立方米": ("m³", "m³"), "亩": ("mu", "mu"),
    "公顷": ("hectares", "hectare"), "吨": ("tonnes", "tonne"), "千瓦": ("kW", "kW"),
    "千瓦时": ("kWh", "kWh"), "兆瓦": ("MW", "MW"), "标箱": ("TEU", "TEU"), "床": ("beds", "bed"),
    "张床位": ("beds", "bed"), "个百分点": ("percentage points", "percentage point"),
    "百分点": ("percentage points", "percentage point"), "岁": ("years", "year"), "年": ("years", "year"),
    "天": ("days", "day"), "小时": ("hours", "hour"),
}
# unit_class values that name a money amount, for units the class knows better than the text.
_MONEY_CLASSES = {"wan_yi_yuan": ("CNY", 10**12), "yi_yuan": ("CNY", 10**8), "wan_yuan": ("CNY", 10**4),
                  "yuan": ("CNY", 1), "yi_usd": ("USD", 10**8), "wan_usd": ("USD", 10**4)}
MU_PER_HECTARE = 15
PCT_CLASSES = ("pct_growth", "pct_completion", "pct_share", "pct_level")


def _decimal(number) -> Decimal:
    # Through repr, so 123.45 stays 123.45 and rounds half up as a reader would (12.345 -> 12.35).
    if isinstance(number, Decimal):
        return number
    if isinstance(number, int):
        return Decimal(number)
    return Decimal(repr(float(number)))


def _trim(number, digits: int = 2) -> str:
    """Up to `digits` decimals (rounded half up), no trailing zeros, thousands separators, real minus."""
    rounded = _decimal(number).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


def plain_number(value) -> str:
    """A number as a Chinese report prints it: no separators, no trailing zeros, real minus."""
    text = _plain_text(value)
    if text is None:
        number = _decimal(value)
        if number == number.to_integral_value():
            text = str(int(number))
        else:
            text = format(number.normalize(), "f")
    return text.replace("-", MINUS)


def _plain_text(value) -> str | None:
    """What plain_number writes (before the minus sign), without Decimal, for an int or a float whose
    repr has no exponent (nor is nan or inf): such a repr is already the shortest decimal, with no
    trailing zeros but ".0". None for anything else."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is float:
        text = repr(value)
        if "e" not in text and "n" not in text:
            if text.endswith(".0"):
                text = text[:-2]
                return "0" if text == "-0" else text
            return text
    return None


def signed_pct(value) -> str:
    """Growth as +6.5% / −2.75% / 0%."""
    text = _plain_text(value)
    if text is not None:  # a finite int or float: its sign is the sign of the Decimal of its repr
        return f"{'+' if value > 0 else ''}{text.replace('-', MINUS)}%"
    number = _decimal(value)
    sign = "+" if number > 0 else ""
    return f"{sign}{plain_number(number)}%"


def _scale_en(amount: Decimal) -> str:
    """12345000000 -> 12.35 billion; 25000 -> 25,000."""
    for factor, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if abs(amount) >= factor:
            return f"{_trim(amount / factor)} {word}"
    return _trim(amount)


def split_unit(unit: str) -> tuple[int, str]:
    """万平方米 -> (10000, 平方米); 亿元 -> (10**8, 元); 千瓦 -> (1, 千瓦); 个百分点 -> (1, 个百分点)."""
    if unit in _CURRENCIES or unit in _MEASURE_EN:
        return 1, unit
    for prefix, factor in _MAGNITUDES:
        rest = unit[len(prefix):]
        if unit.startswith(prefix) and rest and (rest in _CURRENCIES or rest in _MEASURE_EN or len(rest) <= 2):
            return factor, rest
    return 1, unit


def _money(figure: dict) -> tuple[str, int] | None:
    """(currency code, factor) when the figure is an amount of money."""
    factor, base = split_unit(figure.get("unit") or "")
    if base in _CURRENCIES:
        return _CURRENCIES[base], factor
    return _MONEY_CLASSES.get(figure.get("unit_class") or "")


def is_percent(figure: dict) -> bool:
    return figure["measure"] != "level" or figure.get("unit") == "%" or figure.get("unit_class") in PCT_CLASSES


def value_zh(figure: dict) -> str:
    """123.45亿元 / +6.5% / 52.5% / 1万个以上, as the report would write it."""
    value, measure, unit = figure["value"], figure["measure"], figure.get("unit") or ""
    qualifier = QUALIFIER_ZH.get(figure.get("qualifier") or "", "")
    if measure == "growth_pct":
        text = signed_pct(value)
    elif is_percent(figure):
        text = f"{plain_number(value)}%"
    else:
        text = f"{plain_number(value)}{unit}"
    return text + qualifier


def value_en(figure: dict) -> str:
    """The same figure in English: CNY 12.35 billion, +6.5%, USD 25 million, 25,000 people, 12."""
    value, measure, unit = figure["value"], figure["measure"], figure.get("unit") or ""
    qualifier = QUALIFIER_EN.get(figure.get("qualifier") or "", "")
    if measure == "growth_pct":
        return qualifier + signed_pct(value)
    if is_percent(figure):
        return qualifier + f"{plain_number(value)}%"
    money = _money(figure)
    if money:
        currency, factor = money
        return qualifier + f"{currency} {_scale_en(_decimal(value) * factor)}"
    factor, base = split_unit(unit)
    amount = _decimal(value) * factor
    if base in _MEASURE_EN:
        plural, singular = _MEASURE_EN[base]
        text = qualifier + f"{_scale_en(amount)} {singular if amount == 1 else plural}"
        if base == "亩":  # a Chinese measure: the hectares beside it (15 mu = 1 ha)
            text += f" ({_scale_en(amount / MU_PER_HECTARE)} ha)"
        return text
    return qualifier + _scale_en(amount)


_VALUES: dict[tuple, str] = {}  # value's memo: many figures print the same (+6.5%, 10亿元)
_VALUES_MAX = 1 << 16


def value(figure: dict, lang: str) -> str:
    number = figure["value"]
    # Everything value_zh and value_en read; the type too, so 7 and 7.0 are never taken for each other.
    key = (lang, number, type(number), figure["measure"], figure.get("unit"), figure.get("qualifier"),
           figure.get("unit_class"))
    try:
        found = _VALUES.get(key)
    except TypeError:  # an unhashable value: no memo
        return value_en(figure) if lang == "en" else value_zh(figure)
    if found is None:
        if len(_VALUES) >= _VALUES_MAX:
            _VALUES.clear()
        found = _VALUES[key] = value_en(figure) if lang == "en" else value_zh(figure)
    return found


_UNIT_WORDS_EN = {1: "", 10**2: "100 ", 10**3: "1,000 ", 10**4: "10,000 ", 10**8: "100 million ",
                  10**12: "trillion "}


def unit_en(unit: str) -> str:
    """An English name for a unit as printed (a table's unit column): 亿元 -> CNY 100 million."""
    if not unit or unit == "%":
        return unit or ""
    factor, base = split_unit(unit)
    words = _UNIT_WORDS_EN.get(factor, f"{factor:,} ")
    if base in _CURRENCIES:
        if factor == 10**12:
            return f"{_CURRENCIES[base]} trillion"
        return f"{_CURRENCIES[base]} {words}".strip()
    if base in _MEASURE_EN:
        return f"{words}{_MEASURE_EN[base][0]}".strip()
    # A counting word (个, 家, 项 ...): the count itself is the unit.
    return f"{words}".strip() or "count"


@functools.lru_cache(maxsize=1 << 12, typed=True)  # a few dozen periods, on every row of every table
def period(text: str | None, lang: str) -> str:
    """2024H1 -> 2024年上半年 / H1 2024; 2024Q3 -> 2024年第三季度 / Q3 2024; 2022-2026 -> 2022—2026年 / 2022–2026."""
    if not text:
        return ""
    text = str(text)
    if len(text) == 6 and text[4] in "HQ":
        year, part, number = text[:4], text[4], int(text[5])
        if lang == "en":
            return f"{part}{number} {year}"
        if part == "H":
            return f"{year}年{'上' if number == 1 else '下'}半年"
        return f"{year}年第{'一二三四'[number - 1]}季度"
    if "-" in text:
        start, end = text.split("-", 1)
        return f"{start}–{end}" if lang == "en" else f"{start}—{end}年"
    return text if lang == "en" else f"{text}年"


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def date(text: str | None, lang: str) -> str:
    """ISO dates (2024-08, 2022-01-05) as each language writes them: 5 January 2022 / 2022年1月5日."""
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
