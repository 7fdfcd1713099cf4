"""The hand-kept catalogs in data/: regions, indicators, translations, redirects.

Loaded once per build and validated; every problem in every catalog is collected
before anything is reported, so one run of `check` shows them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import schema, yamlio
from .model import ReportsiteError
from .schema import Problem


@dataclass
class Catalogs:
    regions: list[dict]
    indicators: list[dict]
    translations: dict[str, str] = field(default_factory=dict)
    redirects: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self):
        self.region_by_id = {r["id"]: r for r in self.regions}
        self.indicator_by_id = {i["id"]: i for i in self.indicators}

    def region(self, region_id: str) -> dict | None:
        return self.region_by_id.get(region_id)

    def indicator(self, indicator_id: str | None) -> dict | None:
        return self.indicator_by_id.get(indicator_id) if indicator_id else None

    def en(self, text_zh: str | None) -> str | None:
        """The English form of a Chinese string, or None when it has none yet."""
        if not text_zh:
            return text_zh
        return self.translations.get(text_zh)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _load_list(path: Path, root: Path, record_schema: schema.Schema, problems: list[Problem]) -> list[dict]:
    display = _rel(path, root)
    try:
        data = yamlio.load(path, display)
    except ReportsiteError as exc:
        problems.append(Problem(exc.where, exc.line_no, exc.what))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(display, yamlio.line_of(data, default=1),
                                f"expected a list of {record_schema.name}s, got {schema._type_name(data)}"))
        return []
    records, seen = [], {}
    for index, record in enumerate(data):
        label = f"{record_schema.name} {record.get('id', index + 1) if isinstance(record, dict) else index + 1}"
        found = schema.check_record(record, record_schema, display, label)
        problems.extend(found)
        if not isinstance(record, dict):
            continue
        rid = record.get("id")
        if rid in seen:
            problems.append(Problem(display, yamlio.line_of(record, "id"),
                                    f"{label}: duplicate id '{rid}' (first defined on line {seen[rid]})"))
            continue
        seen[rid] = yamlio.line_of(record, "id")
        if not found:
            records.append(record)
    return records


def load_catalogs(data_dir: Path, root: Path) -> Catalogs:
    """Load and cross-check data/regions.yaml, indicators.yaml, translations.yaml, redirects.yaml."""
    problems: list[Problem] = []
    regions = _load_list(data_dir / "regions.yaml", root, schema.REGION, problems)
    indicators = _load_list(data_dir / "indicators.yaml", root, schema.INDICATOR, problems)
    region_ids = {r["id"] for r in regions}
    for region in regions:
        parent = region.get("parent")
        if parent and parent not in region_ids:
            problems.append(Problem(_rel(data_dir / "regions.yaml", root), yamlio.line_of(region, "parent"),
                                    f"region {region['id']}: unknown parent region '{parent}' "
                                    f"(expected an id from regions.yaml)"))
    translations = _load_translations(data_dir / "translations.yaml", root, problems)
    redirects = []
    if (data_dir / "redirects.yaml").exists():
        redirects = _load_list(data_dir / "redirects.yaml", root, schema.REDIRECT, problems)
    catalogs = Catalogs(regions=[yamlio.plain(r) for r in regions],
                        indicators=[yamlio.plain(i) for i in indicators],
                        translations=translations, redirects=[yamlio.plain(r) for r in redirects],
                        problems=problems)
    return catalogs


def _load_translations(path: Path, root: Path, problems: list[Problem]) -> dict[str, str]:
    """translations.yaml maps Chinese text to its English form, one entry per string."""
    if not path.exists():
        return {}
    display = _rel(path, root)
    try:
        data = yamlio.load(path, display)
    except ReportsiteError as exc:
        problems.append(Problem(exc.where, exc.line_no, exc.what))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(display, yamlio.line_of(data, default=1),
                                f"expected a mapping of Chinese text to English, got {schema._type_name(data)}"))
        return {}
    result = {}
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
            problems.append(Problem(display, yamlio.line_of(data, key),
                                    f"translation of {key!r}: expected English text, got {schema._type_name(value)}"))
            continue
        result[key] = value
    return result
