"""The hand-kept catalogs in data/: regions, indicators, translations, redirects.

Loaded once per build and validated; every problem in every catalog is collected
before anything is reported, so one run of `check` shows them all.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from . import divisions, glossary, schema, yamlio
from .model import ReportsiteError
from .schema import Problem


@dataclass
class Catalogs:
    regions: list[dict]
    indicators: list[dict]
    translations: dict[str, str] = field(default_factory=dict)
    redirects: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Ids defined in the catalog files even where the entry itself has a problem; None when a file
    # could not be read at all. References are checked against these, so one broken entry or file
    # is reported once, not again at every figure that names it.
    region_ids: set[str] | None = None
    indicator_ids: set[str] | None = None

    def __post_init__(self):
        self.region_by_id = {r["id"]: r for r in self.regions}
        self._divisions: dict[str, dict] = {}  # regions of the division list asked for, by id
        self._catalog_by_name: dict[str, list[dict]] = {}
        for region in self.regions:
            for name in {region.get("name_zh"), *(region.get("aliases") or [])}:
                if name and len(name) >= 2:
                    self._catalog_by_name.setdefault(name, []).append(region)
        self.indicator_by_id = {i["id"]: i for i in self.indicators}
        if self.region_ids is None and not self.problems:
            self.region_ids = set(self.region_by_id)
        if self.indicator_ids is None and not self.problems:
            self.indicator_ids = set(self.indicator_by_id)

    def unknown_region(self, region_id: str) -> bool:
        return self.region_ids is not None and region_id not in self.region_ids and self.region(region_id) is None

    def unknown_indicator(self, indicator_id: str) -> bool:
        return self.indicator_ids is not None and indicator_id not in self.indicator_ids

    def region(self, region_id: str) -> dict | None:
        """A region of data/regions.yaml, else of the official division list (divisions.py)."""
        found = self.region_by_id.get(region_id)
        if found is None and region_id:
            found = self._divisions.get(region_id)
            if found is None:
                division = divisions.by_region_id().get(region_id)
                if division is not None:
                    found = self._divisions[region_id] = divisions.region_record(division, self._parent_id(division))
        return found

    def _parent_id(self, division) -> str | None:
        parent = divisions.by_code(division.parent_code) if division.parent_code else None
        if parent is None:  # a province: under the catalog's root (the country), if it has one
            return next((r["id"] for r in self.regions if not r.get("parent")), None)
        # The catalog's own entry for the parent keeps its published id.
        return divisions.catalog_id(parent, self.regions, self._catalog_by_name)

    def indicator(self, indicator_id: str | None) -> dict | None:
        return self.indicator_by_id.get(indicator_id) if indicator_id else None

    def en(self, text_zh: str | None) -> str | None:
        """The English form of a Chinese string, or None when it has none yet."""
        if not text_zh:
            return text_zh
        return self.translations.get(text_zh) or glossary.compose(text_zh)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _load_list(path: Path, root: Path, record_schema: schema.Schema, problems: list[Problem],
               ids: set[str] | None = None) -> list[dict]:
    """The valid records of one catalog file; `ids` collects every id it defines (None: unreadable)."""
    display = _rel(path, root)
    try:
        data = yamlio.load(path, display)
    except ReportsiteError as exc:
        problems.append(Problem(exc.where, exc.line_no, exc.what))
        return None
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(display, yamlio.line_of(data, default=1),
                                f"not a list (expected a list of {record_schema.name}s, "
                                f"got {schema._type_name(data)})"))
        return None
    records, seen = [], {}
    for index, record in enumerate(data):
        label = f"{record_schema.name} {record.get('id', index + 1) if isinstance(record, dict) else index + 1}"
        found = schema.check_record(record, record_schema, display, label)
        problems.extend(found)
        if not isinstance(record, dict):
            continue
        rid = record.get("id")
        if isinstance(rid, str) and ids is not None:
            ids.add(rid)
        if rid in seen:
            problems.append(Problem(display, yamlio.line_of(record, "id"),
                                    f"{label}: duplicate id (expected each id once, got '{rid}' again; "
                                    f"first defined on line {seen[rid]})"))
            continue
        seen[rid] = yamlio.line_of(record, "id")
        if not found:
            records.append(record)
    return records


def load_catalogs(data_dir: Path, root: Path) -> Catalogs:
    """Load and cross-check data/regions.yaml, indicators.yaml, translations.yaml, redirects.yaml."""
    problems: list[Problem] = []
    region_ids: set[str] = set()
    indicator_ids: set[str] = set()
    regions = _load_list(data_dir / "regions.yaml", root, schema.REGION, problems, region_ids)
    if regions is None:
        regions, region_ids = [], None
    indicators = _load_list(data_dir / "indicators.yaml", root, schema.INDICATOR, problems, indicator_ids)
    if indicators is None:
        indicators, indicator_ids = [], None
    for region in regions:
        parent = region.get("parent")
        if parent and region_ids is not None and parent not in region_ids:
            problems.append(Problem(_rel(data_dir / "regions.yaml", root), yamlio.line_of(region, "parent"),
                                    f"region {region['id']}: unknown parent region (expected an id from "
                                    f"data/regions.yaml, got '{parent}'{suggest(parent, region_ids)})"))
    translations = _load_translations(data_dir / "translations.yaml", root, problems)
    redirects = []
    if (data_dir / "redirects.yaml").exists():
        redirects = _load_list(data_dir / "redirects.yaml", root, schema.REDIRECT, problems) or []
    catalogs = Catalogs(regions=[yamlio.plain(r) for r in regions],
                        indicators=[yamlio.plain(i) for i in indicators],
                        translations=translations, redirects=[yamlio.plain(r) for r in redirects],
                        problems=problems, region_ids=region_ids, indicator_ids=indicator_ids)
    return catalogs


def suggest(value: str, known) -> str:
    """'; did you mean ...?' for a near miss among known ids, else nothing."""
    close = difflib.get_close_matches(value, sorted(known or ()), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


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
                                f"not a mapping (expected Chinese text: English text, got {schema._type_name(data)})"))
        return {}
    result = {}
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
            problems.append(Problem(display, yamlio.line_of(data, key),
                                    f"translation of {key!r}: not English text (expected text, got "
                                    f"{schema._type_name(value)})"))
            continue
        result[key] = value
    return result
