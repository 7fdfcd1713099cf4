"""The indicator catalog (data/indicators.yaml) and the matcher from a name as written to an id.

Reports write the same indicator many ways (全区地区生产总值, 规模以上工业增加值（不含电力）,
规上工业增加值); the matcher normalises those variants before looking the alias up. A name
that matches nothing returns None: the figure keeps its Chinese name and is never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from .model import ReportsiteError

CATEGORIES = ("economy", "industry", "investment", "fiscal", "trade", "consumption", "income",
              "social", "environment")
_REQUIRED = ("id", "name_zh", "aliases", "name_en", "unit", "category", "higher_is_better")
_SCOPE_PREFIX = re.compile(r"^(?:全区|全市|全县|全省|全国|全镇|我区|我市|我县|我省|本区|本市|本县)")
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NOISE = re.compile(r"[\s“”\"'‘’《》「」·、，,:：]")


def default_indicators_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "indicators.yaml"


def load_indicators(path: str | Path | None = None) -> list[dict]:
    path = Path(path) if path else default_indicators_path()
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReportsiteError(str(path), f"cannot read indicator catalog ({exc})") from None
    if not isinstance(entries, list):
        raise ReportsiteError(str(path), "indicator catalog must be a list of entries")
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in _REQUIRED if key not in entry]
        if missing:
            raise ReportsiteError(str(path), f"entry {number} lacks {', '.join(missing)}")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", str(entry["id"])):
            raise ReportsiteError(str(path), f"entry {number}: id {entry['id']!r} is not lowercase ASCII")
        if entry["id"] in seen:
            raise ReportsiteError(str(path), f"entry {number}: duplicate id {entry['id']!r}")
        if entry["category"] not in CATEGORIES:
            raise ReportsiteError(str(path), f"entry {number}: unknown category {entry['category']!r}")
        seen.add(entry["id"])
    return entries


def normalise_name(name: str) -> str:
    """The comparable core of an indicator name: 全区规模以上工业增加值（不含电力） -> 规模工业增加值."""
    text = unicodedata.normalize("NFKC", name)
    text = _BRACKETS.sub("", text)
    text = _NOISE.sub("", text)
    for _ in range(2):
        text = _SCOPE_PREFIX.sub("", text)
    text = text.replace("规模以上", "规模").replace("规上", "规模")
    return text


class IndicatorMatcher:
    def __init__(self, catalog: list[dict]):
        self._memo: dict[str, str | None] = {}
        self._exact: dict[str, str] = {}
        for entry in catalog:
            for alias in [entry["name_zh"], *(entry.get("aliases") or [])]:
                key = normalise_name(alias)
                if key:
                    self._exact.setdefault(key, entry["id"])
        written = {a for e in catalog for a in [e["name_zh"], *(e.get("aliases") or [])] if len(a) >= 4}
        self._written = re.compile("|".join(re.escape(a) for a in sorted(written, key=len, reverse=True)))

    def last_alias_in(self, text: str) -> str | None:
        """The last catalog name (as written, 4+ characters) occurring in text, if any."""
        matches = self._written.findall(text[-400:])
        return matches[-1] if matches else None

    def match(self, name_zh: str) -> str | None:
        if name_zh not in self._memo:
            self._memo[name_zh] = self._match(name_zh)
        return self._memo[name_zh]

    def _match(self, name_zh: str) -> str | None:
        key = normalise_name(name_zh or "")
        if not key:
            return None
        if key in self._exact:
            return self._exact[key]
        # 实现地区生产总值 / 完成固定资产投资: a verb in front of a known name (not 新增: the additions
        # of a period are another series than the stock).
        stripped = re.sub(r"^(?:实现|完成|预计|累计|其中)+", "", key)
        if stripped in self._exact:
            return self._exact[stripped]
        # No looser matching: 工业固定资产投资 or 重点项目投资 ends like a headline indicator but is
        # another quantity, and a figure filed under the wrong indicator is worse than an unfiled one.
        return None
