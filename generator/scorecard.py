"""Goals against results: every target paired with the outcomes any report gives for its period.

A target is set in one report (the 2023 work report: GDP growth of about 7.5% in 2023) and
its outcome appears in later ones (the 2024 half-year report: the 2023 actual, the 2024 plan
and the first half of 2024). This module lines them up per region, indicator and period,
keeps which report said what, and gives each pair one status by the rules below (they are
also written on the methodology page, in both languages):

- like with like only: a growth target against a reported growth rate, an amount against an
  amount in a convertible unit; a growth rate is never computed from two levels (levels are
  revised between reports), the pair is `not_comparable` and the page says growth was not
  reported;
- a finished period (outcome for the whole target period) is `met` or `missed`; a period in
  progress (an outcome for its first months, cumulative) is `on_track` or `behind`: growth
  against the planned growth, the share of the annual plan against the share of time elapsed
  (50% after the first half: the official 双过半 test);
- direction from the catalog's `higher_is_better`; a target written as 以内/以下 (at_most) is
  an upper bound whatever the catalog says;
- qualifiers: 以上 (at_least), 以内 (at_most) and none compare exactly; 左右 (about) allows a
  shortfall of ABOUT_POINTS percentage points for rates and ABOUT_SHARE of the target for
  amounts (half a point of growth is about half a percent of the level).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

STATUSES = ("met", "missed", "on_track", "behind", "pending", "not_comparable")
JUDGED = STATUSES[:4]  # an outcome compared with its target (pending and not comparable are not)
ABOUT_POINTS = 0.5  # percentage points a 左右 rate target may fall short by
ABOUT_SHARE = 0.005  # share of a 左右 amount target it may fall short by
EPSILON = 1e-9  # float noise in comparisons of printed decimals

# unit_class -> (family, factor): amounts in one family convert to each other.
UNIT_SCALE = {
    "wan_yi_yuan": ("cny", 10**12), "yi_yuan": ("cny", 10**8), "wan_yuan": ("cny", 10**4), "yuan": ("cny", 1),
    "yi_usd": ("usd", 10**8), "wan_usd": ("usd", 10**4),
    "wan_people": ("people", 10**4), "people": ("people", 1),
    "wan_mu": ("mu", 10**4), "mu": ("mu", 1),
    "wan_sqm": ("sqm", 10**4), "sqm": ("sqm", 1),
    "wan_ton": ("ton", 10**4), "ton": ("ton", 1),
    "km": ("km", 1),
}
TARGET_ROLES = ("target", "plan_total")
OUTCOME_ROLES = ("result", "estimate", "completion")
RATE_MEASURES = ("growth_pct", "share_pct")


# ---- periods -------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)  # called about a million times at a thousand reports, on a few hundred periods
def span(period: str) -> tuple[int, int] | None:
    """A period as (first month, last month) counted from year 0: 2024H1 -> (24288, 24293)."""
    try:
        if "-" in period:
            start, end = period.split("-", 1)
            return int(start) * 12, int(end) * 12 + 11
        year = int(period[:4]) * 12
        rest = period[4:]
        if not rest:
            return year, year + 11
        if rest in ("H1", "H2"):
            first = 0 if rest == "H1" else 6
            return year + first, year + first + 5
        if rest[0] == "Q" and rest[1:] in ("1", "2", "3", "4"):
            first = (int(rest[1]) - 1) * 3
            return year + first, year + first + 2
    except (ValueError, IndexError):
        return None
    return None


@functools.lru_cache(maxsize=16384)
def elapsed_share(target_period: str, outcome_period: str) -> float | None:
    """1.0 when the outcome covers the whole target period, the share of time elapsed when it covers
    its first months (cumulative, as 1-6月 figures are), None when the two do not line up that way."""
    target, outcome = span(target_period), span(outcome_period)
    if not target or not outcome:
        return None
    if outcome == target:
        return 1.0
    if target[1] - target[0] >= 12:
        return None  # multi-year targets are only compared with outcomes for the same span
    if outcome[0] != target[0] or outcome[1] >= target[1]:
        return None
    return (outcome[1] - target[0] + 1) / (target[1] - target[0] + 1)


@functools.lru_cache(maxsize=1 << 12)  # a few dozen periods, asked for by every sort of figures and rows
def period_order(period: str) -> tuple[int, int]:
    found = span(period)
    return (found[1], found[0]) if found else (0, 0)


# ---- records -------------------------------------------------------------------------------------

@dataclass
class Claim:
    """One figure and the report that printed it."""

    report: str  # report id
    figure: dict

    @property
    def line(self) -> int:
        return self.figure["line"]

    @property
    def value(self) -> float:
        return self.figure["value"]


@dataclass
class Pair:
    """A target and what one report says happened in its period (or in its first months)."""

    target: Claim
    outcome: Claim | None  # the figure compared, or the one in another measure when not comparable
    outcome_period: str | None
    elapsed: float | None  # 1.0 finished; 0.5 after a half-year; None when pending
    status: str
    reason: str  # why: a short id the pages and the methodology explain
    completion: Claim | None = None  # share of the plan, for amounts in a period in progress
    completion_value: float | None = None  # reported, or computed from level / plan (then computed=True)
    computed: bool = False
    estimate: bool = False  # the outcome is an estimate (预计), not an actual

    @property
    def finished(self) -> bool:
        return self.elapsed == 1.0

    def order(self) -> tuple:
        """Sort key: the pair that says the most, the latest, last."""
        if self.outcome is None:
            return (0,)
        return (1, self.status != "not_comparable", self.elapsed or 0, period_order(self.outcome_period or ""),
                not self.estimate, self.outcome.report)


@dataclass
class Tracked:
    """One target, with every outcome reported for it; `latest` sets its status."""

    region: str
    indicator: str
    period: str
    target: Claim
    repeats: list[Claim] = field(default_factory=list)  # the same target printed again in its report
    pairs: list[Pair] = field(default_factory=list)

    # Remembered: asked for every target on many pages (a home page of a thousand reports asks 40,000
    # times); `pairs` is complete once link_region returns.
    @functools.cached_property
    def latest(self) -> Pair | None:
        return max(self.pairs, key=Pair.order) if self.pairs else None

    @functools.cached_property
    def status(self) -> str:
        latest = self.latest
        return latest.status if latest else "pending"


@dataclass
class Row:
    """The scorecard line of one region, indicator and period: its targets and one status."""

    region: str
    indicator: str
    period: str
    category: str
    tracked: list[Tracked]

    @functools.cached_property
    def status(self) -> str:
        return combine([t.status for t in self.tracked])


def combine(statuses: list[str]) -> str:
    """One status for several targets of one indicator and period (an amount and a growth rate).

    Finished outcomes outrank half-year ones; among those, a single miss (or lag) decides, as a
    reader would want to know; `met`/`on_track` needs every comparable target to be so.
    """
    for group in (("missed", "met"), ("behind", "on_track")):
        present = [s for s in statuses if s in group]
        if present:
            return group[0] if group[0] in present else group[1]
    return "not_comparable" if "not_comparable" in statuses else "pending"


# ---- comparing -----------------------------------------------------------------------------------

def lower_is_better(target: dict, catalog_entry: dict | None) -> bool:
    if target.get("qualifier") == "at_most":
        return True
    return not (catalog_entry or {}).get("higher_is_better", True)


def is_rate(figure: dict) -> bool:
    return figure["measure"] in RATE_MEASURES or figure.get("unit_class") == "pct_level"


def convert(value: float, from_class: str, to_class: str, from_unit: str = "", to_unit: str = "") -> float | None:
    """An amount in another unit of the same family, or None when the units do not convert."""
    if from_class == to_class and (from_class in UNIT_SCALE or from_class.startswith("pct_") or from_unit == to_unit):
        return value
    a, b = UNIT_SCALE.get(from_class), UNIT_SCALE.get(to_class)
    if a and b and a[0] == b[0]:
        return value * a[1] / b[1]
    return None


def reached(outcome: float, target: float, qualifier: str | None, lower_better: bool, rate: bool) -> bool:
    """Whether an outcome reaches a target under the qualifier rule in the module docstring."""
    slack = 0.0
    if qualifier == "about":
        slack = ABOUT_POINTS if rate else abs(target) * ABOUT_SHARE
    if lower_better:
        return outcome <= target + slack + EPSILON
    return outcome >= target - slack - EPSILON


def _status(finished: bool, ok: bool) -> str:
    if finished:
        return "met" if ok else "missed"
    return "on_track" if ok else "behind"


# ---- linking -------------------------------------------------------------------------------------

def _first(claims: list[Claim]) -> Claim | None:
    """The figure a pair shows: an actual before an estimate of the same thing in the same report
    (a table may state as actual what a summary line calls 预计), then the first printed."""
    return min(claims, key=lambda c: (c.figure["kind"] == "estimate", c.line)) if claims else None


def compare(target: Claim, outcomes: list[Claim], period: str, elapsed: float, catalog_entry: dict | None) -> Pair:
    """The pair of one target with one report's outcome figures for one period."""
    t = target.figure
    lower = lower_is_better(t, catalog_entry)
    finished = elapsed == 1.0
    by_measure: dict[str, list[Claim]] = {}
    for claim in outcomes:
        by_measure.setdefault(claim.figure["measure"], []).append(claim)

    def pair(outcome, status, reason, **extra):
        estimate = bool(outcome and outcome.figure["kind"] == "estimate")
        return Pair(target, outcome, period, elapsed, status, reason, estimate=estimate, **extra)

    measure = t["measure"]
    if is_rate(t):
        same = [c for c in by_measure.get(measure, []) if is_rate(c.figure)]
        if not same or (not finished and measure == "share_pct"):
            other = _first(by_measure.get("level", []) + by_measure.get("growth_pct", []))
            reason = "growth_not_reported" if measure == "growth_pct" else "measure_differs"
            return pair(other, "not_comparable", reason)
        outcome = _first(same)
        ok = reached(outcome.value, t["value"], t.get("qualifier"), lower, rate=True)
        return pair(outcome, _status(finished, ok), "compared")

    # An amount (a plan total or a level target).
    levels = [c for c in by_measure.get("level", [])
              if convert(c.value, c.figure["unit_class"], t["unit_class"], c.figure["unit"], t["unit"]) is not None]
    if finished:
        if not levels:
            other = _first(by_measure.get("level", []) + by_measure.get("growth_pct", []))
            reason = "unit_differs" if by_measure.get("level") else "level_not_reported"
            return pair(other, "not_comparable", reason)
        outcome = _first(levels)
        value = convert(outcome.value, outcome.figure["unit_class"], t["unit_class"], outcome.figure["unit"], t["unit"])
        ok = reached(value, t["value"], t.get("qualifier"), lower, rate=False)
        return pair(outcome, _status(True, ok), "compared")
    completions = by_measure.get("completion_pct", [])
    level = _first(levels)
    if level is not None:
        # The share of the plan printed on the level's own line, else anywhere in that report.
        same_line = [c for c in completions if c.line == level.line]
        completion = _first(same_line or completions)
    else:
        completion = _first(completions)
    if completion is not None:
        share, computed = completion.value, False
    elif level is not None and t["value"]:
        value = convert(level.value, level.figure["unit_class"], t["unit_class"], level.figure["unit"], t["unit"])
        share, computed = round(value / t["value"] * 100, 2), True
    else:
        other = _first(by_measure.get("level", []) + by_measure.get("growth_pct", []))
        return pair(other, "not_comparable", "level_not_reported")
    ok = reached(share, elapsed * 100, t.get("qualifier"), lower, rate=False)
    return pair(level or completion, _status(False, ok), "completion", completion=completion,
                completion_value=share, computed=computed)


SERIES = "name:"  # a series without a catalog entry: SERIES + its normalised name
_SCOPE_WORDS = re.compile(r"^(?:全县|全市|全区|全旗|全州|全盟|全省|全镇|我县|我市|我区|我旗|全年|年度)|"
                          r"(?:完成|实现|达到|累计|总计|合计)$")
# Ways of writing one thing that reports of the genre use interchangeably (for lining up series only).
_SERIES_VARIANTS = (("本级", "级"), ("社保基金", "社会保险基金"), ("农村牧区", "农村"), ("农牧民", "农民"),
                    ("预算收入", "收入"), ("预算支出", "支出"), ("收入预算", "收入"), ("支出预算", "支出"))
_SERIES_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z（）()]{3,24}")


def series_name(key: str | None) -> str | None:
    """The normalised name of a series key (series_of) that is not a catalog indicator, else None."""
    return key[len(SERIES):] if key and key.startswith(SERIES) else None


def series_of(figure: dict) -> str | None:
    """The series a figure belongs to: its catalog indicator, else its name, normalised, so that the
    same indicator written the same way in two reports of a region lines up (a target and its outcome)."""
    if figure.get("indicator"):
        return figure["indicator"]
    name = unicodedata.normalize("NFKC", figure.get("name_zh") or "")
    name = re.sub(r"[\s“”\"'‘’《》]|常住", "", name)  # 城镇常住居民…: the same residents as 城镇居民…
    for variant, usual in _SERIES_VARIANTS:
        name = name.replace(variant, usual)
    for _ in range(3):
        name = _SCOPE_WORDS.sub("", name)
    return SERIES + name if _SERIES_NAME.fullmatch(name) else None


def link(records: list[dict], catalogs, memo=None) -> list[Tracked]:
    """Every target in every report, with every outcome reported for its period in any report of
    its region. A region's targets and outcomes come from its own reports only, so each region is
    linked on its own: `memo(region, its records, make)` may answer from a cache instead of make()."""
    return Scorecard.build(records, catalogs, memo).tracked


def link_region(records: list[dict], catalogs) -> list[Tracked]:
    """`link` for the reports of one region."""
    targets: dict[tuple, Tracked] = {}
    outcomes: dict[tuple, dict[tuple[str, str], list[Claim]]] = {}
    for record in records:
        meta = record["report"]
        region = meta["region"]
        for figure in record["figures"]:
            indicator = series_of(figure)
            if not indicator:
                continue
            claim = Claim(meta["id"], figure)
            if figure["kind"] == "target" and figure["role"] in TARGET_ROLES:
                # The same target printed twice in one report (headline, body) is one target.
                key = (region, indicator, figure["period"], meta["id"], figure["role"], figure["measure"],
                       figure["value"], figure.get("qualifier"))
                if key in targets:
                    targets[key].repeats.append(claim)
                else:
                    targets[key] = Tracked(region, indicator, figure["period"], claim)
            elif figure["kind"] in ("actual", "estimate") and figure["role"] in OUTCOME_ROLES:
                if figure["role"] == "completion" and figure["measure"] != "completion_pct":
                    continue  # e.g. "10.1 points above the planned growth": not a share of a plan
                outcomes.setdefault((region, indicator), {}).setdefault(
                    (meta["id"], figure["period"]), []).append(claim)
    tracked = sorted(targets.values(), key=lambda t: (t.region, t.indicator, period_order(t.period),
                                                      t.target.report, t.target.line, t.target.figure["measure"]))
    for item in tracked:
        entry = catalogs.indicator(item.indicator)
        for (_report, period), claims in sorted(outcomes.get((item.region, item.indicator), {}).items()):
            elapsed = elapsed_share(item.period, period)
            if elapsed is None:
                continue
            item.pairs.append(compare(item.target, claims, period, elapsed, entry))
        item.pairs.sort(key=Pair.order)
    # A series the catalog does not know is tracked only where an outcome met its target: a task named
    # once (启动防洪防涝项目4个) is not a scorecard line.
    return [item for item in tracked if item.pairs or not item.indicator.startswith(SERIES)]


# The fields of Pair that hold claims; the rest are plain values.
_CLAIM_FIELDS = tuple(i for i, f in enumerate(dataclasses.fields(Pair)) if "Claim" in str(f.type))


def to_plain(tracked: list[Tracked], records: list[dict]) -> list[tuple]:
    """`link_region`'s result for a cache, as tuples of plain values (quick to load): each claim as
    (report id, the figure's place in that report's figures), each pair as its fields in order."""
    where = {id(figure): i for record in records for i, figure in enumerate(record["figures"])}
    names = [f.name for f in dataclasses.fields(Pair)]

    def ref(claim):
        return (claim.report, where[id(claim.figure)]) if claim is not None else None

    def pair(p):
        values = [getattr(p, name) for name in names]
        for i in _CLAIM_FIELDS:
            values[i] = ref(values[i])
        return tuple(values)

    return [(t.region, t.indicator, t.period, ref(t.target), [ref(c) for c in t.repeats],
             [pair(p) for p in t.pairs]) for t in tracked]


def from_plain(plain: list[tuple], records: list[dict]) -> list[Tracked]:
    """`to_plain` undone, with claims pointing at the figures of `records` (the same reports)."""
    figures = {record["report"]["id"]: record["figures"] for record in records}

    def claim(ref):
        return Claim(ref[0], figures[ref[0]][ref[1]]) if ref is not None else None

    out = []
    for region, indicator, period, target, repeats, pairs in plain:
        own = claim(target)
        made = []
        for values in pairs:
            values = list(values)
            for i in _CLAIM_FIELDS:
                values[i] = own if values[i] == target else claim(values[i])
            made.append(Pair(*values))
        out.append(Tracked(region, indicator, period, own, [claim(c) for c in repeats], made))
    return out


def rows(tracked: list[Tracked], catalogs) -> list[Row]:
    """Scorecard lines: one per region, indicator and target period."""
    grouped: dict[tuple, list[Tracked]] = {}
    for item in tracked:
        grouped.setdefault((item.region, item.indicator, item.period), []).append(item)
    result = []
    for (region, indicator, period), items in grouped.items():
        entry = catalogs.indicator(indicator) or {}
        result.append(Row(region, indicator, period, entry.get("category", "other"), items))
    return result


def counts(selected: list[Row]) -> dict[str, int]:
    found = {status: 0 for status in STATUSES}
    for row in selected:
        found[row.status] += 1
    return found


def summary(tracked: list[Tracked]) -> dict:
    """What pages about every region (the home and data pages) need of one region's linked targets:
    kept beside them in the cache, so those pages are made without making every region's targets.
    Its rows and their statuses are those of `rows` (one per region, indicator and period)."""
    grouped: dict[tuple, list[str]] = {}
    for item in tracked:
        grouped.setdefault((item.region, item.indicator, item.period), []).append(item.status)
    found = {status: 0 for status in STATUSES}
    for statuses in grouped.values():
        found[combine(statuses)] += 1
    return {"tracked": len(tracked), "lines": sum(len(t.pairs) or 1 for t in tracked), "rows": len(grouped),
            "counts": found}


class Scorecard:
    """Everything linked, region by region, with the look-ups the pages need.

    A region's targets are linked (or loaded from a cache) the first time a page asks for them: after
    one report changed, only its region's pages ask, and pages about every region read the regions'
    summaries (`summary`), which the cache keeps too."""

    def __init__(self, makers: dict[str, Callable[[], list[Tracked]]], catalogs, report_regions: dict[str, str],
                 summaries: dict[str, dict] | None = None):
        self.regions = sorted(makers)  # regions with reports, in the order `link` gives their targets
        self._makers, self.catalogs, self._report_regions = makers, catalogs, report_regions
        self._summaries = dict(summaries or {})
        self._tracked: dict[str, list[Tracked]] = {}
        self._rows: dict[str, list[Row]] = {}
        self._indexes: dict[str, tuple[dict, dict]] = {}

    @classmethod
    def build(cls, records: list[dict], catalogs, memo=None) -> Scorecard:
        """The scorecard of `records`; `memo` as for `link`, or with a method `lazy(region, records, make)`
        that answers (a function making the region's targets, the region's summary or None)."""
        by_region: dict[str, list[dict]] = {}
        for record in records:
            by_region.setdefault(record["report"]["region"], []).append(record)
        makers, summaries = {}, {}
        lazy = getattr(memo, "lazy", None)
        for region, group in by_region.items():
            make = functools.partial(link_region, group, catalogs)
            if lazy is not None:
                makers[region], found = lazy(region, group, make)
                if found is not None:
                    summaries[region] = found
            else:
                makers[region] = functools.partial(memo, region, group, make) if memo else make
        report_regions = {r["report"]["id"]: r["report"]["region"] for r in records}
        return cls(makers, catalogs, report_regions, summaries)

    def tracked_of_region(self, region: str) -> list[Tracked]:
        found = self._tracked.get(region)
        if found is None:
            make = self._makers.get(region)
            found = self._tracked[region] = make() if make else []
        return found

    def rows_of_region(self, region: str) -> list[Row]:
        found = self._rows.get(region)
        if found is None:
            found = self._rows[region] = rows(self.tracked_of_region(region), self.catalogs)
        return list(found)

    def summary(self, region: str) -> dict:
        found = self._summaries.get(region)
        if found is None:
            found = self._summaries[region] = summary(self.tracked_of_region(region))
        return found

    def made(self, new_only: bool = False) -> Scorecard:
        """Every region linked now (before render workers are forked: else each would link its own); or,
        `new_only`, those with no kept summary (linked again since the last build: then here, once, and
        kept for the next build)."""
        for region in self.regions:
            if new_only and region in self._summaries:
                continue
            self._region_indexes(region)
            self.summary(region)
        if not new_only:
            self.rows  # noqa: B018 - made now, once
        return self

    @functools.cached_property
    def tracked(self) -> list[Tracked]:
        return [t for region in self.regions for t in self.tracked_of_region(region)]

    @functools.cached_property
    def rows(self) -> list[Row]:
        # Rows group targets of one region, so the regions' rows in order are the rows of everything.
        return [row for region in self.regions for row in self.rows_of_region(region)]

    def counts(self) -> dict[str, int]:
        """Rows per status over every region, from the regions' summaries."""
        total = {status: 0 for status in STATUSES}
        for region in self.regions:
            for status, number in self.summary(region)["counts"].items():
                total[status] += number
        return total

    def has_rows(self) -> bool:
        return any(self.summary(region)["rows"] for region in self.regions)

    def _region_indexes(self, region: str) -> tuple[dict, dict]:
        # Every report page asks both questions: scanning a region's targets each time grows with the
        # square of its number of reports, so both answers are indexed once, on first use.
        found = self._indexes.get(region)
        if found is None:
            targets, outcomes = {}, {}
            for tracked in self.tracked_of_region(region):
                targets.setdefault(tracked.target.report, []).append(tracked)
                for pair in tracked.pairs:
                    if pair.outcome:
                        outcomes.setdefault(pair.outcome.report, []).append(pair)
            found = self._indexes[region] = (targets, outcomes)
        return found

    def targets_of_report(self, report_id: str) -> list[Tracked]:
        region = self._report_regions.get(report_id)
        return list(self._region_indexes(region)[0].get(report_id, [])) if region is not None else []

    def pairs_with_outcome_in(self, report_id: str) -> list[Pair]:
        # A region's outcomes come from its own reports only (link_region), so its index has them all.
        region = self._report_regions.get(report_id)
        return list(self._region_indexes(region)[1].get(report_id, [])) if region is not None else []

    def find(self, region: str, indicator: str, period: str) -> Row | None:
        for row in self.rows_of_region(region):
            if (row.indicator, row.period) == (indicator, period):
                return row
        return None
